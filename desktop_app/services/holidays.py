"""The holiday calendar of this installation: the shipped years plus those the user added."""

from __future__ import annotations

from pathlib import Path

from desktop_app.db.audit import require
from desktop_app.domain.audit import EDITED, Change, text_of
from desktop_app.domain.requests import change_holidays
from desktop_app.domain.users import ADMIN
from desktop_app.domain.workcalendar import USER_FILENAME, WorkCalendar, YearSchedule
from desktop_app.errors import UserError


def holidays_file(services) -> Path:
    return services.paths.data_dir / USER_FILENAME


def load_calendar(services) -> WorkCalendar:
    """Built-in years plus the user's; a damaged user file becomes a UserError naming it."""
    try:
        return WorkCalendar.load(holidays_file(services))
    except ValueError as exc:
        raise UserError(str(exc)) from None


def save_holidays(services, schedule: YearSchedule) -> tuple[WorkCalendar, list]:
    """Save a holiday year (管理员 only) and record it, with each due date it moves, in the trail.

    The calendar is a file of this installation, so the event follows the file's write instead
    of sharing a transaction with it.
    """
    require(services.db, ADMIN)
    calendar, moved = change_holidays(
        holidays_file(services), schedule, services.requests.open_requests()
    )
    notices = "、".join(n.number for n in schedule.notices)
    services.audit.note(
        "holidays",
        schedule.year,
        EDITED,
        f"{schedule.year}年节假日安排（{notices}）",
        [
            Change(f"申请 {number} 答复期限", text_of(old), text_of(new))
            for number, old, new in moved
        ],
    )
    return calendar, moved
