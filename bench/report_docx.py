"""The benchmark's report as a .docx, the anchor issue 14 names for LibreOffice: A4 with the 版心's
margins, title, headings and body in their sizes and line pitch, each font named in both the Latin
and the East Asian slot (the faces our export falls back to on this machine), and every table with
its merged cells — the same work a clerk's Word file gives LibreOffice, not a lighter HTML page.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desktop_app.export.document import Heading, Paragraph, Table

SONG, HEI = "AR PL SungtiL GB", "WenQuanYi Micro Hei"


def _run(paragraph, text: str, font: str, size: float) -> None:
    run = paragraph.add_run(text)
    run.font.name, run.font.size = font, Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _line(paragraph, pitch: float, indent: bool = False) -> None:
    form = paragraph.paragraph_format
    form.line_spacing_rule, form.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(pitch)
    form.space_before = form.space_after = Pt(0)
    if indent:
        form.first_line_indent = Pt(32)  # two characters of 16 pt


def _table(document, table: Table) -> None:
    columns = len(table.col_widths)
    grid = document.add_table(rows=len(table.rows), cols=columns)
    grid.style = "Table Grid"
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            target = grid.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(grid.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            _run(target.paragraphs[0], cell.text, SONG, 10.5)
            c += cell.colspan


def write_docx(doc, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, doc.title, SONG, 22)
    _line(title, 33)
    for block in doc.blocks:
        if isinstance(block, Heading):
            paragraph = document.add_paragraph()
            _run(paragraph, block.text, HEI, 16)
            _line(paragraph, 29, indent=True)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            _run(paragraph, block.text, SONG, 16)
            _line(paragraph, 29, indent=True)
        elif isinstance(block, Table):
            _table(document, block)
    document.save(str(path))
