"""The one background mechanism: run a function on the QThreadPool, report back through signals.

Workers get plain arguments and never touch widgets. A function that accepts `progress` gets a
`progress(done, total) -> bool` callable; it returns False once the user has cancelled, and the
function is expected to stop and leave nothing half-saved (the services do: one transaction).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Task(QRunnable):
    """A running job: `cancel()` from the UI thread; results arrive on the UI thread via signals."""

    def __init__(self, fn: Callable[..., Any], with_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)  # we keep a reference until the signals have been delivered
        self.signals = _Signals()
        self._fn, self._with_progress = fn, with_progress
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _progress(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self._cancelled.is_set()

    def run(self) -> None:
        try:
            result = self._fn(progress=self._progress) if self._with_progress else self._fn()
        except Exception as exc:  # noqa: BLE001 - handed to on_error on the UI thread
            if not isinstance(exc, _EXPECTED):
                log.exception("background task failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def _expected() -> tuple[type[BaseException], ...]:
    from desktop_app.db.errors import UserError  # noqa: PLC0415

    return (UserError,)


_EXPECTED = _expected()
_running: set[Task] = set()


def run_in_background(
    fn: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    progress: Callable[[int, int], None] | None = None,
) -> Task:
    """Start `fn` on the global thread pool; `fn(progress=...)` when a progress slot is given."""
    task = Task(fn, with_progress=progress is not None)
    _running.add(task)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(task)
        callback(value)

    task.signals.done.connect(lambda value: finish(on_done, value))
    task.signals.failed.connect(lambda exc: finish(on_error, exc))
    if progress is not None:
        task.signals.progress.connect(progress)
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_all(msecs: int = 30_000) -> bool:
    """Block until every background task has finished (tests and shutdown)."""
    for task in list(_running):
        task.cancel()
    return QThreadPool.globalInstance().waitForDone(msecs)
