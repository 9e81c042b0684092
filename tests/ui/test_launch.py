"""Start-up through run_gui: the first-run agency dialog, an unopenable database, and the crash
dialog that the exception hook shows; modal loops are replaced by code that drives the widgets."""

from __future__ import annotations

import logging
import sys
import time

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)

from desktop_app import __version__
from desktop_app.app import open_services
from desktop_app.errors import UserError
from desktop_app.paths import AppPaths
from desktop_app.ui import launch, main_window, messages, tasks
from desktop_app.ui.dialogs import AgencyDialog
from desktop_app.ui.main_window import MainWindow
from tests.conftest import AGENCY_CODE, AGENCY_NAME


@pytest.fixture(autouse=True)
def _keep_excepthook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own


@pytest.fixture
def empty(db_path, tmp_path):
    services = open_services(str(db_path), tmp_path / "data")
    yield services
    services.close()


# -- first-run agency dialog ---------------------------------------------------------------------
def test_agency_dialog_names_the_field_at_fault_and_registers_a_valid_agency(qtbot, empty):
    dialog = AgencyDialog(empty)
    qtbot.addWidget(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.errors["agency_name"].isVisibleTo(dialog)
    assert "机关名称不能为空" in dialog.errors["agency_name"].text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.name.setText(AGENCY_NAME)
    dialog.code.setText(AGENCY_CODE[:-1] + "0")  # wrong check character
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert not dialog.errors["agency_name"].isVisibleTo(dialog)
    assert dialog.errors["agency_code"].isVisibleTo(dialog)
    assert dialog.errors["agency_code"].text()
    assert empty.agencies.all() == []
    dialog.code.setText(AGENCY_CODE.lower())
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.result() == QDialog.DialogCode.Accepted
    [agency] = empty.agencies.all()
    assert (agency.name, agency.code) == (AGENCY_NAME, AGENCY_CODE)
    assert "法定主动公开内容" in {n.name for n in empty.classification.nodes()}


@pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown top-level window, offscreen
def test_first_run_asks_for_the_agency_then_opens_the_main_window(
    qtbot, db_path, tmp_path, monkeypatch
):
    def register(dialog):
        dialog.name.setText(AGENCY_NAME)
        dialog.code.setText(AGENCY_CODE)
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        return dialog.result()

    windows, opened = [], []

    def new_window(services, agency=None):
        windows.append(MainWindow(services, agency))
        qtbot.addWidget(windows[-1])  # closed and deleted at teardown
        return windows[-1]

    def event_loop():  # the agency is read in the background, the window opens after
        qtbot.waitUntil(lambda: len(windows) == 1, timeout=20_000)
        [window] = windows
        qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
        tasks.wait_for_all()
        opened.append((window.windowTitle().replace("[*]", ""), window.isVisible()))
        return 0

    monkeypatch.setattr(AgencyDialog, "exec", register)
    monkeypatch.setattr(main_window, "MainWindow", new_window)
    monkeypatch.setattr(QApplication, "exec", staticmethod(event_loop))
    assert launch.run_gui(str(db_path), str(tmp_path / "data")) == 0
    assert opened == [(f"政府信息公开工作台 — {AGENCY_NAME}", True)]
    # the day's first start made the automatic backup
    assert len(list((tmp_path / "data" / "backups").glob("自动备份-*.zip"))) == 1


def test_first_run_cancelled_quits_without_a_window(qtbot, db_path, tmp_path, monkeypatch):
    asked, exits = [], []
    monkeypatch.setattr(AgencyDialog, "exec", lambda _d: asked.append(1) or 0)
    monkeypatch.setattr(main_window, "MainWindow", lambda *_a: pytest.fail("no window"))
    monkeypatch.setattr(QApplication, "exit", staticmethod(exits.append))

    def event_loop():
        qtbot.waitUntil(lambda: bool(exits), timeout=20_000)
        return exits[0]

    monkeypatch.setattr(QApplication, "exec", staticmethod(event_loop))
    assert launch.run_gui(str(db_path), str(tmp_path / "data")) == 0
    assert asked == [1]


def test_a_database_that_cannot_be_opened_is_one_message(tmp_path, monkeypatch):
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda _p, title, text: errors.append(title))
    assert launch.run_gui(str(broken), str(tmp_path / "data")) == 1
    assert errors == ["无法打开数据库"]
    assert broken.read_bytes() == b"this is not a database" * 100  # nothing overwritten


# -- crash dialog ------------------------------------------------------------------------------
def _raise():
    try:
        raise RuntimeError("模拟的意外错误")
    except RuntimeError:
        return sys.exc_info()


def test_unhandled_exception_is_logged_and_shown_with_copyable_diagnostics(
    qtbot, tmp_path, monkeypatch, caplog
):
    paths = AppPaths.resolve(str(tmp_path / "data"))
    seen = []

    def look(box):
        [copy] = [b for b in box.buttons() if b.text() == "复制诊断信息"]
        copy.click()
        seen.append((box.windowTitle(), box.text(), box.detailedText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", look)
    QApplication.clipboard().clear()
    launch.install_excepthook(paths)
    with caplog.at_level(logging.CRITICAL, logger=launch.__name__):
        sys.excepthook(*_raise())
    [(title, text, details)] = seen
    assert title == "程序出错"
    assert str(paths.log_dir) in text
    assert "已保存的数据不受影响" in text
    assert f"政府信息公开工作台 {__version__}" in details
    assert "RuntimeError: 模拟的意外错误" in details
    assert QApplication.clipboard().text() == details
    assert caplog.records[-1].exc_info[1].args == ("模拟的意外错误",)


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the box is shown, offscreen
def test_copying_diagnostics_keeps_the_crash_dialog_open(qtbot, tmp_path, monkeypatch):
    states = []

    def look(box):
        box.show()
        [copy] = [b for b in box.buttons() if b.text() == "复制诊断信息"]
        copy.click()
        states.append(box.isVisible())
        [close] = [b for b in box.buttons() if b.text() == "关闭"]
        close.click()
        states.append(box.isVisible())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", look)
    launch.show_crash_dialog("诊断信息", tmp_path / "desk.log")
    assert states == [True, False]


def test_qt_standard_texts_are_chinese(qtbot):
    app, locale = QApplication.instance(), QLocale()
    translator = launch.use_chinese(app)
    try:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        qtbot.addWidget(box)
        assert {b.text().replace("&", "") for b in box.buttons()} == {"确定", "取消"}
        assert QLocale().language() == QLocale.Language.Chinese
    finally:
        app.removeTranslator(translator)
        QLocale.setDefault(locale)


# -- first run: the demo data ------------------------------------------------------------------
@pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown top-level window, offscreen
def test_first_run_can_look_at_the_demo_data_without_registering(
    qtbot, db_path, tmp_path, monkeypatch
):
    data_dir = tmp_path / "data"
    offers, windows, opened = [], [], []

    def look_at_demo(dialog):
        qtbot.addWidget(dialog)
        offers.append(dialog.demo_button.text())
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
        assert not dialog.demo_button.isEnabled()  # made in the background, once
        qtbot.waitUntil(lambda: dialog.demo is not None, timeout=60_000)
        return dialog.result()

    def new_window(services, agency=None):
        windows.append(MainWindow(services, agency))
        qtbot.addWidget(windows[-1])
        return windows[-1]

    def event_loop():  # the agency is read in the background, the window opens after
        qtbot.waitUntil(lambda: len(windows) == 1, timeout=20_000)
        [window] = windows
        qtbot.waitUntil(lambda: window.loaded, timeout=20_000)
        tasks.wait_for_all()
        opened.append((window.windowTitle(), window.model.total_count()))
        return 0

    monkeypatch.setattr(AgencyDialog, "exec", look_at_demo)
    monkeypatch.setattr(main_window, "MainWindow", new_window)
    monkeypatch.setattr(QApplication, "exec", staticmethod(event_loop))
    assert launch.run_gui(str(db_path), str(data_dir)) == 0
    assert offers == ["先看看演示数据"]
    assert not (data_dir / "backups").exists()  # no demo copies among the office's backups
    [(title, entries)] = opened
    assert title.endswith("（演示数据，不是本单位的数据库）[*]")
    assert entries > 200
    office = open_services(str(db_path), data_dir)
    demo = open_services(str(data_dir / launch.DEMO_DB_FILENAME), data_dir)
    try:
        assert office.agencies.all() == []  # the office registers at the next start
        assert office.catalog.count() == 0
        assert demo.catalog.count() == entries
    finally:
        office.close()
        demo.close()


def test_the_agency_dialog_offers_the_demo_only_when_asked_to(qtbot, empty):
    plain = AgencyDialog(empty)
    qtbot.addWidget(plain)
    assert "先看看演示数据" not in {b.text() for b in plain.findChildren(QPushButton)}


def test_a_demo_that_cannot_be_made_is_said_in_the_dialog(qtbot, empty):
    def broken():
        raise UserError("磁盘已满")

    dialog = AgencyDialog(empty, open_demo=broken)
    qtbot.addWidget(dialog)
    dialog.look_at_demo()
    qtbot.waitUntil(lambda: dialog.general_error.isVisibleTo(dialog))
    assert dialog.general_error.text() == "无法打开演示数据：磁盘已满"
    assert dialog.demo_button.isEnabled()
    assert dialog.result() != AgencyDialog.DEMO_CHOSEN


def test_a_long_opening_says_why_while_the_ui_thread_keeps_running(
    qtbot, db_path, tmp_path, monkeypatch
):
    from desktop_app.db import migrate

    open_services(str(db_path), tmp_path / "data").close()
    real = migrate.upgrade

    def after_an_update(db, copy_server=None):
        time.sleep(1.5)  # a large database copied and migrated at the first start of a new version
        return real(db, copy_server)

    monkeypatch.setattr(migrate, "upgrade", after_an_update)
    ticks, shown = [], []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(None))
    timer.start(50)

    def look() -> None:
        shown.extend(
            w.labelText()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        )

    QTimer.singleShot(1200, look)
    opened = launch.open_signed_in(str(db_path), str(tmp_path / "data"))
    timer.stop()
    try:
        assert len(shown) == 1
        assert "升级数据库" in shown[0]
        assert len(ticks) >= 15  # the UI thread ran its timers all along (a 50 ms timer, 1.5 s)
        qtbot.waitUntil(
            lambda: (
                not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
            )
        )
    finally:
        opened.close()


def test_an_ordinary_opening_shows_no_box(qtbot, db_path, tmp_path, monkeypatch):
    open_services(str(db_path), tmp_path / "data").close()
    shown = []
    monkeypatch.setattr(QProgressDialog, "showEvent", lambda box, event: shown.append(box))
    opened = launch.open_signed_in(str(db_path), str(tmp_path / "data"))
    opened.close()
    assert shown == []
