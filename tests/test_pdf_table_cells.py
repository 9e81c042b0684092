"""Table cells' paragraphs: one per distinct cell, lines broken once per width, same PDF bytes."""

from __future__ import annotations

import dataclasses
import itertools

import pdfplumber
from reportlab.lib.styles import ParagraphStyle

from desktop_app.domain import report_format as rf
from desktop_app.export import pdf_table
from desktop_app.export.document import Cell, Table
from desktop_app.export.fonts import resolve_fonts
from desktop_app.export.official_tables import table_three
from desktop_app.export.platypus import Paragraph
from desktop_app.export.report_pdf import export_report_pdf
from tests.test_export_report_pdf import build

LONG = "（三）不予公开的情形包括危及国家安全、公共安全、经济安全和社会稳定的政府信息"


def test_identical_cells_share_one_paragraph():
    rows = tuple((Cell("项目", align="left"), Cell("0"), Cell("0"), Cell("12")) for _ in range(6))
    rendered = pdf_table.render_table(Table(rows, 0, (3.0, 1.0, 1.0, 1.0)), resolve_fonts())
    cells = [c for row in rendered._cellvalues for c in row]
    assert {type(c) for c in cells} == {pdf_table.CellParagraph}
    # 项目, 0 (two columns of one width) and 12: three paragraphs for 24 cells
    assert len({id(c) for c in cells}) == 3


def test_a_shared_paragraph_breaks_its_lines_for_each_width():
    style = ParagraphStyle("cell", fontName=resolve_fonts().name("table"), wordWrap="CJK")
    shared = pdf_table.CellParagraph(LONG, style)
    for width in (60.0, 200.0, 60.0, 35.0, 200.0):
        fresh = Paragraph(LONG, style)
        assert shared.wrap(width, 1000) == fresh.wrap(width, 1000)
        assert (shared.width, shared.height) == (fresh.width, fresh.height)
        assert shared.blPara.kind == fresh.blPara.kind == 0  # lines of (space left, words)
        assert shared.blPara.lines == fresh.blPara.lines
    assert len({len(v[1].lines) for v in shared._wrapped_at.values()}) == 3


def test_same_bytes_as_a_fresh_paragraph_per_cell(tmp_path, monkeypatch):
    doc = build("filing", repeat=1)
    shared = export_report_pdf(doc, tmp_path / "shared.pdf")
    counter = itertools.count()
    monkeypatch.setattr(pdf_table, "cell_key", lambda cell, width: next(counter))
    monkeypatch.setattr(pdf_table.CellParagraph, "wrap", Paragraph.wrap)
    fresh = export_report_pdf(doc, tmp_path / "fresh.pdf")
    assert next(counter) > 250  # every cell of tables 二, 三 and 四 was made on its own
    assert shared.path.read_bytes() == fresh.path.read_bytes()


def test_every_number_of_table_three_is_printed(tmp_path):
    counts = {r: {c: 0 for c in rf.T3_COLUMNS} for r in rf.T3_DATA_ROWS}
    counts[rf.T3_DATA_ROWS[0]][rf.T3_COLUMNS[0]] = 7
    table = table_three(counts)
    doc = dataclasses.replace(build("filing", repeat=1), blocks=(table,))
    result = export_report_pdf(doc, tmp_path / "t3.pdf")
    with pdfplumber.open(result.path) as pdf:
        words = [w["text"] for page in pdf.pages for w in page.extract_words()]
    zeros = sum(1 for row in table.rows for cell in row if cell.text == "0")
    assert zeros > 100
    assert words.count("0") == zeros
    assert "7" in words
