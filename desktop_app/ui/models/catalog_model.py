"""The catalog entry table model: a window onto the database, never the whole catalog in memory.

The model knows how many rows the current query shows and keeps a few windows of `WINDOW` rows;
a row outside them shows a placeholder while its window is read in the background (ui/tasks.py).
Filtering, search and sorting are the database's (services/catalog_listing.py): a change of either
reads the row count and the first window anew, and the table is reset when they arrive. Results of
a query the user has already moved on from are dropped (tasks.LatestRead). Rows are records of their
entry; selection and editing go by entry id, never by a remembered row number.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.catalog import FIELD_LABELS
from desktop_app.domain.catalog_listing import (
    SORT_FIELDS,
    CatalogListing,
    CatalogQuery,
    CatalogSummary,
    ListingPage,
)
from desktop_app.ui import tasks
from desktop_app.ui.models.records_model import RECORD_ROLE, Index

log = logging.getLogger(__name__)

(
    COL_INDEX_NO,
    COL_TITLE,
    COL_DOC_NUMBER,
    COL_GENERATED,
    COL_PUBLISHED,
    COL_FORM,
    COL_NODE,
    COL_GENRE,
    COL_VALIDITY,
) = range(len(SORT_FIELDS))
HEADERS = tuple(FIELD_LABELS[name] for name in SORT_FIELDS)
WINDOW = 200  # rows read at a time: a few screenfuls
KEPT_WINDOWS = 8  # windows held; the least recently shown one goes first
PLACEHOLDER = "正在读取…"
_WITHDRAWN_COLOR = QBrush(QColor("#8a8a8a"))


class CatalogModel(QAbstractTableModel):
    """`source` is the CatalogListingService (or anything with its page/window/position/summary)."""

    settled = Signal()  # a query's count and first window (and the summary, if asked) are in
    failed = Signal(object)  # a read failed: the exception

    def __init__(self, source, parent=None) -> None:
        super().__init__(parent)
        self._source = source
        self._query = CatalogQuery()
        self._count = 0
        self._more = False  # a short search matched more rows than it counts
        self._windows: OrderedDict[int, list[CatalogListing]] = OrderedDict()
        self._reading: set[int] = set()  # windows asked for and not yet arrived
        self._reads = tasks.LatestRead(self, one_at_a_time=True)  # counts and first windows
        self._summary_due = False  # the summary, asked for by a refresh not yet answered
        self._keep_due: int | None = None  # the entry whose row is to be found, likewise
        self._recount_due = True  # the rows shown are to be counted (not after a mere sort)
        self._summary = CatalogSummary(0, 0, [])
        self._wanted_id: int | None = None
        self._wanted_row: int | None = None

    # -- asking the database -----------------------------------------------------------------
    @property
    def query(self) -> CatalogQuery:
        return self._query

    @property
    def busy(self) -> bool:
        """A new query's rows have been asked for and have not arrived yet."""
        return self._reads.running

    def set_filter(self, wanted: CatalogQuery) -> None:
        """Show what `wanted` filters to, in the order the table is sorted by now."""
        self._query = replace(
            wanted, sort_field=self._query.sort_field, descending=self._query.descending
        )
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._query = replace(self._query, sort_field=SORT_FIELDS[column], descending=descending)
        self.refresh(recount=False)  # the same rows in another order: their count stands

    def refresh(
        self, with_summary: bool = False, keep_id: int | None = None, recount: bool = True
    ) -> None:
        """Read the rows anew (after a change); `keep_id`: also find that entry's row.

        One read at a time (tasks.LatestRead): asked again while one runs (typing on), the newest
        request waits for it and those in between are dropped, so a query typed character by
        character does not queue every prefix's scan in front of the last one. What a dropped
        request also wanted (the summary, an entry's row) is asked of the next one."""
        self._summary_due |= with_summary
        self._keep_due = keep_id or self._keep_due
        self._recount_due |= recount
        query, source = self._query, self._source
        with_summary, keep_id = self._summary_due, self._keep_due
        recount, count, more = self._recount_due, self._count, self._more

        def read():
            if recount:
                page = source.page(query, WINDOW)
            else:  # a million entries are counted again in 0.1–0.3 s on PostgreSQL: not for a sort
                page = ListingPage(count, source.window(query, 0, WINDOW), more)
            row = None if keep_id is None else source.position(query, keep_id)
            window = None
            if row is not None and row >= WINDOW:  # its window too, so it can be selected
                window = source.window(query, row - row % WINDOW, WINDOW)
            return page, row, window, source.summary() if with_summary else None

        self._reads.start(read, lambda result: self._arrived(keep_id, *result), self._page_failed)

    def _arrived(self, keep_id, page, row, window, summary) -> None:
        self._summary_due, self._keep_due, self._recount_due = False, None, False
        self.beginResetModel()
        self._count, self._more = page.count, page.more
        self._windows = OrderedDict([(0, page.rows)])
        if window is not None:
            self._windows[row // WINDOW] = window
        self._reading.clear()
        if summary is not None:
            self._summary = summary
        self.endResetModel()
        self._wanted_id, self._wanted_row = keep_id, row
        self.settled.emit()

    def _page_failed(self, exc: BaseException) -> None:
        self._summary_due, self._keep_due = False, None  # a recount stays due: none arrived
        self.failed.emit(exc)

    def _failed(self, exc: BaseException) -> None:
        self.failed.emit(exc)

    def _read_window(self, number: int) -> None:
        if number in self._reading:
            return
        self._reading.add(number)
        asked, query, source = self._reads.asked, self._query, self._source

        def arrived(rows: list[CatalogListing]) -> None:
            if asked != self._reads.asked:  # read for rows the table no longer shows
                return
            self._reading.discard(number)
            self._keep(number, rows)
            first = number * WINDOW
            last = min(first + len(rows), self._count) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

        tasks.run_in_background(
            self,
            lambda: source.window(query, number * WINDOW, WINDOW),
            arrived,
            self._failed,
        )

    def _keep(self, number: int, rows: list[CatalogListing]) -> None:
        self._windows[number] = rows
        self._windows.move_to_end(number)
        while len(self._windows) > KEPT_WINDOWS:
            self._windows.popitem(last=False)

    def _cached(self, row: int) -> CatalogListing | None:
        rows = self._windows.get(row // WINDOW)
        if rows is None or row % WINDOW >= len(rows):
            return None
        self._windows.move_to_end(row // WINDOW)
        return rows[row % WINDOW]

    # -- records and counts ------------------------------------------------------------------
    def entry(self, row: int) -> CatalogListing:
        """The entry on `row`, read now if its window is not held (an action on a chosen row)."""
        if not 0 <= row < self._count:
            raise IndexError(row)
        if (entry := self._cached(row)) is None:
            number = row // WINDOW
            self._keep(number, self._source.window(self._query, number * WINDOW, WINDOW))
            entry = self._windows[number][row % WINDOW]
        return entry

    def row_of(self, entry_id: int) -> int | None:
        """The row of an entry among the rows held (the one asked for by `refresh` included)."""
        if entry_id == self._wanted_id:
            return self._wanted_row
        for number, rows in self._windows.items():
            for offset, entry in enumerate(rows):
                if entry.id == entry_id:
                    return number * WINDOW + offset
        return None

    def windows_held(self) -> list[int]:
        return sorted(self._windows)

    def total_count(self) -> int:
        return self._summary.total

    def valid_count(self) -> int:
        return self._summary.valid

    def years(self) -> list[int]:
        return self._summary.years

    def shown_count(self) -> int:
        return self._count

    def more_than_shown(self) -> bool:
        """A one- or two-character search matched more rows than the table lists."""
        return self._more

    # -- Qt model interface --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        entry = self._cached(index.row())
        if entry is None:
            self._read_window(index.row() // WINDOW)
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(entry, SORT_FIELDS[index.column()])
            if index.column() == COL_VALIDITY and entry.withdrawn:
                return f"{value}（{entry.validity_date}）"
            return "" if value is None else str(value)
        if role == RECORD_ROLE:
            return entry
        if role == Qt.ItemDataRole.ForegroundRole and entry.withdrawn:
            return _WITHDRAWN_COLOR
        return None
