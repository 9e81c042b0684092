"""Table 三 edits carry into the totals that depend on them, as a spreadsheet's formulas would."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import COMPUTED, OVERRIDDEN, Cell, new_report
from desktop_app.domain.report_checks import check_report
from desktop_app.domain.table3_totals import with_dependent_totals

NAT, FIRM, TOTAL = rf.T3_NATURAL, rf.T3_LEGAL[0], rf.T3_TOTAL
SECRET = rf.T3_GROUP_ITEMS[rf.T3_REFUSED][0]


def edit(report, row, col, value, source="typed"):
    key = ("三", row, col)
    changed = report.with_cell(key, Cell(None if value is None else Decimal(value), source))
    return with_dependent_totals(report, changed, key)


def values(report, *keys):
    return [report.value("三", row, col) for row, col in keys]


def test_an_item_carries_into_its_row_total_its_group_and_the_result_total():
    report = edit(new_report("青溪县水利局", 2024, rf.FORMAT_2021), SECRET, NAT, 2)
    report = edit(report, SECRET, FIRM, 1)
    report = edit(report, rf.T3_DISCLOSED, NAT, 4)
    assert values(report, (SECRET, TOTAL), (rf.T3_REFUSED, NAT), (rf.T3_REFUSED, TOTAL)) == [
        3,
        2,
        3,
    ]
    assert values(
        report, (rf.T3_RESULT_TOTAL, NAT), (rf.T3_RESULT_TOTAL, FIRM), (rf.T3_RESULT_TOTAL, TOTAL)
    ) == [6, 1, 7]
    assert report.value("三", rf.T3_NEW, TOTAL) is None  # not depending on the edited cells
    assert [f.rule for f in check_report(report) if f.rule in ("三-1", "三-2", "三-3")] == []


def test_a_total_of_the_users_own_is_kept():
    report = edit(new_report("青溪县水利局", 2024, rf.FORMAT_2021), rf.T3_NEW, NAT, 5)
    report = edit(report, rf.T3_NEW, TOTAL, 9)  # the user typed another total
    report = edit(report, rf.T3_NEW, FIRM, 1)
    assert report.value("三", rf.T3_NEW, TOTAL) == 9


def test_an_overridden_total_is_kept_and_a_computed_one_follows_as_computed():
    report = new_report("青溪县水利局", 2024, rf.FORMAT_2021)
    report = report.with_cell(("三", rf.T3_NEW, NAT), Cell(Decimal(3), COMPUTED))
    report = report.with_cell(("三", rf.T3_NEW, TOTAL), Cell(Decimal(3), COMPUTED))
    report = report.with_cell(("三", rf.T3_CARRIED_IN, NAT), Cell(Decimal(1), COMPUTED))
    report = report.with_cell(("三", rf.T3_CARRIED_IN, TOTAL), Cell(Decimal(1), OVERRIDDEN, "核实"))
    report = edit(report, rf.T3_NEW, NAT, 4, OVERRIDDEN)
    report = edit(report, rf.T3_CARRIED_IN, NAT, 2, OVERRIDDEN)
    assert report.cells[("三", rf.T3_NEW, TOTAL)] == Cell(Decimal(4), COMPUTED)
    assert report.cells[("三", rf.T3_CARRIED_IN, TOTAL)] == Cell(Decimal(1), OVERRIDDEN, "核实")


def test_clearing_every_cell_of_a_total_clears_the_total():
    report = edit(new_report("青溪县水利局", 2024, rf.FORMAT_2021), rf.T3_NEW, NAT, 5)
    report = edit(report, rf.T3_NEW, NAT, None)
    assert report.value("三", rf.T3_NEW, TOTAL) is None


def test_other_tables_are_left_alone():
    report = new_report("青溪县水利局", 2024, rf.FORMAT_2021)
    key = ("四", rf.T4_GROUPS[0], rf.T4_COLUMNS[0])
    changed = report.with_cell(key, Cell(Decimal(1)))
    assert with_dependent_totals(report, changed, key) is changed
