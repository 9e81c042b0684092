"""Which automatic backups to keep, and when the last one is too old.

Rotation keeps the newest backup of each of the most recent N days, N weeks (ISO weeks) and N
months that have one — the scheme of `borg prune` and `restic forget` — so a week of daily
backups, a month of weekly ones and a year of monthly ones stay, and the folder stops growing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

OVERDUE_DAYS = 7  # without a backup for longer, the status bar warns


@dataclass(frozen=True)
class Retention:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def _day(time: dt.datetime) -> tuple[int, ...]:
    return (time.year, time.month, time.day)


def _week(time: dt.datetime) -> tuple[int, ...]:
    iso = time.isocalendar()
    return (iso.year, iso.week)


def _month(time: dt.datetime) -> tuple[int, ...]:
    return (time.year, time.month)


def to_keep(times: Iterable[dt.datetime], retention: Retention) -> set[dt.datetime]:
    """The backup times kept; every other automatic backup may be deleted."""
    newest_first = sorted(set(times), reverse=True)
    keep: set[dt.datetime] = set()
    rules: tuple[tuple[int, Callable[[dt.datetime], tuple[int, ...]]], ...] = (
        (retention.daily, _day),
        (retention.weekly, _week),
        (retention.monthly, _month),
    )
    for count, period in rules:
        periods: set[tuple[int, ...]] = set()
        for time in newest_first:
            if len(periods) >= count:
                break
            if period(time) not in periods:  # the newest of its period
                periods.add(period(time))
                keep.add(time)
    return keep


def due_at_start(times: Iterable[dt.datetime], now: dt.datetime) -> bool:
    """The first start of a day backs up: no backup yet made today."""
    return all(time.date() != now.date() for time in times)


def age_notice(last: dt.datetime | None, now: dt.datetime) -> tuple[str, bool]:
    """The status bar's words about the last backup, and whether they are a warning."""
    if last is None:
        return "还没有备份", True
    days = (now.date() - last.date()).days
    if days > OVERDUE_DAYS:
        return f"已 {days} 天没有备份，请检查备份位置", True
    when = "今天" if days == 0 else "昨天" if days == 1 else f"{days} 天前"
    return f"上次备份：{when} {last:%H:%M}", False
