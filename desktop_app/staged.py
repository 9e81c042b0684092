"""Files are written beside their target and renamed onto it, so that a crash, an error or a
cancellation never leaves half a file in place of the old one.

A staging file that holds personal data (a backup being written to a USB drive) is also noted in a
ledger folder inside the data folder while it exists: a kill -9 cannot run the clean-up, so the next
start reads the ledger and removes what a dead process left behind (`sweep`). Each note stays locked
by its writer, so a second program starting meanwhile never removes a file still being written.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.filelock import try_lock

STAGING_SUFFIX = ".tmp"


@contextmanager
def staged(path: Path, ledger: Path | None = None) -> Iterator[Path]:
    """A file beside `path` to write: renamed onto `path` when the block ends normally, removed
    when it raises. With a `ledger` folder, a kill meanwhile is cleaned up by the next `sweep`."""
    tmp = path.with_name(f"{path.name}{STAGING_SUFFIX}")
    with _noted(ledger, tmp) if ledger is not None else _nothing():
        try:
            yield tmp
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _noted(ledger: Path, tmp: Path) -> Iterator[None]:
    """A locked note naming `tmp`, written before `tmp` exists and removed after it is gone."""
    ledger.mkdir(parents=True, exist_ok=True)
    note = ledger / f"{uuid.uuid4().hex}.json"
    try:
        with note.open("w+", encoding="utf-8") as file:
            try_lock(file)  # a fresh file: nobody else can hold it yet
            file.write(json.dumps({"path": str(tmp.resolve())}, ensure_ascii=False))
            file.flush()
            try:
                yield
            finally:
                tmp.unlink(missing_ok=True)
    finally:
        note.unlink(missing_ok=True)  # closed first: Windows cannot remove an open file


def sweep(ledger: Path) -> list[Path]:
    """Remove the staging files noted by processes that died writing them; returns those removed."""
    removed = []
    if not ledger.is_dir():
        return removed
    for note in sorted(ledger.glob("*.json")):
        try:
            with note.open("r+", encoding="utf-8") as file:
                if not try_lock(file):
                    continue  # its writer is alive
                try:
                    path = Path(json.loads(file.read())["path"])
                except (ValueError, KeyError, TypeError):
                    path = None
            if path is not None and not path.parent.is_dir():
                continue  # a drive not mounted now: try again at the next start
            # Only a staging name is ever removed, whatever the note says.
            if path is not None and path.name.endswith(STAGING_SUFFIX) and path.is_file():
                path.unlink()
                removed.append(path)
            note.unlink()
        except OSError:
            continue  # unreadable now: try again at the next start
    return removed
