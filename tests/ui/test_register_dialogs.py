"""Holiday calendar dialog, the records behind a table cell, appeals, and the start-up reminder."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QDialog

from desktop_app.domain.requests import AppealDraft, RequestDraft
from desktop_app.services.holidays import holidays_file
from desktop_app.ui.appeals_view import AppealDialog, AppealsView
from desktop_app.ui.holiday_dialog import HolidayDialog
from desktop_app.ui.register_view import RegisterView
from desktop_app.ui.reminders import ReminderBanner
from desktop_app.ui.requests_sources_dialog import RequestsSourcesDialog
from tests.ui.conftest import reload_and_wait

D = dt.date


def add(services, received, answered=None, outcome="", kind="自然人"):
    draft = RequestDraft(
        received_on=received,
        applicant_type=kind,
        content="某项信息",
        answered_on=answered,
        outcome=outcome or ("予以公开" if answered else ""),
    )
    return services.requests.add(services.agencies.current().id, draft)


# -- holiday calendar ----------------------------------------------------------------------------
def fill_2027(dialog):
    dialog.year.setValue(2027)
    dialog.notice_title.setText("国务院办公厅关于2027年部分节假日安排的通知")
    dialog.notice_number.setText("国办发明电〔2026〕9号")
    dialog.holidays.setRowCount(0)
    dialog.add_holiday("国庆节", "2027-10-01", "2027-10-07", "2027-10-09")


def test_adding_a_year_recomputes_open_due_dates_and_reports_the_moves(qtbot, services, caplog):
    request = add(services, D(2027, 9, 27))  # 2027 has no built-in data: Monday–Friday, due 10-25
    view = RegisterView(services, today=lambda: D(2027, 9, 28))
    qtbot.addWidget(view)
    reload_and_wait(qtbot, view)
    assert view.model.line(0).deadline.due == D(2027, 10, 25)
    assert not view.warning.isHidden()
    dialog = HolidayDialog(services)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.years.count() >= 19  # 2008… from the shipped data
    fill_2027(dialog)
    with caplog.at_level(logging.INFO):
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.error.isHidden(), dialog.error.text()
    assert dialog.changes == [(request.number, D(2027, 10, 25), D(2027, 10, 29))]
    assert f"{request.number}：2027-10-25 → 2027-10-29" in dialog.moves.toPlainText()
    assert any(
        request.number in r.getMessage() and "2027-10-29" in r.getMessage() for r in caplog.records
    )
    assert "2027" in json.loads(holidays_file(services).read_text("utf-8"))["years"]
    [event] = services.audit.history("holidays", 2027)  # the 管理员's change is in the trail
    assert [(c.old, c.new) for c in event.changes] == [("2027-10-25", "2027-10-29")]
    assert dialog.years.item(0).text().startswith("2027年（自行添加）")
    reload_and_wait(qtbot, view)
    assert view.model.line(0).deadline.due == D(2027, 10, 29)
    assert view.warning.isHidden()


def test_only_an_administrator_changes_the_holidays(qtbot, services):
    services.users.add("张三", ("经办人",))
    services.users.sign_in("张三", "")
    dialog = HolidayDialog(services)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy)
    fill_2027(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "需要「管理员」角色" in dialog.error.text()
    assert not holidays_file(services).exists()


def test_a_bad_holiday_date_is_explained_and_nothing_is_written(qtbot, services):
    dialog = HolidayDialog(services)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy)
    fill_2027(dialog)
    dialog.holidays.item(0, 2).setText("2027-10-32")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert not dialog.error.isHidden()
    assert "第 1 行（国庆节）" in dialog.error.text()
    assert dialog.changes is None
    assert not holidays_file(services).exists()
    dialog.holidays.item(0, 2).setText("2027-10-07")
    dialog.notice_number.setText("")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "文号" in dialog.error.text()
    assert not holidays_file(services).exists()


def test_an_existing_year_can_be_loaded_for_replacement(qtbot, services):
    dialog = HolidayDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.busy  # the calendar is read in the background
    assert dialog.years.count() == 0
    qtbot.waitUntil(lambda: not dialog.busy)
    dialog.years.setCurrentRow(dialog.years.count() - 1)  # the oldest shipped year
    assert "放假" in dialog.detail.toPlainText()
    dialog.load_selected()
    assert dialog.year.value() == 2008
    assert dialog.holidays.rowCount() > 0
    assert dialog.notice_number.text()


# -- the records behind a computed cell ------------------------------------------------------------
def test_sources_dialog_lists_the_requests_behind_a_table3_cell(qtbot, services):
    first = add(services, D(2024, 3, 1), D(2024, 3, 10))
    second = add(services, D(2024, 5, 1), D(2024, 5, 20))
    add(services, D(2024, 6, 1), D(2024, 6, 9), kind="商业企业")  # another column
    add(services, D(2024, 7, 1), D(2024, 7, 9), outcome="重复申请")  # another row
    dialog = RequestsSourcesDialog(services, "（一）予以公开", "自然人", 2024)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    numbers = {dialog.records.item(r, 0).text() for r in range(dialog.records.rowCount())}
    assert numbers == {first.number, second.number}
    assert "共 2 件" in dialog.heading.text()
    with qtbot.waitSignal(dialog.request_chosen) as chosen:
        dialog._chosen(dialog.records.model().index(0, 0))
    assert chosen.args == [first.id]


def test_sources_dialog_lists_the_appeals_behind_a_table4_cell(qtbot, services):
    request = add(services, D(2024, 3, 1), D(2024, 3, 10))
    services.requests.add_appeal(request.id, AppealDraft("行政复议", D(2024, 4, 1)))
    dialog = RequestsSourcesDialog(services, "行政复议", "尚未审结", 2024)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.records.rowCount() == 1
    assert dialog.records.item(0, 0).text() == request.number


# -- appeals -----------------------------------------------------------------------------------------
def test_appeals_are_added_and_edited_with_inline_messages(qtbot, services, monkeypatch):
    request = add(services, D(2024, 3, 1), D(2024, 3, 10))
    view = AppealsView(services)
    qtbot.addWidget(view)
    reload_and_wait(qtbot, view)
    dialogs = []
    monkeypatch.setattr(
        AppealDialog, "exec", lambda d: dialogs.append(d) or QDialog.DialogCode.Rejected
    )
    view.add_appeal()
    dialog = dialogs[-1]
    dialog.request_number.setText("2024-9999")
    dialog.filed_on.setText("2024-04-01")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert "没有这个编号" in dialog.errors["申请编号"].text()
    assert services.requests.appeals() == []
    dialog.request_number.setText(request.number)
    dialog.kind.setCurrentText("行政诉讼（未经复议直接起诉）")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.saved is not None
    assert dialog.result() == QDialog.DialogCode.Accepted
    reload_and_wait(qtbot, view)
    assert view.table.rowCount() == 1
    assert "尚未审结 1 件" in view.counts.text()
    view.table.selectRow(0)
    view.edit_appeal()
    editing = dialogs[-1]
    editing.decision.setCurrentText("结果维持")
    editing.save()
    qtbot.waitUntil(lambda: not editing.saving)
    assert "请填写审结日期" in editing.errors["审结日期"].text()
    editing.decided_on.setText("2024-08-01")
    editing.save()
    qtbot.waitUntil(lambda: not editing.saving)
    [stored] = services.requests.appeals()
    assert (stored.kind, stored.result, stored.decided_on) == (
        "行政诉讼（未经复议直接起诉）",
        "结果维持",
        D(2024, 8, 1),
    )


def test_appeals_are_read_in_the_background_keeping_the_selected_one(qtbot, services):
    request = add(services, D(2024, 3, 1), D(2024, 3, 10))
    services.requests.add_appeal(request.id, AppealDraft("行政复议", D(2024, 4, 1)))
    chosen = services.requests.add_appeal(request.id, AppealDraft("行政复议", D(2024, 5, 1)))
    view = AppealsView(services)
    qtbot.addWidget(view)
    reload_and_wait(qtbot, view)
    view.table.selectRow([a.id for a in services.requests.appeals()].index(chosen.id))
    services.requests.add_appeal(
        request.id, AppealDraft("行政诉讼（未经复议直接起诉）", D(2024, 3, 20))
    )
    view.reload()
    assert view.loading
    assert view.table.rowCount() == 2  # not read on the spot
    with qtbot.waitSignal(view.reloaded, timeout=10_000):
        pass
    assert view.table.rowCount() == 3
    assert "共 3 件" in view.counts.text()
    assert view.current_appeal().id == chosen.id


# -- start-up reminder -----------------------------------------------------------------------------------
@pytest.fixture
def banner(qtbot):
    widget = ReminderBanner()
    qtbot.addWidget(widget)
    return widget


@pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown top-level widget, offscreen
def test_reminder_banner_names_overdue_and_due_soon_requests(qtbot, services, banner):
    overdue, soon = add(services, D(2024, 9, 2)), add(services, D(2024, 9, 27))
    add(services, D(2024, 10, 20))
    with qtbot.waitSignal(banner.reminded) as status:
        banner.check(services, today=D(2024, 10, 25))
    assert [line.request.number for line in banner.pressing] == [overdue.number, soon.number]
    assert not banner.isHidden()
    text = banner.text.text()
    assert "提醒" in text
    assert overdue.number in text
    assert soon.number in text
    assert "1 件申请已超过答复期限" in text
    assert status.args == ["答复期限提醒：1 件已逾期，1 件即将到期"]
    with qtbot.waitSignal(banner.view_requested):
        banner.view_button.click()
    banner.close_button.click()
    assert banner.isHidden()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown top-level widget, offscreen
def test_banner_hides_once_nothing_is_pressing(qtbot, services, banner):
    request = add(services, D(2024, 9, 2))
    add(services, D(2024, 10, 20))
    banner.check(services, today=D(2024, 10, 25))
    qtbot.waitUntil(lambda: not banner.isHidden())
    services.requests.update(
        request.id, replace(request.draft(), answered_on=D(2024, 9, 20), outcome="予以公开")
    )
    reminded = []
    banner.reminded.connect(reminded.append)
    banner.check(services, today=D(2024, 10, 25))
    qtbot.waitUntil(banner.isHidden)
    assert banner.pressing == []
    assert reminded == []


def test_the_register_menu_opens_the_calendar_and_refreshes_after_a_change(
    qtbot, services, monkeypatch
):
    add(services, D(2027, 9, 27))
    view = RegisterView(services, today=lambda: D(2027, 9, 28))
    qtbot.addWidget(view)
    reload_and_wait(qtbot, view)

    def save_2027(dialog):
        qtbot.waitUntil(lambda: not dialog.busy)
        fill_2027(dialog)
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.busy)
        return QDialog.DialogCode.Rejected  # closed with 关闭 after saving

    monkeypatch.setattr(HolidayDialog, "exec", save_2027)
    with qtbot.waitSignals([view.changed, view.reloaded]):
        view.open_holidays()
    assert view.model.line(0).deadline.due == D(2027, 10, 29)
