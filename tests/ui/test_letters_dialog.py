"""The letters dialog (draft beside a live preview, issue, re-export), 文书设置 and the fee ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from desktop_app.app import open_services
from desktop_app.domain.deadlines import CORRECTION_NOTICE
from desktop_app.domain.fee_ledger import PAID, WAIVED
from desktop_app.domain.letter_records import LetterSettings
from desktop_app.domain.requests import Applicant, RequestDraft
from desktop_app.domain.users import CLERK
from desktop_app.services import letters as service
from desktop_app.ui import form_dialog, form_recovery, letters_dialog, main_window, tasks
from desktop_app.ui.fee_ledger_dialog import FeeLedgerDialog
from desktop_app.ui.letter_settings_dialog import LetterSettingsDialog
from desktop_app.ui.letters_dialog import LettersDialog
from desktop_app.ui.messages import CANCEL, DISCARD, SAVE
from desktop_app.ui.recovery import FormDrafts
from desktop_app.ui.register_view import RegisterView
from tests.ui.conftest import reload_and_wait


@pytest.fixture
def request_(services):
    agency_id = services.agencies.current().id
    services.letters.save_settings(
        agency_id, LetterSettings("青溪应急", review_body="青溪县人民政府")
    )
    draft = RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="某文件")
    return services.requests.add(agency_id, draft, Applicant(name="李华"))


@pytest.fixture
def dialog(qtbot, services, request_):
    dialog = LettersDialog(services, request_)
    qtbot.addWidget(dialog)
    dialog.date.setDate(QDate(2024, 3, 4))
    return dialog


def _choose(dialog, kind):
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))


def _preview(qtbot, dialog):
    dialog.refresh_preview()
    qtbot.waitUntil(
        lambda: (
            dialog.preview_status.text() != letters_dialog.PREVIEWING
            and dialog.document.status() == QPdfDocument.Status.Ready
        ),
        timeout=20_000,
    )


def test_form_shows_only_the_editable_parts_and_the_preview_follows(qtbot, dialog):
    _choose(dialog, "补正")
    assert list(dialog.edits) == ["补正事项", "补正期限"]
    assert not dialog.form.isEnabled()
    _preview(qtbot, dialog)
    assert "补正事项" in dialog.problems.text()  # still to fill in: issuing is blocked
    dialog.edits["补正事项"].setPlainText("请写明所需文件的年份")
    _preview(qtbot, dialog)
    assert dialog.problems.isHidden()
    assert dialog.document.pageCount() == 1
    _choose(dialog, "答复")
    assert dialog.form.isEnabled()
    dialog.form.setCurrentText("国家秘密")
    assert list(dialog.edits) == ["理由"]


def test_issue_freezes_the_letter_and_updates_the_register(
    qtbot, dialog, services, request_, monkeypatch, tmp_path
):
    monkeypatch.setattr(letters_dialog, "confirm", lambda *_args: True)
    _choose(dialog, "补正")
    dialog.edits["补正事项"].setPlainText("请写明所需文件的年份")
    with qtbot.waitSignal(dialog.issued, timeout=20_000) as issued:
        dialog.issue()
    letter = issued.args[0]
    assert letter.number == "青溪应急依公〔2024〕1号"
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 4).text() == letter.pdf_sha256
    assert [e.kind for e in services.requests.get(request_.id).events] == [CORRECTION_NOTICE]
    dialog.table.selectRow(0)
    target = tmp_path / "again.pdf"
    dialog.export_selected(str(target))
    qtbot.waitUntil(lambda: not dialog.busy)
    assert target.read_bytes() == services.letters.pdf(letter.id)


def test_issue_with_missing_parts_issues_nothing(qtbot, dialog, services, monkeypatch):
    monkeypatch.setattr(letters_dialog, "confirm", lambda *_args: pytest.fail("不应询问"))
    _choose(dialog, "延期")
    dialog.issue()
    qtbot.waitUntil(lambda: "延期理由" in dialog.problems.text())
    assert services.letters.letters() == []


def settings_dialog(qtbot, services) -> LetterSettingsDialog:
    """文书设置 once its settings and templates have been read (in the background)."""
    dialog = LetterSettingsDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.reading
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    qtbot.waitUntil(lambda: not dialog.reading)
    return dialog


def test_settings_dialog_checks_the_pattern_and_versions_templates(qtbot, services, request_):
    dialog = settings_dialog(qtbot, services)
    dialog.pattern.setText("{简称}〔{年}〕")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert "序号" in dialog.errors["文号格式"].text()
    dialog.pattern.setText("{简称}函〔{年}〕{序号}号")
    dialog.template_key.setCurrentText("回执")
    dialog.template.setPlainText("我们的回执：{收到日期}\n{依据}。")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() == QDialog.DialogCode.Accepted
    agency_id = services.agencies.current().id
    assert services.letters.settings(agency_id).number_pattern == "{简称}函〔{年}〕{序号}号"
    assert services.letters.template(agency_id, "回执")[0] == 1


def test_fee_ledger_records_a_payment(qtbot, services, request_):
    drafted = service.draft(
        services, request_, "收费", dt.date(2024, 3, 4), {"缴费方式": "转账"}, pages=40
    )
    service.issue(services, drafted)
    dialog = FeeLedgerDialog(services, today=lambda: dt.date(2024, 3, 10))
    qtbot.addWidget(dialog)
    assert dialog.busy  # read in the background
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.table.item(0, 2).text() == "100"
    dialog.waive_button.click()
    assert "请先在表中选择" in dialog.error.text()
    dialog.table.selectRow(0)
    dialog.paid_on.setDate(QDate(2024, 3, 8))
    dialog.paid_button.click()
    assert not dialog.paid_button.isEnabled()  # until the payment is recorded
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.table.item(0, 4).text() == PAID
    assert services.letters.payments()[request_.id].paid_on == dt.date(2024, 3, 8)


def test_settings_dialog_sets_whether_the_payment_period_stops_the_clock(qtbot, services, request_):
    agency_id = services.agencies.current().id
    dialog = settings_dialog(qtbot, services)
    assert dialog.payment_clock.currentData() is False  # the default: the period counts
    dialog.payment_clock.setCurrentIndex(dialog.payment_clock.findData(True))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert services.letters.settings(agency_id).payment_stops_clock is True
    again = settings_dialog(qtbot, services)
    assert again.payment_clock.currentData() is True


def test_fee_waived_before_any_notice_from_the_register(qtbot, services, request_, monkeypatch):
    shown = []
    monkeypatch.setattr(FeeLedgerDialog, "exec", lambda self: shown.append(self))
    view = RegisterView(services, today=lambda: dt.date(2024, 3, 10))
    qtbot.addWidget(view)
    reload_and_wait(qtbot, view)
    view.table.selectRow(0)
    view.open_fee_ledger()
    (dialog,) = shown
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.table.rowCount() == 0
    dialog.reason.setText("申请人为低保户")
    dialog.paid_on.setDate(QDate(2024, 3, 5))
    dialog.paid_button.click()  # paying needs a notice
    assert "请先在表中选择一份收费通知" in dialog.error.text()
    dialog.waive_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.error.isHidden()
    row = [dialog.table.item(0, column).text() for column in range(dialog.table.columnCount())]
    assert row == [
        request_.number,
        "（未发收费通知）",
        "0",
        "",
        WAIVED,
        "2024-03-05 减免：申请人为低保户",
    ]


def test_register_menu_opens_the_letters_of_the_selected_request(
    qtbot, services, request_, monkeypatch
):
    opened = []
    monkeypatch.setattr(LettersDialog, "exec", lambda self: opened.append(self.request.number))
    errors = []
    monkeypatch.setattr(
        "desktop_app.ui.register_view.show_error", lambda *args: errors.append(args[2])
    )
    view = RegisterView(services, today=lambda: dt.date(2024, 3, 4))
    qtbot.addWidget(view)
    reload_and_wait(qtbot, view)
    view.open_letters()
    assert "请先在台账中选择" in errors[0]
    view.table.selectRow(0)
    view.open_letters()
    assert opened == [request_.number]


def test_delivery_and_correction_from_the_dialog(qtbot, dialog, services, monkeypatch):
    monkeypatch.setattr(letters_dialog, "confirm", lambda *_args: True)
    _choose(dialog, "补正")
    dialog.edits["补正事项"].setPlainText("错的事项")
    with qtbot.waitSignal(dialog.issued, timeout=20_000) as first:
        dialog.issue()
    dialog.issue_correction()  # nothing selected
    assert "请先在下表中选择" in dialog.problems.text()
    dialog.table.selectRow(0)
    dialog.delivered_on.setDate(QDate(2024, 2, 1))
    dialog.record_delivery()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "早于文书日期" in dialog.problems.text()
    dialog.table.selectRow(0)
    dialog.delivered_on.setDate(QDate(2024, 3, 5))
    dialog.record_delivery()
    assert not dialog.delivery_button.isEnabled()  # until the delivery is recorded
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.table.item(0, 3).text().startswith("2024-03-05")
    dialog.table.selectRow(0)
    dialog.edits["补正事项"].setPlainText("对的事项")
    with qtbot.waitSignal(dialog.issued, timeout=20_000) as second:
        dialog.issue_correction()
    assert second.args[0].replaces == first.args[0].number
    assert "错的事项" in services.letters.get(first.args[0].id).content.text
    assert dialog.table.rowCount() == 2


def test_print_goes_through_the_system_dialog(qtbot, dialog, services, request_, monkeypatch):
    drafted = service.draft(services, request_, "回执", dt.date(2024, 3, 1))
    service.issue(services, drafted)
    dialog.reload_letters()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.table.selectRow(0)
    shown = []

    class Cancelled:
        def __init__(self, printer, parent):
            shown.append(printer)

        def exec(self):
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(letters_dialog, "make_print_dialog", Cancelled)
    monkeypatch.setattr(letters_dialog, "print_pdf", lambda *_args: pytest.fail("取消后不应打印"))
    dialog.print_selected()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert len(shown) == 1


def test_settings_dialog_refuses_a_stale_save_and_reloads(qtbot, services, request_, tmp_path):
    dialog = settings_dialog(qtbot, services)
    other = open_services(services.db.url, tmp_path / "data")
    try:
        agency_id = other.agencies.current().id
        stored = other.letters.settings(agency_id)
        other.letters.save_settings(
            agency_id, replace(stored, review_body="市政府"), stored.version
        )
    finally:
        other.close()
    dialog.short_name.setText("青溪应急管理")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.conflict.isHidden()
    assert "文书设置在您打开之后已被" in dialog.conflict.message.text()
    assert "机关简称：青溪应急管理" in dialog.conflict.typed.toPlainText()
    assert services.letters.settings(agency_id).short_name == "青溪应急"  # nothing overwritten

    dialog.conflict.reload_button.click()
    qtbot.waitUntil(lambda: not dialog.conflict.reloading)
    assert dialog.review_body.text() == "市政府"
    dialog.short_name.setText("青溪应急管理")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = services.letters.settings(agency_id)
    assert (saved.short_name, saved.review_body) == ("青溪应急管理", "市政府")


# -- nothing typed is lost ---------------------------------------------------------------------
CTRL = Qt.KeyboardModifier.ControlModifier
SHOWN = pytest.mark.qt_log_ignore("propagateSizeHints")  # top-level windows, offscreen


@pytest.fixture
def answer(monkeypatch):
    """What the user answers when asked 保存 / 不保存 / 取消 (DISCARD unless a test sets it)."""
    answers = [DISCARD]
    monkeypatch.setattr(form_dialog, "ask_to_save", lambda _parent, _title: answers[-1])
    return answers


def _drafts(services):
    return FormDrafts(services.paths.data_dir, services.db.url)


@SHOWN
def test_typed_letter_is_kept_as_a_draft_and_filled_back_in(qtbot, services, request_, answer):
    first = LettersDialog(services, request_)
    qtbot.addWidget(first)
    first.show()
    _choose(first, "补正")  # a choice that replaces the text fields: they come back all the same
    first.edits["补正事项"].setPlainText("请写明所需文件的年份")
    qtbot.waitUntil(lambda: _drafts(services).read("letters", request_.id) is not None)
    kept = _drafts(services).read("letters", request_.id)
    assert kept.title == f"文书（答复书、告知书）— {request_.number}"
    assert "请写明所需文件的年份" in kept.hint()

    again = LettersDialog(services, request_)  # as after a crash: the draft file is still there
    qtbot.addWidget(again)
    again.show()
    assert again.kind.currentData() == "补正"
    assert again.edits["补正事项"].toPlainText() == "请写明所需文件的年份"
    assert again.isWindowModified()
    again.reject()  # 不保存
    assert not again.isVisible()
    tasks.in_order_done()
    assert _drafts(services).read("letters", request_.id) is None


def _saved(services):
    return FormDrafts(services.paths.data_dir, services.db.url, FormDrafts.SAVED_LETTERS)


@SHOWN
@pytest.mark.filterwarnings("ignore:.*setActiveWindow:DeprecationWarning")
def test_ctrl_s_saves_the_draft_and_never_issues(
    qtbot, dialog, services, request_, answer, monkeypatch
):
    monkeypatch.setattr(letters_dialog, "confirm", lambda *_args: pytest.fail("保存不应签发"))
    dialog.show()
    _choose(dialog, "收费")
    dialog.pages.setValue(45)
    dialog.edits[next(iter(dialog.edits))].setPlainText("按提供的页数计收")
    assert dialog.isWindowModified()
    QApplication.setActiveWindow(dialog)  # shortcuts reach the active window only
    qtbot.keyClick(dialog.edits[next(iter(dialog.edits))], Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "草稿已保存" in dialog.draft_status.text())  # once written
    assert not dialog.isWindowModified()
    assert services.letters.letters() == []
    dialog.reject()  # saved: closes without asking
    assert not dialog.isVisible()

    again = LettersDialog(services, request_)  # opened later: the letter as it was saved
    qtbot.addWidget(again)
    again.show()
    assert again.kind.currentData() == "收费"
    assert (again.date.date(), again.pages.value()) == (QDate(2024, 3, 4), 45)
    assert again.edits[next(iter(again.edits))].toPlainText() == "按提供的页数计收"
    assert not again.isWindowModified()  # what was saved is not unsaved work
    tasks.in_order_done()
    assert _drafts(services).all() == []  # and never offered as lost at the next start


@SHOWN
def test_closing_asks_and_saving_keeps_the_draft_until_issued(
    qtbot, dialog, services, request_, answer, monkeypatch
):
    dialog.show()
    _choose(dialog, "补正")
    dialog.edits["补正事项"].setPlainText("请写明所需文件的年份")
    answer.append(CANCEL)
    dialog.reject()
    assert dialog.isVisible()
    answer.append(SAVE)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())  # closes once the draft is written
    assert services.letters.letters() == []
    tasks.in_order_done()
    assert _saved(services).read("letters", request_.id) is not None

    again = LettersDialog(services, request_)
    qtbot.addWidget(again)
    again.show()
    assert again.edits["补正事项"].toPlainText() == "请写明所需文件的年份"
    monkeypatch.setattr(letters_dialog, "confirm", lambda *_args: True)
    with qtbot.waitSignal(again.issued, timeout=20_000):
        again.issue_button.click()
    assert not again.isWindowModified()
    assert [letter.kind for letter in services.letters.letters()] == ["补正"]
    tasks.in_order_done()
    assert _saved(services).read("letters", request_.id) is None  # issued: the draft is done


def test_a_clerk_saves_drafts_and_cannot_issue(qtbot, dialog, services, request_):
    services.users.add("张三", (CLERK,))
    services.users.sign_in("张三", "")
    clerk = LettersDialog(services, dialog.request)
    qtbot.addWidget(clerk)
    _choose(clerk, "延期")
    clerk.edits["延期理由"].setPlainText("需要调取档案")
    clerk.save()
    qtbot.waitUntil(lambda: "草稿已保存" in clerk.draft_status.text())
    assert _saved(services).read("letters", request_.id) is not None
    assert not clerk.issue_button.isEnabled()
    assert clerk.save_button.isEnabled()
    assert services.letters.letters() == []


@SHOWN
def test_a_draft_that_cannot_be_written_is_said_and_stays_unsaved(
    qtbot, dialog, services, request_, answer, monkeypatch
):
    folder = _saved(services).folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the drafts' folder should be")  # the write must fail
    errors: list[str] = []
    monkeypatch.setattr(letters_dialog, "show_error", lambda _p, *said: errors.append(said))
    dialog.show()
    _choose(dialog, "延期")
    dialog.edits["延期理由"].setPlainText("需要调取档案")
    dialog.save()
    qtbot.waitUntil(lambda: bool(errors))
    ((title, text),) = errors
    assert title == "草稿未保存"
    assert "无法写入" in text
    assert "草稿已保存" not in dialog.draft_status.text()
    assert dialog.isWindowModified()  # closing still asks
    assert dialog.save_button.isEnabled()


@SHOWN
def test_the_next_start_offers_the_letter_draft(qtbot, services, request_, answer, monkeypatch):
    first = LettersDialog(services, request_)
    qtbot.addWidget(first)
    first.show()
    _choose(first, "延期")
    first.edits["延期理由"].setPlainText("需要调取档案")
    qtbot.waitUntil(lambda: _drafts(services).read("letters", request_.id) is not None)
    first._draft_due.stop()  # the window "crashes": its draft stays behind
    first._drafts = None

    asked, reopened = [], []
    monkeypatch.setattr(
        form_recovery, "ask_to_recover", lambda _p, text: asked.append(text) or True
    )

    def user_looks(dialog):
        dialog.show()
        reopened.append((dialog.request.id, dialog.edits["延期理由"].toPlainText()))
        return dialog.result()

    monkeypatch.setattr(LettersDialog, "exec", user_looks)
    window = main_window.MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.start_loading()
    qtbot.waitUntil(lambda: reopened == [(request_.id, "需要调取档案")], timeout=20_000)
    assert "需要调取档案" in asked[0]


def test_an_export_that_cannot_be_written_says_so(
    qtbot, dialog, services, request_, monkeypatch, tmp_path
):
    service.issue(services, service.draft(services, request_, "回执", dt.date(2024, 3, 1)))
    dialog.reload_letters()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.table.selectRow(0)
    errors = []
    monkeypatch.setattr(letters_dialog, "show_error", lambda _p, title, text: errors.append(title))
    (tmp_path / "taken").write_text("a file, not a folder")
    dialog.export_selected(str(tmp_path / "taken" / "letter.pdf"))
    assert not dialog.export_button.isEnabled()  # while it is being written
    qtbot.waitUntil(lambda: not dialog.busy)
    assert errors == ["无法导出"]
    assert dialog.export_button.isEnabled()
