"""Working-day calendar: statutory holidays and make-up working days (调休) from the State Council notices.

The built-in data (resources/holidays/cn_holidays.json, 2008 on) is package data. A user adds a year
when its notice appears; those years live in a separate JSON file in the data folder and replace the
built-in year of the same number (services/calendar_files.py reads and writes both files). A year with no data falls back to Monday–Friday, and every
computation that touches such a year says so (`uncovered_years`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

BUILTIN_RESOURCE = ("desktop_app.resources", "holidays/cn_holidays.json")
USER_FILENAME = "holidays-user.json"
_FORMAT = 1


@dataclass(frozen=True)
class Notice:
    number: str  # 国办发明电〔2023〕7号
    title: str


@dataclass(frozen=True)
class Holiday:
    """A run of days off (weekends inside it included) and the weekend days worked for it."""

    name: str
    start: dt.date
    end: dt.date
    workdays: tuple[dt.date, ...] = ()

    def days(self) -> Iterable[dt.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)


@dataclass(frozen=True)
class YearSchedule:
    year: int
    notices: tuple[Notice, ...]
    holidays: tuple[Holiday, ...]
    user_added: bool = False


def fallback_warning(years: Iterable[int]) -> str:
    listed = "、".join(f"{y}年" for y in sorted(set(years)))
    return f"{listed}尚无国务院放假安排数据，按周一至周五为工作日计算，结果可能不准；请在“节假日设置”中补充当年通知"


class WorkCalendar:
    """Answers is this a working day, and what is the n-th working day after a date."""

    def __init__(self, schedules: Iterable[YearSchedule]) -> None:
        self.schedules = {s.year: s for s in sorted(schedules, key=lambda s: s.year)}
        self._off: dict[dt.date, Holiday] = {}
        self._on: dict[dt.date, Holiday] = {}
        for schedule in self.schedules.values():
            for holiday in schedule.holidays:
                self._off.update(dict.fromkeys(holiday.days(), holiday))
                self._on.update(dict.fromkeys(holiday.workdays, holiday))
        # For workdays_between: the exceptions to Monday–Friday, sorted, so a count is two bisections
        # instead of a walk over every day (the register asks this for every open request).
        self._weekdays_off = sorted(d for d in self._off if d.weekday() < 5 and d not in self._on)
        self._weekends_on = sorted(d for d in self._on if d.weekday() >= 5)

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def from_data(cls, builtin: object, user: object | None = None) -> WorkCalendar:
        """The built-in years merged with the user's (a user year replaces the built-in one)."""
        years = {s.year: s for s in parse_schedules(builtin)}
        if user is not None:
            years.update({s.year: s for s in parse_schedules(user, user_added=True)})
        return cls(years.values())

    # -- questions -----------------------------------------------------------------------------
    def covers(self, year: int) -> bool:
        return year in self.schedules

    def is_workday(self, day: dt.date) -> bool:
        if day in self._on:
            return True
        return day not in self._off and day.weekday() < 5

    def holiday_of(self, day: dt.date) -> Holiday | None:
        """The holiday a day off belongs to, or the holiday a make-up working day serves."""
        return self._off.get(day) or self._on.get(day)

    def is_makeup_workday(self, day: dt.date) -> bool:
        return day in self._on

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (start itself never counts)."""
        if count < 1:
            raise ValueError("工作日数必须为正数")
        day = start
        while count:
            day += dt.timedelta(days=1)
            count -= self.is_workday(day)
        return day

    def workdays_between(self, after: dt.date, until: dt.date) -> int:
        """Working days d with after < d ≤ until; negative (counted the other way) when until < after."""
        if until < after:
            return -self.workdays_between(until, after)
        days = (until - after).days
        weeks, rest = divmod(days, 7)
        weekdays = 5 * weeks + sum(
            (after + dt.timedelta(days=i)).weekday() < 5 for i in range(days - rest + 1, days + 1)
        )
        return (
            weekdays
            - _count_in(self._weekdays_off, after, until)
            + _count_in(self._weekends_on, after, until)
        )

    def uncovered_years(self, first: dt.date, last: dt.date) -> list[int]:
        return [y for y in range(first.year, last.year + 1) if not self.covers(y)]


def _count_in(days: list[dt.date], after: dt.date, until: dt.date) -> int:
    """How many of the sorted `days` lie in (after, until]."""
    return bisect_right(days, until) - bisect_right(days, after)


# -- the JSON format (built-in and user file alike) -------------------------------------------------
def parse_schedules(data: object, user_added: bool = False) -> list[YearSchedule]:
    """Read {"format": 1, "years": {"2024": {...}}}; ValueError with a Chinese reason when malformed."""
    if (
        not isinstance(data, Mapping)
        or data.get("format") != _FORMAT
        or not isinstance(data.get("years"), Mapping)
    ):
        raise ValueError('节假日数据格式不对：应为 {"format": 1, "years": {…}}')
    return [_parse_year(int(year), record, user_added) for year, record in data["years"].items()]


def _parse_year(year: int, record: Mapping[str, Any], user_added: bool) -> YearSchedule:
    try:
        notices = tuple(Notice(n["number"], n["title"]) for n in record["notices"])
        holidays = tuple(
            Holiday(
                h["name"],
                dt.date.fromisoformat(h["start"]),
                dt.date.fromisoformat(h["end"]),
                tuple(dt.date.fromisoformat(d) for d in h.get("workdays", ())),
            )
            for h in record["holidays"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            f"{year}年节假日数据有误（{exc}），请检查日期写法 YYYY-MM-DD 和各项是否齐全"
        ) from None
    schedule = YearSchedule(year, notices, holidays, user_added)
    if problems := schedule_problems(schedule):
        raise ValueError(f"{year}年节假日数据有误：{'；'.join(problems)}")
    return schedule


def schedule_problems(schedule: YearSchedule) -> list[str]:
    """What is wrong with a year a user typed in (empty when it can be saved)."""
    problems = []
    if not schedule.notices or not all(
        n.number.strip() and n.title.strip() for n in schedule.notices
    ):
        problems.append("请填写通知的标题和文号")
    if not schedule.holidays:
        problems.append("至少应有一个节假日")
    off: set[dt.date] = set()
    for h in schedule.holidays:
        if not h.name.strip():
            problems.append("节假日名称不能为空")
        if h.end < h.start:
            problems.append(f"{h.name}的结束日期 {h.end} 早于开始日期 {h.start}")
        if abs(h.start.year - schedule.year) > 1:
            problems.append(f"{h.name}的日期 {h.start} 不在 {schedule.year} 年前后")
        off.update(h.days())
        problems += [
            f"{h.name}的调休上班日 {d} 不是周六或周日" for d in h.workdays if d.weekday() < 5
        ]
    clash = sorted(off & {d for h in schedule.holidays for d in h.workdays})
    problems += [f"{d} 既是放假日又是调休上班日" for d in clash]
    return problems


def schedules_to_json(schedules: Iterable[YearSchedule]) -> dict[str, object]:
    return {
        "format": _FORMAT,
        "years": {
            str(s.year): {
                "notices": [{"number": n.number, "title": n.title} for n in s.notices],
                "holidays": [
                    {
                        "name": h.name,
                        "start": h.start.isoformat(),
                        "end": h.end.isoformat(),
                        "workdays": [d.isoformat() for d in h.workdays],
                    }
                    for h in s.holidays
                ],
            }
            for s in schedules
        },
    }


def with_user_year(user: object | None, schedule: YearSchedule) -> dict[str, Any]:
    """The user's years (as stored, or None) with `schedule` added or replacing its year; raises
    ValueError naming the problems of a schedule that breaks a rule."""
    if problems := schedule_problems(schedule):
        raise ValueError(f"{schedule.year}年节假日数据有误：{'；'.join(problems)}")
    years = {s.year: s for s in parse_schedules(user, True)} if user is not None else {}
    years[schedule.year] = schedule
    return schedules_to_json(sorted(years.values(), key=lambda s: s.year))
