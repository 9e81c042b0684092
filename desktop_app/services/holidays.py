"""The holiday calendar of this installation: the shipped years plus those the user added."""

from __future__ import annotations

from pathlib import Path

from desktop_app.db.errors import UserError
from desktop_app.domain.workcalendar import USER_FILENAME, WorkCalendar


def holidays_file(services) -> Path:
    return services.paths.data_dir / USER_FILENAME


def load_calendar(services) -> WorkCalendar:
    """Built-in years plus the user's; a damaged user file becomes a UserError naming it."""
    try:
        return WorkCalendar.load(holidays_file(services))
    except ValueError as exc:
        raise UserError(str(exc)) from None
