"""The request form: every register field, the outcome from the official tree, clock events as rows,
the derived due date with its explanation, applicant details apart; inline Chinese messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.dates import parse_optional_date
from desktop_app.domain.deadlines import EVENT_KINDS, ClockEvent, compute_deadline
from desktop_app.domain.report_format import (
    APPLICANT_TYPES,
    T3_DISCLOSED,
    T3_GROUP_ITEMS,
    T3_PARTLY,
    outcome_label,
)
from desktop_app.domain.requests import (
    CHANNELS,
    Applicant,
    Request,
    RequestDraft,
    validate_request,
)
from desktop_app.domain.workcalendar import WorkCalendar
from desktop_app.errors import ConcurrentEditError, UserError, ValidationError
from desktop_app.ui.conflict import ConflictPanel
from desktop_app.ui.date_field import DateField
from desktop_app.ui.form_dialog import FormDialog, with_checks
from desktop_app.ui.screen_fit import fit_to_screen

WARNING_STYLE = "color: #8a5a00;"
_DATE_HINT = "YYYY-MM-DD"
EVENTS = "办理过程"
_APPLICANT_FIELDS = (
    ("name", "姓名/名称"),
    ("id_number", "证件号码"),
    ("phone", "联系电话"),
    ("address", "通信地址"),
    ("email", "电子邮箱"),
)
_LABEL_ROLE = Qt.ItemDataRole.UserRole + 1


class OutcomeTree(QTreeWidget):
    """The outcomes of table 三 as a tree; only leaves can be chosen (group rows are headings)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setFixedHeight(170)
        for row in (T3_DISCLOSED, T3_PARTLY):
            self._leaf(self.invisibleRootItem(), outcome_label(row))
        for group, items in T3_GROUP_ITEMS.items():
            heading = QTreeWidgetItem(self, [outcome_label(group)])
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: a group is not an outcome
            for item in items:
                self._leaf(heading, outcome_label(item))

    @staticmethod
    def _leaf(parent: QTreeWidgetItem, label: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [label])
        item.setData(0, _LABEL_ROLE, label)
        item.setToolTip(0, label)
        return item

    def leaves(self) -> list[QTreeWidgetItem]:
        found = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            found += (
                [top] if top.childCount() == 0 else [top.child(j) for j in range(top.childCount())]
            )
        return found

    def outcome(self) -> str:
        selected = self.selectedItems()
        return selected[0].data(0, _LABEL_ROLE) if selected else ""

    def set_outcome(self, label: str) -> None:
        self.clearSelection()
        for item in self.leaves():
            if item.data(0, _LABEL_ROLE) == label:
                item.setSelected(True)
                self.scrollToItem(item)
                if item.parent() is not None:
                    item.parent().setExpanded(True)


@dataclass(frozen=True)
class RequestFormData:
    """What the request form shows, read before it opens (off the UI thread from the register)."""

    request: Request | None  # as stored now: its version is what the save will name; None: new
    applicant: Applicant
    calendar: WorkCalendar
    payment_stops_clock: bool


def read_request_form(
    services, request_id: int | None, calendar: WorkCalendar | None = None
) -> RequestFormData:
    """Read the request `request_id` (None: a new one) with its applicant, the calendar unless
    given, and the fee setting: database and files, so any thread but the UI's."""
    register, data = services.register, services.register_data
    return RequestFormData(
        register.get(request_id) if request_id is not None else None,
        register.applicant(request_id) if request_id is not None else Applicant(),
        calendar if calendar is not None else data.calendar(),
        data.payment_stops_clock(),
    )


class RequestDialog(FormDialog):
    """New request (`data.request` None) or edit; after accept(), `saved` holds the saved Request."""

    def __init__(
        self,
        services,
        data: RequestFormData,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        request = data.request
        self._services, self._request, self._calendar = services, request, data.calendar
        self._today = today or dt.date.today()
        self._payment_stops_clock = data.payment_stops_clock
        self.saved: Request | None = None
        self.setWindowTitle(f"编辑申请 {request.number}" if request else "登记新申请")
        self._build()
        self._fill(request, data.applicant)
        self.update_due()
        self.keep_drafts(services, "request", request.id if request else None)
        fit_to_screen(self, 760, 900)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.number = QLabel(self._request.number if self._request else "保存后自动分配")
        self.received_on = DateField()
        self.channel = QComboBox()
        self.channel.addItems(CHANNELS)
        self.applicant_type = QComboBox()
        self.applicant_type.addItems(APPLICANT_TYPES)
        self.content = QPlainTextEdit()
        self.content.setFixedHeight(70)
        self.answered_on = DateField(placeholder=f"{_DATE_HINT}，未办结请留空")
        self.outcome = OutcomeTree()
        self.fee = QLineEdit(placeholderText="元，没有收费填 0")
        self.remarks = QLineEdit()
        self.received_on.textChanged.connect(lambda _t: self.update_due())
        self.answered_on.textChanged.connect(lambda _t: self.update_due())
        form = QFormLayout()
        for label, widget in (
            ("编号", self.number),
            ("收到日期", self.received_on),
            ("渠道", self.channel),
            ("申请人类型", self.applicant_type),
            ("申请内容", self.content),
            (EVENTS, self._events_box()),
            ("办结日期", self.answered_on),
            ("办理结果", self.outcome),
            ("信息处理费", self.fee),
            ("备注", self.remarks),
        ):
            form.addRow(f"{label}：", self.with_error(label, widget))
        self.due_label = QLabel(styleSheet="font-weight: bold;")
        self.explanation = QLabel(
            wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.due_warnings = QLabel(styleSheet=WARNING_STYLE, wordWrap=True, visible=False)
        form.addRow("答复期限：", self.due_label)
        form.addRow("计算说明：", self.explanation)
        form.addRow("", self.due_warnings)
        self.conflict = ConflictPanel(self.reload)
        self.finish(form, self._applicant_box(), self.conflict, scroll=True)

    def _events_box(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.events = QTableWidget(0, 2)
        self.events.setHorizontalHeaderLabels(("事项", "日期"))
        self.events.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.events.verticalHeader().setVisible(False)
        self.events.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.events.setFixedHeight(120)
        self.events.itemChanged.connect(lambda _item: self.update_due())
        buttons = QVBoxLayout()
        add, remove = QPushButton("添加事项"), QPushButton("删除所选")
        add.clicked.connect(lambda: self.add_event())
        remove.clicked.connect(self.remove_event)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        row.addWidget(self.events, 1)
        row.addLayout(buttons)
        return box

    def _applicant_box(self) -> QGroupBox:
        # Personal data: saved in its own table, never in a report; exporting it is a separate choice.
        group = QGroupBox("申请人信息（个人信息，不进入年度报告，导出时需另行选择）")
        form = QFormLayout(group)
        self.applicant_fields: dict[str, QLineEdit] = {}
        for name, label in _APPLICANT_FIELDS:
            self.applicant_fields[name] = QLineEdit()
            form.addRow(f"{label}：", self.applicant_fields[name])
        return group

    def add_event(self, kind: str = EVENT_KINDS[0], on: str = "") -> None:
        row = self.events.rowCount()
        self.events.insertRow(row)
        combo = QComboBox()
        combo.addItems(EVENT_KINDS)
        combo.setCurrentText(kind)
        combo.currentIndexChanged.connect(lambda _i: self.update_due())
        self.events.setCellWidget(row, 0, combo)
        self.events.setItem(row, 1, QTableWidgetItem(on))

    def remove_event(self) -> None:
        for row in sorted({i.row() for i in self.events.selectedIndexes()}, reverse=True):
            self.events.removeRow(row)
        self.update_due()

    def _fill(self, request: Request | None, applicant: Applicant) -> None:
        if request is None:
            self.received_on.setText(self._today.isoformat())
            self.fee.setText("0")
            return
        self.received_on.setText(request.received_on.isoformat())
        self.channel.setCurrentText(request.channel)
        self.applicant_type.setCurrentText(request.applicant_type)
        self.content.setPlainText(request.content)
        self.answered_on.setText(request.answered_on.isoformat() if request.answered_on else "")
        self.outcome.set_outcome(request.outcome)
        self.fee.setText(str(request.fee))
        self.remarks.setText(request.remarks)
        for event in request.events:
            self.add_event(event.kind, event.on.isoformat())
        for name, field in self.applicant_fields.items():
            field.setText(getattr(applicant, name))

    # -- the derived due date ------------------------------------------------------------------
    def _events(self) -> tuple[list[ClockEvent], list[FieldProblem]]:
        events, problems = [], []
        for row in range(self.events.rowCount()):
            kind = self.events.cellWidget(row, 0).currentText()
            item = self.events.item(row, 1)
            try:
                on = parse_optional_date(item.text() if item else "")
            except ValueError as exc:
                problems.append(FieldProblem(EVENTS, f"第 {row + 1} 行（{kind}）：{exc}"))
                continue
            if on is None:
                problems.append(
                    FieldProblem(EVENTS, f"第 {row + 1} 行（{kind}）：请填写日期（{_DATE_HINT}）")
                )
            else:
                events.append(ClockEvent(kind, on))
        return events, problems

    def update_due(self) -> None:
        """Recompute the due date from the fields as typed; it is never entered by hand."""
        try:
            received = parse_optional_date(self.received_on.text())
        except ValueError:
            received = None
        events, problems = self._events()
        if received is None or problems:
            self.due_label.setText("—")
            self.explanation.setText("填写正确的收到日期和办理过程日期后自动计算")
            self.due_warnings.setVisible(False)
            return
        deadline = compute_deadline(
            received, events, self._calendar, payment_stops_clock=self._payment_stops_clock
        )
        self.due_label.setText(deadline.due.isoformat() if deadline.due else deadline.paused)
        self.explanation.setText(deadline.explanation)
        self.due_warnings.setText("\n".join(f"注意：{w}" for w in deadline.warnings))
        self.due_warnings.setVisible(bool(deadline.warnings))

    # -- saving ------------------------------------------------------------------------------
    def draft(self) -> tuple[RequestDraft | None, list[FieldProblem]]:
        """The draft from the fields; or, when a field cannot be read, None and every problem
        of the form at once (the unreadable fields and whatever else the checks find)."""
        dates, problems = {}, []
        for name, label in (("received_on", "收到日期"), ("answered_on", "办结日期")):
            try:
                dates[name] = parse_optional_date(getattr(self, name).text())
            except ValueError as exc:
                dates[name] = None
                problems.append(FieldProblem(label, str(exc)))
        events, event_problems = self._events()
        problems += event_problems
        try:
            fee = Decimal(self.fee.text().strip() or "0")
        except InvalidOperation:
            problems.append(
                FieldProblem(
                    "信息处理费", f"“{self.fee.text()}”不是金额，请填写数字（元），如 0 或 12.50"
                )
            )
            fee = Decimal(0)
        draft = RequestDraft(
            applicant_type=self.applicant_type.currentText(),
            content=self.content.toPlainText(),
            channel=self.channel.currentText(),
            outcome=self.outcome.outcome(),
            fee=fee,
            remarks=self.remarks.text(),
            number=self._request.number if self._request else "",
            events=tuple(events),
            **dates,
        )
        if problems:
            return None, with_checks(problems, validate_request(draft.normalized()))
        return draft, []

    def applicant(self) -> Applicant:
        return Applicant(**{name: field.text() for name, field in self.applicant_fields.items()})

    def save(self) -> None:
        """Save and close in one transaction, off the UI thread; on any problem show it next to
        its field and stay open."""
        draft, problems = self.draft()
        if draft is None:
            self.show_problems(problems)
            return
        applicant, stored = self.applicant(), self._request
        self.save_in_background(
            lambda waiting: self._services.register.save(draft, applicant, stored, waiting),
            self._saved,
            lambda exc: self._not_saved(exc, draft),
        )

    def _saved(self, request: Request) -> None:
        self.saved = request
        self.accept()

    def _not_saved(self, exc: BaseException, draft: RequestDraft) -> None:
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, ConcurrentEditError):
            typed = [
                ("收到日期", str(draft.received_on)),
                ("申请内容", draft.content),
                ("办理结果", draft.outcome),
                ("答复日期", str(draft.answered_on or "")),
                ("备注", draft.remarks),
            ]
            self.conflict.show_conflict(str(exc), typed)
        elif isinstance(exc, UserError):
            self.show_problems([FieldProblem("", str(exc))])
        else:
            raise exc

    def reload(self) -> None:
        """Show the request as stored now (after someone else's save, read in the background);
        the next save builds on it."""
        register, request_id = self._services.register, self._request.id
        self.conflict.reload_from(lambda: register.with_applicant(request_id), self._show_stored)

    def _show_stored(self, stored: tuple[Request, Applicant]) -> None:
        self._request, applicant = stored
        self.events.setRowCount(0)
        self._fill(self._request, applicant)

    def error_field(self, problem: FieldProblem) -> str:
        # Event problems are named after the event kind (补正通知 …): they belong to the events table.
        return EVENTS if problem.field in EVENT_KINDS else problem.field
