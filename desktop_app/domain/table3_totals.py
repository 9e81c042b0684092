"""Table 三 edited like a spreadsheet: a changed cell carries into the totals that depend on it.

The 总计 column sums the applicant columns; a group row （三）…（六） sums its items; （七）总计 sums
the outcomes. A total follows its cells only while it did before the change (it was their sum):
a total the user set to something else, or overrode, keeps its value. Blank cells count as
nothing, and a total whose cells are all blank stays blank.
"""

from __future__ import annotations

from decimal import Decimal

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import OVERRIDDEN, TYPED, AnnualReport, Cell, CellKey

_T = "三"


def with_dependent_totals(
    before: AnnualReport, after: AnnualReport, changed: CellKey
) -> AnnualReport:
    """`after` (= `before` with `changed` set) with the table 三 totals depending on it updated."""
    table, row, col = changed
    if table != _T:
        return after
    rows = [row]
    group = rf.T3_GROUP_ITEM_OF.get(row)
    if group is not None:
        rows.append(group)
    if row in rf.T3_OUTCOME_ROWS:
        rows.append(rf.T3_RESULT_TOTAL)
    report = after
    for r in rows[1:]:  # down the changed column: the group, then （七）总计
        report = _follow(before, report, (_T, r, col), _column_parts(r, col))
    if col != rf.T3_TOTAL:
        for r in rows:  # across: the 总计 column of every row touched
            parts = [(_T, r, c) for c in rf.APPLICANT_TYPES]
            report = _follow(before, report, (_T, r, rf.T3_TOTAL), parts)
    return report


def _column_parts(row: str, col: str) -> list[CellKey]:
    if row == rf.T3_RESULT_TOTAL:
        return [(_T, leaf, col) for leaf in rf.T3_OUTCOME_ROWS]
    return [(_T, item, col) for item in rf.T3_GROUP_ITEMS[row]]


def _sum(report: AnnualReport, parts: list[CellKey]) -> Decimal | None:
    given = [v for v in (report.value(*key) for key in parts) if v is not None]
    return sum(given, Decimal(0)) if given else None


def _follow(
    before: AnnualReport, report: AnnualReport, target: CellKey, parts: list[CellKey]
) -> AnnualReport:
    old = report.cells.get(target)
    if old is not None and old.source == OVERRIDDEN:
        return report
    if before.value(*target) != _sum(before, parts):
        return report  # not their sum before: a value of the user's own
    total = _sum(report, parts)
    if report.value(*target) == total:
        return report
    # A total keeps its source (computed or typed): it is still the sum of its cells.
    return report.with_cell(target, Cell(total, old.source if old else TYPED))
