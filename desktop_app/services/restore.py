"""Restore: a verified backup replaces the current SQLite database and its attachments folder.

Order of work: refuse while another program has the database open; write a safety backup of the
current data; unpack the backup beside the current files, checking every SHA-256 again as it is
written; then swap (restore_swap: a kill at any moment leaves the old data or the new, whole).
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import sqlite3
import zipfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from desktop_app import restore_swap
from desktop_app.app import Services, attachments_dir
from desktop_app.db import migrate
from desktop_app.db.audit import require
from desktop_app.db.engine import sqlite_path
from desktop_app.db.errors import explain
from desktop_app.domain.audit import RESTORED
from desktop_app.domain.users import ADMIN
from desktop_app.errors import UserError
from desktop_app.progress import Progress
from desktop_app.services.backup import backup
from desktop_app.services.backup_verify import BackupDamaged, VerifiedBackup, is_logical

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    restored: VerifiedBackup
    safety_backup: Path | None  # the data as it was before the restore


def safety_backup_path(services: Services, now: dt.datetime) -> Path:
    return services.paths.data_dir / "backups" / f"恢复前自动备份-{now:%Y%m%d-%H%M%S}.zip"


def restore(
    services: Services, checked: VerifiedBackup, progress: Progress | None = None
) -> RestoreResult:
    """Replace the data by the backup `checked` (see verify). Closes `services`: the caller opens
    the database again (which upgrades a backup from an older version)."""
    if services.users.all():  # a new, empty database has nobody to ask
        require(services.db, ADMIN)
    database = sqlite_path(services.db.url)
    if database is None:
        return _restore_logical(services, checked)
    if is_logical(checked.manifest):
        raise UserError(
            "这是数据库服务器（PostgreSQL）的逻辑备份，只能恢复到一个新建的空 PostgreSQL 数据库"
        )
    if not migrate.is_known_revision(checked.schema_revision):
        raise UserError(
            f"该备份由更新版本的程序创建（版本 {checked.schema_revision}），请升级本程序后再恢复；数据未做任何修改"
        )
    attachments = attachments_dir(services.db.url, services.paths)
    services.close()  # our own connections would look like another program's
    with restore_swap.held(database):
        _refuse_if_open_elsewhere(database)
        safety = _safety_backup(services) if database.exists() else None
        restore_swap.clear_leftovers(database, attachments)
        try:
            _unpack(checked, database, attachments, progress)
        except BaseException as exc:
            restore_swap.clear_leftovers(database, attachments)
            if isinstance(exc, OSError):
                raise UserError(_unpack_problem(exc, database)) from exc
            raise
        restore_swap.decide(database, attachments)
        restore_swap.finish(database, attachments)
    return RestoreResult(checked, safety)


def _restore_logical(services: Services, checked: VerifiedBackup) -> RestoreResult:
    """Into an empty server database: nothing there to keep, so no safety backup."""
    from desktop_app.services.logical_backup import read_tables  # noqa: PLC0415

    if not is_logical(checked.manifest):
        raise UserError(
            "这是 SQLite 数据文件的备份，不能恢复到数据库服务器：请用 --db 指向一个 SQLite 文件恢复"
        )
    try:
        with zipfile.ZipFile(checked.path) as archive:
            read_tables(services.db, archive, checked.manifest)
    except SQLAlchemyError as exc:
        raise (explain(exc) or UserError(f"无法写入数据库服务器：{exc}")) from exc
    services.close()
    return RestoreResult(checked, None)


def _safety_backup(services: Services) -> Path:
    target = safety_backup_path(services, dt.datetime.now())
    target.parent.mkdir(parents=True, exist_ok=True)
    return backup(services, target).path


def _unpack_problem(exc: OSError, database: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"数据文件夹 {database.parent} 所在磁盘空间不足，无法恢复；当前数据未做任何修改"
    return f"无法在数据文件夹 {database.parent} 写入恢复的文件：{exc.strerror or exc}；当前数据未做任何修改"


def record_restore(services: Services, result: RestoreResult) -> None:
    """The restore in the restored database's audit trail (and the log)."""
    services.audit.note(
        "database",
        "",
        RESTORED,
        f"自 {result.restored.path}（{result.restored.created} 备份）；"
        f"恢复前的数据在 {result.safety_backup or '（无）'}",
    )
    log.warning(
        "restored %s (made %s, schema %s) into %s; the data before it is in %s",
        result.restored.path,
        result.restored.created,
        result.restored.schema_revision,
        services.db.url,
        result.safety_backup,
    )


def _refuse_if_open_elsewhere(database: Path) -> None:
    """Leaving WAL mode needs the only connection to the file: another program's (even idle)
    connection makes it fail, and the data is not touched."""
    if not database.exists():
        return
    try:
        with closing(sqlite3.connect(database, timeout=1)) as connection:
            connection.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError as exc:
        raise UserError(
            f"数据库 {database} 正被另一个程序打开（可能是工作台的主窗口或另一条命令）："
            "请先关闭它，再恢复备份；数据未做任何修改"
        ) from exc


def _unpack(
    checked: VerifiedBackup, database: Path, attachments: Path, progress: Progress | None
) -> None:
    """The backup's files written beside the current ones, each checked against its SHA-256."""
    new_folder = restore_swap.staging(attachments)
    new_folder.mkdir()
    prefix = f"{checked.attachments_folder}/"
    total = len(checked.files) + 1
    with zipfile.ZipFile(checked.path) as archive:
        _extract(
            checked,
            archive,
            checked.database_member,
            restore_swap.staging(database),
            checked.manifest["database"]["sha256"],
        )
        for done, (member, sha256) in enumerate(checked.files.items(), start=2):
            _extract(checked, archive, member, new_folder / member.removeprefix(prefix), sha256)
            if progress is not None:
                progress(done, total)  # too late to cancel cleanly after the safety backup


def _extract(
    checked: VerifiedBackup, archive: zipfile.ZipFile, member: str, target: Path, sha256: str
) -> None:
    digest = hashlib.sha256()
    with archive.open(member) as source, target.open("wb") as out:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())  # on disk before the journal decides the swap
    if digest.hexdigest() != sha256:
        raise BackupDamaged(checked.path, f"{member} 在校验之后被改动")
