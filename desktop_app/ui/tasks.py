"""The one background mechanism: run a function on the QThreadPool, report back through signals.

Workers get plain arguments and never touch widgets. Results go to the callbacks only while the
object that asked for them (`owner`) still exists: a dialog closed and deleted meanwhile gets
nothing. A function that accepts `progress` gets a
`progress(done, total) -> bool` callable; it returns False once the user has cancelled, and the
function is expected to stop and leave nothing half-saved (the services do: one transaction).
A function that accepts `waiting` gets a `waiting()` callable to say it waits its turn (another
writer holds the database); the owner's `on_wait` then shows it.

While any task runs, Python's cyclic garbage collector is paused (desktop_app/collector.py): a
full collection stops every thread, and an import allocating 50,000 rows set one off every few
seconds, freezing the window for half a second each time. When the last task ends, what exists
then (a register of 20,000 requests just read, say) is moved out of the collector's sight;
otherwise its first collection would scan all of it on the UI thread.

Tasks share one interpreter lock with the UI thread, which takes it once per call from Qt into
Python (each slot, each cell a model paints) and, while a task computes, waits up to Python's
switch interval for it every time: at the default 5 ms, a window needing thirty such calls to
redraw stalled for 170–210 ms while an import read its file. The interval is 1 ms here: no
stall over 60 ms in the same case, and the import took as long (2.3 s).

`in_order` is for small writes nobody waits for but whose order matters (a crash-recovery draft
written, then removed): one thread runs them one after the other; `wait_for_all` waits for them.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop_app import collector

log = logging.getLogger(__name__)
SWITCH_INTERVAL_S = 0.001
sys.setswitchinterval(SWITCH_INTERVAL_S)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)
    waiting = Signal()


class Task(QRunnable):
    """A running job: `cancel()` from the UI thread; results arrive on the UI thread via signals."""

    def __init__(self, fn: Callable[..., Any], with_progress: bool, with_waiting: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)  # we keep a reference until the signals have been delivered
        self.signals = _Signals()
        self._fn = fn
        self._kwargs: dict[str, Callable[..., Any]] = {}
        if with_progress:
            self._kwargs["progress"] = self._progress
        if with_waiting:
            self._kwargs["waiting"] = self.signals.waiting.emit
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
            with collector.paused():
                result = self._fn(**self._kwargs)
        except Exception as exc:
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
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._owner, self._task = owner, task
        self._on_done, self._on_error, self._on_progress = on_done, on_error, progress
        self._on_wait = on_wait
        task.signals.done.connect(self.done)
        task.signals.failed.connect(self.failed)
        task.signals.progress.connect(self.progress)
        task.signals.waiting.connect(self.waiting)

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

    @Slot()
    def waiting(self) -> None:
        if self._on_wait is not None and self._owner_alive():
            self._on_wait()

    def _owner_alive(self) -> bool:
        return shiboken6.isValid(self._owner)


_running: dict[Task, _Relay] = {}  # kept alive until their results have been delivered


def run_in_background(
    owner: QObject,
    fn: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    progress: Callable[[int, int], None] | None = None,
    on_wait: Callable[[], None] | None = None,
) -> Task:
    """Start `fn` on the global thread pool for `owner`; `fn(progress=...)` when a progress slot
    is given, `fn(waiting=...)` when an `on_wait` slot is."""
    task = Task(fn, with_progress=progress is not None, with_waiting=on_wait is not None)
    _running[task] = _Relay(owner, task, on_done, on_error, progress, on_wait)
    QThreadPool.globalInstance().start(task)
    return task


def pending() -> bool:
    """Whether some task has not yet delivered its result."""
    return bool(_running)


def wait_for_all(msecs: int = 30_000) -> bool:
    """Block until every background task has finished (tests and shutdown); cancels what can stop."""
    for task in list(_running):
        task.cancel()
    in_order_done(msecs / 1000)
    return QThreadPool.globalInstance().waitForDone(msecs)


# Its thread is joined at exit, so what was handed to it is done before the process ends.
_in_order = ThreadPoolExecutor(max_workers=1, thread_name_prefix="disclosure-desk-in-order")


def in_order(fn: Callable[[], None]) -> None:
    """Run `fn` off the UI thread after everything handed here before it; nobody is told the
    result, so a failure is logged: a file that cannot be written (a full disk) in a line, anything
    else with its traceback."""

    def logged() -> None:
        try:
            fn()
        except OSError as exc:
            log.warning("background write failed: %s", exc)
        except Exception:
            log.exception("background write failed")

    _in_order.submit(logged)


def in_order_done(timeout_s: float = 30.0) -> None:
    """Block until what `in_order` was handed so far has been done."""
    _in_order.submit(lambda: None).result(timeout=timeout_s)


# a read waiting its turn: its number, function and callbacks
_Read = tuple[int, Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]]


class LatestRead:
    """Background reads for a view where only the latest counts: one asked for while another runs
    supersedes it, and the earlier one's result (or error) is dropped whenever it arrives.

    With `one_at_a_time`, a read asked for while one runs waits for it instead of running beside
    it, and a newer one takes its place while it waits: a query typed character by character then
    runs the scan of the prefix already started and of the last one, not of every prefix at once.
    """

    def __init__(self, owner: QObject, one_at_a_time: bool = False) -> None:
        self._owner = owner
        self._one_at_a_time = one_at_a_time
        self._latest = 0  # the number of the latest read asked for
        self._in_flight = False  # one_at_a_time: a read runs
        self._waiting: _Read | None = None  # one_at_a_time: the read next in turn
        self.running = False

    @property
    def asked(self) -> int:
        """How many reads have been asked for: what was computed for an earlier one is stale."""
        return self._latest

    def start(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._latest += 1
        self.running = True
        if self._one_at_a_time and self._in_flight:
            self._waiting = (self._latest, fn, on_done, on_error)
            return
        self._launch(self._latest, fn, on_done, on_error)

    def _launch(
        self,
        number: int,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._in_flight = True

        def finished(deliver: Callable[[Any], None], value: Any) -> None:
            self._in_flight = False
            if self._waiting is not None:
                waiting, self._waiting = self._waiting, None
                self._launch(*waiting)
            if number == self._latest:
                self.running = False
                deliver(value)

        run_in_background(
            self._owner,
            fn,
            lambda value: finished(on_done, value),
            lambda exc: finished(on_error, exc),
        )
