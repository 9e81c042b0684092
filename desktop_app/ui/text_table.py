"""Read-only tables of text rows, for the lists in dialogs and tabs: one look, one way to fill them."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop_app.ui.plain_terms import SHA_256


def text_table(headers: tuple[str, ...], several: bool = False) -> QTableWidget:
    """Whole rows selectable (one, or `several` at a time); columns the user can widen, the last
    one stretched."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    for column, header in enumerate(headers):
        if "SHA-256" in header:  # a term few users know: explained where it appears
            table.horizontalHeaderItem(column).setToolTip(SHA_256)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    table.setSelectionMode(mode.ExtendedSelection if several else mode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_rows(
    table: QTableWidget, rows: list[tuple[str, ...]], tips: list[str] | None = None
) -> None:
    """Replace the rows; each cell's tooltip is its text, or the row's entry of `tips`."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(tips[r] if tips else text)
            table.setItem(r, c, item)
