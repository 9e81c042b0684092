"""Register import and export from the 台账 menu: the files are chosen here, the work runs in the background.

Import is all-or-nothing: refused rows are listed (row, column, reason) with the choice to import
only the valid ones. Export writes the list as the register shows it (filters and sort applied);
applicant personal data only when the user ticks it in the export dialog, which starts unticked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import UserError
from desktop_app.services.catalog_import import ImportRefused
from desktop_app.services.table_reader import ImportCancelled
from desktop_app.ui import file_dialogs
from desktop_app.ui.dialogs import valid_rows_wanted
from desktop_app.ui.export_place import choose_path
from desktop_app.ui.form_dialog import ok_cancel
from desktop_app.ui.messages import show_error
from desktop_app.ui.task_progress import TaskProgress

if TYPE_CHECKING:
    from desktop_app.ui.register_view import RegisterView

FILE_FILTER = "台账表格 (*.xlsx *.csv)"
WARNING_STYLE = "color: #c62828; font-weight: bold;"
PERSONAL_DATA_WARNING = (
    "注意：导出的文件将包含申请人的个人信息（姓名、证件号码、联系电话、通信地址、电子邮箱）。"
    "请仅在确有需要时导出，妥善保管该文件，不得公开、上传到网上或提供给无关人员。"
)


def choose_import_file(parent: QWidget) -> str:
    return file_dialogs.open_file(parent, "导入台账", "", FILE_FILTER)


def choose_export_file(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(parent, "导出台账", suggested, FILE_FILTER)


def write_problem(exc: BaseException) -> str:
    """A failed export in Chinese (the writer says what: wrong suffix, folder missing …)."""
    if isinstance(exc, (UserError, ValueError)):
        return str(exc)
    return f"导出时出错：{exc}"


class RegisterExportDialog(QDialog):
    """Says what will be exported and asks whether applicant personal data goes with it."""

    def __init__(self, shown: int, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出台账")
        scope = QLabel(
            f"将导出台账中当前显示的 {shown} 件申请（共 {total} 件），顺序与列表相同。"
            "列表按年度、状态、办理结果和搜索条件筛选；要导出全部申请，请先把筛选条件设为"
            "“全部”并清空搜索框。",
            wordWrap=True,
        )
        self.with_applicants = QCheckBox(
            "同时导出申请人个人信息（姓名、证件号码、联系电话、通信地址、电子邮箱）"
        )
        self.warning = QLabel(PERSONAL_DATA_WARNING, wordWrap=True, visible=False)
        self.warning.setStyleSheet(WARNING_STYLE)
        default = QLabel("默认不导出申请人个人信息。", wordWrap=True)
        buttons = ok_cancel(self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.with_applicants.toggled.connect(self._toggled)
        layout = QVBoxLayout(self)
        for widget in (scope, default, self.with_applicants, self.warning, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(540)
        self._toggled(False)

    def _toggled(self, checked: bool) -> None:
        self.warning.setVisible(checked)
        self.ok.setText("选择文件并导出（含个人信息）…" if checked else "选择文件并导出…")
        self.adjustSize()  # room for the warning's lines (and none once it is hidden again)


class RegisterTransfer(QObject):
    """The 导入台账… / 导出台账… actions of a register view; one job at a time."""

    def __init__(self, view: RegisterView) -> None:
        super().__init__(view)
        self.view = view
        # In the main window's status bar once a job starts (a view on its own shows none).
        self.progress = TaskProgress()
        self.import_action = QAction("导入台账…", view)
        self.import_action.triggered.connect(lambda: self.import_file())
        self.export_action = QAction("导出台账…", view)
        self.export_action.triggered.connect(self.export_file)
        for action in (self.import_action, self.export_action):  # one job at a time
            self.progress.running.connect(lambda busy, a=action: a.setEnabled(not busy))

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addAction(self.import_action)
        menu.addAction(self.export_action)

    # -- import --------------------------------------------------------------------------------
    def import_file(self, skip_invalid: bool = False, path: str = "") -> None:
        path = path or choose_import_file(self.view)
        if not path:
            return
        data = self.view.services.register_data
        self._say(f"正在导入 {Path(path).name}…", 0)
        self._start(
            lambda progress: data.import_file(path, skip_invalid, progress),
            lambda result: self._imported(result, path),
            lambda exc: self._import_failed(exc, path),
        )

    def _imported(self, result, path: str) -> None:
        self.view.reload()
        self.view.changed.emit()
        skipped = f"，跳过 {result.skipped} 行有问题的行" if result.skipped else ""
        self._say(f"已从 {Path(path).name} 导入 {result.imported} 件申请{skipped}")

    def _import_failed(self, exc: BaseException, path: str) -> None:
        if isinstance(exc, ImportCancelled):
            self._say(str(exc))
            return
        if not isinstance(exc, ImportRefused):
            self._say("导入失败，没有导入任何申请")
            show_error(self.view, "导入台账失败", str(exc))
            return
        self._say(f"没有导入任何申请：{Path(path).name} 有 {len(exc.problems)} 处错误")
        if valid_rows_wanted(exc.problems, self.view):
            self.import_file(skip_invalid=True, path=path)

    # -- export --------------------------------------------------------------------------------
    def export_file(self) -> None:
        view = self.view
        if not view.loaded:  # the menu works before the register tab was ever opened
            view.when_loaded(self.export_file)
            return
        requests = [view.model.request(row) for row in range(view.model.rowCount())]
        if not requests:
            show_error(view, "没有可导出的申请", "当前列表是空的：请调整筛选条件后再导出。")
            return
        dialog = RegisterExportDialog(len(requests), view.model.total_count(), view)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        personal = dialog.with_applicants.isChecked()
        suggested = f"依申请公开台账-{dt.date.today()}{'-含个人信息' if personal else ''}.xlsx"
        choose_path(
            view,
            view.services.paths.settings_file,
            suggested,
            lambda path: choose_export_file(view, path),
            lambda path: self._export_to(requests, personal, path),
        )

    def _export_to(self, requests: list, personal: bool, path: str) -> None:
        view = self.view
        path = path if Path(path).suffix else f"{path}.xlsx"
        data = view.services.register_data

        def write(progress) -> bool:
            return data.export(requests, path, personal, progress)

        note = "（含申请人个人信息，请妥善保管）" if personal else "（不含申请人个人信息）"
        self._say(f"正在导出 {len(requests)} 件申请…", 0)
        self._start(
            write,
            lambda finished: self._say(
                f"已导出 {len(requests)} 件申请到 {path}{note}"
                if finished
                else "已取消导出，没有写入文件",
                15000,
            ),
            self._export_failed,
        )

    def _export_failed(self, exc: BaseException) -> None:
        self._say("导出失败，没有写入文件")
        show_error(self.view, "导出台账失败", write_problem(exc))

    # -- background work -----------------------------------------------------------------------
    def _start(self, fn, on_done, on_error) -> None:
        window = self.view.window()
        if isinstance(window, QMainWindow) and self.progress.parent() is None:
            window.statusBar().addPermanentWidget(self.progress)
        self.progress.run(fn, on_done, on_error)

    def _say(self, text: str, timeout: int = 10000) -> None:
        """The main window's status bar (a register view on its own has none)."""
        window = self.view.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, timeout)
