"""Buttons and menu actions greyed by role: a 经办人 sees what needs 审核人 or 管理员 disabled, with
a tooltip naming the role; a user holding every role sees them enabled."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.requests import Applicant, RequestDraft
from desktop_app.domain.users import CLERK
from desktop_app.services import annual_reports
from desktop_app.ui.letters_dialog import LettersDialog
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def records(services):
    """A draft report and a request, made by the first user (every role)."""
    annual_reports.create(services, 2024, rf.FORMAT_FREE)
    draft = RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="某文件")
    return services.requests.add(services.agencies.current().id, draft, Applicant(name="李华"))


def _open(qtbot, services):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.start_loading()
    qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
    window.tabs.setCurrentWidget(window.report_view)
    view = window.report_view
    qtbot.waitUntil(lambda: view.report is not None and not view.busy, timeout=10_000)
    return window


@pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown top-level window, offscreen
def test_a_clerk_sees_sign_issue_and_restore_disabled_naming_the_role(qtbot, services, records):
    services.users.add("张三", (CLERK,))
    services.users.sign_in("张三", "")
    window = _open(qtbot, services)
    view = window.report_view
    assert not view.sign_button.isEnabled()
    assert view.sign_button.toolTip() == "需要“审核人”角色"
    assert view.submit_button.isEnabled()  # a clerk submits a draft
    assert not window.restore_action.isEnabled()
    assert window.restore_action.toolTip() == "需要“管理员”角色"
    assert not window.access_action.isEnabled()
    window.tabs.setCurrentIndex(0)  # the catalog tab re-enables its tools, but not past the role
    assert window.add_action.isEnabled()
    letters = LettersDialog(services, records)
    qtbot.addWidget(letters)
    assert not letters.issue_button.isEnabled()
    assert letters.issue_button.toolTip() == "需要“审核人”角色"
    assert not letters.correct_button.isEnabled()
    assert letters.delivery_button.isEnabled()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_every_role_sees_them_enabled(qtbot, services, records):
    window = _open(qtbot, services)
    assert window.report_view.sign_button.isEnabled()
    assert window.restore_action.isEnabled()
    assert window.access_action.isEnabled()
    letters = LettersDialog(services, records)
    qtbot.addWidget(letters)
    assert letters.issue_button.isEnabled()


def test_a_reviewer_cannot_add_catalog_entries_even_on_the_catalog_tab(qtbot, services):
    services.users.add("李四", ("审核人",))
    services.users.sign_in("李四", "")
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.start_loading()
    qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
    window.tabs.setCurrentIndex(1)
    window.tabs.setCurrentIndex(0)
    assert not window.add_action.isEnabled()
    assert window.add_action.toolTip() == "需要“经办人”角色"
    assert not window.import_action.isEnabled()
    assert window.export_action.isEnabled()
