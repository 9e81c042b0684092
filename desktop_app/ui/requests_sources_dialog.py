"""The records behind one computed cell of table 三 or 四: which requests (or appeals) make up the number.

The report editor opens it with the cell's official row and column labels and the report year; the
ids come from request_stats, so the list and the number are computed by the same code. They are
read in the background (`loaded` once shown).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.report_format import T4_GROUPS
from desktop_app.errors import UserError
from desktop_app.ui import tasks
from desktop_app.ui.form_dialog import ERROR_STYLE
from desktop_app.ui.screen_fit import fit_to_screen

REQUEST_HEADERS = ("编号", "申请人类型", "收到日期", "办结日期", "办理结果")
APPEAL_HEADERS = ("申请编号", "类别", "提起日期", "结果", "审结日期")
_ID_ROLE = Qt.ItemDataRole.UserRole


class RequestsSourcesDialog(QDialog):
    """`request_chosen(request id)` fires on a double-click, for a caller that wants to open it."""

    request_chosen = Signal(int)

    def __init__(
        self, services, row: str, column: str, year: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.loaded = False  # the records are read in the background
        self.table_name = "四" if row in T4_GROUPS else "三"
        self.setWindowTitle(f"{year}年表{self.table_name}：{row} · {column}")
        self.heading = QLabel(wordWrap=True)
        self.records = QTableWidget(0, 5)
        self.records.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.records.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.records.verticalHeader().setVisible(False)
        self.records.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.records.horizontalHeader().setStretchLastSection(True)
        self.records.doubleClicked.connect(self._chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.records, 1)
        layout.addWidget(buttons)
        self._fill(row, column, year)
        fit_to_screen(self, 820, 520)

    def _fill(self, row: str, column: str, year: int) -> None:
        """Read in the background: the register of a year can be long."""
        self.heading.setText("正在读取…")
        register, table = self._services.register, self.table_name
        tasks.run_in_background(
            self,
            lambda: register.behind_cell(table, row, column, year),
            lambda rows: self._show(rows, row, column, year),
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        self.heading.setStyleSheet(ERROR_STYLE)
        self.heading.setText(f"无法列出：{exc}")
        self.loaded = True

    def _show(self, rows: list, row: str, column: str, year: int) -> None:
        self.records.setHorizontalHeaderLabels(
            APPEAL_HEADERS if self.table_name == "四" else REQUEST_HEADERS
        )
        self.heading.setText(f"{year}年表{self.table_name}“{row}”行“{column}”列共 {len(rows)} 件：")
        self.records.setRowCount(len(rows))
        for r, (request_id, values) in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                item.setData(_ID_ROLE, request_id)
                self.records.setItem(r, c, item)
        self.records.resizeColumnsToContents()
        self.loaded = True

    def _chosen(self, index) -> None:
        self.request_chosen.emit(self.records.item(index.row(), 0).data(_ID_ROLE))
