"""The county roll-up as files people print or open: a PDF of the official tables (the same table
code as the annual report's PDF) and a spreadsheet with each cell's total and departments.

A cell some department did not give prints as `≥N` (the numbers given) and the PDF ends with a note
naming, per department, what it did not give; the sheet names them on the cell's row."""

from __future__ import annotations

import itertools
from pathlib import Path

from desktop_app.domain import report_format as rf
from desktop_app.domain.agency import Agency
from desktop_app.domain.annual_report import NOT_GIVEN
from desktop_app.domain.rollup import CountySum, Department, rollup_tables
from desktop_app.export import document as doc
from desktop_app.export.official_tables import table_four, table_three, table_two
from desktop_app.export.report_pdf import PdfExportResult, export_report_pdf
from desktop_app.export.spreadsheet import write_table
from desktop_app.services.annual_reports import report_to_document
from desktop_app.services.rollup import (
    INCOMPLETE_NOTE,
    county_cell,
    county_report,
    incomplete_lines,
)

TABLE_NAMES = {"二": "表二", "三": "表三", "四": "表四"}
MAKERS = {"二": table_two, "三": table_three, "四": table_four}


def rollup_document(departments: list[Department], county: str) -> doc.Document:
    """The summed tables, each under its section heading (二、三、四), no text; a note after them
    when some sum is incomplete."""
    county_sum = rollup_tables(departments)
    report = county_report(county_sum, departments[0].report.year, county)
    blocks = report_to_document(report, Agency(0, county, "", ""), doc.COPY_FILING).blocks
    headings = [
        block
        for block, following in itertools.pairwise(blocks)
        if isinstance(block, doc.Heading) and isinstance(following, doc.Table)
    ]
    kept: list[doc.Block] = []
    for heading, table in zip(headings, rf.TABLE_KEYS, strict=True):
        kept += [heading, MAKERS[table](_values(county_sum, table))]
    if county_sum.incomplete():
        kept += [doc.Paragraph(INCOMPLETE_NOTE), *map(doc.Paragraph, incomplete_lines(county_sum))]
    return doc.Document(
        title=report.title,
        blocks=tuple(kept),
        closing=None,
        copy=doc.COPY_FILING,
        author=county,
        subject=report.title,
        keywords="政府信息公开,年度报告,统计汇总",
    )


def _values(county_sum: CountySum, table: str) -> dict[str, dict[str, object]]:
    values: dict[str, dict[str, object]] = {}
    for row, col in rf.CELLS_BY_TABLE[table]():
        values.setdefault(row, {})[col] = county_cell(county_sum, (table, row, col))
    return values


def export_rollup_pdf(departments: list[Department], county: str, out: Path) -> PdfExportResult:
    return export_report_pdf(rollup_document(departments, county), out)


def export_rollup_xlsx(departments: list[Department], county: str, out: Path) -> bool:
    """One row per official cell: table, row, column, the county total, the departments that did
    not give it, then each department's number (未给出 where it gave none)."""
    county_sum = rollup_tables(departments)
    year = departments[0].report.year
    header = (
        "表",
        "项目",
        "栏目",
        f"{county}合计",
        "未给出该项的部门",
        *(d.name for d in departments),
    )
    rows = [
        (
            TABLE_NAMES[table],
            row,
            col,
            county_cell(county_sum, key),
            "、".join(county_sum.missing.get(key, ())),
            *(
                NOT_GIVEN if d.name in county_sum.missing.get(key, ()) else d.report.value(*key)
                for d in departments
            ),
        )
        for table, cells in rf.CELLS_BY_TABLE.items()
        for row, col in cells()
        for key in [(table, row, col)]
    ]
    return write_table(out, f"{year}年度汇总", header, rows, (8, 40, 24, 12, 24))
