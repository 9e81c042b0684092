"""帮助 → 关于: version, agency and the places of the data, opened from the real main window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from desktop_app import __version__
from desktop_app.ui.about_dialog import AboutDialog
from desktop_app.ui.main_window import MainWindow
from tests.conftest import AGENCY_CODE, AGENCY_NAME


def test_about_names_the_version_and_where_the_data_is(qtbot, services, db_path, monkeypatch):
    window = MainWindow(services)  # reads the agency in the background, as the demo's does
    qtbot.addWidget(window)
    assert window.windowTitle() == "政府信息公开工作台[*]"
    qtbot.waitUntil(lambda: window.agency is not None)
    assert window.windowTitle() == f"政府信息公开工作台 — {AGENCY_NAME}[*]"
    shown = []
    monkeypatch.setattr(
        AboutDialog, "exec", lambda d: shown.append(d.text()) or QDialog.DialogCode.Accepted
    )
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    next(a for a in help_menu.actions() if a.text().startswith("关于")).trigger()
    [text] = shown
    assert f"版本：{__version__}" in text
    assert f"机关：{AGENCY_NAME}（{AGENCY_CODE}）" in text
    assert f"数据库：{db_path}" in text
    assert f"数据文件夹：{services.paths.data_dir}" in text


def test_copy_puts_the_facts_on_the_clipboard(qtbot, services):
    dialog = AboutDialog(services, services.settings.agency())
    qtbot.addWidget(dialog)
    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "复制以上信息")
    copy.click()
    assert QApplication.clipboard().text() == dialog.text()


def test_a_server_database_is_shown_without_its_password(services, monkeypatch):
    monkeypatch.setattr(services.db, "url", "postgresql+psycopg://office:s3cret@10.0.0.5/desk")
    assert services.db.location == "postgresql+psycopg://office:***@10.0.0.5/desk"
