"""The register and appeals tabs inside the main window, and the start-up reminder it shows."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.domain.requests import RequestDraft
from desktop_app.ui import reminders, tasks
from desktop_app.ui.main_window import MainWindow


# Showing a top-level window on the offscreen platform logs this harmless warning.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_tabs_load_when_shown_and_the_reminder_names_overdue_requests(qtbot, services, monkeypatch):
    draft = RequestDraft(received_on=dt.date(2020, 3, 2), applicant_type="自然人", content="x")
    overdue = services.requests.add(
        services.agencies.current().id, draft
    )  # overdue on any later date
    shown = []
    monkeypatch.setattr(reminders, "show_info", lambda _p, _title, text: shown.append(text))
    window = MainWindow(services)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[1:] == ["依申请公开台账", "行政复议和诉讼", "年度报告"]
    assert not window.register_view.loaded
    window.start_loading()
    qtbot.waitUntil(lambda: window.loaded)
    tasks.wait_for_all()
    assert len(shown) == 1
    assert overdue.number in shown[0]
    window.show()
    window.tabs.setCurrentWidget(window.register_view)
    assert window.register_view.loaded
    assert window.register_view.model.rowCount() == 1
    window.tabs.setCurrentWidget(window.appeals)
    assert window.appeals.loaded
    assert "台账(&R)" in [a.text() for a in window.menuBar().actions()]
