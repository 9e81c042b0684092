"""When Python's cyclic garbage collector may run: paused while a process starts, and while any
background task of the window runs (ui/tasks.py).

Start-up creates some 300,000 objects (modules, classes, the ORM's mappers, ReportLab's tables)
that live until exit, and a collection scans every object of its generations: collections during
`report export`'s start-up took ≈ 0.1 s, a sixth of the command. While paused, reference counting
still frees everything else. Whoever resumes last moves what exists then out of the collector's
sight (gc.freeze), so no later collection scans it again. The price: a reference cycle already
alive then is never collected, a few objects at most, as reference counting frees the rest.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Once running, a young collection per 100,000 new objects rather than per 700: a command or a
# long session still collects every generation, without walking the same objects over and over.
GC_THRESHOLD = (100_000, 10, 10)

_lock = threading.Lock()
_pausers = 0  # start-up (at most once) and each running task
_starting = False


def pause() -> None:
    global _pausers
    with _lock:
        _pausers += 1
        if _pausers == 1:
            gc.disable()


def resume() -> None:
    global _pausers
    with _lock:
        _pausers -= 1
        if _pausers == 0:
            gc.freeze()
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    pause()
    try:
        yield
    finally:
        resume()


def start_up_begins() -> None:
    """First thing a process of the program does (desktop_app.__main__)."""
    global _starting
    gc.set_threshold(*GC_THRESHOLD)
    if not _starting:
        _starting = True
        pause()


def start_up_done() -> None:
    """Once the libraries are imported and the database is open; nothing when start-up was not
    paused (the program's functions called in a test's process)."""
    global _starting
    if _starting:
        _starting = False
        resume()
