"""kill -9 at several moments of a restore: the next start finds the old data or the restored data,
whole (every row and every attachment's SHA-256), never a mix and no staging copy left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from desktop_app.app import open_services
from desktop_app.services.backup import backup
from tests.test_backup import _add
from tests.test_backup_safety import _kill_when
from tests.test_restore import _attachment_bytes, _titles

FILES = 80

# Runs the command line; with a count N ≥ 0, SIGKILLs itself after the swap's journal is written
# and N renames of the swap have been made.
KILLED_AFTER_RENAMES = """
import os, signal, sys
from desktop_app import restore_swap
from desktop_app.cli import run

count = int(sys.argv[1])
renames = []
real_decide, real_replace = restore_swap.decide, os.replace

def die_when_due():
    if len(renames) == count:
        os.kill(os.getpid(), signal.SIGKILL)

def decide(*args):
    real_decide(*args)
    die_when_due()
    restore_swap.os.replace = replace

def replace(*args):
    real_replace(*args)
    renames.append(args)
    die_when_due()

if count >= 0:
    restore_swap.decide = decide
sys.exit(run(sys.argv[2:]))
"""


def _fill(services, agency, tmp_path, label):
    """Entries and attached random files; returns (titles, attachment bytes)."""
    titles = [f"{label}条目{n}" for n in range(20)]
    entry = _add(services, agency, *titles)[0]
    source = tmp_path / f"source-{label}"
    source.mkdir()
    for number in range(FILES):
        path = source / f"{number}.bin"
        path.write_bytes(os.urandom(100_000))
        services.catalog.attach(entry.id, path)
    return set(titles), _attachment_bytes(services)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is a POSIX signal")
def test_a_killed_restore_leaves_old_or_new_whole(services, agency, db_path, tmp_path):
    data = tmp_path / "data"
    other = open_services(str(tmp_path / "b" / "desk.sqlite"), data)
    try:
        other.agencies.create(agency.name, agency.code)
        new_state = _fill(other, other.agencies.current(), tmp_path, "新")
        archive = backup(other, tmp_path / "b.zip").path
    finally:
        other.close()
    old_state = _fill(services, agency, tmp_path, "旧")
    services.close()  # the WAL is checkpointed: the file alone is the old data
    pristine = tmp_path / "pristine"
    pristine.mkdir()
    attachments = db_path.with_name("desk-attachments")
    shutil.copy2(db_path, pristine / db_path.name)
    shutil.copytree(attachments, pristine / attachments.name)

    def put_back_old_data():
        for path in db_path.parent.iterdir():
            if path.name.startswith("desk"):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        shutil.copy2(pristine / db_path.name, db_path)
        shutil.copytree(pristine / attachments.name, attachments)

    new_db = db_path.with_name("desk.sqlite.restore-new")
    new_folder = attachments.with_name("desk-attachments.restore-new")
    points = {
        "while starting": lambda: True,
        "lock taken": db_path.with_name("desk.sqlite.restore.lock").exists,
        "safety backup being written": lambda: any((data / "backups").glob("*.tmp")),
        "database unpacked": new_db.exists,
        "attachments half unpacked": lambda: (
            new_folder.is_dir() and len(os.listdir(new_folder)) > FILES // 2
        ),
        "decided": db_path.with_name("desk.sqlite.restore.json").exists,
        "swapping": db_path.with_name("desk.sqlite.restore-old").exists,
    }
    # The swap takes microseconds, too short to catch from outside: the restoring process kills
    # itself (a real SIGKILL) after the journal, and after each rename of the swap.
    renames = {
        "after the decision": 0,
        "database moved aside": 1,
        "database in place": 2,
        "attachments moved aside": 3,
        "attachments in place": 4,
    }
    outcomes = {}
    for point in [*points, *renames]:
        put_back_old_data()
        arguments = [
            "--db",
            str(db_path),
            "--data-dir",
            str(data),
            "restore",
            str(archive),
            "--yes",
        ]
        process = subprocess.Popen(
            [sys.executable, "-c", KILLED_AFTER_RENAMES, str(renames.get(point, -1)), *arguments],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if point == "while starting":
            time.sleep(0.3)
        _kill_when(process, points.get(point, lambda: False))
        killed = process.returncode == -signal.SIGKILL

        reopened = open_services(str(db_path), data)  # the next start
        try:
            state = (_titles(reopened), _attachment_bytes(reopened))
        finally:
            reopened.close()
        assert state in (old_state, new_state), point
        outcomes[point] = (
            "killed" if killed else "finished",
            "new" if state == new_state else "old",
        )
        traces = [p.name for p in db_path.parent.iterdir() if ".restore" in p.name]
        assert traces == [], point
        assert list((data / "staging").glob("*")) == [], point
        assert not any((data / "backups").glob("*.tmp")), point
    for point in renames:
        assert outcomes[point] == ("killed", "new"), point
    killed = [point for point in points if outcomes[point][0] == "killed"]
    assert len(killed) >= 4, outcomes
