"""The catalog entry table model: one row per CatalogListing, with filtering and sorting done inside.

Why not QSortFilterProxyModel: with 100,000 rows it calls `lessThan`/`filterAcceptsRow` back into
Python once per row (and per comparison), which takes seconds per keystroke. Instead every row gets
a lowercase search haystack and per-column sort keys once, when the list is loaded; a search is then
one Python `in` per row over plain strings, and a sort is one `list.sort` with precomputed keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.db.repositories.catalog import CatalogListing
from desktop_app.domain.catalog import FIELD_LABELS, CatalogEntry
from desktop_app.ui.models.records_model import RECORD_ROLE, Index, RecordsModel

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
) = range(9)
_FIELDS = (
    "index_no",
    "title",
    "doc_number",
    "generated_on",
    "published_on",
    "disclosure_form",
    "node_path",
    "genre",
    "validity",
)
HEADERS = tuple(FIELD_LABELS[name] for name in _FIELDS)
_WITHDRAWN_COLOR = QBrush(QColor("#8a8a8a"))
_NO_DATE = dt.date.min


@dataclass(frozen=True)
class CatalogFilter:
    """What the user narrowed the table to; empty values mean "all"."""

    text: str = ""
    year: int | None = None
    node_ids: frozenset[int] | None = None  # a node and its descendants
    disclosure_form: str = ""
    validity: str = ""

    def same_except_text(self, other: CatalogFilter) -> bool:
        return (self.year, self.node_ids, self.disclosure_form, self.validity) == (
            other.year,
            other.node_ids,
            other.disclosure_form,
            other.validity,
        )


def _haystack(entry: CatalogListing) -> str:
    # \x00 between fields so a query never matches across two of them
    return "\x00".join((entry.title, entry.doc_number, entry.keywords, entry.index_no)).lower()


def _sort_key(entry: CatalogListing, column: int) -> object:
    value = getattr(entry, _FIELDS[column])
    return _NO_DATE if value is None and column in (COL_GENERATED, COL_PUBLISHED) else value


class CatalogModel(RecordsModel):
    headers = HEADERS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._haystacks: list[str] = []
        self._order: list[int] = []  # every row, in the current sort order
        self._filter = CatalogFilter()
        self._sort = (COL_GENERATED, Qt.SortOrder.DescendingOrder)

    # -- loading -----------------------------------------------------------------------------
    def set_entries(self, entries: Sequence[CatalogListing]) -> None:
        self.beginResetModel()
        self._records = list(entries)
        self._haystacks = [_haystack(e) for e in self._records]
        self._order = self._sorted_order()
        self._visible = self._apply(self._order, self._filter)
        self.endResetModel()

    def upsert(self, saved: CatalogEntry) -> None:
        """Show a saved entry (new or changed) without reloading the whole list."""
        entry = CatalogListing.of(saved)
        for position, existing in enumerate(self._records):
            if existing.id == entry.id:
                self._records[position] = entry
                self._haystacks[position] = _haystack(entry)
                break
        else:
            self._records.append(entry)
            self._haystacks.append(_haystack(entry))
        self.beginResetModel()
        self._order = self._sorted_order()
        self._visible = self._apply(self._order, self._filter)
        self.endResetModel()

    # -- filtering and sorting ---------------------------------------------------------------
    @property
    def filter(self) -> CatalogFilter:
        return self._filter

    def set_filter(self, new: CatalogFilter) -> None:
        old, self._filter = self._filter, new
        needle = new.text.strip().lower()
        # Typing on: the new query contains the old one, so only rows shown now can still match.
        narrowing = new.same_except_text(old) and old.text.strip().lower() in needle
        self.beginResetModel()
        self._visible = self._apply(self._visible if narrowing else self._order, new)
        self.endResetModel()

    def _apply(self, rows: list[int], flt: CatalogFilter) -> list[int]:
        entries, tests = self._records, self._tests(flt)
        for test in tests:
            rows = [i for i in rows if test(entries[i])]
        needle = flt.text.strip().lower()
        if needle:
            hay = self._haystacks
            rows = [i for i in rows if needle in hay[i]]
        return rows if tests or needle else list(rows)

    @staticmethod
    def _tests(flt: CatalogFilter) -> list[Callable[[CatalogListing], bool]]:
        tests: list[Callable[[CatalogListing], bool]] = []
        if flt.year is not None:
            tests.append(lambda e: e.generated_on.year == flt.year)
        if flt.node_ids is not None:
            tests.append(lambda e: e.node_id in flt.node_ids)
        if flt.disclosure_form:
            tests.append(lambda e: e.disclosure_form == flt.disclosure_form)
        if flt.validity:
            tests.append(lambda e: e.validity == flt.validity)
        return tests

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._order = self._sorted_order()
        visible = set(self._visible)
        self._visible = [i for i in self._order if i in visible]
        self.layoutChanged.emit()

    def _sorted_order(self) -> list[int]:
        column, order = self._sort
        entries = self._records
        keys = [(_sort_key(e, column), e.index_no) for e in entries]
        return sorted(
            range(len(entries)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder
        )

    # -- counts for the status bar -------------------------------------------------------------
    def valid_count(self) -> int:
        return sum(1 for e in self._records if e.validity == "有效")

    def years(self) -> list[int]:
        return sorted({e.generated_on.year for e in self._records}, reverse=True)

    def entry(self, row: int) -> CatalogListing:
        return self.record(row)

    # -- Qt model interface ----------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        entry = self._records[self._visible[index.row()]]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(entry, _FIELDS[index.column()])
            if index.column() == COL_VALIDITY and entry.withdrawn:
                return f"{value}（{entry.validity_date}）"
            return "" if value is None else str(value)
        if role == RECORD_ROLE:
            return entry
        if role == Qt.ItemDataRole.ForegroundRole and entry.withdrawn:
            return _WITHDRAWN_COLOR
        return None
