"""A date field: typed as users write dates (2024-3-5, 2024.3.5, 2024年3月5日: domain/dates.py reads
them when the form is saved), or picked from a calendar opened by the button at its end or Alt+↓.

It stays a QLineEdit, so a half-typed or empty date is kept as typed and the form's own checks
name the problem, as for any other field.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from desktop_app.domain.dates import parse_date

HINT = "YYYY-MM-DD"
TIP = "可直接输入，如 2024-3-5、2024.3.5 或 2024年3月5日；也可点右侧按钮或按 Alt+↓ 在日历中选择"


def _calendar_icon() -> QIcon:
    """A small calendar page drawn here: no icon theme on Windows has one."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#455a64"))
    painter.drawRect(QRect(1, 2, 13, 12))
    painter.fillRect(QRect(2, 3, 12, 3), QColor("#c62828"))
    for row in range(2):
        for col in range(3):
            painter.fillRect(QRect(3 + col * 4, 8 + row * 3, 2, 2), QColor("#455a64"))
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    def __init__(self, text: str = "", placeholder: str = HINT, parent: QWidget | None = None):
        super().__init__(text, parent, placeholderText=placeholder, toolTip=TIP)
        self.calendar_action = QAction(_calendar_icon(), "选择日期", self)
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar: QCalendarWidget | None = None

    def open_calendar(self) -> None:
        """The month of the date typed (today when none), as a popup below the field."""
        calendar = QCalendarWidget(self, windowFlags=Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setGridVisible(True)
        try:
            day = parse_date(self.text())
            calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        except ValueError:
            pass  # nothing readable typed yet: the calendar opens on today
        calendar.clicked.connect(self.pick)
        calendar.activated.connect(self.pick)  # Enter on a day
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        calendar.setFocus()
        self.calendar = calendar

    def pick(self, date: QDate) -> None:
        self.setText(date.toString("yyyy-MM-dd"))
        if self.calendar is not None:
            self.calendar.close()
            self.calendar = None
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.open_calendar()
            return
        super().keyPressEvent(event)
