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


def test_letter_settings_wait_for_their_read_and_can_be_closed_meanwhile(qtbot, services):
    from desktop_app.ui.letter_settings_dialog import LetterSettingsDialog

    dialog = LetterSettingsDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.reading_note.text() == "正在读取文书设置…"
    assert not dialog.short_name.isEnabled()
    dialog.save()  # Ctrl+S before the settings are in: nothing to build on, nothing saved
    assert not dialog.saving
    dialog.reject()  # closed while reading: the read's answer finds nobody to fill
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not tasks.pending())
    again = LetterSettingsDialog(services)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: not again.reading)
    assert again.short_name.isEnabled()
    assert again.reading_note.isHidden()
    assert again.version.text() == "默认文本（未修改）"


def test_a_failed_read_is_said_and_nothing_can_be_saved(qtbot, services, monkeypatch):
    from desktop_app.errors import UserError
    from desktop_app.ui.letter_settings_dialog import LetterSettingsDialog

    def unreadable():
        raise UserError("数据库正忙")

    monkeypatch.setattr(services.letter_service, "agency_id", unreadable)
    dialog = LetterSettingsDialog(services)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "读取失败" in dialog.reading_note.text())
    assert "数据库正忙" in dialog.reading_note.text()
    assert not dialog.short_name.isEnabled()
    dialog.save()
    assert not dialog.saving
