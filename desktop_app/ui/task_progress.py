"""The progress bar and 取消 button of a window's status bar, for its one background job at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QProgressBar, QPushButton, QWidget

from desktop_app.ui import tasks


class TaskProgress(QWidget):
    """Hidden until `run` starts a job; a job given `progress` moves the bar and can be cancelled.

    `running` is emitted with True when a job starts and False when it has ended, so that the
    window can disable what must not start meanwhile (a second import).
    """

    running = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, visible=False)
        self.task: tasks.Task | None = None
        self.bar = QProgressBar(maximumWidth=220)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)

    def run(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        cancellable: bool = True,
    ) -> None:
        """Start `fn` in the background; a cancellable `fn` takes `progress(done, total) -> bool`."""
        self.bar.setRange(0, 0)  # busy until the job says how far it is
        self.cancel_button.setVisible(cancellable)
        self.setVisible(self.parent() is not None)  # never as a window of its own
        self.running.emit(True)
        self.task = tasks.run_in_background(
            self,
            fn,
            lambda result: self._end(on_done, result),
            lambda exc: self._end(on_error, exc),
            self._progress if cancellable else None,
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            window = self.window()
            if isinstance(window, QMainWindow) and window is not self:
                window.statusBar().showMessage("正在取消…")

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 0))
        if total:
            self.bar.setValue(min(done, total))

    def _end(self, callback: Callable[[Any], None], value: Any) -> None:
        self.task = None
        self.setVisible(False)
        self.running.emit(False)
        callback(value)
