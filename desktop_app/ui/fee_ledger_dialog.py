"""台账 → 信息处理费: every 收费通知书 with its amount, payment period and how it ended.

Paid or waived (减免, with a reason) is recorded here; a period that ran out is shown in red,
since the request then ends as （六）2.
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

from desktop_app.db.errors import UserError, ValidationError
from desktop_app.domain.fee_ledger import LAPSED, FeeLine, Payment
from desktop_app.services import letters as service
from desktop_app.ui.form_dialog import error_label

HEADERS = ("编号", "收费通知", "金额（元）", "缴费期限", "状态", "缴费日期 / 减免理由")
LAPSED_COLOR = QColor("#c62828")


class FeeLedgerDialog(QDialog):
    def __init__(self, services, parent: QWidget | None = None, today=dt.date.today) -> None:
        super().__init__(parent)
        self.services, self.today = services, today
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
            lambda: self.record(Payment(waived_reason=self.reason.text()))
        )
        self.error = error_label()
        self.total = QLabel()
        bar = QHBoxLayout()
        for widget in (
            QLabel("缴费日期："),
            self.paid_on,
            self.paid_button,
            self.reason,
            self.waive_button,
        ):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.total)
        self.reload()

    def reload(self) -> None:
        try:
            self.lines = service.fee_ledger(self.services, self.today())
        except UserError as exc:
            self.lines = []
            self._error(str(exc))
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            settled = str(line.payment.paid_on or "") or line.payment.waived_reason
            texts = (
                line.request_number,
                line.notice,
                str(line.amount),
                str(line.payment_due),
                line.status,
                settled,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if line.status == LAPSED:
                    item.setForeground(LAPSED_COLOR)
                self.table.setItem(row, column, item)
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
        if line is None:
            self._error("请先在表中选择一份收费通知")
            return
        try:
            self.services.letters.record_payment(line.request_id, payment)
        except ValidationError as exc:
            self._error("；".join(p.message for p in exc.problems))
            return
        self._error("")
        self.reload()

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
