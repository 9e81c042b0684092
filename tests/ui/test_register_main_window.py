"""The register and appeals tabs inside the main window, and the start-up reminder banner."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from desktop_app.domain.requests import RequestDraft
from desktop_app.ui import tasks
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.request_model import PRESSING


def _request(services, received, answered=None):
    draft = RequestDraft(
        received_on=received,
        applicant_type="自然人",
        content="x",
        answered_on=answered,
        outcome="予以公开" if answered else "",
    )
    return services.requests.add(services.agencies.current().id, draft)


# Showing a top-level window on the offscreen platform logs this harmless warning.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_tabs_load_when_shown(qtbot, services):
    _request(services, dt.date(2020, 3, 2))
    window = MainWindow(services)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[1:] == ["依申请公开台账", "行政复议和诉讼", "年度报告"]
    assert not window.register_view.loaded
    window.start_loading()
    qtbot.waitUntil(lambda: window.loaded)
    window.show()
    catalog_tools = (window.toolbar, window.counts)
    assert all(tool.isVisible() for tool in catalog_tools)
    assert all(action.isEnabled() for action in window.catalog_actions)
    window.tabs.setCurrentWidget(window.register_view)
    assert window.register_view.loading  # read in the background
    qtbot.waitUntil(lambda: window.register_view.loaded)
    assert window.register_view.model.rowCount() == 1
    # The catalog's toolbar and counts belong to the catalog tab; its menu stays, with its actions
    # (and their shortcuts: Enter = 编辑条目, Delete = 废止) disabled.
    assert not any(tool.isVisible() for tool in catalog_tools)
    assert not any(action.isEnabled() for action in window.catalog_actions)
    assert [a.text() for a in window.menuBar().actions() if a.isVisible()] == [
        "文件(&F)",
        "编辑(&E)",
        "视图(&V)",
        "目录(&C)",
        "台账(&R)",
        "报告(&B)",
        "工具(&T)",
        "帮助(&H)",
    ]
    window.tabs.setCurrentWidget(window.appeals)
    qtbot.waitUntil(lambda: window.appeals.loaded)
    assert "台账(&R)" in [a.text() for a in window.menuBar().actions()]


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_start_up_reminder_is_a_banner_whose_view_button_lists_the_pressing_requests(
    qtbot, services, monkeypatch
):
    overdue = _request(services, dt.date(2020, 3, 2))  # overdue on any later date
    _request(services, dt.date(2020, 3, 3), answered=dt.date(2020, 3, 10))
    today = dt.date.today()
    _request(services, today)  # 20 working days left: not pressing
    modal = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: modal.append(dialog))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.start_loading()  # returns at once: nothing waits for the user
    assert not modal
    assert QApplication.activeModalWidget() is None
    qtbot.waitUntil(lambda: not window.reminder.isHidden(), timeout=10_000)
    assert overdue.number in window.reminder.text.text()
    assert "已超过答复期限" in window.reminder.text.text()
    assert window.statusBar().currentMessage() == "答复期限提醒：1 件已逾期，0 件即将到期"
    assert window.tabs.currentIndex() == 0  # the catalog stays in front
    window.reminder.view_button.click()
    register = window.register_view
    assert window.tabs.currentWidget() is register
    assert register.status.currentText() == PRESSING
    qtbot.waitUntil(lambda: register.loaded)
    assert [register.model.request(r).number for r in range(register.model.rowCount())] == [
        overdue.number
    ]
    assert register.model.total_count() == 3
    assert not modal


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_banner_goes_once_the_register_has_nothing_pressing(qtbot, services):
    overdue = _request(services, dt.date(2020, 3, 2))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.start_loading()
    qtbot.waitUntil(lambda: not window.reminder.isHidden(), timeout=10_000)
    answered = replace(overdue.draft(), answered_on=dt.date(2020, 3, 20), outcome="予以公开")
    services.requests.update(overdue.id, answered)
    window.register_view.changed.emit()  # what a save in the register does
    qtbot.waitUntil(window.reminder.isHidden, timeout=10_000)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_dismissed_banner_stays_dismissed(qtbot, services):
    _request(services, dt.date(2020, 3, 2))
    _request(services, dt.date(2020, 3, 3))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.start_loading()
    qtbot.waitUntil(lambda: not window.reminder.isHidden(), timeout=10_000)
    window.reminder.close_button.click()
    assert window.reminder.isHidden()
    window.register_view.changed.emit()
    tasks.wait_for_all()
    qtbot.wait(20)
    assert window.reminder.isHidden()


def test_new_request_from_the_menu_before_the_register_is_read_uses_the_holidays(
    qtbot, services, monkeypatch
):
    from desktop_app.ui.request_form import RequestDialog

    window = MainWindow(services)
    qtbot.addWidget(window)
    seen = []
    monkeypatch.setattr(
        RequestDialog, "exec", lambda d: seen.append(d._calendar) or QDialog.DialogCode.Rejected
    )
    register_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "台账(&R)")
    register_menu.actions()[0].trigger()  # 新增申请…
    assert not seen  # read in the background first
    qtbot.waitUntil(lambda: bool(seen))
    assert not window.register_view.loaded
    assert seen[0].uncovered_years(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == []


def _fee_notice(services, noticed_on):
    """A request received the day before, with a 收费通知书 (40 pages: 100 元) issued on `noticed_on`."""
    from desktop_app.domain.requests import Applicant
    from desktop_app.services import letters as letter_service

    draft = RequestDraft(
        received_on=noticed_on - dt.timedelta(days=1), applicant_type="自然人", content="x"
    )
    request = services.requests.add(services.agencies.current().id, draft, Applicant(name="李华"))
    drafted = letter_service.draft(
        services, request, "收费", noticed_on, {"缴费方式": "银行转账"}, pages=40
    )
    letter_service.issue(services, drafted)
    return request


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_fee_reminder_names_unpaid_fees_and_opens_the_fee_ledger(qtbot, services, monkeypatch):
    from desktop_app.domain.fee_ledger import Payment
    from desktop_app.domain.letter_records import LetterSettings
    from desktop_app.services.holidays import load_calendar
    from desktop_app.ui.fee_ledger_dialog import FeeLedgerDialog

    services.letters.save_settings(
        services.agencies.current().id, LetterSettings("青溪应急", review_body="青溪县人民政府")
    )
    calendar, today = load_calendar(services), dt.date.today()
    # Noticed on the latest day whose 20-working-day payment period ends within 3 working days.
    soon_day = today
    while calendar.workdays_between(today, calendar.add_workdays(soon_day, 20)) > 3:
        soon_day -= dt.timedelta(days=1)
    lapsed = _fee_notice(services, dt.date(2024, 3, 4))
    soon = _fee_notice(services, soon_day)
    _fee_notice(services, today)  # 20 working days to pay: not named
    opened = []
    monkeypatch.setattr(FeeLedgerDialog, "exec", lambda dialog: opened.append(dialog))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.start_loading()
    qtbot.waitUntil(lambda: not window.fee_reminder.isHidden(), timeout=10_000)
    text = window.fee_reminder.text.text()
    assert "1 件申请逾期未缴纳信息处理费" in text
    assert "1 件的缴费期限将在 3 个工作日内届满" in text
    assert text.index(lapsed.number) < text.index(soon.number)
    assert [line.request_number for line in window.fee_reminder.pressing] == [
        lapsed.number,
        soon.number,
    ]
    window.fee_reminder.view_button.click()
    assert window.tabs.currentWidget() is window.register_view
    assert len(opened) == 1
    qtbot.addWidget(opened[0])
    for request in (lapsed, soon):
        services.letters.record_payment(request.id, Payment(paid_on=today))
    window.register_view.changed.emit()  # what closing the ledger does
    qtbot.waitUntil(window.fee_reminder.isHidden, timeout=10_000)
