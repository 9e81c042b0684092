"""UI fixtures: a main window on the test database, loaded; background work drained before teardown."""

from __future__ import annotations

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    """Before any fixture is torn down, let background tasks finish and deliver their results.

    Results then reach widgets and a database that still exist, instead of arriving while
    pytest-qt deletes the widgets or after the services have been closed.
    """
    if "qtbot" in item.fixturenames:
        from PySide6.QtWidgets import QApplication

        from desktop_app.ui import tasks

        for _ in range(20):  # a delivered result may start the next step (first page → full list)
            tasks.wait_for_all()
            QApplication.processEvents()
            if not tasks.pending():
                break
        else:
            pytest.fail("后台任务在测试结束后仍未完成")
    return (yield)


@pytest.fixture
def window(qtbot, services):
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    qtbot.waitUntil(lambda: win.loaded and win.agency is not None, timeout=10_000)
    settle(win.model)
    return win


def settle(model) -> None:
    """Wait until the catalog model has the answer to its latest query, and whatever else was read
    in the background with it (the tree's counts) has arrived."""
    from PySide6.QtTest import QTest

    from desktop_app.ui import tasks

    for _ in range(2000):
        if not model.busy and not tasks.pending():
            return
        QTest.qWait(5)
    pytest.fail("目录表格的查询 10 秒内没有返回")


def reload_and_wait(qtbot, view) -> None:
    """Reload a view that reads in the background (register, appeals) and wait until it shows."""
    with qtbot.waitSignal(view.reloaded, timeout=10_000):
        view.reload()
