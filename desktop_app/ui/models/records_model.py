"""The register's tables (requests, appeals): a list of records, of which the rows shown are
indexes into that list, in display order (filtering and sorting only rearrange indexes)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # data() of any cell: the row's record
Index = QModelIndex | QPersistentModelIndex


class RecordsModel(QAbstractTableModel):
    """Subclasses set `headers`, fill `_records` and keep `_visible` (indexes into `_records`)."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._records: list[Any] = []
        self._visible: list[int] = []  # the rows shown: indexes into _records, in display order

    def record(self, row: int) -> Any:
        return self._records[self._visible[row]]

    def row_of(self, record_id: int) -> int | None:
        """The row showing the record with this id, or None when it is filtered out."""
        return next(
            (row for row, i in enumerate(self._visible) if self._records[i].id == record_id), None
        )

    def total_count(self) -> int:
        return len(self._records)

    def shown_count(self) -> int:
        return len(self._visible)

    # -- Qt model interface ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return section + 1
