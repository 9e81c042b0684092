"""Start-up reminder: open requests that are overdue or due within 3 working days (nothing when none)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from desktop_app.db.errors import UserError
from desktop_app.domain.requests import RegisterLine, register_lines, reminders
from desktop_app.ui.messages import show_info
from desktop_app.ui.register_view import load_calendar


def show_startup_reminders(
    parent: QWidget | None, services, today: dt.date | None = None
) -> list[RegisterLine]:
    """Tell the user about pressing requests once, at start-up; returns them (most urgent first)."""
    try:
        lines = register_lines(
            services.requests.open_requests(), load_calendar(services), today or dt.date.today()
        )
    except UserError:
        return []  # the register view reports an unreadable calendar; a reminder must not block start-up
    pressing, message = reminders(lines)
    if pressing:
        show_info(
            parent,
            "答复期限提醒",
            f"{message}\n\n请在“依申请公开台账”中查看（逾期标红、即将到期标黄）。",
        )
    return pressing
