"""Restore: a verified backup replaces the data, after a safety backup; refused while another
program has the database open, for a damaged or newer backup; a kill -9 leaves old or new whole."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from desktop_app import restore_swap
from desktop_app.app import open_services
from desktop_app.db import migrate
from desktop_app.errors import UserError
from desktop_app.services.backup import backup
from desktop_app.services.backup_verify import verify
from desktop_app.services.restore import record_restore, restore
from tests.test_backup import _add
from tests.test_backup_verify import _flip_snapshot_byte, _rewrite

FIXTURES = Path(__file__).parent / "fixtures"


def _column(services, sql) -> list:
    with services.db.engine.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql(sql)]


def _titles(services) -> set[str]:
    return set(_column(services, "SELECT title FROM catalog_entry"))


def _attachment_bytes(services) -> set[bytes]:
    """The bytes of every attachment, each checked against its recorded SHA-256."""
    found = set()
    for entry_id in set(_column(services, "SELECT entry_id FROM attachment")):
        for attachment in services.catalog.get(entry_id).attachments:
            found.add(services.catalog.verified_path(attachment).read_bytes())
    return found


def _attach(services, entry_id, tmp_path, name, payload: bytes):
    source = tmp_path / name
    source.write_bytes(payload)
    services.catalog.attach(entry_id, source)


def _cli(db_path, data_dir, *words, answer=None):
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db_path), "--data-dir", str(data_dir)]
        + list(words),
        input=answer,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.fixture
def before_and_after(services, agency, tmp_path):
    """A backup of one state, then the data changed: (backup, titles then, titles now)."""
    entry = _add(services, agency, "备份时已有的条目")[0]
    _attach(services, entry.id, tmp_path, "旧附件.txt", b"old attachment")
    made = backup(services, tmp_path / "before.zip")
    later = _add(services, agency, "备份之后新增的条目")[0]
    _attach(services, later.id, tmp_path, "新附件.txt", b"new attachment")
    return made.path, {"备份时已有的条目"}, {"备份时已有的条目", "备份之后新增的条目"}


def test_restore_puts_the_backup_back_after_a_safety_backup(
    services, before_and_after, db_path, tmp_path
):
    path, then, now = before_and_after
    result = restore(services, verify(path))

    reopened = open_services(str(db_path), tmp_path / "data")
    try:
        assert _titles(reopened) == then
        assert _attachment_bytes(reopened) == {b"old attachment"}
        record_restore(reopened, result)
    finally:
        reopened.close()
    attachments = db_path.with_name("desk-attachments")
    assert len(list(attachments.iterdir())) == 1  # the file attached later went with the old data
    safety = verify(result.safety_backup)
    assert safety.counts["entries"] == len(now)
    assert result.safety_backup.parent == tmp_path / "data" / "backups"
    leftovers = [p.name for p in db_path.parent.iterdir() if "restore" in p.name]
    assert leftovers == []


def test_only_an_administrator_restores_and_the_restore_is_in_the_trail(
    services, before_and_after, db_path, tmp_path
):
    path, _, now = before_and_after
    services.users.add("李经办", ("经办人",))
    clerk = open_services(str(db_path), tmp_path / "data", user="李经办")
    try:
        with pytest.raises(UserError, match="管理员"):
            restore(clerk, verify(path))
        assert _titles(clerk) == now  # nothing replaced
    finally:
        clerk.close()
    result = restore(services, verify(path))
    reopened = open_services(str(db_path), tmp_path / "data")
    try:
        record_restore(reopened, result)
        last = reopened.audit.events()[-1]
        assert (last.entity, last.action) == ("database", "恢复")
        assert str(path) in last.detail
        assert reopened.audit.verify()[0] is None
    finally:
        reopened.close()


def test_a_backup_of_an_older_version_is_upgraded(services, db_path, tmp_path):
    old = FIXTURES / "schema_0001.sqlite"
    snapshot = old.read_bytes()
    manifest = {
        "program": "disclosure-desk",
        "version": "0.0.1",
        "created": "2025-01-02T03:04:05+08:00",
        "schema_revision": "0001",
        "counts": {"entries": 2, "requests": 0, "reports": 0},
        "database": {
            "file": "old.sqlite",
            "size": len(snapshot),
            "sha256": hashlib.sha256(snapshot).hexdigest(),
        },
        # its attachment rows name files this test does not have: recorded as missing at backup time
        "attachments": {"folder": "old-attachments", "missing": _stored_names(old)},
    }
    path = tmp_path / "old.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("old.sqlite", snapshot)
        archive.writestr("backup.json", json.dumps(manifest))

    restore(services, verify(path))

    reopened = open_services(str(db_path), tmp_path / "data")
    try:
        assert migrate.current_revision(reopened.db) == migrate.head_revision()
        assert len(_titles(reopened)) == 2
    finally:
        reopened.close()


def _stored_names(database: Path) -> list[str]:
    with closing(sqlite3.connect(database)) as connection:
        return [name for (name,) in connection.execute("SELECT stored_name FROM attachment")]


def _make_newer(members):
    from tests.test_backup_verify import _snapshot_edited

    _snapshot_edited(members, "UPDATE alembic_version SET version_num = '9999_future'")
    manifest = json.loads(members["backup.json"])
    manifest["schema_revision"] = "9999_future"
    members["backup.json"] = json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_flip_snapshot_byte, "未通过校验"),
        (_make_newer, "该备份由更新版本的程序创建（版本 9999_future）"),
    ],
)
def test_a_damaged_or_newer_backup_changes_nothing(
    services, before_and_after, db_path, tmp_path, change, message
):
    path, _then, now = before_and_after
    damaged = _rewrite(path, change)
    with pytest.raises(UserError, match=message):
        restore(services, verify(damaged))
    reopened = open_services(str(db_path), tmp_path / "data")
    try:
        assert _titles(reopened) == now
    finally:
        reopened.close()
    assert not (tmp_path / "data" / "backups").exists()


def test_refused_while_another_program_has_the_database_open(
    services, before_and_after, db_path, tmp_path
):
    path, _then, now = before_and_after
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from desktop_app.app import open_services\n"
            "s = open_services(sys.argv[1], sys.argv[2])\n"
            "s.agencies.current()\n"  # a pooled connection stays open, as in the window
            "print('open', flush=True)\n"
            "time.sleep(60)\n",
            str(db_path),
            str(tmp_path / "data"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        out = _cli(db_path, tmp_path / "data", "restore", str(path), "--yes")
    finally:
        holder.kill()
        holder.wait()
    assert out.returncode == 1
    assert "正被另一个程序打开" in out.stderr
    assert "请先关闭它" in out.stderr
    reopened = open_services(str(db_path), tmp_path / "data")
    try:
        assert _titles(reopened) == now
    finally:
        reopened.close()


def test_cli_asks_and_a_no_changes_nothing(services, before_and_after, db_path, tmp_path):
    path, then, now = before_and_after
    services.close()
    data = tmp_path / "data"

    refused = _cli(db_path, data, "restore", str(path), answer="n\n")
    assert refused.returncode == 1
    assert "[y/N]" in refused.stdout
    assert "已取消恢复，当前数据未改动" in refused.stdout
    no_answer = _cli(db_path, data, "restore", str(path), answer="")
    assert no_answer.returncode == 1
    reopened = open_services(str(db_path), data)
    try:
        assert _titles(reopened) == now
    finally:
        reopened.close()

    accepted = _cli(db_path, data, "restore", str(path), answer="y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert "备份已校验" in accepted.stdout
    assert "目录 1 条" in accepted.stdout
    assert "恢复前的数据已备份到：" in accepted.stdout
    reopened = open_services(str(db_path), data)
    try:
        assert _titles(reopened) == then
    finally:
        reopened.close()


def test_an_interrupted_swap_is_rolled_forward_at_each_step(tmp_path):
    database = tmp_path / "desk.sqlite"
    attachments = tmp_path / "desk-attachments"

    def prepare():
        for path in tmp_path.iterdir():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        database.write_text("old")
        attachments.mkdir()
        (attachments / "a").write_text("old")
        restore_swap.staging(database).write_text("new")
        restore_swap.staging(attachments).mkdir()
        (restore_swap.staging(attachments) / "a").write_text("new")
        restore_swap.decide(database, attachments)

    steps = [
        lambda: None,
        lambda: database.rename(database.with_name("desk.sqlite.restore-old")),
        lambda: restore_swap._roll_forward(database),
        lambda: (restore_swap._roll_forward(database), restore_swap._roll_forward(attachments)),
    ]
    for step in steps:
        prepare()
        step()
        restore_swap.recover(database, attachments)
        assert database.read_text() == "new"
        assert (attachments / "a").read_text() == "new"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["desk-attachments", "desk.sqlite"]


def test_staging_left_without_a_journal_is_removed_and_the_old_data_kept(tmp_path):
    database = tmp_path / "desk.sqlite"
    attachments = tmp_path / "desk-attachments"
    database.write_text("old")
    restore_swap.staging(database).write_text("half")
    restore_swap.staging(attachments).mkdir()
    restore_swap.recover(database, attachments)
    assert database.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["desk.sqlite"]


def test_nothing_opens_the_database_while_a_restore_holds_it(services, db_path, tmp_path):
    services.close()
    with restore_swap.held(db_path), pytest.raises(UserError, match="另一个程序正在恢复备份"):
        open_services(str(db_path), tmp_path / "data")
    open_services(str(db_path), tmp_path / "data").close()  # free again, the lock file gone
    assert not db_path.with_name("desk.sqlite.restore.lock").exists()


def _unchanged(db_path, tmp_path, titles) -> None:
    """The data as it was, and no restore file left beside it."""
    reopened = open_services(str(db_path), tmp_path / "data")
    try:
        assert _titles(reopened) == titles
    finally:
        reopened.close()
    assert [p.name for p in db_path.parent.iterdir() if ".restore" in p.name] == []


def test_progress_counts_the_database_and_every_attached_file(services, before_and_after):
    path, _then, _now = before_and_after
    seen = []
    restore(services, verify(path), lambda done, total: seen.append((done, total)))
    assert seen == [(2, 2)]  # the database, then the one attached file


def test_a_backup_changed_after_it_was_checked_changes_nothing(
    services, before_and_after, db_path, tmp_path
):
    path, _then, now = before_and_after
    checked = verify(path)
    (member,) = checked.files

    def swap_attachment(members):
        members[member] = b"swapped after the check"

    shutil.copyfile(_rewrite(path, swap_attachment), path)
    with pytest.raises(UserError, match=f"{member} 在校验之后被改动"):
        restore(services, checked)
    _unchanged(db_path, tmp_path, now)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (errno.ENOSPC, "所在磁盘空间不足，无法恢复；当前数据未做任何修改"),
        (errno.EIO, "写入恢复的文件：.*；当前数据未做任何修改"),
    ],
    ids=["disk full", "write error"],
)
def test_a_disk_that_fails_while_unpacking_changes_nothing(
    services, before_and_after, db_path, tmp_path, monkeypatch, error, message
):
    path, _then, now = before_and_after
    from desktop_app.services import restore as restore_module

    def failing_fsync(_fd):  # what the disk reports when the written data cannot be kept
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(restore_module.os, "fsync", failing_fsync)
    with pytest.raises(UserError, match=message):
        restore(services, verify(path))
    monkeypatch.undo()
    _unchanged(db_path, tmp_path, now)


def test_refused_while_a_connection_of_this_process_holds_the_database(
    services, before_and_after, db_path, tmp_path
):
    path, _then, now = before_and_after
    with closing(sqlite3.connect(db_path)) as other:
        other.execute("BEGIN")
        other.execute("SELECT count(*) FROM catalog_entry").fetchone()  # a reader mid-transaction
        with pytest.raises(UserError, match="正被另一个程序打开"):
            restore(services, verify(path))
    _unchanged(db_path, tmp_path, now)
