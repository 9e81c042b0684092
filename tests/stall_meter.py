"""Measure how long the UI thread stops answering: a QTimer ticks every 10 ms on it, and the
longest gap between two ticks is the longest stall a user would have felt.

Shared by tests/ui/test_ui_stall.py and bench/bench_ui_stall.py. Only the time the event loop
runs is measured: wait with qtbot.waitUntil (or QApplication.processEvents) while it is on.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer

TICK_MS = 10


class StallMeter(QObject):
    """Use as a context manager around the work to watch; read `longest` and `gaps_over()` after."""

    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self, interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self._last = 0.0

    def __enter__(self) -> StallMeter:
        self.gaps.clear()
        self._last = time.perf_counter()
        self._timer.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._tick()  # a stall running up to the end counts too
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    @property
    def longest(self) -> float:
        """The longest stall in seconds."""
        return max(self.gaps, default=0.0)

    def gaps_over(self, seconds: float) -> list[float]:
        return [gap for gap in self.gaps if gap > seconds]
