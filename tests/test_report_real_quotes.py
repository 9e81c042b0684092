"""Numbers a real report's text quotes (tests/real_reports.py, SHANGHAI_OFFICE_2019) in its own
wordings: each agrees with its table, so no finding; each is really compared, so a table changed
by one is named with its sentence and its cell."""

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


def with_text(report: AnnualReport) -> AnnualReport:
    return replace(report, sections=(Section(rf.SECTIONS_2021[0], PUBLISHED.quoted),))


def quoted_findings(report: AnnualReport) -> list[tuple[tuple, str]]:
    return [(f.cells, f.message) for f in check_report(report) if f.rule == "文字-2"]


def changed(report: AnnualReport, **cells: Decimal) -> AnnualReport:
    keys = {
        "new": ("三", rf.T3_NEW, rf.T3_TOTAL),
        "answered": ("三", rf.T3_RESULT_TOTAL, rf.T3_TOTAL),
        "carried_in": ("三", rf.T3_CARRIED_IN, rf.T3_TOTAL),
        "carried_out": ("三", rf.T3_CARRIED_OUT, rf.T3_TOTAL),
        "review": ("四", REVIEW, TOTAL),
        "direct": ("四", DIRECT, TOTAL),
        "after": ("四", AFTER, TOTAL),
    }
    return replace(report, cells={**report.cells, **{keys[k]: Cell(v) for k, v in cells.items()}})


def test_the_real_reports_quoted_numbers_agree_with_its_tables():
    assert quoted_findings(with_text(as_report(PUBLISHED))) == []


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
def test_each_quoted_number_is_compared_with_its_cell(cell, value, clause, what, number):
    report = changed(with_text(as_report(PUBLISHED)), **{cell: Decimal(value)})
    ((cells, message),) = quoted_findings(report)
    t, row, col = cells[0]
    assert message == (
        f"“{PUBLISHED.quoted[clause]}”中{what}为 {number} 件，与表{t}“{row} {col}”的 {value} 不一致"
    )


def test_lawsuits_quoted_without_their_prefix_are_compared_once_both_totals_are_given():
    """The report leaves 复议后起诉 blank: its 诉讼9件 has nothing to be compared with."""
    report = with_text(as_report(PUBLISHED))
    assert quoted_findings(changed(report, direct=Decimal(10))) == []
    report = changed(report, after=Decimal(0))
    assert quoted_findings(report) == []
    ((cells, message),) = quoted_findings(changed(report, direct=Decimal(10)))
    assert cells == (("四", DIRECT, TOTAL), ("四", AFTER, TOTAL))
    assert message.startswith(f"“{PUBLISHED.quoted[2]}”中行政诉讼为 9 件")
