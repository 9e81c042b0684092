"""Backup: one .zip holding a consistent SQLite snapshot, every attached file and a manifest.

The snapshot is taken with SQLite's online backup API, so it is consistent while the window or
another process has the database open and includes what still sits only in the WAL file. It is
taken into memory (a SQLite database here holds no attachment bytes, so it stays small): no copy
of the database is ever written anywhere but into the zip. The zip is written to `<target>.tmp`,
noted in the data folder's staging ledger, and renamed at the end: a failure or cancel leaves no
file behind, and the next start removes one a kill -9 left.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import zipfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from desktop_app import __version__
from desktop_app.app import attachments_dir, staging_ledger
from desktop_app.attachment_paths import confined
from desktop_app.db.engine import sqlite_path
from desktop_app.db.errors import explain
from desktop_app.domain.audit import BACKED_UP
from desktop_app.errors import UserError
from desktop_app.hashing import file_sha256
from desktop_app.progress import Progress
from desktop_app.staged import staged, write_problem

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
    target = Path(target)
    if target.suffix.lower() != ".zip":
        target = target.with_name(f"{target.name}.zip")
    if not target.parent.is_dir():
        raise UserError(f"备份位置的文件夹不存在：{target.parent}，请先建立该文件夹或另选位置")
    if not services.db.is_sqlite:
        return _logical_backup(services, target, progress)
    database = _database_file(services)
    folder = attachments_dir(services.db.url, services.paths)
    try:
        with staged(target, staging_ledger(services.paths)) as temporary:
            temporary.open("wb").close()  # an unwritable place is found before the database is read
            with closing(_snapshot(database)) as copy:
                manifest, stored = _describe(copy, database.name)
                snapshot = _as_file_bytes(copy)
            manifest["database"].update(
                size=len(snapshot), sha256=hashlib.sha256(snapshot).hexdigest()
            )
            missing, refused = _write_zip(temporary, snapshot, folder, stored, manifest, progress)
    except OSError as exc:
        raise UserError(write_problem(exc, target)) from exc
    services.audit.note(
        "backup", "", BACKED_UP, f"{target.resolve()}，SHA-256 {file_sha256(target)}"
    )
    return BackupResult(
        target,
        target.stat().st_size,
        manifest["counts"],
        len(stored) - len(missing) - len(refused),
        tuple(missing),
        tuple(refused),
    )


def _logical_backup(services, target: Path, progress: Progress | None) -> BackupResult:
    from desktop_app.services.logical_backup import write_logical_backup  # noqa: PLC0415

    try:
        with staged(target, staging_ledger(services.paths)) as temporary:
            manifest, attachments = write_logical_backup(services, temporary, progress)
    except OSError as exc:
        raise UserError(write_problem(exc, target)) from exc
    except SQLAlchemyError as exc:
        raise (explain(exc) or UserError(f"无法读取数据库进行备份：{exc}")) from exc
    return BackupResult(target, target.stat().st_size, manifest["counts"], attachments, ())


def _database_file(services) -> Path:
    path = sqlite_path(services.db.url)
    if path is None or not path.is_file():
        raise UserError("当前数据库不是一个文件，没有可以备份的内容")
    return path


def _snapshot(database: Path) -> sqlite3.Connection:
    """A consistent copy (WAL included) in memory, checked before it is written anywhere."""
    copy = sqlite3.connect(":memory:")
    try:
        with closing(sqlite3.connect(database, timeout=5)) as source:
            source.backup(copy)
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise UserError("数据库文件已损坏，无法备份，请联系技术人员")
    except sqlite3.Error as exc:
        copy.close()
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise UserError("数据库正被其他程序长时间占用，请稍后重试备份") from exc
        raise UserError(f"无法读取数据库进行备份：{exc}") from exc
    except BaseException:
        copy.close()
        raise
    return copy


def _as_file_bytes(copy: sqlite3.Connection) -> bytes:
    """The database file of the copy, marked as a rollback-journal database: opened where it is
    unzipped, it needs no -wal or -shm file beside it (bytes 18 and 19 of the header are what
    `PRAGMA journal_mode=DELETE` would set on a file)."""
    data = bytearray(copy.serialize())
    data[18:20] = b"\x01\x01"
    return bytes(data)


def _describe(copy: sqlite3.Connection, file_name: str) -> tuple[dict, list[str]]:
    """The manifest (without its attachment part) and the stored names of the attachments."""
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
        "database": {"file": file_name},
    }
    return manifest, [name for (name,) in rows]


def _write_zip(
    temporary: Path,
    snapshot: bytes,
    folder: Path,
    stored: list[str],
    manifest: dict,
    progress: Progress | None,
) -> tuple[list[str], list[str]]:
    """The snapshot, the attached files it names and the manifest last; returns the attached
    files not on disk and the stored names refused for leading out of the folder. The folder
    keeps its name, so an unzipped backup opens as it is."""
    missing: list[str] = []
    refused: list[str] = []
    files: dict[str, str] = {}  # zip member → SHA-256 of the bytes written
    total = len(stored) + 1
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.writestr(_member(manifest["database"]["file"]), snapshot)
        for done, name in enumerate(stored, start=1):
            if progress is not None and not progress(done, total):
                raise BackupCancelled
            path = confined(folder, name)
            if path is None:
                refused.append(name)
            elif path.is_file():
                member = f"{folder.name}/{name}"
                files[member] = _write_member(archive, path, member)
            else:
                missing.append(name)
        if progress is not None and not progress(total, total):
            raise BackupCancelled
        manifest["attachments"] = {
            "folder": folder.name,
            "missing": missing,
            "refused": refused,
            "sha256": files,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return missing, refused


def _write_member(archive: zipfile.ZipFile, path: Path, member: str) -> str:
    """Copy a file into the zip, returning the SHA-256 of the bytes copied (read once)."""
    digest = hashlib.sha256()
    with path.open("rb") as source, archive.open(_member(member), "w", force_zip64=True) as out:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, dt.datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info
