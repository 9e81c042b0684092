"""`backup verify`: a real backup passes; each kind of damage is named in Chinese and fails."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing

import pytest

from desktop_app.domain.catalog_grams import grams
from desktop_app.errors import UserError
from desktop_app.services.backup import backup
from desktop_app.services.backup_verify import verify
from tests.test_backup import _add


@pytest.fixture
def made(services, agency, tmp_path):
    entry = _add(services, agency, "甲", "乙")[0]
    source = tmp_path / "记录.txt"
    source.write_bytes("检查记录".encode() * 100)
    services.catalog.attach(entry.id, source)
    return backup(services, tmp_path / "good.zip")


def _rewrite(path, change):
    """Copy the zip with `change(members)` applied to {name: bytes} (valid CRCs: a deliberate edit)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    damaged = path.with_name("damaged.zip")
    with zipfile.ZipFile(damaged, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return damaged


def _manifest(members):
    return json.loads(members["backup.json"])


def _set_manifest(members, manifest):
    members["backup.json"] = json.dumps(manifest).encode()


def _snapshot_edited(members, sql):
    """Run `sql` on the snapshot and record its new SHA-256 and size, as a forger would."""
    with closing(sqlite3.connect(":memory:")) as copy:
        copy.deserialize(members["desk.sqlite"])
        copy.create_function("catalog_grams", 4, grams, deterministic=True)  # for the triggers
        copy.execute(sql)
        copy.commit()
        members["desk.sqlite"] = copy.serialize()
    manifest = _manifest(members)
    manifest["database"].update(
        size=len(members["desk.sqlite"]), sha256=hashlib.sha256(members["desk.sqlite"]).hexdigest()
    )
    _set_manifest(members, manifest)


def _attachment(members):
    return next(n for n in members if n.startswith("desk-attachments/"))


def _flip_snapshot_byte(members):
    data = bytearray(members["desk.sqlite"])
    data[len(data) // 2] ^= 0xFF
    members["desk.sqlite"] = bytes(data)


def _corrupt_a_page_and_record_it(members):
    data = bytearray(members["desk.sqlite"])
    data[4096 + 8 : 4096 + 200] = b"\xff" * 192  # a b-tree page's cells overwritten
    members["desk.sqlite"] = bytes(data)
    manifest = _manifest(members)
    manifest["database"].update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    _set_manifest(members, manifest)


def _path_in_manifest(members):
    manifest = _manifest(members)
    manifest["database"]["file"] = "../desk.sqlite"
    _set_manifest(members, manifest)


def _listed_hash_differs(members):
    manifest = _manifest(members)
    manifest["attachments"]["sha256"][_attachment(members)] = "0" * 64
    _set_manifest(members, manifest)


DAMAGE = {
    "snapshot changed": (
        _flip_snapshot_byte,
        "数据库快照 desk.sqlite 与说明文件记录的 SHA-256 不一致",
    ),
    "snapshot corrupt": (_corrupt_a_page_and_record_it, "完整性检查未通过|无法读取"),
    "a row deleted": (
        lambda m: _snapshot_edited(m, "DELETE FROM catalog_entry WHERE title = '乙'"),
        "目录条目数为 1，说明文件记录的是 2",
    ),
    "attachment changed": (
        lambda m: m.update({_attachment(m): b"changed"}),
        "附件 desk-attachments/.* 的内容与记录的 SHA-256 不一致",
    ),
    "attachment removed": (lambda m: m.pop(_attachment(m)), "缺少附件 desk-attachments/"),
    "manifest removed": (lambda m: m.pop("backup.json"), "缺少 backup.json"),
    "manifest not JSON": (lambda m: m.update({"backup.json": b"{"}), "说明文件 backup.json"),
    "path in manifest": (_path_in_manifest, "说明文件 backup.json"),
    "listed hash differs": (_listed_hash_differs, "在说明文件和数据库中记录的 SHA-256 不同"),
    "stored name with a path": (
        lambda m: _snapshot_edited(m, "UPDATE attachment SET stored_name = '../../x.txt'"),
        r"附件文件名 \.\./\.\./x\.txt 含有路径",
    ),
}


def test_a_good_backup_passes_with_its_counts(made):
    checked = verify(made.path)
    assert checked.counts == {"entries": 2, "requests": 0, "reports": 0}
    assert checked.attachments == 1
    assert checked.missing == ()


@pytest.mark.parametrize("damage", DAMAGE)
def test_damage_is_named(made, damage):
    change, message = DAMAGE[damage]
    damaged = _rewrite(made.path, change)
    with pytest.raises(UserError, match=f"未通过校验：.*({message})"):
        verify(damaged)


def test_a_truncated_or_bit_flipped_zip_is_refused(made, tmp_path):
    data = made.path.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(UserError, match="不是完整的 .zip 文件"):
        verify(truncated)
    with zipfile.ZipFile(made.path) as archive:
        start = archive.getinfo("desk.sqlite").header_offset + 100
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(data[:start] + bytes([data[start] ^ 0xFF]) + data[start + 1 :])
    with pytest.raises(UserError, match="desk.sqlite"):
        verify(flipped)


def _cli(db_path, *words):
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(db_path), *words],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_cli_verify(made, db_path):
    good = _cli(db_path, "backup", "verify", str(made.path))
    assert good.returncode == 0, good.stderr
    assert re.search(r"^备份完好：.*（\d{4}-\d{2}-\d{2} \d{2}:\d{2} 备份）$", good.stdout, re.M)
    assert "目录 2 条、依申请公开申请 0 件、年度报告 0 份、附件 1 个" in good.stdout

    damaged = _rewrite(made.path, _flip_snapshot_byte)
    bad = _cli(db_path, "backup", "verify", str(damaged))
    assert bad.returncode == 1
    assert bad.stderr.startswith(f"错误：备份文件 {damaged} 未通过校验：数据库快照")
    assert "Traceback" not in bad.stderr
