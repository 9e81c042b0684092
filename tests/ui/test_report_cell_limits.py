"""A number typed into a report table cell is held to the program's limits before it is saved."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.ui.report_tables import parse_cell

COUNT = ("三", rf.T3_RESULT_TOTAL, rf.T3_NATURAL)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("1e400", "数值过大"), ("1000000000001", "数值过大"), ("NaN", "应填写"), ("-1", "应填写")],
)
def test_out_of_range_numbers_are_refused_naming_the_cell(text, reason):
    with pytest.raises(ValueError, match=reason) as refused:
        parse_cell(COUNT, text)
    assert f"“{COUNT[1]} {COUNT[2]}”" in str(refused.value)


def test_the_largest_count_is_accepted():
    assert parse_cell(COUNT, "1000000000000") == Decimal(10**12)
