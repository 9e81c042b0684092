"""Backups for the UI, typed: where they go, the automatic ones (status, the day's first, the one
at close), a backup on request, and restoring one; any thread but the UI's for what reads or
writes files (the window runs those through ui/tasks.py).

The backup and restore code loads when first used: commands that never back up do not wait for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.backup_rotation import due_at_start
from desktop_app.progress import Progress
from desktop_app.services import auto_backup
from desktop_app.settings import Settings

if TYPE_CHECKING:
    from desktop_app.services.backup import BackupResult
    from desktop_app.services.backup_verify import VerifiedBackup
    from desktop_app.services.desk import Services
    from desktop_app.services.restore import RestoreResult


@dataclass(frozen=True)
class AutomaticBackups:
    """Where automatic backups go and when each there was made."""

    folder: Path
    times: list[dt.datetime]


class BackupService:
    """What the backup menu items, the status bar's notice and the restore dialog ask."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def folder(self, settings: Settings) -> Path:
        """Where automatic backups go: the settings' folder, else backups/ in the data folder."""
        return auto_backup.backup_folder(self._services, settings)

    def default_folder(self) -> Path:
        return auto_backup.default_folder(self._services)

    def automatic(self, settings: Settings) -> AutomaticBackups:
        """Lists the folder: a network folder may take a while to answer."""
        folder = self.folder(settings)
        return AutomaticBackups(folder, sorted(auto_backup.automatic_backups(folder)))

    def due_at_start(self, settings: Settings, now: dt.datetime) -> bool:
        """Whether this start is the day's first, so an automatic backup is due."""
        return due_at_start(self.automatic(settings).times, now)

    def back_up_automatically(self, settings: Settings, now: dt.datetime) -> BackupResult:
        """One automatic backup into the folder, then the rotation removes the ones not kept."""
        return auto_backup.back_up_automatically(self._services, settings, now)

    def back_up(self, target: Path, progress: Progress | None = None) -> BackupResult:
        from desktop_app.services.backup import backup  # noqa: PLC0415

        return backup(self._services, target, progress)

    def watch_changes(self) -> auto_backup.ChangeWatch:
        """Says whether anything was written from now on (a backup at close is then due)."""
        return auto_backup.ChangeWatch(self._services)

    def restore(self, checked: VerifiedBackup) -> RestoreResult:
        """Replace the data by the verified backup; closes this database (open it again after)."""
        from desktop_app.services.restore import restore  # noqa: PLC0415

        return restore(self._services, checked)

    def record_restore(self, result: RestoreResult) -> None:
        """In the database as reopened after `restore`: the restore in its trail."""
        from desktop_app.services.restore import record_restore  # noqa: PLC0415

        record_restore(self._services, result)
