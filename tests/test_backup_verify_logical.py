"""`backup verify` of a server's logical backup (tables as JSON Lines), checked without a server,
and the backups folder's listing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import zipfile

import pytest

from desktop_app.db import migrate
from desktop_app.domain.catalog import EntryDraft
from desktop_app.errors import UserError
from desktop_app.services.backup import MANIFEST
from desktop_app.services.backup_verify import BackupDamaged, list_backups, verify
from desktop_app.services.logical_backup import logical_manifest, table_member
from desktop_app.services.restore import restore

TABLES = {
    "catalog_entry": [{"id": 1, "title": "甲通知"}, {"id": 2, "title": "乙方案"}],
    "disclosure_request": [{"id": 1, "content": "申请公开某事项"}],
    "annual_report": [],
    "attachment": [{"id": 1, "entry_id": 1, "stored_name": "a.pdf"}],
}


def table_lines(rows: list[dict]) -> bytes:
    return b"".join(json.dumps(row, ensure_ascii=False).encode() + b"\n" for row in rows)


def logical_zip(path, change=None):
    """A logical backup as a server writes it; `change(members, manifest)` damages it first."""
    members = {table_member(name): table_lines(rows) for name, rows in TABLES.items()}
    recorded = {
        name: {"rows": len(rows), "sha256": hashlib.sha256(members[table_member(name)]).hexdigest()}
        for name, rows in TABLES.items()
    }
    manifest = logical_manifest(recorded, migrate.head_revision())
    if change is not None:
        change(members, manifest)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
    return path


def test_a_whole_logical_backup_verifies_with_its_tables_counts(tmp_path):
    checked = verify(logical_zip(tmp_path / "server.zip"))
    assert checked.counts == {"entries": 2, "requests": 1, "reports": 0}
    assert checked.attachments == 1
    assert checked.manifest["kind"] == "logical"


def _drop_table(members, _manifest):
    del members[table_member("catalog_entry")]


def _drop_a_row(members, _manifest):
    member = table_member("catalog_entry")
    members[member] = members[member].split(b"\n", 1)[1]


def _miscount(_members, manifest):
    manifest["counts"]["requests"] = 5


def _no_tables(_members, manifest):
    manifest["tables"] = ["catalog_entry"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_drop_table, "缺少表 catalog_entry 的数据"),
        (_drop_a_row, "表 catalog_entry 的数据与说明文件记录的 SHA-256 或行数不一致"),
        (_miscount, "说明文件中的记录数与表中的行数不一致"),
        (_no_tables, f"说明文件 {MANIFEST} 缺失内容"),
    ],
    ids=["table missing", "row removed", "counts differ", "no table list"],
)
def test_a_damaged_logical_backup_names_what_is_wrong(tmp_path, change, message):
    with pytest.raises(BackupDamaged, match=message):
        verify(logical_zip(tmp_path / "server.zip", change))


def test_a_logical_backup_is_not_restored_into_a_sqlite_file(services, agency, tmp_path):
    draft = EntryDraft(title="本地条目", generated_on=dt.date(2024, 3, 1))
    services.catalog.add_many(agency.id, [draft])
    checked = verify(logical_zip(tmp_path / "server.zip"))
    with pytest.raises(UserError, match="只能恢复到一个新建的空 PostgreSQL 数据库"):
        restore(services, checked)
    assert [entry.title for entry in services.catalog.all()] == ["本地条目"]


def test_the_backups_folder_lists_newest_first_and_a_stray_zip_without_a_date(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    older, newer = logical_zip(folder / "older.zip"), logical_zip(folder / "newer.zip")
    for path, created in (
        (older, "2024-01-02T03:04:05+08:00"),
        (newer, "2024-06-01T08:00:00+08:00"),
    ):
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        manifest = json.loads(members[MANIFEST])
        manifest["created"] = created
        members[MANIFEST] = json.dumps(manifest).encode()
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    stray = folder / "照片.zip"
    with zipfile.ZipFile(stray, "w") as archive:
        archive.writestr("a.jpg", b"jpeg")
    os.utime(stray, (0, 0))
    (folder / "notes.txt").write_text("not a backup", "utf-8")

    listed = list_backups(folder)

    assert [item.path.name for item in listed] == ["newer.zip", "older.zip", "照片.zip"]
    assert listed[0].counts == {"entries": 2, "requests": 1, "reports": 0}
    assert (listed[2].created, listed[2].counts) == ("", {})
    assert listed[2].size == stray.stat().st_size
    assert list_backups(tmp_path / "没有这个文件夹") == []
