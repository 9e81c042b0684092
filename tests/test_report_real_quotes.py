"""Numbers a real report's text quotes (tests/real_reports.py, SHANGHAI_OFFICE_2019) in its own
wordings: the check finds exactly the two the published report gets wrong (each counts only part
of what its table gives), none of those that agree, and each agreeing number is really compared:
a table changed by one is named with its sentence and its cell."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, Cell, Section
from desktop_app.domain.report_checks import check_report
from tests import real_reports as real
from tests.test_report_real_corpus import as_report

PUBLISHED = real.SHANGHAI_OFFICE_2019
REVIEW, DIRECT, AFTER = rf.T4_GROUPS
TOTAL = rf.T4_COLUMNS[-1]
KEYS = {
    "new": ("三", rf.T3_NEW, rf.T3_TOTAL),
    "answered": ("三", rf.T3_RESULT_TOTAL, rf.T3_TOTAL),
    "carried_in": ("三", rf.T3_CARRIED_IN, rf.T3_TOTAL),
    "carried_out": ("三", rf.T3_CARRIED_OUT, rf.T3_TOTAL),
    "review": ("四", REVIEW, TOTAL),
    "direct": ("四", DIRECT, TOTAL),
    "after": ("四", AFTER, TOTAL),
    "not_handled": ("三", "1.信访举报投诉类申请", rf.T3_TOTAL),
}
# the two numbers the published text gets wrong, as the check names them
WRONG = [
    (
        (("三", rf.T3_DISCLOSED, rf.T3_TOTAL), ("三", rf.T3_PARTLY, rf.T3_TOTAL)),
        f"“{PUBLISHED.quoted[3]}”中予以公开及部分公开为 258 件，少于表三“{rf.T3_DISCLOSED} 总计”"
        f"＋表三“{rf.T3_PARTLY} 总计”已给出的数字之和 275（未给出的不计）",
    ),
    (
        (("三", rf.T3_UNABLE, rf.T3_TOTAL),),
        f"“{PUBLISHED.quoted[5]}”中无法提供为 265 件，少于表三“{rf.T3_UNABLE} 总计”"
        "已给出的数字之和 337（未给出的不计）",
    ),
]


def published() -> AnnualReport:
    report = as_report(PUBLISHED)
    return replace(report, sections=(Section(rf.SECTIONS_2021[0], PUBLISHED.quoted),))


def quoted_findings(report: AnnualReport) -> list[tuple[tuple, str]]:
    return [(f.cells, f.message) for f in check_report(report) if f.rule == "文字-2"]


def beyond_the_two(report: AnnualReport) -> list[tuple[tuple, str]]:
    """The findings besides the two wrong numbers of the published text (which stay)."""
    found = quoted_findings(report)
    assert [f for f in found if f in WRONG] == WRONG
    return [f for f in found if f not in WRONG]


def changed(report: AnnualReport, **values: int) -> AnnualReport:
    cells = {KEYS[name]: Cell(Decimal(value)) for name, value in values.items()}
    return replace(report, cells={**report.cells, **cells})


def test_the_check_finds_exactly_the_two_numbers_the_real_text_gets_wrong():
    assert quoted_findings(published()) == WRONG


@pytest.mark.parametrize(
    ("cell", "value", "clause", "what", "number"),
    [
        ("new", 860, 0, "新收申请", 859),
        ("answered", 806, 1, "办结", 805),
        ("carried_in", 19, 1, "上年结转", 18),
        ("carried_out", 73, 1, "结转下年度", 72),
        ("review", 8, 2, "行政复议", 7),
    ],
)
def test_each_agreeing_number_is_compared_with_its_cell(cell, value, clause, what, number):
    ((cells, message),) = beyond_the_two(changed(published(), **{cell: value}))
    t, row, col = cells[0]
    assert message == (
        f"“{PUBLISHED.quoted[clause]}”中{what}为 {number} 件，与表{t}“{row} {col}”的 {value} 不一致"
    )


def test_a_group_quoted_is_its_items_sum_and_a_blank_leaves_it_unknown():
    """不予处理158件: the numbers its items give add up to 158 (their 总计 column left blank).
    Item 1's 总计 given as 150 takes them past 158; as 148 or 147 the blanks may make it up."""
    assert beyond_the_two(changed(published(), not_handled=148)) == []
    ((cells, message),) = beyond_the_two(changed(published(), not_handled=150))
    assert cells == (("三", rf.T3_NOT_HANDLED, rf.T3_TOTAL),)
    assert message.startswith(f"“{PUBLISHED.quoted[6]}”中不予处理为 158 件，少于")
    assert message.endswith("已给出的数字之和 159（未给出的不计）")
    assert beyond_the_two(changed(published(), not_handled=147)) == []


def test_lawsuits_quoted_without_their_prefix_are_compared_with_what_the_table_gives():
    """诉讼9件: 未经复议直接起诉 gives 9, 复议后起诉 is left blank (unknown, at least 0)."""
    assert beyond_the_two(changed(published(), direct=8)) == []
    ((cells, message),) = beyond_the_two(changed(published(), direct=10))
    assert cells == (("四", DIRECT, TOTAL), ("四", AFTER, TOTAL))
    assert message.startswith(f"“{PUBLISHED.quoted[2]}”中行政诉讼为 9 件，少于")
    ((_, message),) = beyond_the_two(changed(published(), direct=8, after=0))
    assert message.endswith("的 8 不一致")
