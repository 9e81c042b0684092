"""文件 → 恢复备份…: the backups in the backup folder with their dates, counts and sizes; the one
chosen is verified, confirmed, restored in the background, and the window reopens on the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import UserError
from desktop_app.services.backup_verify import ListedBackup, VerifiedBackup, list_backups, verify
from desktop_app.settings import Settings
from desktop_app.ui import file_dialogs, tasks
from desktop_app.ui.messages import confirm, show_error
from desktop_app.ui.task_progress import TaskProgress

HEADERS = ("备份时间", "目录条目", "申请", "年度报告", "大小", "文件")


def choose_other_file(parent: QWidget, folder: str) -> str:
    return file_dialogs.open_file(parent, "选择备份文件", folder, "备份文件 (*.zip)")


def _when(created: str) -> str:
    try:
        return f"{dt.datetime.fromisoformat(created):%Y-%m-%d %H:%M}"
    except ValueError:
        return "无法读取"


class RestoreDialog(QDialog):
    """`reopen(services)` is called with the restored database opened; the caller swaps windows."""

    def __init__(self, services, reopen: Callable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("恢复备份")
        self.services, self.reopen = services, reopen
        self.folder: Path | None = None  # read from the settings with the listing
        self.listed: list[ListedBackup] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self._build_note_and_buttons()
        # Each backup's zip is opened to read its counts: a network folder may take a while.
        self.loading = True
        self.restore_button.setEnabled(False)
        backups, settings_file = services.backups, services.paths.settings_file

        def listing() -> tuple[Path, list[ListedBackup]]:
            folder = backups.folder(Settings.load(settings_file))
            return folder, list_backups(folder)

        tasks.run_in_background(self, listing, self._show_listed, self._listing_failed)

    def _show_listed(self, listing: tuple[Path, list[ListedBackup]]) -> None:
        self.loading = False
        self.restore_button.setEnabled(True)
        self.folder, found = listing
        self.note.setText(_note(self.folder))
        self.listed = found
        self.table.setRowCount(len(found))
        for row, listed in enumerate(self.listed):
            counts = listed.counts
            cells = (
                _when(listed.created),
                str(counts.get("entries", "")),
                str(counts.get("requests", "")),
                str(counts.get("reports", "")),
                f"{listed.size / 1_048_576:.1f} MB",
                listed.path.name,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.listed:
            self.table.selectRow(0)
        self.table.resizeColumnsToContents()

    def _listing_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.restore_button.setEnabled(True)
        self.note.setText(f"{self.note.text()}\n无法列出备份：{exc}")

    def _build_note_and_buttons(self) -> None:
        self.progress = TaskProgress(self)
        self.note = QLabel(_note("正在读取…"), wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton(
            "校验并恢复…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.other_button = QPushButton("选择其他备份文件…")
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.other_button.clicked.connect(self.restore_other)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        for widget in (self.note, self.table, self.progress, buttons):
            layout.addWidget(widget)
        self.resize(760, 420)

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.start(self.listed[rows[0].row()].path)

    def restore_other(self) -> None:
        path = choose_other_file(self, str(self.folder or ""))
        if path:
            self.start(Path(path))

    def _busy(self, busy: bool, message: str = "") -> None:
        self.buttons.setEnabled(not busy)
        self.table.setEnabled(not busy)
        self.note.setText(message or self.note.text())

    def start(self, path: Path) -> None:
        self._busy(True, f"正在校验 {path.name}…")
        self.progress.run(lambda: verify(path), self._verified, self._failed, cancellable=False)

    def _verified(self, checked: VerifiedBackup) -> None:
        counts = checked.counts
        question = (
            f"备份已校验无误：{_when(checked.created)} 的备份，目录 {counts['entries']} 条、"
            f"申请 {counts['requests']} 件、年度报告 {counts['reports']} 份、附件 {checked.attachments} 个。\n\n"
            "用这份备份替换当前的全部数据吗？当前数据会先自动备份。"
        )
        if not confirm(self, "恢复备份", question):
            self._busy(False, "已取消恢复，当前数据未改动。")
            return
        self._busy(True, "正在恢复，请不要关闭程序…")
        tasks.wait_for_all()  # nothing else may hold the database while it is replaced
        self.progress.run(
            lambda: _restore_and_open(self.services, checked),
            self._done,
            self._failed,
            cancellable=False,
        )

    def _done(self, reopened) -> None:
        self.accept()
        self.reopen(reopened)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False, "恢复未进行，当前数据未改动。")
        text = str(exc) if isinstance(exc, UserError) else f"意外错误：{exc}（详情已记入日志）"
        show_error(self, "无法恢复", text)


def _note(folder: Path | str) -> str:
    return f"备份位置：{folder}\n恢复前会先校验备份，并把当前数据自动备份到该位置。"


def _restore_and_open(services, checked: VerifiedBackup):
    """In the background: restore, open the result (upgrading it), record the restore."""
    from desktop_app.app import open_services  # noqa: PLC0415

    result = services.backups.restore(checked)
    reopened = open_services(services.database_url, services.paths.data_dir)
    reopened.backups.record_restore(result)
    return reopened
