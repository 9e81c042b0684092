"""操作日志 and 历史记录: who changed what, old → new, filtered, exported to xlsx and read back."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl

from desktop_app.domain.catalog import EntryDraft
from desktop_app.ui import audit_window
from desktop_app.ui.audit_window import AuditDialog
from tests.ui.conftest import reload_and_wait, settle


def saved_and_edited(services, agency):
    entry = services.catalog.add(
        agency.id,
        EntryDraft(
            title="旧标题",
            generated_on=dt.date(2024, 3, 1),
            disclosure_form="主动公开",
            period="长期公开",
        ),
    )
    services.catalog.update(entry.id, replace(entry.draft(), title="新标题"))
    return entry


def rows(dialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_history_of_an_entry_shows_who_when_and_old_to_new(qtbot, services, agency):
    entry = saved_and_edited(services, agency)
    dialog = AuditDialog(services, "catalog_entry", entry.id, "历史记录")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    edited, created = rows(dialog)  # newest first
    assert (edited[2], edited[3]) == (services.db.user.name, "修改")
    assert "信息名称：旧标题 → 新标题" in edited[7]
    assert created[3] == "新增"
    assert not dialog.actor.isVisible()  # one record's history has no filters


def test_the_log_filters_and_exports_what_it_shows(qtbot, services, agency, tmp_path, monkeypatch):
    saved_and_edited(services, agency)
    services.users.add("张三", ("经办人",))
    dialog = AuditDialog(services)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "共" in dialog.status.text())
    assert {row[3] for row in rows(dialog)} >= {"新增", "修改"}
    dialog.entity.setCurrentText("用户")
    dialog.reload()
    qtbot.waitUntil(lambda: bool(rows(dialog)) and all(row[4] == "用户" for row in rows(dialog)))
    assert any("张三" in row[6] for row in rows(dialog))
    dialog.since.setText("2024-13-01")
    dialog.reload()
    assert "起始日期" in dialog.status.text()

    out = tmp_path / "操作日志.xlsx"
    monkeypatch.setattr(audit_window, "ask_export_path", lambda _parent: str(out))
    shown = rows(dialog)
    dialog.export()
    qtbot.waitUntil(lambda: "已导出" in dialog.status.text())
    sheet = openpyxl.load_workbook(out).active
    exported = list(sheet.iter_rows(values_only=True))
    assert exported[0][:3] == ("编号", "时间", "用户")
    assert [str(r[0]) for r in exported[1:]] == [row[0] for row in shown]
    assert all(len(r[-1]) == 64 for r in exported[1:])  # each event's SHA-256


def test_the_main_window_opens_the_history_of_the_selected_entry(
    qtbot, window, services, agency, monkeypatch
):
    saved_and_edited(services, agency)
    window.reload_entries()
    settle(window.model)
    window.table.selectRow(0)
    opened = []
    monkeypatch.setattr(AuditDialog, "exec", lambda d: opened.append(d.windowTitle()) or 0)
    window.show_entry_history()
    assert opened
    assert "新标题" in opened[0]


def opened_history(qtbot, monkeypatch, open_it) -> AuditDialog:
    """The history dialog `open_it` shows, once its events are in."""
    shown = []
    monkeypatch.setattr(AuditDialog, "exec", lambda d: shown.append(d) or 0)
    open_it()
    [dialog] = shown
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "共" in dialog.status.text())
    return dialog


def test_requests_appeals_and_reports_show_their_history(qtbot, services, agency, monkeypatch):
    from desktop_app.domain.requests import AppealDraft, RequestDraft
    from desktop_app.services import annual_reports
    from desktop_app.ui.appeals_view import AppealsView
    from desktop_app.ui.register_view import RegisterView
    from desktop_app.ui.report_view import ReportView

    draft = RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="某项")
    request = services.requests.add(agency.id, draft)
    services.requests.update(request.id, replace(request.draft(), remarks="已电话联系"))
    services.requests.add_appeal(request.id, AppealDraft("行政复议", dt.date(2024, 4, 1)))
    annual_reports.create(services, 2024, "2021")
    annual_reports.fill(services, 2024)

    register = RegisterView(services)
    qtbot.addWidget(register)
    reload_and_wait(qtbot, register)
    register.table.selectRow(0)
    dialog = opened_history(qtbot, monkeypatch, register.show_request_history)
    assert [row[3] for row in rows(dialog)] == ["修改", "新增"]
    assert "备注：（空） → 已电话联系" in rows(dialog)[0][7]

    appeals = AppealsView(services)
    qtbot.addWidget(appeals)
    reload_and_wait(qtbot, appeals)
    appeals.table.selectRow(0)
    dialog = opened_history(qtbot, monkeypatch, appeals.show_history)
    assert [row[3] for row in rows(dialog)] == ["新增"]

    report = ReportView(services)
    qtbot.addWidget(report)
    report.reload()
    qtbot.waitUntil(lambda: report.report is not None and not report.busy)
    dialog = opened_history(qtbot, monkeypatch, report.changes_button.click)
    assert [row[3] for row in rows(dialog)] == ["自动填表", "新增"]
