"""A PDF export a kill interrupted (recorded as pending) is settled when the window starts."""

from __future__ import annotations

from desktop_app.domain import report_format as rf
from desktop_app.hashing import file_sha256
from desktop_app.services import annual_reports as ar
from desktop_app.ui.main_window import MainWindow


def test_the_window_settles_exports_left_pending(qtbot, services, tmp_path):
    ar.create(services, 2024, rf.FORMAT_FREE)
    ar.sign(services, 2024, "张主任", reason="测试")
    report = ar.current(services, 2024)
    placed, lost = tmp_path / "已到位.pdf", tmp_path / "未到位.pdf"
    placed.write_bytes(b"%PDF renamed just before the kill")
    for path in (placed, lost):  # killed after recording, before settling
        digest = "0" * 64 if path is lost else file_sha256(placed)
        services.reports.record_pdf(report.id, "filing", str(path), digest, draft=False)
    assert len(services.reports.pending_pdfs()) == 2

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.start_loading()
    qtbot.waitUntil(lambda: services.reports.pending_pdfs() == [], timeout=10_000)
    assert [pdf[1] for pdf in services.reports.pdfs(report.id)] == [str(placed)]
