"""The county roll-up's files: a PDF of the summed official tables only, and a CSV/XLSX sheet with
each cell's county total beside every department's number."""

from __future__ import annotations

import csv
import subprocess
from dataclasses import replace
from decimal import Decimal

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import Cell, new_report
from desktop_app.domain.rollup import Department
from desktop_app.export import document as doc
from desktop_app.services.rollup_export import (
    export_rollup_pdf,
    export_rollup_xlsx,
    rollup_document,
)

NEW_TOTAL = ("三", rf.T3_NEW, rf.T3_TOTAL)
REVIEW_KEPT = ("四", *rf.table4_cells()[0])


def department(name: str, code: str, cells: dict) -> Department:
    report = new_report(name, 2024, rf.FORMAT_2021)
    filled = {key: Cell(Decimal(value)) for key, value in cells.items()}
    return Department(name, code, replace(report, cells=filled))


@pytest.fixture
def departments() -> list[Department]:
    return [
        department("青溪县民政局", "code-a", {NEW_TOTAL: "4", REVIEW_KEPT: "2"}),
        department("青溪县教育局", "code-b", {NEW_TOTAL: "6"}),
    ]


def test_the_roll_up_document_holds_the_tables_under_their_headings_and_no_text(departments):
    document = rollup_document(departments, "青溪县")
    kinds = [type(block) for block in document.blocks]
    assert kinds.count(doc.Table) == 3  # 表二, 表三, 表四
    assert kinds == [doc.Heading, doc.Table] * 3
    assert document.closing is None
    assert document.title == "青溪县2024年政府信息公开工作年度报告统计汇总"
    assert document.author == "青溪县"


def test_the_pdf_prints_the_summed_tables(departments, tmp_path):
    out = tmp_path / "汇总.pdf"
    export_rollup_pdf(departments, "青溪县", out)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True
    ).stdout.decode()
    flat = text.replace("\n", "").replace(" ", "")
    assert "青溪县2024年政府信息公开工作年度报告统计汇总" in flat
    assert rf.T3_NEW in flat
    assert "10" in flat  # 4 + 6 new requests


def test_the_sheet_gives_each_cell_its_total_and_every_departments_number(departments, tmp_path):
    out = tmp_path / "汇总.csv"
    assert export_rollup_xlsx(departments, "青溪县", out) is True
    with out.open(encoding="utf-8-sig", newline="") as sheet:
        header, *rows = list(csv.reader(sheet))
    assert header == [
        "表",
        "项目",
        "栏目",
        "青溪县合计",
        "未给出该项的部门",
        "青溪县民政局",
        "青溪县教育局",
    ]
    assert len(rows) == sum(len(cells()) for cells in rf.CELLS_BY_TABLE.values())
    by_cell = {tuple(row[:3]): row[3:] for row in rows}
    assert by_cell[("表三", rf.T3_NEW, rf.T3_TOTAL)] == ["10", "", "4", "6"]
    assert by_cell[("表四", *REVIEW_KEPT[1:])] == ["2", "", "2", ""]
