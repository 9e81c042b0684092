"""Form drafts: typing in a form is kept on disk a moment after it stops, survives a killed process,
is offered at the next start and filled back in, and goes once the form is saved or discarded."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time

import pytest

from desktop_app.ui import form_dialog, form_recovery, main_window, tasks
from desktop_app.ui.appeals_view import AppealDialog
from desktop_app.ui.entry_form import EntryDialog
from desktop_app.ui.letter_settings_dialog import LetterSettingsDialog
from desktop_app.ui.messages import DISCARD
from desktop_app.ui.recovery import FormDrafts
from desktop_app.ui.request_form import RequestDialog, read_request_form

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # top-level windows, offscreen
TITLE = "关于做好汛期地质灾害防范工作的通知"
SUMMARY = "部署汛期地质灾害隐患排查，\n明确各乡镇责任人。"


def drafts(services) -> FormDrafts:
    return FormDrafts(services.paths.data_dir, services.db.url)


def opened(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.reading)  # the letter settings are read in the background
    return dialog


def type_into(line_edit, text):
    for char in text:  # an input method commits Chinese one character at a time like this
        line_edit.insert(char)


@pytest.fixture
def discard(monkeypatch):
    monkeypatch.setattr(form_dialog, "ask_to_save", lambda _parent, _title: DISCARD)


def test_typing_is_kept_a_moment_after_it_stops_and_filled_back_in(qtbot, services, discard):
    form = opened(qtbot, EntryDialog(services, services.classification.nodes()))
    type_into(form.title, TITLE)
    form.summary.setPlainText(SUMMARY)
    form.period.setCurrentText("限期公开")
    qtbot.waitUntil(lambda: drafts(services).read("entry", None) is not None)
    qtbot.waitUntil(lambda: len(drafts(services).read("entry", None).fields) == 3)
    kept = drafts(services).read("entry", None)
    assert kept.title == "新增目录条目"
    assert sorted(str(v) for _kind, v in kept.fields.values()) == sorted(
        [TITLE, SUMMARY, "限期公开"]
    )

    again = opened(qtbot, EntryDialog(services, services.classification.nodes()))
    assert (again.title.text(), again.summary.toPlainText()) == (TITLE, SUMMARY)
    assert again.period.currentText() == "限期公开"
    assert again.isWindowModified()  # what came back is unsaved, and said so


def test_undoing_the_typing_removes_the_draft(qtbot, services):
    form = opened(qtbot, EntryDialog(services, services.classification.nodes()))
    form.title.setText(TITLE)
    qtbot.waitUntil(lambda: drafts(services).path("entry", None).exists())
    form.title.setText("")
    qtbot.waitUntil(lambda: not drafts(services).path("entry", None).exists())


@pytest.mark.parametrize("ending", ["save", "discard"])
def test_saving_or_discarding_removes_the_draft(qtbot, services, discard, ending):
    form = opened(qtbot, EntryDialog(services, services.classification.nodes()))
    form.title.setText(TITLE)
    form.generated_on.setText("2024-03-05")
    qtbot.waitUntil(lambda: drafts(services).path("entry", None).exists())
    form.save() if ending == "save" else form.reject()
    qtbot.waitUntil(lambda: not form.saving)  # a save runs in the background
    assert not form.isVisible()
    tasks.in_order_done()
    assert not drafts(services).path("entry", None).exists()
    assert [e.title for e in services.catalog.listing()] == ([TITLE] if ending == "save" else [])


def test_each_record_and_form_has_its_own_draft(qtbot, services, agency, discard):
    from desktop_app.domain.catalog import EntryDraft

    saved = services.catalog.add(agency.id, EntryDraft("已有条目", dt.date(2024, 1, 2)))
    edit = opened(qtbot, EntryDialog(services, services.classification.nodes(), entry=saved))
    edit.keywords.setText("防汛")
    request = opened(qtbot, RequestDialog(services, read_request_form(services, None)))
    request.content.setPlainText("本单位2023年部门预算")
    appeal = opened(qtbot, AppealDialog(services))
    appeal.remarks.setText("已收到复议申请书")
    settings = opened(qtbot, LetterSettingsDialog(services))
    settings.review_body.setText("某某县人民政府")
    expected = {
        ("entry", saved.id),
        ("request", None),
        ("appeal", None),
        ("letter-settings", agency.id),
    }
    qtbot.waitUntil(lambda: {(d.kind, d.record_id) for d in drafts(services).all()} == expected)
    tasks.in_order_done()
    assert not drafts(services).path("entry", None).exists()  # the new-entry form is untouched
    hints = {d.kind: d.hint() for d in drafts(services).all()}
    assert hints["request"] == "本单位2023年部门预算"
    assert hints["letter-settings"] == "某某县人民政府"


def test_a_letter_template_draft_survives_the_template_choice(qtbot, services, discard):
    form = opened(qtbot, LetterSettingsDialog(services))
    form.template_key.setCurrentIndex(1)
    form.template.setPlainText("本单位改写的模板正文。{依据}")
    qtbot.waitUntil(lambda: drafts(services).read("letter-settings", form.agency_id) is not None)
    qtbot.waitUntil(
        lambda: len(drafts(services).read("letter-settings", form.agency_id).fields) == 2
    )
    again = opened(qtbot, LetterSettingsDialog(services))
    assert again.template_key.currentIndex() == 1
    assert again.template.toPlainText() == "本单位改写的模板正文。{依据}"


# -- after a kill -----------------------------------------------------------------------------
TYPIST = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_app.app import open_services
from desktop_app.ui.entry_form import EntryDialog
from desktop_app.ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(open_services(sys.argv[1], sys.argv[2], create=False))
window.show()
window.start_loading()

def type_in_the_form():
    form = next(w for w in app.topLevelWidgets() if isinstance(w, EntryDialog) and w.isVisible())
    for char in {title!r}:
        form.title.insert(char)
    form.generated_on.setText("2024-3-5")
    form.summary.setPlainText({summary!r})
    print("typed", flush=True)

QTimer.singleShot(300, window.add_entry)  # the form runs modal, as when the user opens it
QTimer.singleShot(800, type_in_the_form)
app.exec()
"""


@pytest.mark.parametrize("answer", [True, False])
def test_a_killed_window_loses_no_typing_and_the_next_start_offers_it(
    qtbot, services, db_path, monkeypatch, answer
):
    script = textwrap.dedent(TYPIST).format(title=TITLE, summary=SUMMARY)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    data_dir = str(services.paths.data_dir)
    typist = subprocess.Popen(
        [sys.executable, "-c", script, str(db_path), data_dir],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert typist.stdout.readline().strip() == "typed", typist.stderr.read()
        deadline = time.monotonic() + 60
        while not (draft := drafts(services).read("entry", None)) or len(draft.fields) < 3:
            assert time.monotonic() < deadline, "the draft was never written"
            time.sleep(0.1)
    finally:
        typist.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no chance to save
        typist.wait()

    asked, shown = [], []
    monkeypatch.setattr(
        form_recovery, "ask_to_recover", lambda _p, text: asked.append(text) or answer
    )

    def user_saves(dialog):
        dialog.show()
        shown.append((dialog.title.text(), dialog.summary.toPlainText()))
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)  # a save runs in the background
        return dialog.result()

    monkeypatch.setattr(EntryDialog, "exec", user_saves)
    win = main_window.MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.start_loading()
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert "“新增目录条目”中有未保存的内容（“关于做好汛期地质灾害防范工作的通知”）" in asked[0]
    if answer:
        qtbot.waitUntil(lambda: shown == [(TITLE, SUMMARY)])
        assert [(e.title, e.generated_on) for e in services.catalog.listing()] == [
            (TITLE, dt.date(2024, 3, 5))
        ]
    else:
        assert shown == []
        assert services.catalog.listing() == []
    tasks.in_order_done()
    assert drafts(services).all() == []


def test_a_draft_of_a_withdrawn_entry_is_explained_and_dropped(
    qtbot, services, agency, monkeypatch
):
    from desktop_app.domain.catalog import EntryDraft
    from desktop_app.ui.recovery import FormDraft

    saved = services.catalog.add(agency.id, EntryDraft("已有条目", dt.date(2024, 1, 2)))
    services.catalog.withdraw(saved.id, "废止", dt.date(2024, 6, 1))
    drafts(services).keep(
        FormDraft("entry", saved.id, "编辑目录条目", {"title": ("QLineEdit", "新")})
    )
    errors = []
    monkeypatch.setattr(form_recovery, "ask_to_recover", lambda _p, _text: True)
    monkeypatch.setattr(form_recovery, "show_error", lambda _p, _t, text: errors.append(text))
    win = main_window.MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    qtbot.waitUntil(lambda: bool(errors))
    assert "不能再修改" in errors[0]
    tasks.in_order_done()
    assert drafts(services).all() == []


def _start_window(qtbot, services):
    win = main_window.MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    return win


def test_an_appeal_draft_is_read_off_the_ui_thread_and_reopened(
    qtbot, services, agency, monkeypatch
):
    import threading

    from desktop_app.db.repositories.requests import RequestRepository
    from desktop_app.domain.requests import AppealDraft, Applicant, RequestDraft
    from desktop_app.ui.recovery import FormDraft

    draft = RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="某文件")
    request = services.requests.add(agency.id, draft, Applicant(name="李华"))
    appeal = services.requests.add_appeal(request.id, AppealDraft("行政复议", dt.date(2024, 4, 1)))
    drafts(services).keep(
        FormDraft("appeal", appeal.id, "编辑复议/诉讼", {"remarks": ("QLineEdit", "已收到答复书")})
    )
    readers, reopened = [], []
    read_appeals = RequestRepository.appeals

    def appeals(repository):
        readers.append(threading.current_thread() is threading.main_thread())
        return read_appeals(repository)

    def user_looks(dialog):
        dialog.show()
        reopened.append(dialog.remarks.text())
        return dialog.result()

    monkeypatch.setattr(RequestRepository, "appeals", appeals)
    monkeypatch.setattr(AppealDialog, "exec", user_looks)
    monkeypatch.setattr(form_recovery, "ask_to_recover", lambda _p, _text: True)
    _start_window(qtbot, services)
    qtbot.waitUntil(lambda: reopened == ["已收到答复书"])
    assert readers
    assert not any(readers)  # every read ran in the background


def test_a_draft_of_a_deleted_record_is_explained_and_the_next_is_still_offered(
    qtbot, services, monkeypatch
):
    from desktop_app.ui.recovery import FormDraft

    drafts(services).keep(
        FormDraft("appeal", 999, "编辑复议/诉讼", {"remarks": ("QLineEdit", "x")})
    )
    asked, errors = [], []
    monkeypatch.setattr(
        form_recovery, "ask_to_recover", lambda _p, text: asked.append(text) or True
    )
    monkeypatch.setattr(form_recovery, "show_error", lambda _p, _t, text: errors.append(text))
    monkeypatch.setattr(EntryDialog, "exec", lambda dialog: dialog.result())
    tasks.in_order_done()  # drafts are written off the UI thread
    os.utime(drafts(services).path("appeal", 999), (1, 1))  # the oldest: offered first
    drafts(services).keep(FormDraft("entry", None, "新增目录条目", {"title": ("QLineEdit", TITLE)}))
    _start_window(qtbot, services)
    qtbot.waitUntil(lambda: len(asked) == 2)
    assert "已不存在" in errors[0]
    tasks.in_order_done()
    assert not drafts(services).path("appeal", 999).exists()
