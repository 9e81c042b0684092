"""Signing a report with 同时列入公开目录 from the main window: the 目录 tab shows the new entry
under 政府信息公开年度报告 at once and the status bar names its 索引号."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from desktop_app.domain import report_format as rf
from desktop_app.domain.classification import ANNUAL_REPORT_NODE
from desktop_app.services import annual_reports
from desktop_app.ui import report_view
from desktop_app.ui.main_window import MainWindow
from tests.ui.conftest import settle

YEAR = 2024


@pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown top-level window, offscreen
@pytest.mark.parametrize("listed", [True, False])
def test_signing_lists_the_report_in_the_catalog_tab(qtbot, services, monkeypatch, listed):
    report = annual_reports.create(services, YEAR, rf.FORMAT_FREE)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.start_loading()
    qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
    assert window.model.total_count() == 0
    window.tabs.setCurrentWidget(window.report_view)
    view = window.report_view
    qtbot.waitUntil(lambda: view.report is not None and not view.busy, timeout=10_000)

    def sign(dialog):
        dialog.signer.setText("张主任")
        dialog.catalog.setChecked(listed)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_view.SignDialog, "exec", sign)
    view.sign_button.click()
    qtbot.waitUntil(lambda: not view.busy and view.report.status == "已签发", timeout=10_000)
    stored = services.catalog.all()
    assert len(stored) == int(listed)
    settle(window.model)
    assert window.model.total_count() == int(listed)
    if listed:
        [entry] = stored
        row = window.model.row_of(entry.id)
        assert window.model.entry(row).title == report.title
        assert window.model.entry(row).node_path == ANNUAL_REPORT_NODE
        node = next(n for n in services.classification.nodes() if n.name == ANNUAL_REPORT_NODE)
        qtbot.waitUntil(lambda: window.tree.count_text(node.id) == f"{ANNUAL_REPORT_NODE}（1）")
        assert entry.index_no in window.statusBar().currentMessage()
    else:
        assert "索引号" not in window.statusBar().currentMessage()
