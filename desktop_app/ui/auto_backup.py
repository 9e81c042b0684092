"""Automatic backups in the window: the status bar says when the last one was made (a warning
after a week without), the first start of a day backs up in the background, and closing the
program after changes backs up once more.

Listing the folder (a network folder may be slow to answer) and backing up run in the background;
only the backup at close runs on the UI thread, the window being gone by then.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from desktop_app.domain.backup_rotation import age_notice
from desktop_app.services.backups import AutomaticBackups
from desktop_app.settings import Settings
from desktop_app.ui import tasks

log = logging.getLogger(__name__)

WARNING_STYLE = "color: #b00020; font-weight: bold"


class AutoBackup(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services
        self.backups = window.services.backups
        self.pending = 0  # background reads and backups under way
        self.label = QLabel()
        window.statusBar().addPermanentWidget(self.label)
        # A server database is backed up by its administrator (pg_dump).
        self.enabled = self.services.is_sqlite
        self.label.setVisible(self.enabled)
        self.watch = self.backups.watch_changes() if self.enabled else None
        application = QCoreApplication.instance()
        if application is not None:  # the window's last act, while the database is still open
            application.aboutToQuit.connect(self.at_close)
        self.refresh()

    @property
    def settings(self) -> Settings:
        """Read each time: 设置 → 自动备份… may have changed them."""
        return Settings.load(self.services.paths.settings_file)

    def _settings_reader(self) -> Callable[[], Settings]:
        """Reads the settings file where it is called: in the background task."""
        settings_file = self.services.paths.settings_file
        return lambda: Settings.load(settings_file)

    def _run(self, fn, on_done, on_error) -> None:
        self.pending += 1

        def finished(callback, value) -> None:
            self.pending -= 1
            callback(value)

        tasks.run_in_background(
            self, fn, lambda v: finished(on_done, v), lambda e: finished(on_error, e)
        )

    def refresh(self) -> None:
        """Say when the last automatic backup was made, once the folder is listed."""
        backups, settings = self.backups, self._settings_reader()
        self._run(lambda: backups.automatic(settings()), self._show, self._unlisted)

    def _show(self, automatic: AutomaticBackups) -> None:
        text, warning = age_notice(max(automatic.times, default=None), dt.datetime.now())
        self.label.setText(text)
        self.label.setStyleSheet(WARNING_STYLE if warning else "")
        self.label.setToolTip(f"自动备份位置：{automatic.folder}")

    def _unlisted(self, exc: BaseException) -> None:
        self.label.setText(f"无法读取备份位置：{exc}")
        self.label.setStyleSheet(WARNING_STYLE)

    def start(self) -> None:
        """At start-up: the day's first backup, in the background."""
        if not self.enabled:
            return
        backups, settings, now = self.backups, self._settings_reader(), dt.datetime.now()

        def due(is_due: bool) -> None:
            if not is_due:
                return
            self.label.setText("正在自动备份…")
            self._run(
                lambda: backups.back_up_automatically(settings(), now),
                lambda _result: self.refresh(),
                self._failed,
            )

        self._run(lambda: backups.due_at_start(settings(), now), due, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.label.setText(f"自动备份失败：{exc}")
        self.label.setStyleSheet(WARNING_STYLE)

    def at_close(self) -> None:
        """After the window has closed: one more backup if anything was written."""
        if self.watch is None or not self.watch.changed:
            return
        try:
            self.backups.back_up_automatically(self.settings, dt.datetime.now())
        except Exception:  # the program is closing: nobody to tell but the log
            log.exception("automatic backup at close failed")
