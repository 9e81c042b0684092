"""The request form: inline messages that save nothing, saving, the outcome tree, the derived due date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from desktop_app.domain.deadlines import (
    CORRECTION_NOTICE,
    CORRECTION_RECEIVED,
    FEE_NOTICE,
    FEE_SETTLED,
    ClockEvent,
)
from desktop_app.domain.letter_records import LetterSettings
from desktop_app.domain.requests import Applicant, RequestDraft
from desktop_app.ui.request_form import RequestDialog, read_request_form

D = dt.date


@pytest.fixture
def new_form(qtbot, services):
    dialog = RequestDialog(services, read_request_form(services, None), today=D(2024, 10, 25))
    qtbot.addWidget(dialog)
    return dialog


def pick(tree, label):
    item = next(i for i in tree.leaves() if i.text(0) == label)
    tree.setCurrentItem(item)
    item.setSelected(True)


def shown_errors(dialog):
    return {name: label.text() for name, label in dialog.errors.items() if not label.isHidden()}


def test_bad_date_shows_inline_message_and_saves_nothing_then_fixed_saves(
    qtbot, new_form, services
):
    new_form.received_on.setText("2024-13-01")
    new_form.content.setPlainText("本单位2023年部门预算")
    new_form.applicant_fields["name"].setText("张三")
    new_form.save()
    qtbot.waitUntil(lambda: not new_form.saving)
    errors = shown_errors(new_form)
    assert set(errors) == {"收到日期"}
    assert "不存在" in errors["收到日期"]
    assert new_form.result() != QDialog.DialogCode.Accepted
    assert services.requests.all() == []
    new_form.received_on.setText("2024-10-08")
    new_form.save()
    qtbot.waitUntil(lambda: not new_form.saving)
    assert new_form.result() == QDialog.DialogCode.Accepted
    saved = services.requests.all()
    assert [r.content for r in saved] == ["本单位2023年部门预算"]
    assert new_form.saved == saved[0]
    assert saved[0].number == "2024-0001"
    assert services.requests.applicant(saved[0].id).name == "张三"


def test_an_unreadable_field_does_not_hide_the_other_problems(qtbot, new_form, services):
    new_form.received_on.setText("2024-10-08")
    new_form.answered_on.setText("2024-02-30")
    new_form.fee.setText("十元")
    new_form.save()  # 申请内容 is empty too
    qtbot.waitUntil(lambda: not new_form.saving)
    errors = shown_errors(new_form)
    assert set(errors) == {"办结日期", "信息处理费", "申请内容"}
    assert "不存在" in errors["办结日期"]
    assert errors["申请内容"].startswith("不能为空")
    assert services.requests.all() == []


def test_domain_problems_appear_next_to_their_fields(qtbot, new_form, services):
    new_form.received_on.setText("2024-10-08")
    new_form.answered_on.setText("2024-10-01")  # before receipt, and no outcome chosen
    new_form.save()
    qtbot.waitUntil(lambda: not new_form.saving)
    errors = shown_errors(new_form)
    assert set(errors) == {"申请内容", "办理结果", "办结日期"}
    assert "早于收到日期" in errors["办结日期"]
    assert services.requests.all() == []


def test_outcome_is_picked_from_the_official_tree_leaves_only(qtbot, new_form, services):
    tree = new_form.outcome
    headings = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    group = next(h for h in headings if h.text(0) == "不予公开")
    assert group.childCount() == 8
    tree.setCurrentItem(group)
    assert tree.outcome() == ""  # a group heading is not an outcome
    new_form.received_on.setText("2024-10-08")
    new_form.content.setPlainText("某项信息")
    new_form.answered_on.setText("2024-10-20")
    pick(tree, "属于国家秘密")
    new_form.save()
    qtbot.waitUntil(lambda: not new_form.saving)
    assert new_form.saved is not None
    assert services.requests.get(new_form.saved.id).outcome == "属于国家秘密"


def test_due_date_is_derived_and_explained_and_follows_clock_events(qtbot, new_form):
    new_form.received_on.setText("2024-09-27")
    assert new_form.due_label.text() == "2024-10-30"
    assert "国庆节" in new_form.explanation.text()
    assert "第20个工作日" in new_form.explanation.text()
    new_form.add_event(CORRECTION_NOTICE, "2024-09-29")
    assert new_form.due_label.text() != "2024-10-30"
    assert "暂停" in new_form.due_label.text()
    new_form.add_event(CORRECTION_RECEIVED, "2024-10-09")
    assert new_form.due_label.text() == "2024-11-05"  # 10-12 (Sat) is a make-up working day
    assert "重新计算" in new_form.explanation.text()
    new_form.received_on.setText("不是日期")
    assert new_form.due_label.text() == "—"


@pytest.mark.parametrize("stops", [False, True])
def test_the_payment_period_is_explained_by_the_office_setting(qtbot, services, stops):
    services.letters.save_settings(
        services.agencies.current().id, LetterSettings(payment_stops_clock=stops)
    )
    form = RequestDialog(services, read_request_form(services, None), today=D(2024, 3, 20))
    qtbot.addWidget(form)
    form.received_on.setText("2024-03-01")
    form.add_event(FEE_NOTICE, "2024-03-04")
    assert ("暂停" in form.due_label.text()) is stops
    assert "缴费期限至" in form.due_label.text() + form.explanation.text()
    form.add_event(FEE_SETTLED, "2024-03-08")
    assert form.due_label.text() == ("2024-04-07" if stops else "2024-03-29")
    counted = "缴费期间计入答复期限" in form.explanation.text()
    left_out = "缴费期间 3月5日–8日 不计" in form.explanation.text()
    assert (counted, left_out) == (not stops, stops)


def test_editing_keeps_the_stored_request_when_an_event_is_wrong(qtbot, services):
    agency = services.agencies.current()
    request = services.requests.add(
        agency.id,
        RequestDraft(
            received_on=D(2024, 9, 2),
            applicant_type="商业企业",
            content="原内容",
            events=(ClockEvent(CORRECTION_NOTICE, D(2024, 9, 3)),),
        ),
        Applicant(phone="13800000000"),
    )
    dialog = RequestDialog(services, read_request_form(services, request.id), today=D(2024, 10, 25))
    qtbot.addWidget(dialog)
    assert dialog.applicant_type.currentText() == "商业企业"
    assert dialog.applicant_fields["phone"].text() == "13800000000"
    assert dialog.events.rowCount() == 1
    assert "暂停" in dialog.due_label.text()
    dialog.content.setPlainText("新内容")
    dialog.add_event(CORRECTION_RECEIVED, "2024-08-01")  # before receipt
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert "早于收到日期" in shown_errors(dialog)["办理过程"]
    assert services.requests.get(request.id).content == "原内容"
    dialog.events.item(1, 1).setText("2024-09-10")
    dialog.applicant_fields["phone"].setText("13900000000")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    stored = services.requests.get(request.id)
    assert stored.content == "新内容"
    assert stored.number == request.number
    assert ClockEvent(CORRECTION_RECEIVED, D(2024, 9, 10)) in stored.events
    assert services.requests.applicant(request.id).phone == "13900000000"


def test_field_limits_show_in_the_form_and_save_nothing(qtbot, new_form, services):
    new_form.received_on.setText("9999-01-01")
    new_form.content.setPlainText("排水\u202e规划")
    new_form.fee.setText("NaN")
    new_form.applicant_fields["phone"].setText("1" * 41)
    new_form.save()
    qtbot.waitUntil(lambda: not new_form.saving)
    errors = shown_errors(new_form)
    assert "1949-01-01 至 2100-12-31" in errors["收到日期"]
    assert "U+202E" in errors["申请内容"]
    assert "不是数字" in errors["信息处理费"]
    assert new_form.result() != QDialog.DialogCode.Accepted
    new_form.received_on.setText("2024-10-08")
    new_form.content.setPlainText("排水规划")
    new_form.fee.setText("0")
    new_form.save()  # the applicant's phone is checked when saving, with the field named
    qtbot.waitUntil(lambda: not new_form.saving)
    assert "联系电话：过长（41 字），最多 40 字" in new_form.general_error.text()
    assert services.requests.all() == []
