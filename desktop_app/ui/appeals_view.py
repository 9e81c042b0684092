"""The appeals tab: administrative reconsiderations and lawsuits over disclosure requests (table 四's
records) — a list, and a form to add or edit one linked to a request by its 编号.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.dates import parse_optional_date
from desktop_app.domain.requests import APPEAL_KINDS, APPEAL_RESULTS, PENDING, Appeal, AppealDraft
from desktop_app.domain.users import CLERK
from desktop_app.errors import ConcurrentEditError, UserError, ValidationError
from desktop_app.ui import roles, tasks
from desktop_app.ui.audit_window import AuditDialog
from desktop_app.ui.conflict import ConflictPanel
from desktop_app.ui.date_field import DateField
from desktop_app.ui.form_dialog import FormDialog
from desktop_app.ui.messages import show_error

HEADERS = ("申请编号", "类别", "提起日期", "结果", "审结日期", "备注")
_RECORD_ROLE = Qt.ItemDataRole.UserRole


class AppealDialog(FormDialog):
    """New appeal (appeal=None) or edit; `saved` holds the Appeal after accept()."""

    def __init__(
        self,
        services,
        appeal: Appeal | None = None,
        parent: QWidget | None = None,
        request_number: str = "",
    ) -> None:
        super().__init__(parent)
        self._services, self._appeal = services, appeal
        self.saved: Appeal | None = None
        self.setWindowTitle("编辑复议/诉讼" if appeal else "登记复议/诉讼")
        self.request_number = QLineEdit(
            appeal.request_number if appeal else request_number,
            placeholderText="如：2024-0007",
            readOnly=appeal is not None,
        )
        self.kind = QComboBox()
        self.kind.addItems(APPEAL_KINDS)
        self.filed_on = DateField()
        self.decision = QComboBox()
        self.decision.addItems(APPEAL_RESULTS)
        self.decision.setCurrentText(PENDING)
        self.decided_on = DateField(placeholder="YYYY-MM-DD，尚未审结请留空")
        self.remarks = QLineEdit()
        form = QFormLayout()
        for label, widget in (
            ("申请编号", self.request_number),
            ("类别", self.kind),
            ("提起日期", self.filed_on),
            ("结果", self.decision),
            ("审结日期", self.decided_on),
            ("备注", self.remarks),
        ):
            form.addRow(f"{label}：", self.with_error(label, widget))
        self.conflict = ConflictPanel(self.reload)
        self.finish(form, self.conflict)
        self.keep_drafts(services, "appeal", appeal.id if appeal else None)
        if appeal:
            self._fill(appeal)

    def _fill(self, appeal: Appeal) -> None:
        self.kind.setCurrentText(appeal.kind)
        self.filed_on.setText(appeal.filed_on.isoformat())
        self.decision.setCurrentText(appeal.result)
        self.decided_on.setText(appeal.decided_on.isoformat() if appeal.decided_on else "")
        self.remarks.setText(appeal.remarks)

    def reload(self) -> None:
        """Show the appeal as stored now (after someone else's save, read in the background);
        the next save builds on it."""
        register, appeal_id = self._services.register, self._appeal.id
        self.conflict.reload_from(lambda: register.appeal(appeal_id), self._show_stored)

    def _show_stored(self, appeal: Appeal) -> None:
        self._appeal = appeal
        self._fill(appeal)

    def _typed(self) -> list[tuple[str, str]]:
        return [
            ("类别", self.kind.currentText()),
            ("提起日期", self.filed_on.text()),
            ("结果", self.decision.currentText()),
            ("审结日期", self.decided_on.text()),
            ("备注", self.remarks.text()),
        ]

    def draft(self) -> tuple[AppealDraft | None, list[FieldProblem]]:
        dates, problems = {}, []
        for name, label in (("filed_on", "提起日期"), ("decided_on", "审结日期")):
            try:
                dates[name] = parse_optional_date(getattr(self, name).text())
            except ValueError as exc:
                problems.append(FieldProblem(label, str(exc)))
        if problems:
            return None, problems
        return AppealDraft(
            kind=self.kind.currentText(),
            result=self.decision.currentText(),
            remarks=self.remarks.text(),
            **dates,
        ), []

    def save(self) -> None:
        """Save off the UI thread (the 申请编号 is looked up there); problems show by their fields."""
        draft, problems = self.draft()
        number, stored = self.request_number.text(), self._appeal
        self.save_in_background(
            lambda waiting: self._services.register.save_appeal(
                draft, problems, number, stored, waiting
            ),
            self._saved,
            self._not_saved,
        )

    def _saved(self, appeal: Appeal) -> None:
        self.saved = appeal
        self.accept()

    def _not_saved(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, ConcurrentEditError):
            self.conflict.show_conflict(str(exc), self._typed())
        elif isinstance(exc, UserError):
            self.show_problems([FieldProblem("", str(exc))])
        else:
            raise exc


class AppealsView(QWidget):
    """The appeals tab: every appeal and lawsuit, read in the background. `reloaded` fires once a
    read is shown."""

    reloaded = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.loaded = False
        self._reads = tasks.LatestRead(self)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_appeal())
        add, edit = QPushButton("登记复议/诉讼…"), QPushButton("编辑所选…")
        history = QPushButton("历史记录…")
        add.clicked.connect(lambda: self.add_appeal())
        edit.clicked.connect(self.edit_appeal)
        history.clicked.connect(self.show_history)
        roles.gate(add, services.user, CLERK)
        self.counts = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(edit)
        buttons.addWidget(history)
        buttons.addStretch(1)
        buttons.addWidget(self.counts)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if not self.loaded and not self.loading:
            self.reload()
        super().showEvent(event)

    @property
    def loading(self) -> bool:
        return self._reads.running

    def reload(self, select_id: int | None = None) -> None:
        """Read the appeals again in the background; the one `select_id` (else the one selected
        now) stays selected."""
        if select_id is None and (current := self.current_appeal()) is not None:
            select_id = current.id
        register = self.services.register
        self._reads.start(
            register.appeals,
            lambda appeals: self._show(appeals, select_id),
            lambda exc: show_error(self, "无法载入复议诉讼记录", str(exc)),
        )

    def _show(self, appeals: list[Appeal], select_id: int | None) -> None:
        self.loaded = True
        self.table.setRowCount(len(appeals))
        for row, appeal in enumerate(appeals):
            values = (
                appeal.request_number,
                appeal.kind,
                appeal.filed_on,
                appeal.result,
                appeal.decided_on,
                appeal.remarks,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                item.setData(_RECORD_ROLE, appeal)
                self.table.setItem(row, column, item)
        # A few rows at most: fit the columns but the stretched 备注 to their longest text.
        for column in range(len(HEADERS) - 1):
            self.table.resizeColumnToContents(column)
        pending = sum(1 for a in appeals if a.result == PENDING)
        self.counts.setText(f"共 {len(appeals)} 件 · 尚未审结 {pending} 件")
        ids = [appeal.id for appeal in appeals]
        if select_id in ids:
            self.table.selectRow(ids.index(select_id))
        self.reloaded.emit()

    def current_appeal(self) -> Appeal | None:
        item = self.table.item(self.table.currentRow(), 0)
        return item.data(_RECORD_ROLE) if item else None

    def add_appeal(self, request_number: str = "") -> None:
        self._run(AppealDialog(self.services, None, self, request_number))

    def edit_appeal(self) -> None:
        if (appeal := self.current_appeal()) is not None:
            self.open_form(appeal)

    def open_form(self, appeal: Appeal | None) -> None:
        """The form for `appeal`, or for a new one (None)."""
        self._run(AppealDialog(self.services, appeal, self))

    def show_history(self) -> None:
        if (appeal := self.current_appeal()) is not None:
            title = f"历史记录 — {appeal.request_number} {appeal.kind}"
            AuditDialog(self.services, "appeal", appeal.id, title, self).exec()

    def _run(self, dialog: AppealDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.reload(select_id=dialog.saved.id)
