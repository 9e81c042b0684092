"""Check a backup zip against its manifest before anyone relies on it: the snapshot's SHA-256,
SQLite's integrity check, the row counts, and every attached file's SHA-256.

The snapshot is checked in memory, so verifying writes no copy of the data anywhere.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
import zlib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from desktop_app.errors import UserError
from desktop_app.services.backup import COUNTED_TABLES, MANIFEST

# What reading a changed or cut zip member raises: a CRC that does not match, bytes that do not
# inflate, a member that ends early.
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError)


class BackupDamaged(UserError):
    """The file is not a backup this program wrote, or something in it differs from its manifest."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"备份文件 {path} 未通过校验：{problem}。请改用另一份备份")


@dataclass(frozen=True)
class VerifiedBackup:
    path: Path
    manifest: dict
    counts: dict[str, int]  # keys of COUNTED_TABLES
    attachments: int  # files in the zip, each matching its recorded SHA-256
    missing: tuple[str, ...]  # attachments named by the database that were not found at backup time
    files: dict[str, str]  # zip member of each attachment in the zip → its recorded SHA-256

    @property
    def created(self) -> str:
        return self.manifest["created"]

    @property
    def schema_revision(self) -> str:
        return self.manifest["schema_revision"]

    @property
    def database_member(self) -> str:
        return self.manifest["database"]["file"]

    @property
    def attachments_folder(self) -> str:
        return self.manifest["attachments"]["folder"]


def verify(path: Path) -> VerifiedBackup:
    """The backup's contents when every check passes; BackupDamaged naming the first failure."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到备份文件：{path}，请检查路径")
    try:
        with zipfile.ZipFile(path) as archive:
            return _verify(path, archive)
    except zipfile.BadZipFile as exc:
        raise BackupDamaged(path, "不是完整的 .zip 文件（可能未写完或已损坏）") from exc
    except OSError as exc:
        raise UserError(f"无法读取备份文件 {path}：{exc.strerror or exc}") from exc


def is_logical(manifest: dict) -> bool:
    """A PostgreSQL database's tables as JSON Lines (see logical_backup), not a SQLite snapshot."""
    return manifest.get("kind") == "logical"


def _verify(path: Path, archive: zipfile.ZipFile) -> VerifiedBackup:
    manifest = _manifest(path, archive)
    if is_logical(manifest):
        return _verify_logical(path, archive, manifest)
    database = manifest["database"]
    snapshot = _read(path, archive, database["file"])
    if len(snapshot) != database["size"] or _sha256(snapshot) != database["sha256"]:
        raise BackupDamaged(path, f"数据库快照 {database['file']} 与说明文件记录的 SHA-256 不一致")
    counts, recorded = _check_snapshot(path, snapshot, manifest)
    folder = manifest["attachments"]["folder"]
    listed = manifest["attachments"].get("sha256", {})  # written by every backup since 0.1.0
    missing = set(manifest["attachments"]["missing"])
    files = {}
    for stored_name, sha256 in recorded.items():
        if stored_name in missing:
            continue
        if not _plain_name(stored_name):
            raise BackupDamaged(path, f"附件文件名 {stored_name} 含有路径，不能恢复")
        member = f"{folder}/{stored_name}"
        if member in listed and listed[member] != sha256:
            raise BackupDamaged(path, f"附件 {member} 在说明文件和数据库中记录的 SHA-256 不同")
        if _member_sha256(path, archive, member) != sha256:
            raise BackupDamaged(path, f"附件 {member} 的内容与记录的 SHA-256 不一致")
        files[member] = sha256
    return VerifiedBackup(path, manifest, counts, len(files), tuple(sorted(missing)), files)


def _verify_logical(path: Path, archive: zipfile.ZipFile, manifest: dict) -> VerifiedBackup:
    """Each table's file against its SHA-256 and row count, the counts against the tables."""
    tables = manifest["tables"]
    for name, recorded in tables.items():
        digest, rows = hashlib.sha256(), 0
        try:
            with archive.open(f"tables/{name}.jsonl") as lines:
                for line in lines:
                    digest.update(line)
                    rows += 1
        except KeyError as exc:
            raise BackupDamaged(path, f"缺少表 {name} 的数据") from exc
        except UNREADABLE as exc:
            raise BackupDamaged(path, f"表 {name} 的数据已损坏（{exc}）") from exc
        if digest.hexdigest() != recorded.get("sha256") or rows != recorded.get("rows"):
            raise BackupDamaged(path, f"表 {name} 的数据与说明文件记录的 SHA-256 或行数不一致")
    counts = {key: tables.get(table, {}).get("rows", 0) for key, table in COUNTED_TABLES.items()}
    if counts != manifest["counts"]:
        raise BackupDamaged(path, "说明文件中的记录数与表中的行数不一致")
    attachments = tables.get("attachment", {}).get("rows", 0)
    return VerifiedBackup(path, manifest, counts, attachments, (), {})


def _manifest(path: Path, archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(_read(path, archive, MANIFEST))
        complete = (
            manifest["program"] == "disclosure-desk"
            and isinstance(manifest["schema_revision"], str)
            and isinstance(manifest["counts"], dict)
        )
        if is_logical(manifest):
            complete = complete and isinstance(manifest["tables"], dict)
        else:
            complete = complete and (
                isinstance(manifest["database"]["size"], int)
                and isinstance(manifest["database"]["sha256"], str)
                and isinstance(manifest["attachments"]["missing"], list)
                and _plain_name(manifest["database"]["file"])
                and _plain_name(manifest["attachments"]["folder"])
            )
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupDamaged(path, f"说明文件 {MANIFEST} 缺失内容或不是本程序写的") from exc
    if not complete:
        raise BackupDamaged(path, f"说明文件 {MANIFEST} 缺失内容或不是本程序写的")
    return manifest


def _plain_name(name) -> bool:
    """A file or folder name without a path: what is unpacked stays in the data folder."""
    return isinstance(name, str) and name not in {"", ".", ".."} and Path(name).name == name


def _check_snapshot(path: Path, snapshot: bytes, manifest: dict) -> tuple[dict, dict[str, str]]:
    """Integrity, counts against the manifest; returns the counts and stored name → SHA-256."""
    with closing(sqlite3.connect(":memory:")) as copy:
        try:
            copy.deserialize(snapshot)
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {name for (name,) in copy.execute("SELECT name FROM sqlite_master")}
            counts = {  # a backup of an early version may not have every table yet
                key: copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                if table in tables
                else 0
                for key, table in COUNTED_TABLES.items()
            }
            recorded = dict(copy.execute("SELECT stored_name, sha256 FROM attachment").fetchall())
        except sqlite3.Error as exc:
            raise BackupDamaged(path, f"数据库快照无法读取（{exc}）") from exc
    if result != "ok":
        raise BackupDamaged(path, f"数据库快照的完整性检查未通过（{result}）")
    for key, label in (("entries", "目录条目"), ("requests", "申请"), ("reports", "年度报告")):
        if counts[key] != manifest["counts"].get(key):
            raise BackupDamaged(
                path,
                f"{label}数为 {counts[key]}，说明文件记录的是 {manifest['counts'].get(key)}",
            )
    return counts, recorded


def _read(path: Path, archive: zipfile.ZipFile, member: str) -> bytes:
    try:
        return archive.read(member)
    except KeyError as exc:
        raise BackupDamaged(path, f"缺少 {member}") from exc
    except UNREADABLE as exc:  # a CRC that does not match, bytes that do not inflate
        raise BackupDamaged(path, f"{member} 已损坏（{exc}）") from exc


def _member_sha256(path: Path, archive: zipfile.ZipFile, member: str) -> str:
    digest = hashlib.sha256()
    try:
        with archive.open(member) as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
    except KeyError as exc:
        raise BackupDamaged(path, f"缺少附件 {member}") from exc
    except UNREADABLE as exc:
        raise BackupDamaged(path, f"附件 {member} 已损坏（{exc}）") from exc
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ListedBackup:
    """A backup as its manifest describes it (unchecked: listing a folder must be quick)."""

    path: Path
    size: int
    created: str  # "" when the manifest cannot be read
    counts: dict[str, int]


def list_backups(folder: Path) -> list[ListedBackup]:
    """The .zip files in `folder`, newest first by their manifests' times."""
    found = []
    for path in folder.glob("*.zip") if folder.is_dir() else ():
        try:
            with zipfile.ZipFile(path) as archive:
                manifest = json.loads(archive.read(MANIFEST))
            created, counts = str(manifest["created"]), dict(manifest["counts"])
        except (OSError, KeyError, ValueError, TypeError, *UNREADABLE):
            created, counts = "", {}
        found.append(ListedBackup(path, path.stat().st_size, created, counts))
    # The manifest's time is to the second: the file's time orders two backups of one second.
    return sorted(
        found, key=lambda listed: (listed.created, listed.path.stat().st_mtime_ns), reverse=True
    )
