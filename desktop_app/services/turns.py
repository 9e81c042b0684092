"""Saves that wait their turn while another writer (mostly an import) holds the SQLite database.

SQLite lets one writer at a time; a save started during a long import would otherwise fail after
the busy timeout with "locked by another program". Here it waits, says once that it waits (the
form then shows "等待导入完成…"), and runs when the lock is free. Only single-transaction writes
go through here: a write that failed on the lock was rolled back, so running it again is safe.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from desktop_app.db.engine import Database
from desktop_app.errors import DatabaseBusy

T = TypeVar("T")

POLL_SECONDS = 0.05
# A lock held longer than this is no import finishing but a program left open: say so.
PATIENCE_SECONDS = 600.0


def in_turn(
    db: Database,
    write: Callable[[], T],
    waiting: Callable[[], None] | None = None,
    patience: float | None = None,
) -> T:
    """Run `write` (one transaction) once no other writer holds the database; `waiting()` is
    called once if it had to wait. Raises DatabaseBusy when the lock outlasts `patience`."""
    deadline = time.monotonic() + (PATIENCE_SECONDS if patience is None else patience)
    announced = False
    while True:
        if not db.another_writer():
            try:
                return write()
            except DatabaseBusy:  # another writer took the lock between our look and our write
                if time.monotonic() > deadline:
                    raise
        elif time.monotonic() > deadline:
            raise DatabaseBusy
        if not announced and waiting is not None:
            waiting()
            announced = True
        time.sleep(POLL_SECONDS)
