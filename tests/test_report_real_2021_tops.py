"""Real 2021-format reports of which the stored copy holds table 二 and the first rows of table
三 (tests/real_reports.py, TOPS_2021_FORMAT): every number of those rows placed, from the rows,
from the text copied from the page and from a PDF with their layout; a blank cell listed; the
checks give no false error, and the real mismatch of a quoted number is found."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, Cell, Section
from desktop_app.domain.report_checks import ERROR, check_report
from desktop_app.domain.report_import_tables import LabelMatch, place_rows
from desktop_app.services import annual_reports as ar
from tests import real_report_pdf
from tests import real_reports as real

_T2_COLUMNS = {row: block.columns for block in rf.TABLE2_BLOCKS for row in block.rows}
_T3_ROWS = set(rf.T3_DATA_ROWS)


def shown_cells(report: real.RealReport) -> dict[tuple[str, str, str], Decimal | None]:
    """The cells of the rows the report shows: a blank is None."""
    cells: dict[tuple[str, str, str], Decimal | None] = {}
    official = dict(report.typos)
    for printed in report.rows:
        row = [official.get(cell, cell) for cell in printed]
        if row[0] in _T2_COLUMNS and len(row) > 1:
            keys = [("二", row[0], col) for col in _T2_COLUMNS[row[0]]]
            values = row[1:]
        elif label := next((c for c in reversed(row) if c in _T3_ROWS), None):
            keys = [("三", label, col) for col in rf.T3_COLUMNS]
            values = row[row.index(label) + 1 :]
        else:
            continue
        cells |= {k: (Decimal(v) if v else None) for k, v in zip(keys, values, strict=True)}
    return cells


TOPS = pytest.mark.parametrize(
    "published", real.TOPS_2021_FORMAT, ids=lambda r: f"{r.agency}{r.year}"
)


@TOPS
def test_every_number_of_the_rows_shown_is_placed(published):
    placed = place_rows([list(r) for r in published.rows])
    assert placed.cells == shown_cells(published)
    assert placed.matches == [LabelMatch(*typo) for typo in published.typos]
    assert placed.unplaced == []


@TOPS
@pytest.mark.parametrize("kind", ["copied", "pdf"])
def test_copied_from_the_page_and_printed_in_a_pdf_the_rows_read_the_same(
    services, tmp_path, published, kind
):
    if kind == "copied":
        path = tmp_path / "copied.txt"
        path.write_text(real.copied_text(published), encoding="utf-8")
    else:
        path = real_report_pdf.write_pdf(published, tmp_path / "published.pdf")
    result = ar.import_report(services, path, published.year)
    expected = shown_cells(published)
    assert {key: result.report.value(*key) for key in expected} == expected
    assert result.matches == tuple(LabelMatch(*typo) for typo in published.typos)
    assert result.unplaced == ()
    blanks = {key for key, value in expected.items() if value is None}
    assert blanks <= set(result.not_given)


def imported(services, tmp_path, published: real.RealReport) -> AnnualReport:
    copied = tmp_path / "copied.txt"
    copied.write_text(real.copied_text(published), encoding="utf-8")
    report = ar.import_report(services, copied, published.year).report
    return replace(report, sections=(Section(rf.SECTIONS_2021[0], published.quoted),))


@TOPS
def test_no_false_error_on_the_rows_shown(services, tmp_path, published):
    """The rows the copy does not reach are not given: unknown to the sums, never 0."""
    findings = check_report(imported(services, tmp_path, published))
    assert [f for f in findings if f.severity == ERROR] == []


def test_a_blank_cell_of_a_real_table_two_is_listed_not_zero(services, tmp_path):
    published = real.HANYANG_OFFICE_2022
    blank = ("二", "规章", rf.T2_IN_FORCE)
    findings = check_report(imported(services, tmp_path, published))
    assert blank in [f.cells[0] for f in findings if f.rule == "表格-1"]


def test_the_real_mismatch_of_a_quoted_number_is_found(services, tmp_path):
    """The report's text quotes 2 applications; its table 三 counts 3 new ones (and none carried
    over): the check names the clause and the cell."""
    published = real.CHANGCHUN_VETERANS_2023
    findings = check_report(imported(services, tmp_path, published))
    quoted = [f for f in findings if f.rule == "文字-2"]
    assert [f.cells for f in quoted] == [(("三", rf.T3_NEW, rf.T3_TOTAL),)]
    assert quoted[0].message == (
        f"“{published.quoted[0]}”中新收申请为 2 件，与表三“{rf.T3_NEW} 总计”的 3 不一致"
    )


def test_requests_counted_by_the_copy_and_none_carried_over_are_compared(services, tmp_path):
    """汉阳区 2022 writes 共收到8份…申请 and 无下年度结转: the 8 agrees with table 三; the
    copy stops before 结转下年度, so that row is not given and nothing is compared with it."""
    published = real.HANYANG_OFFICE_2022
    report = imported(services, tmp_path, published)
    assert [f for f in check_report(report) if f.rule == "文字-2"] == []
    new = ("三", rf.T3_NEW, rf.T3_TOTAL)
    report = replace(report, cells={**report.cells, new: Cell(Decimal(9))})
    (finding,) = [f for f in check_report(report) if f.rule == "文字-2"]
    assert finding.cells == (new,)
    assert finding.message.startswith(f"“{published.quoted[0]}”中新收申请为 8 件")
    carried_out = ("三", rf.T3_CARRIED_OUT, rf.T3_TOTAL)
    report = replace(
        report, cells={**report.cells, new: Cell(Decimal(8)), carried_out: Cell(Decimal(1))}
    )
    (finding,) = [f for f in check_report(report) if f.rule == "文字-2"]
    assert finding.message == (
        f"“{published.quoted[1]}”中结转下年度为 0 件，与表三“{rf.T3_CARRIED_OUT} 总计”的 1 不一致"
    )
