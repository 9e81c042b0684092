"""Exports start in 文档 then the last folder used and say where the file is; an empty catalog says
what to do first; signing records the 成文日期 typed."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from desktop_app.domain import report_format as rf
from desktop_app.domain.catalog import EntryDraft
from desktop_app.services import annual_reports
from desktop_app.ui import export_place, main_window, report_view, tasks
from desktop_app.ui.export_place import documents_folder
from tests.stall_meter import StallMeter
from tests.ui.conftest import settle

SLOW_S = 3.0  # how long the share takes to answer

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # shown top-level windows, offscreen


def test_catalog_export_starts_in_documents_then_the_last_folder(
    qtbot, window, services, tmp_path, monkeypatch
):
    services.catalog.add(
        services.agencies.current().id,
        EntryDraft(title="防汛通知", generated_on=dt.date(2024, 3, 5)),
    )
    window.reload_entries()
    settle(window.model)
    suggested: list[str] = []
    target = tmp_path / "导出" / "目录.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(
        main_window, "choose_export_file", lambda _p, name: suggested.append(name) or str(target)
    )
    for _ in range(2):
        window.export_file()  # the folder is looked up, then remembered, in the background
        qtbot.waitUntil(
            lambda: not window.exported.isHidden() and not tasks.pending(), timeout=10_000
        )
        window.exported.setVisible(False)
    assert Path(suggested[0]).parent == documents_folder()
    assert Path(suggested[1]).parent == target.parent  # remembered
    assert window.exported.label.text() == f"已导出 1 条：{target}"
    opened: list[Path] = []
    monkeypatch.setattr(export_place, "open_file", opened.append)
    window.exported.open_button.click()
    assert opened == [target.parent.resolve()]


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(services, tmp_path):
    gone = tmp_path / "已删除" / "x.xlsx"
    export_place.remember_folder(services.paths.settings_file, gone)
    assert export_place.export_folder(services.paths.settings_file) == documents_folder()


def test_a_slow_network_folder_never_stops_the_window(
    qtbot, window, services, tmp_path, monkeypatch
):
    """The folder used last is on a share that takes seconds to answer (an unplugged network
    drive on Windows): the window keeps answering while the save dialog waits for it."""
    share = tmp_path / "网络盘"
    share.mkdir()
    export_place.remember_folder(services.paths.settings_file, share / "上次.xlsx")
    real_is_dir = Path.is_dir

    def slow_is_dir(path: Path) -> bool:
        if path == share:
            time.sleep(SLOW_S)
        return real_is_dir(path)

    monkeypatch.setattr(Path, "is_dir", slow_is_dir)
    asked: list[str] = []
    monkeypatch.setattr(
        main_window, "choose_export_file", lambda _p, name: asked.append(name) or ""
    )
    with StallMeter() as meter:
        window.export_file()
        qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert Path(asked[0]).parent == share
    assert meter.longest < SLOW_S / 2


def test_an_empty_catalog_says_what_to_do_first(qtbot, window, services):
    window.show()
    assert window.empty_hint.isVisible()
    assert "新增条目" in window.empty_hint.text()
    assert "导入目录" in window.empty_hint.text()
    saved = services.catalog.add(
        services.agencies.current().id,
        EntryDraft(title="防汛通知", generated_on=dt.date(2024, 3, 5)),
    )
    window.show_saved_entry(saved, "已保存")
    settle(window.model)
    assert not window.empty_hint.isVisible()


def test_signing_records_the_closing_date_typed(qtbot, services, monkeypatch):
    from desktop_app.ui.report_view import ReportView

    annual_reports.create(services, 2024, rf.FORMAT_FREE)
    view = ReportView(services)
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.report is not None and not view.busy)

    def sign(dialog):
        dialog.signer.setText("张主任")
        dialog.closing_date.setText("2025年1月32日")
        assert not dialog.ok.isEnabled()
        assert "不存在" in dialog.date_error.text()
        dialog.closing_date.setText("2025年1月20日")
        assert dialog.ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_view.SignDialog, "exec", sign)
    view.sign_button.click()
    qtbot.waitUntil(lambda: not view.busy and view.report.status == "已签发", timeout=10_000)
    signed = annual_reports.current(services, 2024)
    assert signed.closing_date == dt.date(2025, 1, 20)
    assert signed.sign_off.signed_on == dt.date(2025, 1, 20)
