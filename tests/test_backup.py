"""Backups: a real SQLite file snapshotted into a real zip, read back and opened."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing
from types import SimpleNamespace

import pytest

from desktop_app import __version__
from desktop_app.app import open_services
from desktop_app.db import migrate
from desktop_app.db.engine import Database
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.requests import RequestDraft
from desktop_app.errors import UserError
from desktop_app.services.backup import BackupCancelled, backup


def _add(services, agency, *titles):
    drafts = [EntryDraft(title=t, generated_on=dt.date(2024, 3, 1)) for t in titles]
    return services.catalog.add_many(agency.id, drafts)


def _extract(zip_path, tmp_path):
    out = tmp_path / "restored"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(out)
    return out


def _rows(path, sql="SELECT id, index_no, title FROM catalog_entry ORDER BY id"):
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def test_snapshot_opens_intact_with_the_same_rows_and_attachments(
    services, agency, db_path, tmp_path
):
    entry = _add(services, agency, "安全生产检查通知", "防汛抗旱工作方案")[0]
    payload = "附件正文：检查记录\n".encode() * 500
    source = tmp_path / "检查记录.pdf"
    source.write_bytes(payload)
    attachment = services.catalog.attach(entry.id, source)

    result = backup(services, tmp_path / "备份.zip")

    assert result.path == tmp_path / "备份.zip"
    assert result.size == result.path.stat().st_size
    with zipfile.ZipFile(result.path) as archive:
        names = set(archive.namelist())
        stored = f"desk-attachments/{attachment.stored_name}"
        assert names == {"desk.sqlite", stored, "backup.json"}
        assert archive.read(stored) == payload
    restored = _extract(result.path, tmp_path)
    assert _rows(restored / "desk.sqlite", "PRAGMA integrity_check") == [("ok",)]
    assert _rows(restored / "desk.sqlite") == _rows(db_path)
    assert result.attachments == 1
    assert result.missing == ()
    manifest = json.loads((restored / "backup.json").read_text(encoding="utf-8"))
    assert manifest["attachments"]["sha256"] == {stored: hashlib.sha256(payload).hexdigest()}
    # the unzipped file opens in the program, attachments found beside it
    reopened = open_services(str(restored / "desk.sqlite"), tmp_path / "data2")
    try:
        saved = reopened.catalog.get(entry.id).attachments[0]
        assert reopened.catalog.attachment_path(saved).read_bytes() == payload
    finally:
        reopened.close()


def test_manifest_describes_the_snapshot(services, agency, tmp_path):
    _add(services, agency, "一", "二", "三")
    services.requests.add(
        agency.id,
        RequestDraft(received_on=dt.date(2024, 5, 6), applicant_type="自然人", content="某事项"),
    )
    result = backup(services, tmp_path / "b.zip")
    with zipfile.ZipFile(result.path) as archive:
        manifest = json.loads(archive.read("backup.json"))
        snapshot = archive.read("desk.sqlite")
    assert manifest["version"] == __version__
    assert manifest["schema_revision"] == migrate.head_revision()
    assert manifest["counts"] == {"entries": 3, "requests": 1, "reports": 0} == result.counts
    assert manifest["database"]["sha256"] == hashlib.sha256(snapshot).hexdigest()
    assert manifest["database"]["size"] == len(snapshot)
    created = dt.datetime.fromisoformat(manifest["created"])
    assert abs(created - dt.datetime.now().astimezone()) < dt.timedelta(minutes=1)
    assert manifest["attachments"] == {
        "folder": "desk-attachments",
        "missing": [],
        "refused": [],
        "sha256": {},
    }


def test_rows_still_only_in_the_wal_of_another_connection_are_in_the_snapshot(
    services, agency, db_path, tmp_path
):
    other = open_services(str(db_path), tmp_path / "data")
    try:
        with other.db.engine.connect() as connection:  # keep one connection open: no checkpoint
            connection.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
            _add(other, agency, "另一窗口新增的条目甲", "另一窗口新增的条目乙")
            # precondition: the new rows are in the WAL file, not yet in the database file
            title = "另一窗口新增的条目甲".encode()
            assert title not in db_path.read_bytes()
            assert title in db_path.with_name(f"{db_path.name}-wal").read_bytes()

            result = backup(services, tmp_path / "wal.zip")
    finally:
        other.close()
    restored = _extract(result.path, tmp_path)
    titles = {t for _, _, t in _rows(restored / "desk.sqlite")}
    assert {"另一窗口新增的条目甲", "另一窗口新增的条目乙"} <= titles
    assert not (restored / "desk.sqlite-wal").exists()


def test_an_unreachable_server_is_a_chinese_message_and_no_file(tmp_path):
    db = Database("postgresql+psycopg://clerk:secret@127.0.0.1:1/desk")  # nothing listens there
    try:
        fake = SimpleNamespace(db=db, paths=SimpleNamespace(data_dir=tmp_path / "data"))
        with pytest.raises(UserError, match="无法使用数据库服务器|无法打开数据库"):
            backup(fake, tmp_path / "pg.zip")
    finally:
        db.dispose()
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_missing_folder_is_a_chinese_message_and_no_file(services, tmp_path):
    target = tmp_path / "不存在的文件夹" / "b.zip"
    with pytest.raises(UserError, match="文件夹不存在"):
        backup(services, target)
    assert not target.parent.exists()


def test_disk_full_leaves_nothing_behind(services, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)  # the rename that would put the backup in place
    with pytest.raises(UserError, match="磁盘空间已满"):
        backup(services, out / "b.zip")
    assert list(out.iterdir()) == []


def test_cancel_leaves_nothing_behind(services, agency, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    seen = []

    def cancel(done, total):
        seen.append((done, total))
        return False

    with pytest.raises(BackupCancelled):
        backup(services, out / "b.zip", cancel)
    assert seen
    assert list(out.iterdir()) == []


def test_a_name_without_zip_gets_the_extension(services, tmp_path):
    assert backup(services, tmp_path / "备份").path == tmp_path / "备份.zip"


def test_cli_backup_end_to_end(services, agency, db_path, tmp_path):
    _add(services, agency, "命令行备份的条目")
    target = tmp_path / "cli.zip"
    out = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db_path), "backup", str(target)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert str(target) in out.stdout
    assert f"{target.stat().st_size:,} 字节" in out.stdout
    assert "目录 1 条" in out.stdout
    restored = _extract(target, tmp_path)
    assert [t for _, _, t in _rows(restored / "desk.sqlite")] == ["命令行备份的条目"]

    missing = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db_path), "backup", "/无此目录/b.zip"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("错误：备份位置的文件夹不存在")
