"""A form whose save lost the race to another instance: refused with who and when, the clerk's
text kept on screen to copy, 重新载入 shows the stored record and the next save goes through."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from desktop_app.app import open_services
from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import Section
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.requests import AppealDraft, RequestDraft
from desktop_app.services import annual_reports
from desktop_app.ui.appeals_view import AppealDialog
from desktop_app.ui.entry_form import EntryDialog
from desktop_app.ui.report_view import ReportView


@pytest.fixture
def other(services, tmp_path):
    second = open_services(services.db.url, tmp_path / "data")
    yield second
    second.close()


def test_entry_form_refuses_a_stale_save_and_keeps_the_typed_text(qtbot, services, agency, other):
    entry = services.catalog.add(
        agency.id, EntryDraft(title="防汛预案", generated_on=dt.date(2024, 5, 6))
    )
    dialog = EntryDialog(services, services.classification.nodes(), services.catalog.get(entry.id))
    qtbot.addWidget(dialog)
    stored = other.catalog.get(entry.id)
    other.catalog.update(entry.id, replace(stored.draft(), title="防汛应急预案"), stored.version)

    dialog.title.setText("防汛预案（办公室修改）")
    dialog.summary.setPlainText("汛期值班安排。")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert not dialog.conflict.isHidden()
    assert other.db.user.name in dialog.conflict.message.text()
    typed = dialog.conflict.typed.toPlainText()
    assert "信息名称：防汛预案（办公室修改）" in typed
    assert "内容概述：汛期值班安排。" in typed
    assert services.catalog.get(entry.id).title == "防汛应急预案"  # the other save is intact

    qtbot.mouseClick(dialog.conflict.reload_button, Qt.MouseButton.LeftButton)
    assert not dialog.conflict.reload_button.isEnabled()  # read in the background
    qtbot.waitUntil(lambda: not dialog.conflict.reloading)
    assert dialog.title.text() == "防汛应急预案"
    assert "防汛预案（办公室修改）" in dialog.conflict.typed.toPlainText()  # still there to copy
    dialog.summary.setPlainText("汛期值班安排。")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = services.catalog.get(entry.id)
    assert (saved.title, saved.summary) == ("防汛应急预案", "汛期值班安排。")


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the conflict window, shown offscreen
def test_report_editor_shows_the_clerks_text_when_another_instance_saved_first(
    qtbot, services, other
):
    annual_reports.create(services, 2024, rf.FORMAT_FREE)
    view = ReportView(services)
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.report is not None and not view.busy)
    theirs = annual_reports.current(other, 2024)
    annual_reports.save(
        other, replace(theirs, sections=(Section("总体情况", ("他人写的段落。",)),))
    )

    view.editor.paragraphs.setPlainText("我写的段落。")
    view.editor.save()
    qtbot.waitUntil(lambda: view.conflict is not None and view.conflict.isVisible())
    assert "我写的段落。" in view.conflict.panel.typed.toPlainText()
    assert "修改过" in view.conflict.panel.message.text()
    assert annual_reports.current(services, 2024).sections[0].paragraphs == ("他人写的段落。",)

    qtbot.mouseClick(view.conflict.panel.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy and view.report.version > 1)
    assert view.editor.paragraphs.toPlainText() == "他人写的段落。"
    assert "我写的段落。" in view.conflict.panel.typed.toPlainText()
    qtbot.addWidget(view.conflict)


def test_request_form_reload_shows_the_stored_request_with_its_clock_events(
    qtbot, services, agency, other
):
    from desktop_app.domain.deadlines import CORRECTION_NOTICE, ClockEvent
    from desktop_app.domain.requests import RequestDraft
    from desktop_app.ui.request_form import RequestDialog, read_request_form

    draft = RequestDraft(
        received_on=dt.date(2024, 10, 8),
        applicant_type="自然人",
        content="申请公开2023年预算",
        events=(ClockEvent(CORRECTION_NOTICE, dt.date(2024, 10, 10)),),
    )
    request = services.requests.add(agency.id, draft)
    dialog = RequestDialog(
        services, read_request_form(services, request.id), today=dt.date(2024, 10, 25)
    )
    qtbot.addWidget(dialog)
    theirs = other.requests.get(request.id)
    other.requests.update(
        request.id, replace(theirs.draft(), remarks="已电话沟通"), version=theirs.version
    )
    dialog.content.setPlainText("申请公开2023年决算")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "申请内容：申请公开2023年决算" in dialog.conflict.typed.toPlainText()
    qtbot.mouseClick(dialog.conflict.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.conflict.reloading  # read in the background
    assert not dialog.conflict.reload_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.conflict.reloading)
    assert dialog.remarks.text() == "已电话沟通"
    assert dialog.content.toPlainText() == "申请公开2023年预算"
    assert dialog.events.rowCount() == 1  # the stored events once, not twice
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() == dialog.DialogCode.Accepted
    stored = services.requests.get(request.id)
    assert (stored.remarks, len(stored.events)) == ("已电话沟通", 1)


def test_appeal_form_refuses_a_stale_save_and_reloads(qtbot, services, agency, other):
    request = services.requests.add(
        agency.id,
        RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="x"),
    )
    filed = AppealDraft(kind="行政复议", filed_on=dt.date(2024, 5, 1), result="尚未审结")
    appeal = services.requests.add_appeal(request.id, filed)
    dialog = AppealDialog(services, appeal)
    qtbot.addWidget(dialog)
    other.requests.update_appeal(appeal.id, replace(filed, remarks="复议机关已受理"), 1)

    dialog.remarks.setText("申请人补充材料")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert not dialog.conflict.isHidden()
    assert other.db.user.name in dialog.conflict.message.text()
    assert "备注：申请人补充材料" in dialog.conflict.typed.toPlainText()
    [stored] = services.requests.appeals()
    assert stored.remarks == "复议机关已受理"  # the other save is intact

    qtbot.mouseClick(dialog.conflict.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.conflict.reloading)
    assert dialog.remarks.text() == "复议机关已受理"
    assert "申请人补充材料" in dialog.conflict.typed.toPlainText()
    dialog.remarks.setText("复议机关已受理；申请人补充材料")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() == dialog.DialogCode.Accepted
    [stored] = services.requests.appeals()
    assert (stored.remarks, stored.version) == ("复议机关已受理；申请人补充材料", 3)


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the panel alone is a window, shown offscreen
def test_a_failed_reload_is_said_and_can_be_tried_again(qtbot):
    from desktop_app.errors import UserError
    from desktop_app.ui.conflict import ConflictPanel

    shown = []
    panel = ConflictPanel(lambda: None)
    qtbot.addWidget(panel)
    panel.show_conflict("他人已修改", [("备注", "我写的")])

    def unreadable():
        raise UserError("数据库被锁定")

    panel.reload_from(unreadable, shown.append)
    qtbot.waitUntil(lambda: not panel.reloading)
    assert shown == []
    assert "重新载入失败：数据库被锁定" in panel.message.text()
    assert "他人已修改" in panel.message.text()
    assert panel.reload_button.isEnabled()
    panel.reload_from(lambda: "已存", shown.append)
    qtbot.waitUntil(lambda: not panel.reloading)
    assert shown == ["已存"]
    assert not panel.reload_button.isEnabled()
    assert "备注：我写的" in panel.typed.toPlainText()
