"""Put restored files in place of the current database and attachments folder so that a kill at
any moment leaves one or the other whole, never a mix.

The restored copies are first written completely beside the current ones (`NAME.restore-new`).
Then a journal file is written in one rename: from that moment the restore is decided and is rolled
forward, now or at the next start if a kill interrupts it: each current item is renamed to
`NAME.restore-old`, each new one onto its name, the journal is removed, the old ones deleted.
Without a journal, leftovers are removed: staging copies from a kill before the decision, old
ones from a kill after it. While this runs a lock file is held, so no other program opens the
database half-swapped (`recover` refuses) and no second restore starts.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.errors import UserError
from desktop_app.filelock import try_lock
from desktop_app.staged import staged

log = logging.getLogger(__name__)

NEW = ".restore-new"
OLD = ".restore-old"


def staging(item: Path) -> Path:
    return item.with_name(f"{item.name}{NEW}")


def _old(item: Path) -> Path:
    return item.with_name(f"{item.name}{OLD}")


def _journal(database: Path) -> Path:
    return database.with_name(f"{database.name}.restore.json")


def _lock_file(database: Path) -> Path:
    return database.with_name(f"{database.name}.restore.lock")


@contextmanager
def held(database: Path) -> Iterator[None]:
    """The restore lock of `database`; UserError when another program holds it."""
    lock = _lock_file(database)
    with lock.open("a+b") as file:
        if not try_lock(file):
            raise UserError(f"另一个程序正在恢复备份到 {database}：请等它完成后再试")
        try:
            yield
        finally:
            file.close()  # first: Windows cannot remove an open file
            lock.unlink(missing_ok=True)


def recover(database: Path, attachments: Path) -> None:
    """At start-up: finish a restore a kill interrupted, or remove what it left (see above)."""
    traces = [_journal(database), _lock_file(database)]
    for item in (database, attachments):
        traces += [staging(item), _old(item)]
    if any(path.exists() for path in traces):
        with held(database):
            finish(database, attachments)


def clear_leftovers(database: Path, attachments: Path) -> None:
    for item in (database, attachments):
        _remove(staging(item))
        _remove(_old(item))


def decide(database: Path, attachments: Path) -> None:
    """The restored copies are complete: from now on the restore is rolled forward."""
    with staged(_journal(database)) as journal:
        journal.write_text(json.dumps({"items": [database.name, attachments.name]}), "utf-8")


def finish(database: Path, attachments: Path) -> None:
    journal = _journal(database)
    if journal.exists():
        # The old database's -wal/-shm must never meet the new file; the old data is discarded.
        for suffix in ("-wal", "-shm", "-journal"):
            database.with_name(f"{database.name}{suffix}").unlink(missing_ok=True)
        for item in (database, attachments):
            _roll_forward(item)
        journal.unlink()
        log.info("restored files put in place of %s and %s", database, attachments)
    clear_leftovers(database, attachments)


def _roll_forward(item: Path) -> None:
    new = staging(item)
    if not new.exists():
        return  # already in place
    if item.exists():
        _remove(_old(item))
        os.replace(item, _old(item))
    os.replace(new, item)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
