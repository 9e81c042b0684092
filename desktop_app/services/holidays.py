"""The holiday calendar of this installation: the shipped years plus those the user added."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.db.audit import require
from desktop_app.domain.audit import EDITED, Change, text_of
from desktop_app.domain.users import ADMIN
from desktop_app.domain.workcalendar import USER_FILENAME, WorkCalendar, YearSchedule
from desktop_app.errors import UserError
from desktop_app.services.calendar_files import change_holidays, load_calendar_file

if TYPE_CHECKING:
    from desktop_app.services.context import Services


def holidays_file(services: Services) -> Path:
    return services.paths.data_dir / USER_FILENAME


def load_calendar(services: Services) -> WorkCalendar:
    """Built-in years plus the user's; a damaged user file becomes a UserError naming it."""
    try:
        return load_calendar_file(holidays_file(services))
    except ValueError as exc:
        raise UserError(str(exc)) from None


def save_holidays(
    services: Services, schedule: YearSchedule
) -> tuple[WorkCalendar, list[tuple[str, dt.date | None, dt.date | None]]]:
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


class HolidayService:
    """What the holiday dialog asks: the calendar, and saving a year; any thread (the dialog runs
    them through ui/tasks.py: the save reads every open request and rewrites the calendar file)."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def calendar(self) -> WorkCalendar:
        return load_calendar(self._services)

    def save(
        self, schedule: YearSchedule
    ) -> tuple[WorkCalendar, list[tuple[str, dt.date | None, dt.date | None]]]:
        """The calendar with the year saved, and (编号, old due, new due) of each request moved."""
        return save_holidays(self._services, schedule)
