"""操作日志 (the whole trail, with filters and an xlsx export) and 历史记录 (one record's events):
who did what and when, and each changed field from → to. Read in the background."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.audit import ENTITY_LABELS, AuditEvent, EventFilter
from desktop_app.domain.dates import parse_date
from desktop_app.services.audit_export import HEADER, event_row
from desktop_app.ui import file_dialogs, tasks
from desktop_app.ui.messages import show_error
from desktop_app.ui.text_table import fill_rows, text_table

ALL = "全部"
_SHOWN = HEADER[:-1]  # the hash is in the export, not on screen


def ask_export_path(parent: QWidget) -> str:
    return file_dialogs.save_file(parent, "导出操作日志", "操作日志.xlsx", "Excel 文件 (*.xlsx)")


class AuditDialog(QDialog):
    """The 操作日志 window; with `entity` and `entity_id`, the 历史记录 of that one record."""

    def __init__(
        self,
        services,
        entity: str | None = None,
        entity_id: object = None,
        title: str = "操作日志",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1000, 560)
        self._trail = services.audit_trail
        self._fixed = entity is not None
        self.events: list[AuditEvent] = []
        self.entity = QComboBox()
        self.entity.addItems([ALL, *ENTITY_LABELS.values()])
        if entity is not None:
            self.entity.setCurrentText(ENTITY_LABELS.get(entity, entity))
        self.entity_id = QLineEdit(
            "" if entity_id is None else str(entity_id), placeholderText="编号"
        )
        self.actor = QLineEdit(placeholderText="用户")
        self.since = QLineEdit(placeholderText="起始日期 YYYY-MM-DD")
        search = QPushButton("查询")
        search.clicked.connect(self.reload)
        self.export_button = QPushButton("导出 xlsx…")
        self.export_button.clicked.connect(self.export)
        self.status = QLabel()
        self.table = text_table(_SHOWN)
        filters = QHBoxLayout()
        for widget in (self.entity, self.entity_id, self.actor, self.since, search):
            filters.addWidget(widget)
            widget.setVisible(not self._fixed)  # a record's history needs no filters
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        self.reload()

    def wanted(self) -> EventFilter | None:
        """The filter the fields describe; None (with a message) when the date is unreadable."""
        since = None
        if text := self.since.text().strip():
            try:
                since = parse_date(text)
            except ValueError as exc:
                self.status.setText(f"起始日期：{exc}")
                return None
        by_label = {label: key for key, label in ENTITY_LABELS.items()}
        return EventFilter(
            entity=by_label.get(self.entity.currentText()),
            entity_id=self.entity_id.text().strip() or None,
            since=since,
            actor=self.actor.text().strip() or None,
        )

    def reload(self) -> None:
        wanted = self.wanted()
        if wanted is None:
            return
        self.status.setText("正在读取…")
        trail = self._trail
        tasks.run_in_background(self, lambda: trail.events(wanted), self._show, self._failed)

    def _show(self, events: list[AuditEvent]) -> None:
        self.events = events[::-1]  # newest first: what was just done is on top
        fill_rows(self.table, [event_row(e)[:-1] for e in self.events])
        self.table.resizeColumnsToContents()
        self.status.setText(f"共 {len(events)} 条记录" if events else "没有记录")

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        show_error(self, "无法读取操作日志", str(exc))

    def export(self) -> None:
        path = ask_export_path(self)
        if not path:
            return
        events, trail = self.events, self._trail

        def done(_result) -> None:
            self.status.setText(f"已导出 {len(events)} 条到 {path}（{dt.datetime.now():%H:%M}）")

        tasks.run_in_background(self, lambda: trail.export(events, path), done, self._failed)
