"""UI fixtures: a main window on the test database, loaded, with the thread pool drained at teardown."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(qtbot, services):
    from desktop_app.ui import tasks
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    qtbot.waitUntil(lambda: win.loaded, timeout=10_000)
    yield win
    tasks.wait_for_all()
