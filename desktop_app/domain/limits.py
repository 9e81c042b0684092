"""Field limits every way in shares (forms, imports, the command line, the JSON exchange).

One set of rules, so that SQLite (which stores whatever it is given) and PostgreSQL (which refuses
a NUL byte, a string longer than its column or a number wider than its precision) accept and refuse
the same input, and every refusal names the field and the fix. Each check returns a Chinese reason
without the field name (the caller's FieldProblem adds it), or None when the value is fine.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

DATE_MIN = dt.date(1949, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
REPORT_YEAR_MIN = 2008  # the first year of the 条例 and of annual reports
NUMBER_MAX = Decimal(10) ** 12
NUMBER_DECIMALS = 4
FEE_MAX = Decimal("9999999999.99")  # the column is NUMERIC(12, 2): 元 and 分
FEE_DECIMALS = 2

# Control characters (Unicode category Cc: C0, DEL, C1), bidirectional overrides and isolates
# (they make a title read differently from what is stored), unpaired surrogates. Tab, line feed
# and carriage return are allowed in multi-line fields only. One regex: imports check every cell.
_ALWAYS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_MULTILINE_BAD = re.compile(f"[{_ALWAYS}]")
_SINGLE_LINE_BAD = re.compile(f"[{_ALWAYS}\t\n\r]")


def character_problem(value: str, multiline: bool = False) -> str | None:
    """Why `value` holds a character no field may hold, or a line break in a one-line field."""
    found = (_MULTILINE_BAD if multiline else _SINGLE_LINE_BAD).search(value)
    if found is None:
        return None
    char = found[0]
    if char in "\n\r":
        return "含有换行符，请写成一行"
    fix = "请写成一行" if char == "\t" else "请删除该字符（常见于从网页或其他程序复制的文字）"
    return f"含有控制字符 U+{ord(char):04X}，{fix}"


def text_problem(value: str, limit: int, multiline: bool = False) -> str | None:
    """Too long for its column, or holding a character it may not hold."""
    if len(value) > limit:
        return f"过长（{len(value)} 字），最多 {limit} 字，请删减"
    return character_problem(value, multiline)


def date_problem(day: dt.date | None) -> str | None:
    if day is not None and not DATE_MIN <= day <= DATE_MAX:
        return f"{day.isoformat()} 超出可填写的范围（{DATE_MIN} 至 {DATE_MAX}），请核对年份"
    return None


def report_year_range(today: dt.date | None = None) -> tuple[int, int]:
    """Report years: from 2008 to next year (a report is drafted before its year ends)."""
    return REPORT_YEAR_MIN, (today or dt.date.today()).year + 1


def year_problem(year: object, today: dt.date | None = None) -> str | None:
    low, high = report_year_range(today)
    if isinstance(year, bool) or not isinstance(year, int) or not low <= year <= high:
        return f"应为 {low} 至 {high} 之间的年份，实为 {year!r}"
    return None


def number_problem(
    value: Decimal | None, maximum: Decimal = NUMBER_MAX, decimals: int = NUMBER_DECIMALS
) -> str | None:
    """A number of the program: finite, from 0 to `maximum`, at most `decimals` places."""
    if value is None:
        return None
    if not value.is_finite():
        return f"“{value}”不是数字，请填写 0 至 {maximum:,} 之间的数"
    if value < 0:
        return f"不能为负数（{value}），请填写 0 至 {maximum:,} 之间的数"
    if value > maximum:
        return f"数值过大（{value:.6g}），最大为 {maximum:,}"
    if decimal_places(value) > decimals:
        return f"小数位过多（{value}），最多保留 {decimals} 位小数"
    return None


def decimal_places(value: Decimal) -> int:
    """Places after the point a number needs (1.50 needs one); 0 for NaN and infinities."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0
