"""Render a print `Table` with ReportLab: spans, repeated header rows, rows never split."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle
from reportlab.platypus import Table as RLTable

from desktop_app.export.document import Table
from desktop_app.export.fonts import FontSet
from desktop_app.export.grid import TYPE_W

TABLE_SIZE = 10.5  # 五号: the spec allows 4号 or smaller; table 三 needs ten columns in 156 mm
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


def _markup(fonts: FontSet, text: str) -> str:
    """Escape text and wrap runs the table font lacks in the fallback font."""
    primary = fonts.name("table")
    return "".join(
        escape(run) if font == primary else f'<font face="{font}">{escape(run)}</font>'
        for font, run in fonts.runs(text, "table")
    )


def grid_of(table: Table) -> tuple[list[list[object]], list[tuple]]:
    """Place HTML-like rows on the full grid: (cells by position or None, SPAN and rule commands).

    ReportLab cannot break a table inside a row span, and table 三's outcome labels span most of it,
    so a span below the header rows becomes a visual merge (no rules inside, text on top):
    the table can then break between any two rows.
    """
    n_cols = len(table.col_widths)
    taken: set[tuple[int, int]] = set()
    grid: list[list[object]] = [[None] * n_cols for _ in table.rows]
    spans: list[tuple] = []
    no_rule: set[tuple[int, int]] = set()  # positions without a rule below them
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c + cell.colspan > n_cols or r + cell.rowspan > len(table.rows):
                raise ValueError(f"表格第 {r + 1} 行的单元格超出表格范围")
            grid[r][c] = cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            last_col = c + cell.colspan - 1
            if r < table.header_rows and (cell.rowspan > 1 or cell.colspan > 1):
                spans.append(("SPAN", (c, r), (last_col, r + cell.rowspan - 1)))
            elif r >= table.header_rows:
                spans += [
                    ("SPAN", (c, rr), (last_col, rr))
                    for rr in range(r, r + cell.rowspan)
                    if cell.colspan > 1
                ]
                no_rule |= {
                    (rr, cc)
                    for rr in range(r, r + cell.rowspan - 1)
                    for cc in range(c, last_col + 1)
                }
            c += cell.colspan
    rules = [
        ("LINEBELOW", (cc, rr), (cc, rr), 0.5, "black")
        for rr in range(len(grid) - 1)
        for cc in range(n_cols)
        if (rr, cc) not in no_rule
    ]
    return grid, spans + rules


def render_table(table: Table, fonts: FontSet) -> RLTable:
    grid, spans = grid_of(table)
    styles = {
        a: ParagraphStyle(
            f"cell-{a}",
            fontName=fonts.name("table"),
            fontSize=TABLE_SIZE,
            leading=TABLE_SIZE * 1.3,
            alignment=_ALIGN[a],
            wordWrap="CJK",
        )
        for a in _ALIGN
    }
    data = [
        [
            "" if cell is None else Paragraph(_markup(fonts, cell.text), styles[cell.align])
            for cell in row
        ]
        for row in grid
    ]
    total = sum(table.col_widths)
    widths = [TYPE_W * w / total for w in table.col_widths]
    style = TableStyle(
        [
            (
                "FONTNAME",
                (0, 0),
                (-1, -1),
                fonts.name("table"),
            ),  # empty cells would bring in Helvetica
            ("BOX", (0, 0), (-1, -1), 0.5, "black"),
            ("LINEAFTER", (0, 0), (-2, -1), 0.5, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEBELOW", (0, table.header_rows - 1), (-1, table.header_rows - 1), 0.5, "black"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *spans,
        ]
    )
    # splitInRow=0: a row is never broken across pages; repeatRows repeats the header rows.
    return RLTable(
        data,
        colWidths=widths,
        style=style,
        repeatRows=table.header_rows,
        splitInRow=0,
        hAlign="CENTER",
    )
