"""The holiday calendar's files: the built-in years (package data) and the user's added years.

The calendar's rules live in domain/workcalendar.py; this module only reads and writes the JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from desktop_app.domain.requests import Request, due_date_changes
from desktop_app.domain.workcalendar import (
    BUILTIN_RESOURCE,
    WorkCalendar,
    YearSchedule,
    with_user_year,
)
from desktop_app.jsonfile import write_json

log = logging.getLogger(__name__)


def load_calendar_file(user_file: Path | None = None) -> WorkCalendar:
    """The built-in years merged with those of `user_file` (when it exists); ValueError names a
    user file that cannot be read."""
    package, name = BUILTIN_RESOURCE
    builtin = json.loads(resources.files(package).joinpath(name).read_text("utf-8"))
    user = None
    if user_file is not None and user_file.is_file():
        try:
            user = json.loads(user_file.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"无法读取自定义节假日文件 {user_file}：{exc}") from None
    return WorkCalendar.from_data(builtin, user)


def save_user_year(user_file: Path, schedule: YearSchedule) -> WorkCalendar:
    """Add or replace one year in the user's file (written to *.tmp, then renamed); the new calendar.

    Due dates are derived on every read, never stored, so open requests pick up the change at once;
    the caller logs it.
    """
    user = json.loads(user_file.read_text("utf-8")) if user_file.is_file() else None
    write_json(user_file, with_user_year(user, schedule), indent=1)
    return load_calendar_file(user_file)


def change_holidays(
    user_file: Path, schedule: YearSchedule, requests: Iterable[Request]
) -> tuple[WorkCalendar, list[tuple[str, dt.date | None, dt.date | None]]]:
    """Save a user-added holiday year, log it and every open request's due date it moves.

    Due dates are never stored, so the register shows the new ones at once; the log is the record.
    """
    before = load_calendar_file(user_file)
    after = save_user_year(user_file, schedule)
    numbers = "、".join(n.number for n in schedule.notices)
    log.info("节假日安排已更新：%d年（%s）", schedule.year, numbers)
    changes = due_date_changes(requests, before, after)
    for number, old, new in changes:
        log.info("申请 %s 的答复期限因节假日调整由 %s 改为 %s", number, old, new)
    return after, changes
