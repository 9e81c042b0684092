"""Nothing typed is lost: the report text saves itself, forms ask before dropping changes, and text
a crash left unsaved is offered at the next start."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import Section
from desktop_app.services import annual_reports
from desktop_app.ui import form_dialog, main_window, tasks
from desktop_app.ui.entry_form import EntryDialog
from desktop_app.ui.messages import CANCEL, DISCARD, SAVE
from desktop_app.ui.recovery import RecoveryFile
from desktop_app.ui.request_form import RequestDialog, read_request_form

# shown top-level windows, harmless on the offscreen platform
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
YEAR = 2021
TYPED = "本机关全年主动公开政府信息一百二十条。"


def stored_text(services) -> tuple[str, ...]:
    return annual_reports.current(services, YEAR).sections[0].paragraphs


@pytest.fixture
def report_window(qtbot, services, window):
    annual_reports.create(services, YEAR, rf.FORMAT_2021)
    window.show()
    window.tabs.setCurrentWidget(window.report_view)
    view = window.report_view
    qtbot.waitUntil(lambda: view.report is not None and not view.busy)
    view.editor.select_path((0,))
    return window


def type_text(qtbot, view, text=TYPED):
    """Type at the end of the section's text (QTest cannot send Chinese keys: an input method's
    commit is an insertion like this one)."""
    field = view.editor.paragraphs
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    qtbot.keyClicks(field, "2021")
    field.insertPlainText(text)


def test_report_text_saves_itself_once_typing_pauses(qtbot, services, report_window):
    view = report_window.report_view
    type_text(qtbot, view)
    assert view.editor.dirty
    assert report_window.isWindowModified()
    assert TYPED not in "".join(stored_text(services))  # not on every keystroke
    qtbot.waitUntil(lambda: TYPED in "".join(stored_text(services)), timeout=10_000)
    qtbot.waitUntil(lambda: not report_window.isWindowModified())


def test_closing_the_window_saves_the_text_first(qtbot, services, report_window):
    view = report_window.report_view
    type_text(qtbot, view)
    report_window.close()  # what the title-bar × and Ctrl+Q do
    assert report_window.isVisible()  # waits for the save …
    qtbot.waitUntil(lambda: not report_window.isVisible(), timeout=10_000)  # … then closes
    assert TYPED in "".join(stored_text(services))


def test_switching_tab_or_pressing_ctrl_s_saves_the_text(qtbot, services, report_window):
    view = report_window.report_view
    type_text(qtbot, view)
    view.tabs.setCurrentWidget(view.tables)
    qtbot.waitUntil(lambda: TYPED in "".join(stored_text(services)))
    view.tabs.setCurrentWidget(view.editor)
    view.editor.select_path((1,))
    type_text(qtbot, view, "第二节的文字。")
    report_window.save_action.trigger()
    qtbot.waitUntil(
        lambda: (
            "第二节的文字。"
            in "".join(annual_reports.current(services, YEAR).sections[1].paragraphs)
        )
    )


def test_unsaved_text_is_kept_for_recovery_until_saved(qtbot, services, report_window):
    view = report_window.report_view
    recovery = RecoveryFile(services.paths.data_dir, services.db.url)
    type_text(qtbot, view)
    qtbot.waitUntil(lambda: recovery.read() is not None)
    kept = recovery.read()
    assert kept.year == YEAR
    assert TYPED in "".join(kept.sections[0].paragraphs)
    qtbot.waitUntil(lambda: TYPED in "".join(stored_text(services)), timeout=10_000)
    qtbot.waitUntil(lambda: not recovery.path.exists())


@pytest.mark.parametrize("answer", [True, False])
def test_text_left_by_a_crash_is_offered_at_the_next_start(qtbot, services, monkeypatch, answer):
    from desktop_app.ui.main_window import MainWindow

    annual_reports.create(services, YEAR, rf.FORMAT_2021)
    before = annual_reports.current(services, YEAR).sections
    recovered = (Section(before[0].heading, ("崩溃前输入的文字。",)), *before[1:])
    recovery = RecoveryFile(services.paths.data_dir, services.db.url)
    recovery.keep(YEAR, recovered)
    tasks.in_order_done()  # written off the UI thread
    asked: list[str] = []
    monkeypatch.setattr(
        main_window, "ask_to_recover", lambda _parent, text: asked.append(text) or answer
    )
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    qtbot.waitUntil(lambda: bool(asked))  # the file is read in the background
    assert f"{YEAR} 年度报告" in asked[0]
    if answer:
        view = win.report_view
        qtbot.waitUntil(lambda: not view.busy and stored_text(services) == ("崩溃前输入的文字。",))
        qtbot.waitUntil(lambda: view.editor.paragraphs.toPlainText() == "崩溃前输入的文字。")
    else:
        assert annual_reports.current(services, YEAR).sections == before
    tasks.in_order_done()
    assert not recovery.path.exists()


def test_text_of_another_database_is_not_offered(services, tmp_path):
    elsewhere = RecoveryFile(services.paths.data_dir, "sqlite:///elsewhere.sqlite")
    elsewhere.keep(YEAR, ())
    tasks.in_order_done()
    assert elsewhere.path.exists()
    tasks.in_order_done()
    assert RecoveryFile(services.paths.data_dir, services.db.url).read() is None


# -- forms ---------------------------------------------------------------------------------------
@pytest.fixture
def entry_form(qtbot, services):
    dialog = EntryDialog(services, services.classification.nodes())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def answers(monkeypatch):
    """The 保存 / 不保存 / 取消 question, answered from a list; each question asked is recorded."""
    queue: list[str] = []
    asked: list[str] = []

    def ask(_parent, title):
        asked.append(title)
        return queue.pop(0) if queue else DISCARD  # a form a test left open closes at teardown

    monkeypatch.setattr(form_dialog, "ask_to_save", ask)
    return queue, asked


def test_unchanged_form_closes_without_asking(entry_form, answers):
    entry_form.reject()  # Esc and 取消 both come here
    assert answers[1] == []
    assert entry_form.result() == QDialog.DialogCode.Rejected
    assert not entry_form.isVisible()


def test_escape_with_changes_asks_and_cancel_keeps_the_form(qtbot, entry_form, answers, services):
    queue, asked = answers
    entry_form.title.setText("关于防汛工作的通知")
    assert entry_form.isWindowModified()
    queue.append(CANCEL)
    qtbot.keyClick(entry_form, Qt.Key.Key_Escape)
    assert asked == ["新增目录条目"]
    assert entry_form.isVisible()
    assert entry_form.title.text() == "关于防汛工作的通知"
    queue.append(DISCARD)
    entry_form.close()  # the title-bar ×
    assert len(asked) == 2
    assert not entry_form.isVisible()
    assert entry_form.result() == QDialog.DialogCode.Rejected
    assert services.catalog.listing() == []


def test_choosing_save_saves_or_shows_what_is_wrong(qtbot, entry_form, answers, services):
    queue, _asked = answers
    entry_form.title.setText("关于防汛工作的通知")
    entry_form.generated_on.setText("2024-02-30")
    queue.append(SAVE)
    entry_form.reject()
    assert entry_form.isVisible()
    assert not entry_form.errors["generated_on"].isHidden()
    entry_form.generated_on.setText("2024-03-05")
    queue.append(SAVE)
    entry_form.reject()
    qtbot.waitUntil(lambda: not entry_form.saving)
    assert entry_form.result() == QDialog.DialogCode.Accepted
    assert [e.title for e in services.catalog.listing()] == ["关于防汛工作的通知"]


@pytest.mark.filterwarnings("ignore:.*setActiveWindow:DeprecationWarning")
def test_ctrl_s_saves_a_form(qtbot, services, answers):
    dialog = RequestDialog(services, read_request_form(services, None), today=dt.date(2024, 10, 25))
    qtbot.addWidget(dialog)
    dialog.show()
    # shortcuts reach the active window only; the offscreen platform activates none by itself
    QApplication.setActiveWindow(dialog)
    assert dialog.windowTitle() == "登记新申请[*]"
    assert not dialog.isWindowModified()
    dialog.received_on.setText("2024-10-08")
    dialog.content.setPlainText("本单位2023年部门预算")
    dialog.applicant_fields["name"].setText("张三")
    assert dialog.isWindowModified()
    qtbot.keyClick(dialog.content, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [r.content for r in services.requests.all()] == ["本单位2023年部门预算"]


def test_holiday_year_typed_but_not_saved_is_not_dropped_silently(qtbot, services, answers):
    from desktop_app.ui.holiday_dialog import HolidayDialog
    from tests.ui.test_register_dialogs import fill_2027

    queue, asked = answers
    dialog = HolidayDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert not dialog.isWindowModified()  # the years arriving are no change of the user's
    fill_2027(dialog)
    assert dialog.isWindowModified()
    queue.append(SAVE)
    dialog.reject()  # 关闭 with the year typed: saved on request, and the dialog stays open
    qtbot.waitUntil(lambda: not dialog.busy)
    assert asked == ["节假日设置"]
    assert 2027 in dialog.calendar.schedules
    assert dialog.isVisible()
    assert not dialog.isWindowModified()
    dialog.reject()  # nothing new typed since: closes without asking
    assert len(asked) == 1
    assert not dialog.isVisible()
