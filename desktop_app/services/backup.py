"""Backup: one .zip holding a consistent SQLite snapshot, every attached file and a manifest.

The snapshot is taken with SQLite's online backup API, so it is consistent while the window or
another process has the database open and includes what still sits only in the WAL file. The zip
is written to `<target>.tmp` and renamed at the end: a failure or cancel leaves no file behind.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import sqlite3
import zipfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from desktop_app import __version__
from desktop_app.app import attachments_dir
from desktop_app.attachment_paths import confined
from desktop_app.db.engine import sqlite_path
from desktop_app.db.errors import UserError
from desktop_app.hashing import file_sha256
from desktop_app.progress import Progress
from desktop_app.staged import staged

MANIFEST = "backup.json"
# Manifest key → table counted in the snapshot.
COUNTED_TABLES = {
    "entries": "catalog_entry",
    "requests": "disclosure_request",
    "reports": "annual_report",
}


class BackupCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("已取消备份，没有写入文件")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    counts: dict[str, int]  # keys of COUNTED_TABLES
    attachments: int
    missing: tuple[str, ...]  # attachment files named in the database but not found on disk
    refused: tuple[str, ...] = ()  # stored names leading out of the attachments folder: skipped


def backup(services, target: Path, progress: Progress | None = None) -> BackupResult:
    """Write the backup zip to `target`; `progress(done, total)` returning False cancels."""
    database = _database_file(services)
    target = Path(target)
    if target.suffix.lower() != ".zip":
        target = target.with_name(f"{target.name}.zip")
    if not target.parent.is_dir():
        raise UserError(f"备份位置的文件夹不存在：{target.parent}，请先建立该文件夹或另选位置")
    snapshot = target.with_name(f"{target.name}.sqlite.tmp")
    try:
        with staged(target) as temporary:
            temporary.open("wb").close()  # an unwritable place is found before the database is read
            _snapshot(database, snapshot)
            manifest, stored = _read_snapshot(database, snapshot)
            folder = attachments_dir(services.db.url, services.paths)
            missing, refused = _write_zip(temporary, snapshot, folder, stored, manifest, progress)
    except OSError as exc:
        raise UserError(_write_problem(exc, target)) from exc
    finally:
        snapshot.unlink(missing_ok=True)
    return BackupResult(
        target,
        target.stat().st_size,
        manifest["counts"],
        len(stored) - len(missing) - len(refused),
        tuple(missing),
        tuple(refused),
    )


def _database_file(services) -> Path:
    if not services.db.is_sqlite:
        raise UserError(
            "当前使用的是数据库服务器（PostgreSQL），本程序不能备份它：请由服务器管理员用 pg_dump 备份"
        )
    path = sqlite_path(services.db.url)
    if path is None or not path.is_file():
        raise UserError("当前数据库不是一个文件，没有可以备份的内容")
    return path


def _snapshot(database: Path, snapshot: Path) -> None:
    """A consistent copy (WAL included) as one self-contained file without a journal beside it."""
    snapshot.unlink(missing_ok=True)
    try:
        with (
            closing(sqlite3.connect(database, timeout=5)) as source,
            closing(sqlite3.connect(snapshot)) as copy,
        ):
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise UserError("数据库文件已损坏，无法备份，请联系技术人员")
    except sqlite3.Error as exc:
        text = str(exc).lower()
        if "full" in text:
            raise UserError("磁盘空间已满，无法写入备份，请清理磁盘或另选位置") from exc
        if "locked" in text or "busy" in text:
            raise UserError("数据库正被其他程序长时间占用，请稍后重试备份") from exc
        raise UserError(f"无法读取数据库进行备份：{exc}") from exc


def _read_snapshot(database: Path, snapshot: Path) -> tuple[dict, list[str]]:
    """The manifest (without its attachment part) and the stored names of the attachments."""
    with closing(sqlite3.connect(snapshot)) as copy:
        revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        counts = {  # table names are our constants
            key: copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for key, table in COUNTED_TABLES.items()
        }
        rows = copy.execute("SELECT stored_name FROM attachment ORDER BY id").fetchall()
    manifest = {
        "program": "disclosure-desk",
        "version": __version__,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "schema_revision": revision,
        "counts": counts,
        "database": {
            "file": database.name,
            "size": snapshot.stat().st_size,
            "sha256": file_sha256(snapshot),
        },
    }
    return manifest, [name for (name,) in rows]


def _write_zip(
    temporary: Path,
    snapshot: Path,
    folder: Path,
    stored: list[str],
    manifest: dict,
    progress: Progress | None,
) -> tuple[list[str], list[str]]:
    """The snapshot, the attached files it names and the manifest last; returns the attached
    files not on disk and the stored names refused for leading out of the folder. The folder
    keeps its name, so an unzipped backup opens as it is."""
    missing, refused = [], []
    total = len(stored) + 1
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.write(snapshot, manifest["database"]["file"])
        for done, name in enumerate(stored, start=1):
            if progress is not None and not progress(done, total):
                raise BackupCancelled
            path = confined(folder, name)
            if path is None:
                refused.append(name)
            elif path.is_file():
                archive.write(path, f"{folder.name}/{name}")
            else:
                missing.append(name)
        if progress is not None and not progress(total, total):
            raise BackupCancelled
        manifest["attachments"] = {"folder": folder.name, "missing": missing, "refused": refused}
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return missing, refused


def _write_problem(exc: OSError, target: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间已满，无法写入备份 {target}，请清理磁盘或另选位置"
    if isinstance(exc, PermissionError):
        return f"没有权限写入 {target}（或该文件正被其他程序打开），请另选一个文件夹"
    if isinstance(exc, FileNotFoundError):
        return f"备份位置的文件夹不存在：{target.parent}，请另选位置"
    return f"无法写入备份 {target}：{exc.strerror or exc}，请另选位置"
