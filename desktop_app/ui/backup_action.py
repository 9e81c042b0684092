"""文件 → 备份数据…: ask where, write the backup zip in the background, say where it went."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop_app.errors import UserError
from desktop_app.ui import file_dialogs, tasks
from desktop_app.ui.export_place import choose_path
from desktop_app.ui.messages import show_error

FILE_FILTER = "备份文件 (*.zip)"


def choose_backup_file(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(parent, "备份数据", suggested, FILE_FILTER)


class BackupAction(QAction):
    """The menu item; disabled while its backup runs so a second click cannot start another."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__("备份数据…", window)
        self.main_window = window
        self.setStatusTip("把数据库和全部附件备份到一个 .zip 文件")
        self.triggered.connect(self.start)

    def start(self) -> None:
        """Asks where (starting in the folder used last, else 文档), then backs up there."""
        choose_path(
            self.main_window,
            self.main_window.services.paths.settings_file,
            f"政府信息公开工作台备份-{dt.date.today():%Y%m%d}.zip",
            lambda suggested: choose_backup_file(self.main_window, suggested),
            self._back_up,
        )

    def _back_up(self, path: str) -> None:
        services = self.main_window.services
        self.setEnabled(False)
        self.main_window.statusBar().showMessage(f"正在备份数据到 {path}…")
        tasks.run_in_background(
            self, lambda: services.backups.back_up(Path(path)), self._done, self._failed
        )

    def _done(self, result) -> None:
        self.setEnabled(True)
        counts = result.counts
        missing = f"；有 {len(result.missing)} 个附件文件找不到，未能备份" if result.missing else ""
        self.main_window.statusBar().showMessage(
            f"已备份到 {result.path}（目录 {counts['entries']} 条、申请 {counts['requests']} 件、"
            f"年度报告 {counts['reports']} 份、附件 {result.attachments} 个）{missing}"
        )

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.main_window.statusBar().showMessage("备份失败，没有写入文件", 10000)
        text = str(exc) if isinstance(exc, UserError) else f"意外错误：{exc}（详情已记入日志）"
        show_error(self.main_window, "备份失败", text)
