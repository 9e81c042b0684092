"""Start the window: crash handler, QApplication, services, first-run registration, main window."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app import __version__, collector
from desktop_app.errors import UserError
from desktop_app.logs import LOG_FILENAME
from desktop_app.paths import AppPaths

log = logging.getLogger(__name__)


def diagnostics(exc_type, exc, tb, log_path) -> str:
    """What a user pastes into a support e-mail: versions, log path and the traceback."""
    from PySide6 import __version__ as pyside_version  # noqa: PLC0415

    return "\n".join(
        (
            f"政府信息公开工作台 {__version__}",
            f"Python {platform.python_version()} · PySide6 {pyside_version} · {platform.platform()}",
            f"日志文件：{log_path}",
            "",
            "".join(traceback.format_exception(exc_type, exc, tb)),
        )
    )


def show_crash_dialog(text: str, log_path) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton  # noqa: PLC0415

    if QApplication.instance() is None:
        print(text, file=sys.stderr)
        return
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "程序出错",
        f"程序遇到意外错误。已保存的数据不受影响。\n详细信息已写入日志：{log_path}\n"
        "请点击“复制诊断信息”，把内容发给技术支持。",
    )
    box.setDetailedText(text)
    copy = QPushButton("复制诊断信息")
    box.addButton(copy, QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()  # keep the box open after copying
    copy.clicked.connect(lambda: QApplication.clipboard().setText(text))
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.exec()


def install_excepthook(paths: AppPaths) -> None:
    log_path = paths.log_dir / LOG_FILENAME

    def hook(exc_type, exc, tb) -> None:
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        show_crash_dialog(diagnostics(exc_type, exc, tb, log_path), log_path)

    sys.excepthook = hook


def use_chinese(app):
    """Qt's own texts (OK/Cancel, the file dialog, text-field menus) and number and date formats
    in Simplified Chinese, whatever the system language."""
    import PySide6  # noqa: PLC0415
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator  # noqa: PLC0415

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)  # parented to the app, so it lives as long as the app
    folders = (  # Qt's configured folder; in the PyInstaller bundle, the copy beside PySide6
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(Path(PySide6.__file__).parent / "Qt" / "translations"),  # Linux and macOS wheels
        str(Path(PySide6.__file__).parent / "translations"),  # Windows wheels
    )
    if any(translator.load("qtbase_zh_CN", folder) for folder in folders):
        app.installTranslator(translator)
    else:
        log.warning("Qt's Chinese translations not found in %s; buttons stay English", folders)
    return translator


def open_signed_in(db_arg: str | None, data_dir: str | None, user: str | None = None):
    """Services for the user at this workstation; the 登录 box when they must sign in. None when
    the user gave up."""
    from PySide6.QtWidgets import QDialog  # noqa: PLC0415

    from desktop_app.app import open_services  # noqa: PLC0415
    from desktop_app.errors import SignInNeeded  # noqa: PLC0415
    from desktop_app.ui.sign_in import SignInDialog  # noqa: PLC0415

    try:
        return _off_the_ui_thread(lambda: open_services(db_arg, data_dir, user=user))
    except SignInNeeded as exc:
        dialog = SignInDialog(
            lambda name, password: open_services(db_arg, data_dir, user=name, password=password),
            exc.name or user or "",
            str(exc),
        )
        return dialog.services if dialog.exec() == QDialog.DialogCode.Accepted else None


OPENING = (
    "正在打开数据库……\n程序更新后第一次启动时，要先备份、再升级数据库，可能需要几分钟，请不要关闭。"
)
OPENING_SHOWN_AFTER_MS = 800  # an ordinary start is over before the box would show


def _off_the_ui_thread(open_database: Callable[[], Any]) -> Any:
    """Opening runs off the UI thread: the first start after an update copies and migrates the
    database, minutes for a large one, and a box says so meanwhile instead of a frozen nothing."""
    from PySide6.QtCore import QEventLoop  # noqa: PLC0415
    from PySide6.QtWidgets import QProgressDialog  # noqa: PLC0415

    from desktop_app.ui import tasks  # noqa: PLC0415

    box = QProgressDialog(OPENING, "", 0, 0)  # a busy bar: how long a migration takes is unknown
    box.setWindowTitle("政府信息公开工作台")
    box.setCancelButton(None)  # a migration is one transaction that cannot be stopped halfway
    box.setMinimumDuration(OPENING_SHOWN_AFTER_MS)
    box.setValue(0)  # starts the clock after which it shows
    loop, outcome = QEventLoop(), []

    def settle(value: Any) -> None:
        outcome.append(value)
        loop.quit()

    tasks.run_in_background(box, open_database, settle, lambda exc: settle(_Failed(exc)))
    loop.exec()
    box.close()
    box.deleteLater()
    if isinstance(outcome[0], _Failed):
        raise outcome[0].exc
    return outcome[0]


@dataclass(frozen=True)
class _Failed:
    exc: BaseException


DEMO_DB_FILENAME = "演示数据.sqlite"


def open_demo(data_dir: str | None):
    """Services on the demo database beside the office's in the data folder, made on first use.

    Its own file whatever the office uses (a server, another file), so demo entries can never
    mix with real ones."""
    from desktop_app.app import open_services  # noqa: PLC0415
    from desktop_app.services.demo import create_demo  # noqa: PLC0415

    paths = AppPaths.resolve(data_dir)
    services = open_services(str(paths.data_dir / DEMO_DB_FILENAME), data_dir)
    try:
        if not services.settings.has_agency():
            create_demo(services)
    except BaseException:
        services.close()
        raise
    return services


_open_windows: list = []


def open_main_window(services, backups: bool = True, agency=None):
    """The main window on `services`, with its automatic backups (not for the demo data, whose
    copies would sit among the office's); also after a restore. `agency`: as read at start, else
    the window reads it."""
    from desktop_app.ui.auto_backup import AutoBackup  # noqa: PLC0415
    from desktop_app.ui.main_window import MainWindow  # noqa: PLC0415

    window = MainWindow(services, agency)
    _open_windows.append(window)  # a top-level window lives as long as Python holds it
    window.destroyed.connect(lambda: _open_windows.remove(window))
    automatic = AutoBackup(window) if backups else None
    window.show()
    collector.start_up_done()
    window.start_loading()
    if automatic is not None:
        automatic.start()
    return window


def first_run(services, data_dir: str | None):
    """The agency registered: (services, agency); the demo chosen: (its services, None); None
    when the user gave up."""
    from PySide6.QtWidgets import QDialog  # noqa: PLC0415

    from desktop_app.ui.dialogs import AgencyDialog  # noqa: PLC0415

    dialog = AgencyDialog(services, open_demo=lambda: open_demo(data_dir))
    answer = dialog.exec()
    if answer == AgencyDialog.DEMO_CHOSEN:
        return dialog.demo, None
    return (services, dialog.agency) if answer == QDialog.DialogCode.Accepted else None


def run_gui(db_arg: str | None, data_dir: str | None, user: str | None = None) -> int:
    install_excepthook(AppPaths.resolve(data_dir))  # before QApplication: start-up crashes too
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from desktop_app.ui import tasks  # noqa: PLC0415
    from desktop_app.ui.messages import show_error  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("政府信息公开工作台")
    use_chinese(app)
    try:
        services = open_signed_in(db_arg, data_dir, user)
    except UserError as exc:
        show_error(None, "无法打开数据库", str(exc))
        return 1
    if services is None:
        return 0
    opened = [services]  # closed when the program ends: the office's, and the demo's if chosen

    def agency_read(agency) -> None:
        # the first-run dialog closing must not end the program before its window opens
        app.setQuitOnLastWindowClosed(False)
        chosen = (services, agency) if agency is not None else first_run(services, data_dir)
        app.setQuitOnLastWindowClosed(True)
        if chosen is None:
            app.exit(0)
            return
        shown, known = chosen
        if shown is not services:
            opened.append(shown)
        window = open_main_window(shown, backups=shown is services, agency=known)
        if shown is not services:
            window.note_in_title("（演示数据，不是本单位的数据库）")
        log.info("main window shown (Qt platform %s)", app.platformName())

    def unreadable(exc: BaseException) -> None:
        show_error(None, "无法打开数据库", str(exc))
        app.exit(1)

    # read in the background like every other read; the event loop runs meanwhile
    tasks.run_in_background(app, services.settings.registered_agency, agency_read, unreadable)
    try:
        return app.exec()
    finally:
        for each in reversed(opened):
            each.close()
