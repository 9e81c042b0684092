"""A backup never leaves a copy of the data behind: killed (kill -9), failed on a full disk, or
with a staging file another program is still writing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from desktop_app.app import open_services, staging_ledger
from desktop_app.errors import UserError
from desktop_app.paths import AppPaths
from desktop_app.services.backup import backup
from desktop_app.staged import staged, sweep
from tests.test_backup import _add

ATTACHMENTS = 60
ATTACHMENT_SIZE = 200_000


def _attach_random_files(services, agency, tmp_path, count=ATTACHMENTS, size=ATTACHMENT_SIZE):
    entry = _add(services, agency, "含附件的条目")[0]
    source = tmp_path / "source"
    source.mkdir()
    for number in range(count):
        path = source / f"附件{number}.bin"
        path.write_bytes(os.urandom(size))  # random bytes do not compress: the zip takes a while
        services.catalog.attach(entry.id, path)


def _start_backup(db_path, data_dir, target) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "desktop_app",
        "--db",
        str(db_path),
        "--data-dir",
        str(data_dir),
    ]
    return subprocess.Popen(
        [*command, "backup", str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _kill_when(process: subprocess.Popen, ready) -> None:
    deadline = time.monotonic() + 60
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.002)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(30)


def _sqlite_copies(root: Path, database: Path) -> list[Path]:
    """Every file under `root` but the database itself that starts like a SQLite database."""
    found = []
    for path in root.rglob("*"):
        if path.is_file() and path != database and path.read_bytes()[:16] == b"SQLite format 3\0":
            found.append(path)
    return found


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is a POSIX signal")
def test_a_killed_backup_leaves_no_copy_after_the_next_start(services, agency, db_path, tmp_path):
    _attach_random_files(services, agency, tmp_path)
    data_dir = tmp_path / "data"
    out = tmp_path / "usb"
    out.mkdir()
    target = out / "备份.zip"
    staging = out / "备份.zip.tmp"
    points = {
        "while starting": lambda: True,
        "staging file created": staging.exists,
        "zip half written": lambda: staging.exists() and staging.stat().st_size > 4_000_000,
        "zip nearly written": lambda: staging.exists() and staging.stat().st_size > 11_000_000,
    }
    left_behind = 0
    for point, ready in points.items():
        process = _start_backup(db_path, data_dir, target)
        if point == "while starting":
            time.sleep(0.3)
        _kill_when(process, ready)
        assert process.returncode == -signal.SIGKILL, f"{point}: finished before the kill"
        left_behind += staging.exists()

        open_services(str(db_path), data_dir).close()  # the next start

        assert list(out.iterdir()) == [], point
        assert _sqlite_copies(tmp_path, db_path) == [], point
        assert list(staging_ledger(AppPaths.resolve(data_dir)).glob("*")) == [], point
    assert left_behind >= 2  # the kills did catch a staging file the next start had to remove


def test_a_full_disk_leaves_nothing_on_it(services, agency, tmp_path):
    _attach_random_files(services, agency, tmp_path, count=3, size=600_000)
    small = tmp_path / "small-disk"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        with pytest.raises(UserError, match="磁盘空间已满"):
            backup(services, small / "b.zip")
        assert list(small.iterdir()) == []
        assert list(staging_ledger(services.paths).glob("*")) == []
    finally:
        subprocess.run(["umount", str(small)], check=True)


def test_a_staging_file_still_being_written_is_not_swept(tmp_path):
    ledger = tmp_path / "data" / "staging"
    target = tmp_path / "b.zip"
    with staged(target, ledger) as temporary:
        temporary.write_bytes(b"being written")
        assert sweep(ledger) == []  # its writer holds the note
        assert temporary.exists()
    assert target.read_bytes() == b"being written"
    assert list(ledger.iterdir()) == []


def test_a_note_never_removes_anything_but_a_staging_file(tmp_path):
    ledger = tmp_path / "staging"
    ledger.mkdir()
    precious = tmp_path / "desk.sqlite"
    precious.write_bytes(b"data")
    (ledger / "forged.json").write_text(f'{{"path": "{precious}"}}', encoding="utf-8")
    left = tmp_path / "b.zip.tmp"
    left.write_bytes(b"left by a kill")
    (ledger / "left.json").write_text(f'{{"path": "{left}"}}', encoding="utf-8")

    assert sweep(ledger) == [left]
    assert precious.read_bytes() == b"data"
    assert list(ledger.iterdir()) == []


def test_a_backup_zips_no_file_from_outside_the_attachments_folder(services, agency, tmp_path):
    from sqlalchemy import text

    _attach_random_files(services, agency, tmp_path, count=1, size=10)
    secret = tmp_path / "secret.txt"
    secret.write_text("不该进入备份", encoding="utf-8")
    with services.db.engine.begin() as connection:
        connection.execute(text("UPDATE attachment SET stored_name = '../secret.txt'"))

    result = backup(services, tmp_path / "b.zip")

    assert result.refused == ("../secret.txt",)  # reported as leading out, never read
    assert result.missing == ()
    with zipfile.ZipFile(result.path) as archive:
        assert all("secret" not in name for name in archive.namelist())
