"""The county roll-up as files people print or open: a PDF of the official tables (the same table
code as the annual report's PDF) and a spreadsheet with each cell's total and departments."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain import report_format as rf
from desktop_app.domain.agency import Agency
from desktop_app.domain.annual_report import AnnualReport
from desktop_app.domain.rollup import Department
from desktop_app.export import document as doc
from desktop_app.export.report_pdf import PdfExportResult, export_report_pdf
from desktop_app.export.spreadsheet import write_table
from desktop_app.services.annual_reports import report_to_document
from desktop_app.services.rollup import summed_report

TABLE_NAMES = {"二": "表二", "三": "表三", "四": "表四"}


def rollup_document(report: AnnualReport, county: str) -> doc.Document:
    """The summed report's official tables, each under its section heading (二、三、四), no text."""
    full = report_to_document(report, Agency(0, county, "", ""), doc.COPY_FILING)
    blocks = full.blocks
    kept = [
        block
        for i, block in enumerate(blocks)
        if isinstance(block, doc.Table)
        or (
            isinstance(block, doc.Heading)
            and i + 1 < len(blocks)
            and isinstance(blocks[i + 1], doc.Table)
        )
    ]
    return doc.Document(
        title=report.title,
        blocks=tuple(kept),
        closing=None,
        copy=doc.COPY_FILING,
        author=county,
        subject=report.title,
        keywords="政府信息公开,年度报告,统计汇总",
    )


def export_rollup_pdf(departments: list[Department], county: str, out: Path) -> PdfExportResult:
    report = summed_report(departments, county)
    return export_report_pdf(rollup_document(report, county), out)


def export_rollup_xlsx(departments: list[Department], county: str, out: Path) -> bool:
    """One row per official cell: table, row, column, the county total, then each department."""
    report = summed_report(departments, county)
    header = ("表", "项目", "栏目", f"{county}合计", *(d.name for d in departments))
    rows = [
        (
            TABLE_NAMES[table],
            row,
            col,
            report.value(table, row, col),
            *(d.report.value(table, row, col) for d in departments),
        )
        for table, cells in rf.CELLS_BY_TABLE.items()
        for row, col in cells()
    ]
    return write_table(out, f"{report.year}年度汇总", header, rows, (8, 40, 24, 12))
