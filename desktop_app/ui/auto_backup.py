"""Automatic backups in the window: the status bar says when the last one was made (a warning
after a week without), the first start of a day backs up in the background, and closing the
program after changes backs up once more."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from desktop_app.domain.backup_rotation import age_notice, due_at_start
from desktop_app.services.auto_backup import (
    ChangeWatch,
    automatic_backups,
    back_up_automatically,
    backup_folder,
)
from desktop_app.settings import Settings
from desktop_app.ui import tasks

log = logging.getLogger(__name__)

WARNING_STYLE = "color: #b00020; font-weight: bold"


class AutoBackup(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.label = QLabel()
        window.statusBar().addPermanentWidget(self.label)
        # A server database is backed up by its administrator (pg_dump).
        self.enabled = self.services.is_sqlite
        self.label.setVisible(self.enabled)
        self.watch = ChangeWatch(self.services) if self.enabled else None
        application = QCoreApplication.instance()
        if application is not None:  # the window's last act, while the database is still open
            application.aboutToQuit.connect(self.at_close)
        self.refresh()

    @property
    def settings(self) -> Settings:
        """Read each time: 设置 → 自动备份… may have changed them."""
        return Settings.load(self.services.paths.settings_file)

    def _times(self) -> list[dt.datetime]:
        return list(automatic_backups(backup_folder(self.services, self.settings)))

    def refresh(self) -> None:
        text, warning = age_notice(max(self._times(), default=None), dt.datetime.now())
        self.label.setText(text)
        self.label.setStyleSheet(WARNING_STYLE if warning else "")
        self.label.setToolTip(f"自动备份位置：{backup_folder(self.services, self.settings)}")

    def start(self) -> None:
        """At start-up: the day's first backup, in the background."""
        now = dt.datetime.now()
        if not self.enabled or not due_at_start(self._times(), now):
            return
        self.label.setText("正在自动备份…")
        tasks.run_in_background(
            self,
            lambda: back_up_automatically(self.services, self.settings, now),
            lambda _result: self.refresh(),
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self.refresh()
        self.label.setText(f"自动备份失败：{exc}")
        self.label.setStyleSheet(WARNING_STYLE)

    def at_close(self) -> None:
        """After the window has closed: one more backup if anything was written."""
        if self.watch is None or not self.watch.changed:
            return
        try:
            back_up_automatically(self.services, self.settings, dt.datetime.now())
        except Exception:  # the program is closing: nobody to tell but the log
            log.exception("automatic backup at close failed")
