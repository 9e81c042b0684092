"""The field limits every way in shares: characters, lengths, dates, report years, numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop_app.domain import limits


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\x00", "U+0000"),
        ("\x1b", "U+001B"),
        ("\x7f", "U+007F"),
        ("\x85", "U+0085"),
        ("\u202e", "U+202E"),
        ("\u2066", "U+2066"),
        ("\ud800", "U+D800"),
    ],
)
def test_control_characters_are_refused_in_every_field(char, shown):
    for multiline in (False, True):
        problem = limits.character_problem(f"安全{char}生产", multiline)
        assert problem is not None
        assert shown in problem


@pytest.mark.parametrize("char", ["\n", "\r", "\t"])
def test_line_breaks_only_in_multi_line_fields(char):
    assert limits.character_problem(f"第一行{char}第二行", multiline=True) is None
    assert "请写成一行" in limits.character_problem(f"第一行{char}第二行")


def test_ordinary_chinese_text_passes():
    text = "关于印发《2024年安全生产工作要点》的通知（第1号）——附件：表①、㎡、€、😀"
    assert limits.character_problem(text) is None
    assert limits.text_problem(text, len(text)) is None
    assert limits.text_problem(text, len(text) - 1).startswith(f"过长（{len(text)} 字）")


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (dt.date(1949, 1, 1), True),
        (dt.date(2100, 12, 31), True),
        (dt.date(1948, 12, 31), False),
        (dt.date(2101, 1, 1), False),
        (dt.date(9999, 1, 1), False),
        (dt.date(1, 1, 1), False),
    ],
)
def test_date_range(day, ok):
    assert (limits.date_problem(day) is None) is ok


def test_report_years_run_from_2008_to_next_year():
    today = dt.date(2026, 11, 30)
    assert limits.report_year_range(today) == (2008, 2027)
    assert limits.year_problem(2008, today) is None
    assert limits.year_problem(2027, today) is None
    for year in (2007, 2028, -1, 0, 99999, True, "2024", 2024.0):
        assert limits.year_problem(year, today).startswith("应为 2008 至 2027 之间的年份")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("NaN", "不是数字"),
        ("Infinity", "不是数字"),
        ("-0.01", "不能为负数"),
        ("1000000000000.0001", "数值过大"),
        ("1E+400", "数值过大"),
        ("0.00001", "小数位过多"),
    ],
)
def test_numbers_out_of_range(value, reason):
    assert reason in limits.number_problem(Decimal(value))


@pytest.mark.parametrize("value", ["0", "1E+12", "12.3456", "12.34560000", "7"])
def test_numbers_in_range(value):
    assert limits.number_problem(Decimal(value)) is None


def test_fees_fit_their_column():
    assert limits.number_problem(Decimal("9999999999.99"), limits.FEE_MAX, 2) is None
    assert "数值过大" in limits.number_problem(Decimal("1e20"), limits.FEE_MAX, 2)
    assert "最多保留 2 位小数" in limits.number_problem(Decimal("1.234"), limits.FEE_MAX, 2)
