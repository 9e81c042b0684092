"""Small dialogs of the catalog window: withdraw an entry, import problems, register the agency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.agency import Agency
from desktop_app.domain.catalog import WITHDRAWN, CatalogEntry, FieldProblem
from desktop_app.domain.dates import parse_optional_date
from desktop_app.errors import UserError, ValidationError
from desktop_app.ui import tasks
from desktop_app.ui.date_field import DateField
from desktop_app.ui.form_dialog import FormDialog
from desktop_app.ui.screen_fit import fit_to_screen


class WithdrawDialog(FormDialog):
    """Mark an entry 失效 or 废止 from a date (entries are never deleted); `saved` after accept().

    A confirmation, not an editor: Esc cancels it without asking whether to save."""

    asks_before_discarding = False

    def __init__(self, services, entry: CatalogEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._entry = services, entry
        self.saved: CatalogEntry | None = None
        self.setWindowTitle("废止/失效目录条目")
        self.validity = QComboBox()
        self.validity.addItems(WITHDRAWN)
        self.date = DateField(dt.date.today().isoformat())
        form = QFormLayout()
        form.addRow("条目：", QLabel(f"{entry.index_no}\n{entry.title}", wordWrap=True))
        form.addRow("有效性：", self.with_error("validity", self.validity))
        form.addRow("废止/失效日期：", self.with_error("validity_date", self.date))
        note = QLabel(
            "条目不会被删除：废止或失效后仍保留在目录中，并标明废止或失效日期。", wordWrap=True
        )
        self.finish(form, note, ok_text="确定废止/失效")
        self.resize(520, 0)

    def save(self) -> None:
        try:
            on = parse_optional_date(self.date.text())
        except ValueError as exc:
            self.show_problems([FieldProblem("validity_date", str(exc))])
            return
        entries, entry_id, validity = (
            self._services.entries,
            self._entry.id,
            self.validity.currentText(),
        )
        self.save_in_background(
            lambda waiting: entries.withdraw(entry_id, validity, on, waiting),
            self._withdrawn,
            self._not_withdrawn,
        )

    def _withdrawn(self, entry: CatalogEntry) -> None:
        self.saved = entry
        self.accept()

    def _not_withdrawn(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, UserError):
            self.show_problems([FieldProblem("", str(exc))])
        else:
            raise exc


class ImportProblemsDialog(QDialog):
    """Rows an import refused; 只导入有效行 closes with `import_valid` set.

    When `missing` names 主题分类 the tree lacks, 新建这些分类后导入 closes with
    `create_categories` set: creating them is the user's explicit choice, never a default.
    """

    def __init__(
        self, problems: list, parent: QWidget | None = None, missing: list[str] | None = None
    ) -> None:
        super().__init__(parent)
        self.import_valid = self.create_categories = False
        self.setWindowTitle("导入文件有错误")
        rows = len({getattr(p, "row_number", p) for p in problems})
        text = QPlainTextEdit("\n".join(str(p) for p in problems), readOnly=True)
        buttons = QDialogButtonBox()
        if missing:
            create = QPushButton("新建这些分类后导入")
            buttons.addButton(create, QDialogButtonBox.ButtonRole.ActionRole)
            create.clicked.connect(self._create_categories)
        valid = QPushButton("只导入有效行")
        buttons.addButton(valid, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        valid.clicked.connect(self._valid_only)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"有 {rows} 行存在问题，没有导入任何条目。请修改文件后重新导入，"
                "或跳过这些行、只导入有效行：",
                wordWrap=True,
            )
        )
        layout.addWidget(text)
        if missing:
            layout.addWidget(_missing_note(missing))
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 400)

    def _valid_only(self) -> None:
        self.import_valid = True
        self.accept()

    def _create_categories(self) -> None:
        self.create_categories = True
        self.accept()


def _missing_note(missing: list[str]) -> QLabel:
    shown = "、".join(missing[:8]) + (f" 等 {len(missing)} 个" if len(missing) > 8 else "")
    return QLabel(
        f"分类树中没有这些主题分类：{shown}。如果是拼写错误，请改正文件；"
        "如果确实是新分类，可以先新建它们再导入（新建会记入操作记录）。",
        wordWrap=True,
    )


def valid_rows_wanted(problems: list, parent: QWidget) -> bool:
    """List the rows an import refused; True when the user chose to import the valid ones."""
    dialog = ImportProblemsDialog(problems, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted and dialog.import_valid


def catalog_import_retry(
    problems: list, missing: list[str], parent: QWidget
) -> tuple[bool, bool] | None:
    """The rows a catalog import refused; None, or (skip_invalid, create_categories) chosen."""
    dialog = ImportProblemsDialog(problems, parent, missing)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.import_valid, dialog.create_categories


class AgencyDialog(FormDialog):
    """First run: register the agency (机关名称 + 统一社会信用代码) with inline messages.

    With `open_demo` (a function returning the services of the separate demo database), it also
    offers to look at the demo data first: the dialog then closes with DEMO_CHOSEN and `demo`
    holds those services, while the office's own database stays unregistered and untouched.
    """

    DEMO_CHOSEN = 2

    def __init__(
        self,
        services,
        parent: QWidget | None = None,
        open_demo: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._services, self._open_demo = services, open_demo
        self.demo: object | None = None
        self.agency: Agency | None = None  # once registered
        self.setWindowTitle("首次使用：登记本机关")
        self.name = QLineEdit(placeholderText="如：某某县应急管理局")
        self.code = QLineEdit(placeholderText="18 位统一社会信用代码")
        form = QFormLayout()
        form.addRow(
            QLabel(
                "数据库中还没有机关信息。索引号将以统一社会信用代码开头，登记后不能更改代码。",
                wordWrap=True,
            )
        )
        form.addRow("机关名称：", self.with_error("agency_name", self.name))
        form.addRow("统一社会信用代码：", self.with_error("agency_code", self.code))
        below = [self._demo_offer()] if open_demo is not None else []
        self.finish(form, *below, ok_text="登记", cancel_text="退出")
        self.resize(480, self.layout().totalHeightForWidth(480))  # every wrapped line in view

    def _demo_offer(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 8, 0, 0)
        self.demo_note = QLabel(
            "还没准备好登记？可以先看看演示数据：一个虚构机关三年的目录、台账和年度报告，"
            "存放在单独的演示数据库中，不影响本单位的数据。下次启动仍可登记。",
            wordWrap=True,
        )
        self.demo_button = QPushButton("先看看演示数据")
        self.demo_button.clicked.connect(self.look_at_demo)
        column.addWidget(self.demo_note)
        column.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def look_at_demo(self) -> None:
        """Open (the first time: make) the demo database in the background, then close."""
        self.demo_button.setEnabled(False)
        self.demo_note.setText("正在准备演示数据，第一次约需十几秒……")
        tasks.run_in_background(self, self._open_demo, self._demo_ready, self._demo_failed)

    def _demo_ready(self, demo: object) -> None:
        self.demo = demo
        self.done(self.DEMO_CHOSEN)

    def _demo_failed(self, exc: BaseException) -> None:
        self.demo_button.setEnabled(True)
        self.demo_note.setText("")
        reason = str(exc) if isinstance(exc, (UserError, OSError)) else "请查看日志"
        self.show_problems([FieldProblem("", f"无法打开演示数据：{reason}")])

    def save(self) -> None:
        name, code = self.name.text(), self.code.text()
        self.save_in_background(
            lambda waiting: self._services.settings.register_agency(name, code, waiting),
            self._registered,
            self._not_saved,
        )

    def _registered(self, agency: Agency) -> None:
        self.agency = agency
        self.accept()

    def _not_saved(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, UserError):
            self.show_problems([FieldProblem("", str(exc))])
        else:
            raise exc
