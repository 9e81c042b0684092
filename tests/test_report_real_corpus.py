"""Real published reports' tables (tests/real_reports.py) read by the import and checked: every
number placed, the 2019 trial format's table 二 not read into the 2021 columns, no false error on
a correct report, and an error still caught in a table with blank cells."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, Cell
from desktop_app.domain.report_checks import ERROR, check_report
from desktop_app.domain.report_import_tables import place_rows
from tests import real_reports as real

T3_LABELS = set(rf.T3_DATA_ROWS)


def printed_cells(report: real.RealReport) -> dict[tuple[str, str, str], Decimal | None]:
    """Table 三 and 四 cells as the fixture prints them: a blank is None."""
    cells: dict[tuple[str, str, str], Decimal | None] = {}
    for row in report.rows:
        label = next((c for c in reversed(row) if c in T3_LABELS), None)
        if label is not None:
            values = row[row.index(label) + 1 :]
            keys = [("三", label, col) for col in rf.T3_COLUMNS]
        elif len(row) == len(rf.T4_GROUPS) * len(rf.T4_COLUMNS) and row[0].isdigit():
            values = row
            keys = [("四", g, c) for g in rf.T4_GROUPS for c in rf.T4_COLUMNS]
        else:
            continue
        cells |= {k: (Decimal(v) if v else None) for k, v in zip(keys, values, strict=True)}
    return cells


def as_report(real_report: real.RealReport, rows=None) -> AnnualReport:
    placed = place_rows([list(r) for r in (rows or real_report.rows)])
    cells = {key: Cell(value) for key, value in placed.cells.items()}
    return AnnualReport(real_report.year, rf.FORMAT_2021, real_report.agency, (), cells=cells)


@pytest.mark.parametrize("published", real.CORPUS, ids=lambda r: f"{r.agency}{r.year}")
def test_every_number_of_tables_three_and_four_is_placed(published):
    placed = place_rows([list(r) for r in published.rows])
    expected = printed_cells(published)
    assert len(expected) == 23 * 7 + 15  # the 25 rows less （六）'s three items, plus 四
    assert {k: v for k, v in placed.cells.items() if k[0] != "二"} == expected
    assert placed.matches == []


@pytest.mark.parametrize("published", real.CORPUS, ids=lambda r: f"{r.agency}{r.year}")
def test_a_correct_real_report_gives_no_error_and_lists_every_blank_cell(published):
    findings = check_report(as_report(published))
    assert [f for f in findings if f.severity == ERROR] == []
    # a group row given without items (2019's （六）) is no template cell: its blanks go unlisted
    blanks = [
        k
        for k, v in printed_cells(published).items()
        if v is None and k[1] not in rf.T3_GROUP_ITEMS
    ]
    assert [f.cells[0] for f in findings if f.rule == "表格-1"] == [
        k for k in blanks if k[0] == "三"
    ] + [k for k in blanks if k[0] == "四"]
    assert {f.rule for f in findings} == {"表格-1"}  # no section given: no text rule


def test_the_2019_trial_table_two_is_listed_not_read_into_the_2021_columns():
    placed = place_rows([list(r) for r in real.SHANGHAI_OFFICE_2019.rows])
    assert not any(key[0] == "二" for key in placed.cells)  # 规章 13 | 13 | 524 counts otherwise
    trial = [t for t in placed.unplaced if "2019 年试行格式的表二" in t]
    assert [t.split("”")[0][1:] for t in trial] == [
        "规章",
        "规范性文件",
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
    ]
    assert (
        "“规章”一行属于 2019 年试行格式的表二，栏目与 2021 年格式不同，未读入：13 | 13 | 524"
        in trial
    )
    assert placed.unplaced[-1] == "未识别的表格行：政府集中采购 | 6 | 251000元"


def test_a_2021_header_after_a_trial_one_reads_again():
    rows = [
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "1", "1", "9"],
        ["信息内容", rf.T2_ISSUED, rf.T2_REPEALED, rf.T2_IN_FORCE],
        ["规章", "2", "0", "8"],
    ]
    placed = place_rows(rows)
    assert placed.cells[("二", "规章", rf.T2_IN_FORCE)] == 8
    assert len(placed.unplaced) == 1


def test_an_error_in_a_table_with_blank_cells_is_still_caught():
    """商业企业's outcomes add up to 35; printed as 34 the given items already exceed it, though
    most cells of the column are blank (unknown)."""
    published = real.SHANGHAI_OFFICE_2019
    rows = [list(r) for r in published.rows]
    total = next(r for r in rows if r[0] == rf.T3_RESULT_TOTAL)
    total[2] = "34"
    findings = [f for f in check_report(as_report(published, rows)) if f.severity == ERROR]
    assert [(f.rule, f.cells[0]) for f in findings] == [
        ("三-3", ("三", rf.T3_RESULT_TOTAL, rf.T3_LEGAL[0]))
    ]
    assert findings[0].message == (
        f"{rf.T3_RESULT_TOTAL} 商业企业 为 34，小于已给出各项之和 35（（一）至（六）之和，其余未给出）"
    )
