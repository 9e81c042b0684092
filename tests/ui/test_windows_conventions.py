"""Windows habits: the usual shortcuts, Delete = 废止 with its confirmation, dates typed or picked."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.domain.catalog import EntryDraft
from desktop_app.ui.date_field import DateField
from desktop_app.ui.dialogs import WithdrawDialog
from desktop_app.ui.entry_form import EntryDialog
from tests.ui.conftest import settle

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints"),  # shown top-level windows, offscreen
    pytest.mark.filterwarnings("ignore:.*setActiveWindow:DeprecationWarning"),
]


@pytest.fixture
def active(qtbot, window):
    """The main window shown and active: shortcuts reach the active window only, and the
    offscreen platform activates none by itself."""
    window.show()
    QApplication.setActiveWindow(window)
    return window


def _add(services, title):
    agency = services.agencies.current()
    return services.catalog.add(
        agency.id, EntryDraft(title=title, generated_on=dt.date(2024, 3, 5))
    )


def test_delete_asks_to_confirm_then_withdraws(qtbot, active, services, monkeypatch):
    entry = _add(services, "关于防汛工作的通知")
    active.reload_entries()
    settle(active.model)
    active.table.selectRow(0)
    asked = []

    def confirm(dialog):
        asked.append(dialog.windowTitle())
        dialog.validity.setCurrentText("废止")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        return dialog.result()

    monkeypatch.setattr(WithdrawDialog, "exec", confirm)
    active.table.setFocus()
    qtbot.keyClick(active.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: asked != [])  # the entry is read in the background first
    assert asked == ["废止/失效目录条目[*]"]
    assert services.catalog.get(entry.id).validity == "废止"
    # on another tab Delete does nothing to the catalog
    active.tabs.setCurrentWidget(active.register_view)
    qtbot.keyClick(active.register_view, Qt.Key.Key_Delete)
    assert len(asked) == 1


def test_ctrl_f_finds_and_f5_reads_again(qtbot, active, services):
    qtbot.keyClick(active.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert active.search.hasFocus()
    _add(services, "另一个程序写入的条目")  # e.g. the command line, while the window is open
    assert active.model.total_count() == 0
    qtbot.keyClick(active.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: active.model.total_count() == 1)
    active.tabs.setCurrentWidget(active.register_view)
    qtbot.waitUntil(lambda: active.register_view.loaded)
    qtbot.keyClick(active.register_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert active.register_view.search.hasFocus()


@pytest.mark.parametrize("typed", ["2024.3.5", "2024-3-5", "2024年3月5日", "2024/03/05"])
def test_dates_are_typed_as_people_write_them(qtbot, services, typed):
    dialog = EntryDialog(services, services.classification.nodes())
    qtbot.addWidget(dialog)
    dialog.title.setText("关于防汛工作的通知")
    dialog.generated_on.setText(typed)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved.generated_on == dt.date(2024, 3, 5)


# a popup raises itself and grabs the keyboard: the offscreen platform says it cannot
@pytest.mark.qt_log_ignore("propagateSizeHints", "raise", "grabbing the keyboard")
def test_a_date_is_picked_from_the_calendar(qtbot):
    field = DateField("2024年3月5日")
    qtbot.addWidget(field)
    field.show()
    field.calendar_action.trigger()
    calendar = field.calendar
    assert calendar.isVisible()
    assert calendar.selectedDate() == QDate(2024, 3, 5)
    calendar.clicked.emit(QDate(2024, 3, 18))  # a click on the 18th
    assert field.text() == "2024-03-18"
    assert field.calendar is None
    field.setText("不是日期")
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.calendar.isVisible()
    assert field.calendar.selectedDate() == QDate.currentDate()
    field.calendar.close()
