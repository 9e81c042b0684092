"""Reading dates as users write them (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日) and writing them back."""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*")


def parse_date(text: str) -> dt.date:
    """Parse a date; ValueError with a Chinese reason when it is not one."""
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(f"“{text}”不是日期，请写成 YYYY-MM-DD")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期 {text} 不存在（{year} 年 {month} 月没有第 {day} 日）") from None


def parse_optional_date(text: str | None) -> dt.date | None:
    return parse_date(text) if text and text.strip() else None


def chinese_date(day: dt.date) -> str:
    """成文日期 style: Arabic numerals, four-digit year, no leading zeros (2009年3月30日)."""
    return f"{day.year}年{day.month}月{day.day}日"
