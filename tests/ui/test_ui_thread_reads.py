"""What the window has read is handed down; what a dialog still has to read arrives in the
background, with the dialog showing that it waits (tests/test_architecture.py finds the rest)."""

from __future__ import annotations

import pytest

from desktop_app.ui import tasks
from desktop_app.ui.entry_form import EntryDialog
from desktop_app.ui.main_window import MainWindow
from tests.conftest import AGENCY_NAME


def test_the_window_shows_the_agency_read_at_start_at_once(qtbot, services):
    agency = services.settings.agency()
    window = MainWindow(services, agency)
    qtbot.addWidget(window)
    assert window.windowTitle() == f"政府信息公开工作台 — {AGENCY_NAME}[*]"
    window.note_in_title("（演示数据）")
    assert window.windowTitle() == f"政府信息公开工作台 — {AGENCY_NAME}（演示数据）[*]"


def test_a_new_entry_takes_the_publisher_the_window_read(qtbot, services, monkeypatch):
    reads = []
    monkeypatch.setattr(services.settings, "agency", lambda: reads.append(1))
    dialog = EntryDialog(services, services.classification.nodes(), publisher="县应急管理局")
    qtbot.addWidget(dialog)
    tasks.wait_for_all()
    assert dialog.publisher.text() == "县应急管理局"
    assert reads == []  # not read again


@pytest.mark.qt_log_ignore("propagateSizeHints")  # shown, offscreen
def test_a_new_entry_reads_its_publisher_in_the_background_unmodified(qtbot, services):
    dialog = EntryDialog(services, services.classification.nodes())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.publisher.text() == ""
    assert dialog.publisher.placeholderText() == "正在读取本机关名称…"
    qtbot.waitUntil(lambda: dialog.publisher.text() == AGENCY_NAME)
    assert dialog.publisher.placeholderText() == ""
    assert not dialog.is_modified()  # nothing to ask about on Esc


def test_what_the_clerk_typed_meanwhile_stays(qtbot, services):
    dialog = EntryDialog(services, services.classification.nodes())
    qtbot.addWidget(dialog)
    dialog.publisher.setText("办公室")
    qtbot.waitUntil(lambda: dialog.publisher.placeholderText() == "")
    assert dialog.publisher.text() == "办公室"
