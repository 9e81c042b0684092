"""The three official tables of the 2021 format as print `Table`s, with the official merges."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain import report_format as rf
from desktop_app.export.document import Cell, Table

Values = Mapping[str, Mapping[str, object]]


def number(value: object) -> str:
    """A count or an amount as printed; missing prints empty, amounts keep up to 4 decimals, a
    text prints as it is (a county roll-up's `≥12` for a sum some department did not give)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise TypeError("布尔值不能作为表格数字")
    if isinstance(value, int):
        return str(value)
    text = format(
        Decimal(str(value)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize(), "f"
    )
    return text


def _cell(values: Values, row: str, col: str) -> Cell:
    return Cell(number(values.get(row, {}).get(col)), align="right")


def table_two(values: Values) -> Table:
    """Table 二: four blocks of 第二十条, each with a title row and a header row."""
    rows: list[tuple[Cell, ...]] = []
    for block in rf.TABLE2_BLOCKS:
        rows.append((Cell(block.article, colspan=4),))
        span = 3 // len(block.columns)
        rows.append(
            (Cell(rf.TABLE2_CONTENT_HEADER), *(Cell(c, colspan=span) for c in block.columns))
        )
        for label in block.rows:
            cells = [
                Cell(number(values.get(label, {}).get(c)), colspan=span, align="right")
                for c in block.columns
            ]
            rows.append((Cell(label), *cells))
    # Fits on a page; repeating block (一)'s header above the other blocks would mislead.
    return Table(tuple(rows), header_rows=0, col_widths=(2.0, 1.0, 1.0, 1.0))


def _table_three_header() -> list[tuple[Cell, ...]]:
    return [
        (Cell(rf.T3_NOTE, colspan=3, rowspan=3), Cell(rf.T3_APPLICANT_HEADER, colspan=7)),
        (
            Cell(rf.T3_NATURAL, rowspan=2),
            Cell(rf.T3_LEGAL_GROUP, colspan=5),
            Cell(rf.T3_TOTAL, rowspan=2),
        ),
        tuple(Cell(c) for c in rf.T3_LEGAL),
    ]


def table_three(values: Values) -> Table:
    """Table 三 as the template has it: 3 label + 7 number columns, 25 rows of numbers.

    三、本年度办理结果 spans the outcome rows; （三）to（六）are label cells spanning their items and
    print no numbers of their own (their sums serve the checks only)."""
    rows = _table_three_header()

    def numbers(label: str) -> tuple[Cell, ...]:
        return tuple(_cell(values, label, c) for c in rf.T3_COLUMNS)

    rows.append((Cell(rf.T3_NEW, colspan=3, align="left"), *numbers(rf.T3_NEW)))
    rows.append((Cell(rf.T3_CARRIED_IN, colspan=3, align="left"), *numbers(rf.T3_CARRIED_IN)))
    results = [r for r in rf.T3_RESULT_ROWS if r not in rf.T3_GROUP_ITEMS]
    for n, label in enumerate(results):
        lead = (Cell(rf.T3_RESULTS, rowspan=len(results)),) if n == 0 else ()
        if label in rf.T3_GROUP_ITEM_OF:
            group = rf.T3_GROUP_ITEM_OF[label]
            items = rf.T3_GROUP_ITEMS[group]
            span = (Cell(group, rowspan=len(items)),) if label == items[0] else ()
            rows.append((*lead, *span, Cell(label, align="left"), *numbers(label)))
        else:
            rows.append((*lead, Cell(label, colspan=2, align="left"), *numbers(label)))
    rows.append((Cell(rf.T3_CARRIED_OUT, colspan=3, align="left"), *numbers(rf.T3_CARRIED_OUT)))
    return Table(tuple(rows), header_rows=3, col_widths=(1.0, 1.0, 3.4, *([1.0] * 7)))


def table_four(values: Values) -> Table:
    """Table 四: 行政复议 (5 columns), 行政诉讼 as 未经复议直接起诉 / 复议后起诉 (5 each)."""
    review, direct, after = rf.T4_GROUPS
    header = [
        (Cell(rf.T4_REVIEW, colspan=5), Cell(rf.T4_LITIGATION, colspan=10)),
        (
            *(Cell(c, rowspan=2) for c in rf.T4_COLUMNS),
            Cell(rf.T4_DIRECT, colspan=5),
            Cell(rf.T4_AFTER_REVIEW, colspan=5),
        ),
        tuple(Cell(c) for _ in (direct, after) for c in rf.T4_COLUMNS),
    ]
    data = tuple(
        Cell(number(values.get(g, {}).get(c)))
        for g in (review, direct, after)
        for c in rf.T4_COLUMNS
    )
    return Table((*header, data), header_rows=3, col_widths=(1.0,) * 15)
