"""Start-up reminders: banners above the tabs naming open requests overdue or due within 3 working
days, and unpaid fees whose payment period ran out or ends soon, each with 查看 (the register, or
台账 → 信息处理费) and 关闭. Nothing modal: start-up never waits for them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.domain.fee_ledger import LAPSED, FeeLine
from desktop_app.domain.requests import RegisterLine, register_lines, reminders
from desktop_app.errors import UserError
from desktop_app.ui import tasks

TITLE = "答复期限提醒"
FEE_TITLE = "信息处理费提醒"
BANNER_STYLE = (
    "#reminder, #fee_reminder { background: #fdecea; border: 1px solid #e57373;"
    " border-radius: 3px; }"
    "#reminder QLabel, #fee_reminder QLabel { color: #b71c1c; }"
)


def pressing_requests(services, today: dt.date | None = None) -> tuple[list[RegisterLine], str]:
    """Open requests overdue or due soon (most urgent first) and the reminder text; none when the
    calendar cannot be read (the register view reports that itself)."""
    data = services.register_data
    try:
        clock = data.clock()
        lines = register_lines(
            data.open_requests(),
            clock.calendar,
            today or dt.date.today(),
            clock.payment_stops_clock,
        )
    except UserError:
        return [], ""
    return reminders(lines)


class ReminderBanner(QFrame):
    """Hidden until `check` finds pressing requests. `view_requested` when 查看 is pressed;
    `reminded(text)` carries a one-line summary for the status bar."""

    view_requested = Signal()
    reminded = Signal(str)
    VIEW_TIP = "在“依申请公开台账”中只列出逾期和即将到期的申请"

    def __init__(self, parent: QWidget | None = None, name: str = "reminder") -> None:
        super().__init__(parent, objectName=name, visible=False)
        self.setStyleSheet(BANNER_STYLE)
        self.pressing: list = []
        self._services = None  # set by the first check
        self.text = QLabel(wordWrap=True)
        self.view_button = QPushButton("查看")
        self.view_button.setToolTip(self.VIEW_TIP)
        self.close_button = QPushButton("关闭")
        self.view_button.clicked.connect(self.view_requested)
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.view_button)
        row.addWidget(self.close_button)

    def check(self, services, today: dt.date | None = None) -> None:
        """Read the open requests off the UI thread, then show or hide the banner."""
        self._services = services
        tasks.run_in_background(
            self,
            lambda: self.read(services, today),
            lambda result: self.show_reminder(*result),
            lambda _exc: None,  # a reminder that cannot be read must not get in the way
        )

    def read(self, services, today: dt.date | None):
        """Off the UI thread: what `show_reminder` is called with."""
        return pressing_requests(services, today)

    def refresh(self) -> None:
        """After the register changed: check again while showing, so the banner never names a
        request already answered (a dismissed banner stays dismissed)."""
        if self._services is not None and not self.isHidden():
            self.check(self._services)

    def show_reminder(self, pressing: list[RegisterLine], message: str) -> None:
        self.pressing = pressing
        self.setVisible(bool(pressing))
        if pressing:
            self.text.setText(f"{TITLE}：{message}（逾期标红、即将到期标黄）")
            overdue = sum(1 for line in pressing if line.urgency.overdue)
            self.reminded.emit(f"{TITLE}：{overdue} 件已逾期，{len(pressing) - overdue} 件即将到期")


class FeeReminderBanner(ReminderBanner):
    """Unpaid 信息处理费: payment periods of open requests that ran out (the request ends as
    （六）2) or end within 3 working days; 查看 opens 台账 → 信息处理费."""

    VIEW_TIP = "打开“台账 → 信息处理费”，登记缴费或减免"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="fee_reminder")

    def read(self, services, today: dt.date | None):
        try:
            return services.register_data.unpaid_fees(today)
        except UserError:  # the calendar cannot be read: the register view says so itself
            return [], ""

    def show_reminder(self, pressing: list[FeeLine], message: str) -> None:
        self.pressing = pressing
        self.setVisible(bool(pressing))
        if pressing:
            lapsed = sum(1 for line in pressing if line.status == LAPSED)
            mark = "（逾期未缴费的申请应按（六）2 办结）" if lapsed else ""
            self.text.setText(f"{FEE_TITLE}：{message}{mark}")
