"""The register (依申请公开台账) tab: filters, the request table with overdue/due-soon marks, counts.

`today` is injected (a callable) so the marks can be tested on a fixed date; the calendar is the
built-in holiday data plus the user's own years from the data folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.report_format import T3_DISCLOSED, T3_GROUP_ITEMS, T3_PARTLY, outcome_label
from desktop_app.domain.requests import STATUS_DONE, STATUS_OPEN, Request
from desktop_app.domain.users import ADMIN, CLERK
from desktop_app.domain.workcalendar import WorkCalendar, fallback_warning
from desktop_app.ui import roles, tasks
from desktop_app.ui.audit_window import AuditDialog
from desktop_app.ui.messages import show_error
from desktop_app.ui.models.request_model import (
    COL_CONTENT,
    COL_NUMBER,
    COL_OUTCOME,
    COL_RECEIVED,
    COL_REMAINING,
    PRESSING,
    PreparedRegister,
    RequestFilter,
    RequestModel,
    prepare_register,
)
from desktop_app.ui.register_io import RegisterTransfer
from desktop_app.ui.request_form import RequestDialog, RequestFormData, read_request_form

ALL = "全部"
NO_OUTCOME = "（未填写）"
WARNING_STYLE = "color: #8a5a00; background: #fff4d6; padding: 4px;"
_WIDTHS = {COL_NUMBER: 90, COL_CONTENT: 320, COL_OUTCOME: 220}


def outcome_choices() -> list[tuple[str, frozenset[str] | None]]:
    """Filter entries: 全部, each leaf of the official tree, and each group meaning all its leaves."""
    choices: list[tuple[str, frozenset[str] | None]] = [(ALL, None)]
    choices += [
        (outcome_label(row), frozenset({outcome_label(row)})) for row in (T3_DISCLOSED, T3_PARTLY)
    ]
    for group, items in T3_GROUP_ITEMS.items():
        labels = [outcome_label(item) for item in items]
        choices.append((f"{outcome_label(group)}（全部）", frozenset(labels)))
        choices += [(f"　{label}", frozenset({label})) for label in labels]
    choices.append((NO_OUTCOME, frozenset({""})))
    return choices


class RegisterView(QWidget):
    """The register tab. `changed` fires after a save or a calendar change (appeals, reports listen)."""

    changed = Signal()
    reloaded = Signal()  # a (re)load has been shown

    def __init__(
        self, services, parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(parent)
        self.services, self.today = services, today
        self.calendar = WorkCalendar(())
        self.model = RequestModel(self)
        self.loaded = False
        self._reads = tasks.LatestRead(self)
        self._then: list[Callable[[], None]] = []  # run once the register has been read
        self._opening_form = False
        self._build()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(placeholderText="搜索编号、申请内容、备注", clearButtonEnabled=True)
        self.search.textChanged.connect(lambda _text: self.apply_filter())
        self.year = self._combo([(ALL, None)])
        self.status = self._combo(
            [
                (ALL, ""),
                (STATUS_OPEN, STATUS_OPEN),
                (STATUS_DONE, STATUS_DONE),
                (PRESSING, PRESSING),
            ]
        )
        self.outcome = self._combo(outcome_choices())
        self.add_button = QPushButton("新增申请…")
        self.add_button.clicked.connect(lambda: self.open_form(None))
        roles.gate(self.add_button, self.services.user, CLERK)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for label, combo in (
            ("年度", self.year),
            ("状态", self.status),
            ("办理结果", self.outcome),
        ):
            filters.addWidget(QLabel(f"{label}："))
            filters.addWidget(combo)
        filters.addWidget(self.add_button)
        self.warning = QLabel(styleSheet=WARNING_STYLE, wordWrap=True, visible=False)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_RECEIVED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Fixed widths: ResizeToContents would measure (and compute the due date of) every row.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(
            lambda index: self.open_form(self.model.request(index.row()).id)
        )
        self.counts = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.warning)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)

    def _combo(self, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return combo

    def register_actions(self, menu: QMenu) -> None:
        """The main window's 台账 menu: new request, letters, fees, history, import and export
        (节假日设置 is in 工具)."""
        for text, slot, role in (
            ("新增申请…", lambda: self.open_form(None), CLERK),
            ("文书（答复书、告知书）…", self.open_letters, None),
            ("信息处理费…", self.open_fee_ledger, None),
            ("文书设置…", self.open_letter_settings, ADMIN),
            ("申请的历史记录…", self.show_request_history, None),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            if role:
                roles.gate(action, self.services.user, role)
            menu.addAction(action)
        menu.setToolTipsVisible(True)
        self.transfer = RegisterTransfer(self)
        self.transfer.add_to(menu)

    # -- loading -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        # Read when the tab is first shown: the catalog window starts without waiting for the
        # register, and a register of 20,000 requests takes most of a second.
        if not self.loaded and not self.loading:
            self.reload()
        super().showEvent(event)

    def reload(self, select_id: int | None = None) -> None:
        """Read the register and the calendar again in the background; `reloaded` fires once shown.

        The request `select_id` (else the one selected now) is selected again afterwards. A reload
        asked for while another runs supersedes it: only the latest read is shown.
        """
        if select_id is None and (current := self.current_request()) is not None:
            select_id = current.id
        data, today = self.services.register_data, self.today()
        if not self.loaded:
            self.counts.setText("正在载入台账…")

        def read():  # the due dates of 20,000 requests are worked out here too
            clock = data.clock()
            requests = data.all_requests()
            return prepare_register(requests, clock.calendar, today, clock.payment_stops_clock)

        self._reads.start(
            read,
            lambda register: self._loaded(register, select_id),
            self._load_failed,
        )

    def when_loaded(self, then: Callable[[], None]) -> None:
        """Call `then` now if the register is shown, else once it has been read."""
        if self.loaded:
            then()
            return
        self._then.append(then)
        if not self.loading:
            self.reload()

    @property
    def loading(self) -> bool:
        return self._reads.running

    def _loaded(self, register: PreparedRegister, select_id: int | None) -> None:
        self.calendar, self.loaded = register.calendar, True
        self.model.set_prepared(register)
        self._refresh_lists()
        if select_id is not None and (row := self.model.row_of(select_id)) is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self.reloaded.emit()
        waiting, self._then = self._then, []
        for then in waiting:
            then()

    def _load_failed(self, exc: BaseException) -> None:
        self._then = []
        if not self.loaded:
            self.counts.setText("")
        show_error(self, "无法载入台账", str(exc))

    def _refresh_lists(self) -> None:
        self._refresh_years()
        self._refresh_warning()
        self._refresh_counts()

    def _refresh_years(self) -> None:
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(ALL, None)
        for year in self.model.years():
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(0, self.year.findData(current)))
        self.year.blockSignals(False)

    def _refresh_warning(self) -> None:
        """Years without holiday data that today's marks depend on: Monday–Friday is only a guess."""
        today = self.today()
        years = set(self.calendar.uncovered_years(today, today))
        for line in self.model.open_lines():
            if line.deadline.due is not None:
                years.update(
                    self.calendar.uncovered_years(line.request.received_on, line.deadline.due)
                )
        self.warning.setText(fallback_warning(years) if years else "")
        self.warning.setVisible(bool(years))

    def _refresh_counts(self) -> None:
        m = self.model
        open_count, overdue, soon = m.urgent_counts()
        self.counts.setText(
            f"共 {m.total_count()} 件 · 显示 {m.shown_count()} 件 · 办理中 {open_count} 件"
            f" · 已逾期 {overdue} 件 · 3个工作日内到期 {soon} 件"
        )

    # -- filtering -----------------------------------------------------------------------------
    def apply_filter(self) -> None:
        self.model.set_filter(
            RequestFilter(
                text=self.search.text(),
                year=self.year.currentData(),
                status=self.status.currentData() or "",
                outcomes=self.outcome.currentData(),
            )
        )
        self._refresh_counts()

    def show_pressing(self) -> None:
        """Only overdue and due-soon requests, most urgent first (the start-up reminder's 查看)."""
        if not self.loaded and not self.loading:
            self.reload()  # the filter set below applies once it is read
        for combo in (self.year, self.outcome):
            combo.setCurrentIndex(0)
        self.search.clear()
        self.status.setCurrentIndex(self.status.findData(PRESSING))
        self.table.sortByColumn(COL_REMAINING, Qt.SortOrder.AscendingOrder)

    # -- dialogs -------------------------------------------------------------------------------
    def current_request(self) -> Request | None:
        index = self.table.currentIndex()
        return self.model.request(index.row()) if index.isValid() else None

    def show_request_history(self) -> None:
        request = self.current_request()
        if request is None:
            show_error(self, "历史记录", "请先在台账中选中一件申请")
            return
        title = f"历史记录 — 申请 {request.number}"
        AuditDialog(self.services, "request", request.id, title, self).exec()

    def open_form(self, request_id: int | None) -> None:
        """The form of the request `request_id` (None: a new one), opened once it has been read
        in the background as stored now; the register is read again after a save."""
        if self._opening_form:  # a double-click while the first is being read
            return
        self._opening_form = True
        services = self.services
        # From the 台账 menu the register may not be read yet; the due date needs the real calendar.
        calendar = self.calendar if self.loaded else None
        tasks.run_in_background(
            self,
            lambda: read_request_form(services, request_id, calendar),
            self._show_form,
            self._form_not_read,
        )

    def _show_form(self, data: RequestFormData) -> None:
        self._opening_form = False
        dialog = RequestDialog(self.services, data, self, today=self.today())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
            return
        self.reload(select_id=dialog.saved.id)
        self.changed.emit()

    def _form_not_read(self, exc: BaseException) -> None:
        self._opening_form = False
        show_error(self, "无法打开申请表单", str(exc))

    def open_holidays(self) -> None:
        from desktop_app.ui.holiday_dialog import HolidayDialog  # noqa: PLC0415

        dialog = HolidayDialog(self.services, self)
        dialog.exec()
        if (
            dialog.changes is not None
        ):  # a year was saved: due dates of open requests may have moved
            self.reload()
            self.changed.emit()

    # -- letters ---------------------------------------------------------------------------------
    def open_letters(self) -> None:
        from desktop_app.ui.letters_dialog import LettersDialog  # noqa: PLC0415

        request = self.current_request()
        if request is None:
            show_error(self, "文书", "请先在台账中选择一件申请，再制作它的文书")
            return
        dialog = LettersDialog(self.services, request, self)
        dialog.issued.connect(lambda _letter: (self.reload(), self.changed.emit()))
        dialog.exec()

    def open_fee_ledger(self) -> None:
        from desktop_app.ui.fee_ledger_dialog import FeeLedgerDialog  # noqa: PLC0415

        request = self.current_request()
        FeeLedgerDialog(self.services, self, today=self.today, request=request).exec()
        self.reload()
        self.changed.emit()  # a payment may change the fee, the due dates and the fee reminder

    def open_letter_settings(self) -> None:
        from desktop_app.ui.letter_settings_dialog import LetterSettingsDialog  # noqa: PLC0415

        if LetterSettingsDialog(self.services, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()  # the fee setting may move due dates
            self.changed.emit()
