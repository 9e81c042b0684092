"""Automatic backups: rotation by dates (pure), the overdue warning, and the service writing into
the backup folder and deleting what rotation does not keep."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.domain.backup_rotation import Retention, age_notice, due_at_start, to_keep
from desktop_app.errors import UserError
from desktop_app.services.auto_backup import (
    ChangeWatch,
    automatic_backups,
    back_up_automatically,
    retention,
)
from desktop_app.services.backup_verify import verify
from desktop_app.settings import Settings
from tests.test_backup import _add

NOON = dt.time(12)


def _daily(first: dt.date, days: int) -> list[dt.datetime]:
    return [dt.datetime.combine(first + dt.timedelta(days=n), NOON) for n in range(days)]


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_12_months():
    times = _daily(dt.date(2025, 1, 1), 365)  # 2025-01-01 … 2025-12-31
    kept = sorted(to_keep(times, Retention()))
    days = {t.date() for t in kept}
    # the last 7 days
    assert {dt.date(2025, 12, 25) + dt.timedelta(days=n) for n in range(7)} <= days
    # the newest of each of the last 4 ISO weeks: Wed 12-31 (week 2026-W01), Sundays 12-28,
    # 12-21 and 12-14
    assert {dt.date(2025, 12, 14), dt.date(2025, 12, 21)} <= days
    assert dt.date(2025, 12, 7) not in days
    # the newest of each of the 12 months: the month ends
    month_ends = {dt.date(2025, m + 1, 1) - dt.timedelta(days=1) for m in range(1, 12)}
    assert month_ends | {dt.date(2025, 12, 31)} <= days
    assert len(kept) == len(days) == 7 + 2 + 11  # overlaps counted once
    assert min(days) == dt.date(2025, 1, 31)


def test_several_backups_a_day_keep_the_newest_of_the_day():
    times = [dt.datetime(2025, 3, 3, h) for h in (8, 12, 18)]
    assert to_keep(times, Retention(daily=7, weekly=0, monthly=0)) == {dt.datetime(2025, 3, 3, 18)}


def test_counts_of_zero_and_gaps():
    times = [dt.datetime(2025, 1, 1, 9), dt.datetime(2025, 3, 1, 9), dt.datetime(2025, 3, 2, 9)]
    assert to_keep(times, Retention(0, 0, 0)) == set()
    # days without a backup do not count: two daily slots reach back over the gap
    assert to_keep(times, Retention(daily=2, weekly=0, monthly=0)) == set(times[1:])
    assert to_keep(times, Retention(daily=0, weekly=0, monthly=2)) == {times[0], times[2]}
    assert to_keep([], Retention()) == set()


def test_a_week_over_the_new_year_is_one_iso_week():
    times = [dt.datetime(2024, 12, 30, 9), dt.datetime(2025, 1, 2, 9)]  # both ISO week 2025-W01
    assert to_keep(times, Retention(daily=0, weekly=1, monthly=0)) == {times[1]}


def test_due_at_the_first_start_of_a_day():
    now = dt.datetime(2025, 6, 2, 8, 30)
    assert due_at_start([], now)
    assert due_at_start([dt.datetime(2025, 6, 1, 23, 59)], now)
    assert not due_at_start([dt.datetime(2025, 6, 2, 0, 1)], now)


@pytest.mark.parametrize(
    ("last", "text", "warning"),
    [
        (None, "还没有备份", True),
        (dt.datetime(2025, 6, 10, 9, 5), "上次备份：今天 09:05", False),
        (dt.datetime(2025, 6, 9, 17, 0), "上次备份：昨天 17:00", False),
        (dt.datetime(2025, 6, 3, 8, 0), "上次备份：7 天前 08:00", False),
        (dt.datetime(2025, 6, 2, 8, 0), "已 8 天没有备份，请检查备份位置", True),
    ],
)
def test_age_notice(last, text, warning):
    assert age_notice(last, dt.datetime(2025, 6, 10, 18, 0)) == (text, warning)


def test_retention_from_settings_ignores_what_is_not_a_count():
    settings = Settings(backups_daily=3, backups_weekly="many", backups_monthly=-1)
    assert retention(settings) == Retention(daily=3, weekly=4, monthly=12)


def test_automatic_backups_rotate_in_the_data_folder(services, agency, tmp_path):
    _add(services, agency, "自动备份的条目")
    folder = tmp_path / "data" / "backups"
    folder.mkdir(parents=True)
    for time in _daily(dt.date(2025, 1, 1), 10):  # ten older ones, and files rotation must ignore
        (folder / f"自动备份-{time:%Y%m%d-%H%M%S}.zip").write_bytes(b"old")
    (folder / "恢复前自动备份-20250101-120000.zip").write_bytes(b"safety")
    (folder / "自动备份-说明.zip").write_bytes(b"not a time")
    settings = Settings(backups_daily=3, backups_weekly=0, backups_monthly=0)

    result = back_up_automatically(services, settings, dt.datetime(2025, 1, 11, 9, 0, 0))

    assert result.path == folder / "自动备份-20250111-090000.zip"
    assert verify(result.path).counts["entries"] == 1
    assert sorted(automatic_backups(folder)) == [
        dt.datetime(2025, 1, 9, 12),
        dt.datetime(2025, 1, 10, 12),
        dt.datetime(2025, 1, 11, 9),
    ]
    assert (folder / "恢复前自动备份-20250101-120000.zip").exists()
    assert (folder / "自动备份-说明.zip").exists()


def test_a_second_drive_or_network_folder(services, tmp_path):
    drive = tmp_path / "第二块硬盘"
    drive.mkdir()
    result = back_up_automatically(
        services, Settings(backup_folder=str(drive)), dt.datetime(2025, 1, 1, 9)
    )
    assert result.path.parent == drive
    gone = tmp_path / "未连接的网络文件夹"
    with pytest.raises(UserError, match="无法访问"):
        back_up_automatically(services, Settings(backup_folder=str(gone)), dt.datetime.now())
    assert not gone.exists()


def test_the_watch_sees_writes_and_not_reads(services, agency):
    watch = ChangeWatch(services)
    services.agencies.current()
    services.catalog.listing()
    assert not watch.changed
    _add(services, agency, "一条新条目")
    assert watch.changed
