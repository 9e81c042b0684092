"""台账 → 信息处理费: every 收费通知书 with its amount, payment period and how it ended.

Paid or waived (减免, with a reason and the date) is recorded here; a fee may be waived before any
notice is sent: choose the request in the register, then 减免 here. A period that ran out is
shown in red, since the request then ends as （六）2.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.fee_ledger import LAPSED, FeeLine, Payment
from desktop_app.errors import ValidationError
from desktop_app.ui import tasks
from desktop_app.ui.form_dialog import error_label

HEADERS = ("编号", "收费通知", "金额（元）", "缴费期限", "状态", "缴费或减免")
LAPSED_COLOR = QColor("#c62828")


class FeeLedgerDialog(QDialog):
    def __init__(
        self, services, parent: QWidget | None = None, today=dt.date.today, request=None
    ) -> None:
        """`request`: the register's selected request, which may be waived before any notice.
        The ledger is read, and payments recorded, in the background (`busy` meanwhile)."""
        super().__init__(parent)
        self.fees, self.today, self.request = services.fees, today, request
        self.busy = False
        self.lines: list[FeeLine] = []
        self.setWindowTitle("信息处理费台账")
        self.resize(900, 500)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.paid_on = QDateEdit(
            QDate.currentDate(), calendarPopup=True, displayFormat="yyyy-MM-dd"
        )
        self.paid_button = QPushButton("登记已缴纳")
        self.paid_button.clicked.connect(
            lambda: self.record(Payment(self.paid_on.date().toPython()))
        )
        self.reason = QLineEdit(placeholderText="减免理由")
        self.waive_button = QPushButton("登记减免")
        self.waive_button.clicked.connect(
            lambda: self.record(
                Payment(waived_reason=self.reason.text(), waived_on=self.paid_on.date().toPython())
            )
        )
        self.error = error_label()
        self.total = QLabel()
        bar = QHBoxLayout()
        for widget in (
            QLabel("日期："),
            self.paid_on,
            self.paid_button,
            self.reason,
            self.waive_button,
        ):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        if request is not None:
            layout.addWidget(
                QLabel(f"台账中选中的申请：{request.number}（未发收费通知也可在此登记减免）")
            )
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.total)
        self.reload()

    def reload(self) -> None:
        fees, today = self.fees, self.today()
        self._start(lambda: fees.ledger(today))

    def _start(self, read) -> None:
        self.busy = True
        for button in (self.paid_button, self.waive_button):
            button.setEnabled(False)
        self.total.setText("正在读取…")
        tasks.run_in_background(self, read, self._show, self._failed)

    def _finished(self) -> None:
        self.busy = False
        for button in (self.paid_button, self.waive_button):
            button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self._finished()
        self._show_total()  # the ledger shown stays as it was
        if isinstance(exc, ValidationError):
            self._error("；".join(p.message for p in exc.problems))
        else:
            self._error(str(exc))

    def _show(self, lines: list[FeeLine]) -> None:
        self._finished()
        self.lines = lines
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            texts = (
                line.request_number,
                line.notice or "（未发收费通知）",
                str(line.amount),
                str(line.payment_due or ""),
                line.status,
                _settled(line.payment),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if line.status == LAPSED:
                    item.setForeground(LAPSED_COLOR)
                self.table.setItem(row, column, item)
        self._show_total()

    def _show_total(self) -> None:
        lapsed = sum(line.status == LAPSED for line in self.lines)
        self.total.setText(
            f"共 {len(self.lines)} 份收费通知"
            + (f"；{lapsed} 件逾期未缴费，应按（六）2 办结" if lapsed else "")
        )

    def selected(self) -> FeeLine | None:
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def record(self, payment: Payment) -> None:
        line = self.selected()
        request_id = line.request_id if line else None
        if request_id is None and payment.waived_reason and self.request is not None:
            request_id = self.request.id  # waived before any notice
        if request_id is None:
            self._error(
                "请先在表中选择一份收费通知；尚未发收费通知的申请，请先在台账中选中它再打开本窗口减免"
            )
            return
        self._error("")
        fees, today = self.fees, self.today()
        self._start(lambda: fees.record_payment(request_id, payment, today))

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


def _settled(payment: Payment) -> str:
    if payment.paid_on:
        return f"{payment.paid_on} 缴纳"
    if payment.waived_reason:
        return f"{payment.waived_on or ''} 减免：{payment.waived_reason}".strip()
    return ""
