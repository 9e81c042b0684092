"""The one background mechanism: run a function on the QThreadPool, report back through signals.

Workers get plain arguments and never touch widgets. Results go to the callbacks only while the
object that asked for them (`owner`) still exists: a dialog closed and deleted meanwhile gets
nothing. A function that accepts `progress` gets a
`progress(done, total) -> bool` callable; it returns False once the user has cancelled, and the
function is expected to stop and leave nothing half-saved (the services do: one transaction).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

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
    from desktop_app.errors import UserError  # noqa: PLC0415

    return (UserError,)


_EXPECTED = _expected()


class _Relay(QObject):
    """Lives on the UI thread and hands a task's results to its callbacks.

    The worker's signals go to these declared slots, so Qt itself queues them across threads;
    PySide6 ≥ 6.8 can crash delivering cross-thread signals to plain Python callables (PYSIDE-3124).
    """

    def __init__(
        self,
        owner: QObject,
        task: Task,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        super().__init__()
        self._owner, self._task = owner, task
        self._on_done, self._on_error, self._on_progress = on_done, on_error, progress
        task.signals.done.connect(self.done)
        task.signals.failed.connect(self.failed)
        task.signals.progress.connect(self.progress)

    @Slot(object)
    def done(self, value: Any) -> None:
        _running.pop(self._task, None)
        if self._owner_alive():
            self._on_done(value)

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        _running.pop(self._task, None)
        if self._owner_alive():
            self._on_error(exc)

    @Slot(int, int)
    def progress(self, done: int, total: int) -> None:
        if self._on_progress is not None and self._owner_alive():
            self._on_progress(done, total)

    def _owner_alive(self) -> bool:
        return shiboken6.isValid(self._owner)


_running: dict[Task, _Relay] = {}  # kept alive until their results have been delivered


def run_in_background(
    owner: QObject,
    fn: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    progress: Callable[[int, int], None] | None = None,
) -> Task:
    """Start `fn` on the global thread pool for `owner`; `fn(progress=...)` when a progress slot
    is given."""
    task = Task(fn, with_progress=progress is not None)
    _running[task] = _Relay(owner, task, on_done, on_error, progress)
    QThreadPool.globalInstance().start(task)
    return task


def pending() -> bool:
    """Whether some task has not yet delivered its result."""
    return bool(_running)


def wait_for_all(msecs: int = 30_000) -> bool:
    """Block until every background task has finished (tests and shutdown); cancels what can stop."""
    for task in list(_running):
        task.cancel()
    return QThreadPool.globalInstance().waitForDone(msecs)
