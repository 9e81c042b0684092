"""Render a print `Table` with ReportLab: spans, repeated header rows, rows never split."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any, Literal

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.export.document import Cell, Table
from desktop_app.export.fonts import FontSet
from desktop_app.export.grid import TYPE_W
from desktop_app.export.platypus import Paragraph, TableStyle
from desktop_app.export.platypus import Table as RLTable

TABLE_SIZE = 10.5  # 五号: the spec allows 4号 or smaller; table 三 needs ten columns in 156 mm
MIN_TABLE_SIZE = 7.5  # a label shrinks no further to keep its last character company
_PADDING = 2 + 2  # left + right padding of a cell
_ALIGN: dict[str, Literal[0, 1, 2]] = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


def _markup(fonts: FontSet, text: str) -> str:
    """Escape text and wrap runs the table font lacks in the fallback font."""
    primary = fonts.name("table")
    return "".join(
        _escaped(run) if font == primary else f'<font face="{font}">{_escaped(run)}</font>'
        for font, run in fonts.runs(text, "table")
    )


def _escaped(text: str) -> str:
    """& < > as entities, what ReportLab's markup needs (html's escape: xml.sax's would import
    urllib's request machinery on every export)."""
    return escape(text, quote=False)


def _wrapped(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of a greedy character-by-character wrap (as ReportLab's CJK word wrap does)."""
    lines, line = [], ""
    for ch in text:
        if line and stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]


def _fits(lines: list[str], font: str, size: float, width: float) -> bool:
    return all(stringWidth(line, font, size) <= width for line in lines)


def _even(text: str, count: int) -> list[str]:
    """`text` in `count` lines whose lengths differ by one at most, the longer ones first:
    （三）不予公开 in three lines is （三）/不予/公开."""
    per, longer = divmod(len(text), count)
    lines, start = [], 0
    for n in range(count):
        end = start + per + (1 if n < longer else 0)
        lines.append(text[start:end])
        start = end
    return lines


def cell_lines(text: str, font: str, width: float) -> tuple[list[str], float]:
    """Lines and font size of a cell's text: never one character alone on the last line.

    `商业企业` in a column three characters wide breaks 商业/企业 (lines of even length), or
    the text shrinks until it fits its lines."""
    size = TABLE_SIZE
    while True:
        lines = _wrapped(text, font, size, width)
        if len(lines) == 1 or len(lines[-1]) > 1:
            return lines, size
        balanced = _even(text, len(lines))
        if len(balanced[-1]) > 1 and _fits(balanced, font, size, width):
            return balanced, size
        if size - 0.5 < MIN_TABLE_SIZE:
            return lines, size
        size -= 0.5


class CellParagraph(Paragraph):
    """A cell's paragraph whose lines are broken once per width.

    ReportLab's table wraps every cell again each time it measures rows (once per page a table
    spans) and right before drawing it: 889 wraps for the 337 cells of a 12-page report, a fifth
    of its build.
    A cell's text and style never change after it is made, so the lines for a width stay valid,
    and one instance can stand in every cell of the same text, style and width (a table's many 0s).
    """

    blPara: Any  # set by wrap: ReportLab's broken lines
    _wrapWidths: list[float]

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__(text, style)
        self._wrapped_at: dict[float, tuple[tuple[float, float], Any, list[float]]] = {}

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        known = self._wrapped_at.get(availWidth)
        if known is None:
            size = super().wrap(availWidth, availHeight)
            self._wrapped_at[availWidth] = (size, self.blPara, self._wrapWidths)
            return size
        size, self.blPara, self._wrapWidths = known
        self.width, self.height = size
        return size


def cell_key(cell: Cell, width: float) -> object:
    """What makes two cells' paragraphs interchangeable."""
    return (cell.text, cell.align, width)


def grid_of(table: Table) -> tuple[list[list[Cell | None]], list[tuple[Any, ...]]]:
    """Place HTML-like rows on the full grid: (cells by position or None, SPAN and rule commands).

    ReportLab cannot break a table inside a row span, and table 三's outcome labels span most of it,
    so a span below the header rows becomes a visual merge (no rules inside, text on top):
    the table can then break between any two rows.
    """
    n_cols = len(table.col_widths)
    taken: set[tuple[int, int]] = set()
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in table.rows]
    spans: list[tuple[Any, ...]] = []
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
        ("LINEBELOW", (first, rr), (last, rr), 0.5, "black")
        for rr in range(len(grid) - 1)
        for first, last in _runs_of(cc for cc in range(n_cols) if (rr, cc) not in no_rule)
    ]
    return grid, spans + rules


def _runs_of(columns: Iterable[int]) -> list[tuple[int, int]]:
    """Ascending columns as (first, last) runs of neighbours: one rule command per stretch of a
    row, not one per cell (ReportLab handles each command apart when it builds and draws)."""
    runs: list[tuple[int, int]] = []
    for column in columns:
        if runs and runs[-1][1] == column - 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs


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
    total = sum(table.col_widths)
    widths = [TYPE_W * w / total for w in table.col_widths]

    made: dict[object, CellParagraph] = {}

    def paragraph(cell: Cell, col: int) -> CellParagraph:
        width = sum(widths[col : col + cell.colspan]) - _PADDING
        key = cell_key(cell, width)
        if (known := made.get(key)) is None:
            known = made[key] = new_paragraph(cell, width)
        return known

    def new_paragraph(cell: Cell, width: float) -> CellParagraph:
        lines, size = cell_lines(cell.text, fonts.name("table"), width)
        style = styles[cell.align]
        if size != TABLE_SIZE:
            style = ParagraphStyle(f"{style.name}-{size}", style, fontSize=size, leading=size * 1.3)
        if lines == _wrapped(cell.text, fonts.name("table"), size, width):
            return CellParagraph(_markup(fonts, cell.text), style)  # ReportLab's wrap will do
        return CellParagraph("<br/>".join(_markup(fonts, line) for line in lines), style)

    data = [
        ["" if cell is None else paragraph(cell, c) for c, cell in enumerate(row)] for row in grid
    ]
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
