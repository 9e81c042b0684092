"""Automatic backups: at the first start of a day and when the program closes after changes, into
the backup folder (backups/ of the data folder unless the settings name another), rotated."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from sqlalchemy import event

from desktop_app.app import Services
from desktop_app.domain.backup_rotation import Retention, to_keep
from desktop_app.errors import UserError
from desktop_app.progress import Progress
from desktop_app.services.backup import BackupResult, backup
from desktop_app.settings import Settings

log = logging.getLogger(__name__)

PREFIX = "自动备份-"
STAMP = "%Y%m%d-%H%M%S"


def backup_folder(services: Services, settings: Settings) -> Path:
    return Path(settings.backup_folder) if settings.backup_folder else default_folder(services)


def default_folder(services: Services) -> Path:
    return services.paths.data_dir / "backups"


def retention(settings: Settings) -> Retention:
    """The settings' counts; a hand-edited value that is not a count falls back to the default."""
    default = Retention()
    counts = {}
    for name in ("daily", "weekly", "monthly"):
        value = getattr(settings, f"backups_{name}")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            counts[name] = value
        else:
            log.warning("ignoring backups_%s=%r in the settings", name, value)
            counts[name] = getattr(default, name)
    return Retention(**counts)


def automatic_backups(folder: Path) -> dict[dt.datetime, Path]:
    """The automatic backups in `folder` by the time in their names (other files are left alone)."""
    found = {}
    if folder.is_dir():
        for path in folder.glob(f"{PREFIX}*.zip"):
            try:
                found[dt.datetime.strptime(path.stem.removeprefix(PREFIX), STAMP)] = path
            except ValueError:
                continue
    return found


def back_up_automatically(
    services: Services, settings: Settings, now: dt.datetime, progress: Progress | None = None
) -> BackupResult:
    """One automatic backup, then the rotation deletes the ones no longer kept."""
    folder = backup_folder(services, settings)
    if folder == default_folder(services):
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():  # a network folder not connected: never create it on this computer
        raise UserError(f"设置的备份位置 {folder} 无法访问，请连接该驱动器或在设置中另选位置")
    result = backup(services, folder / f"{PREFIX}{now:{STAMP}}.zip", progress)
    existing = automatic_backups(folder)
    for time in existing.keys() - to_keep(existing, retention(settings)):
        existing[time].unlink(missing_ok=True)
        log.info("rotation removed %s", existing[time])
    return result


class ChangeWatch:
    """Whether a transaction wrote to the database since the watch began (SQLite)."""

    def __init__(self, services: Services) -> None:
        self.changed = False
        event.listen(services.db.engine, "begin", self._began)
        event.listen(services.db.engine, "commit", self._committed)

    @staticmethod
    def _rows_written(connection) -> int:
        # sqlite3 counts the rows each connection has ever written (PostgreSQL: not watched).
        return getattr(connection.connection.dbapi_connection, "total_changes", 0)

    def _began(self, connection) -> None:
        connection.info["rows_written_before"] = self._rows_written(connection)

    def _committed(self, connection) -> None:
        if self._rows_written(connection) != connection.info.pop("rows_written_before", 0):
            self.changed = True
