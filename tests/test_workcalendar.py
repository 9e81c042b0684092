"""Holiday calendar: the shipped notices 2008–2026, working-day arithmetic, user-added years, fallback."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from desktop_app.domain.workcalendar import (
    Holiday,
    Notice,
    YearSchedule,
    parse_schedules,
    schedule_problems,
)
from desktop_app.services.calendar_files import load_calendar_file, save_user_year

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return load_calendar_file()


def test_every_year_2008_to_2026_has_its_notice(cal):
    assert list(cal.schedules) == list(range(2008, 2027))
    for year, schedule in cal.schedules.items():
        # The notice for year Y is issued late in Y-1 (国办发明电〔Y-1〕N号).
        first = schedule.notices[0]
        assert re.fullmatch(rf"国办发明电〔{year - 1}〕\d+号", first.number), first
        assert str(year) in first.title
        assert schedule_problems(schedule) == []


def test_supplementary_notices_are_recorded(cal):
    numbers = {y: [n.number for n in s.notices] for y, s in cal.schedules.items()}
    assert "国办发明电〔2019〕3号" in numbers[2019]  # 劳动节 lengthened to four days
    assert "国办发明电〔2020〕1号" in numbers[2020]  # Spring Festival extended (epidemic)
    assert "国发明电〔2015〕1号" in numbers[2015]  # 9月3日 victory day, by the State Council itself
    # spot checks of the yearly notices against their published numbers
    assert numbers[2008] == ["国办发明电〔2007〕52号"]
    assert numbers[2013] == ["国办发明电〔2012〕33号"]
    assert numbers[2026] == ["国办发明电〔2025〕7号"]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 10, 1), False),
        (D(2024, 10, 7), False),  # 国庆 Tuesday…Monday
        (D(2024, 9, 29), True),
        (D(2024, 10, 12), True),  # 调休 Sunday, Saturday
        (D(2024, 10, 13), False),
        (D(2024, 10, 8), True),  # ordinary Sunday, ordinary Tuesday
        (
            D(2020, 2, 1),
            False,
        ),  # a make-up Saturday cancelled by the extension of Spring Festival 2020
        (D(2020, 1, 31), False),
        (D(2020, 1, 19), True),
        (D(2019, 5, 2), False),
        (D(2019, 5, 5), True),
        (D(2019, 4, 28), True),
        (D(2008, 5, 2), False),
        (D(2008, 5, 4), True),  # 2008: 劳动节 1–3 May, Sunday 4 May worked
        (D(2015, 9, 3), False),
        (D(2015, 9, 6), True),
        (D(2025, 1, 28), False),
        (D(2025, 2, 8), True),  # 除夕 is a statutory holiday from 2025
        (D(2026, 2, 23), False),
        (D(2026, 2, 28), True),
        (D(2026, 9, 20), True),
        (D(2018, 12, 29), True),
        (D(2018, 12, 31), False),  # from the 2019 notice
    ],
)
def test_is_workday(cal, day, working):
    assert cal.is_workday(day) is working


def test_holiday_of_names_the_holiday_for_days_off_and_make_up_days(cal):
    assert cal.holiday_of(D(2024, 10, 3)).name == "国庆节"
    assert cal.holiday_of(D(2024, 10, 12)).name == "国庆节"
    assert cal.is_makeup_workday(D(2024, 10, 12))
    assert cal.holiday_of(D(2024, 10, 9)) is None


def test_add_workdays_starts_the_day_after(cal):
    assert cal.add_workdays(D(2024, 10, 8), 1) == D(2024, 10, 9)
    assert cal.add_workdays(D(2024, 9, 30), 1) == D(2024, 10, 8)  # over the whole 国庆 break
    assert cal.add_workdays(D(2024, 9, 28), 1) == D(2024, 9, 29)  # a make-up Sunday counts
    with pytest.raises(ValueError, match="正数"):
        cal.add_workdays(D(2024, 1, 1), 0)


def test_workdays_between(cal):
    assert cal.workdays_between(D(2024, 9, 27), D(2024, 10, 8)) == 3  # 29th, 30th, 8th
    assert cal.workdays_between(D(2024, 10, 8), D(2024, 9, 27)) == -3
    assert cal.workdays_between(D(2024, 10, 8), D(2024, 10, 8)) == 0


def test_year_without_data_falls_back_to_monday_to_friday(cal):
    assert not cal.covers(2027)
    assert cal.is_workday(D(2027, 1, 1))  # a Friday: no notice yet, so counted
    assert not cal.is_workday(D(2027, 1, 2))
    assert cal.uncovered_years(D(2026, 12, 1), D(2027, 1, 20)) == [2027]
    assert cal.uncovered_years(D(2024, 1, 1), D(2026, 12, 31)) == []


def _schedule_2027() -> YearSchedule:
    return YearSchedule(
        2027,
        (Notice("国办发明电〔2026〕9号", "国务院办公厅关于2027年部分节假日安排的通知"),),
        (Holiday("元旦", D(2027, 1, 1), D(2027, 1, 3), (D(2027, 1, 9),)),),
    )


def test_user_year_is_saved_merged_and_survives_reload(tmp_path):
    user_file = tmp_path / "data" / "holidays-user.json"
    cal = save_user_year(user_file, _schedule_2027())
    assert cal.covers(2027)
    assert cal.schedules[2027].user_added
    assert not cal.is_workday(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 1, 9))
    reloaded = load_calendar_file(user_file)
    assert reloaded.schedules[2027] == cal.schedules[2027]
    assert reloaded.covers(2024)
    assert not reloaded.schedules[2024].user_added
    assert not list(user_file.parent.glob("*.tmp"))


def test_user_year_replaces_the_shipped_one(tmp_path):
    user_file = tmp_path / "holidays-user.json"
    corrected = YearSchedule(
        2026,
        (Notice("国办发明电〔2025〕7号", "更正"),),
        (Holiday("国庆节", D(2026, 10, 1), D(2026, 10, 8), ()),),
    )
    cal = save_user_year(user_file, corrected)
    assert not cal.is_workday(D(2026, 10, 8))
    assert cal.is_workday(D(2026, 2, 16))  # the shipped 2026 Spring Festival is gone with it


def test_bad_user_year_is_refused_and_nothing_written(tmp_path):
    user_file = tmp_path / "holidays-user.json"
    bad = YearSchedule(
        2027, (Notice("", ""),), (Holiday("春节", D(2027, 2, 10), D(2027, 2, 6), (D(2027, 2, 8),)),)
    )
    with pytest.raises(ValueError, match="标题和文号") as caught:
        save_user_year(user_file, bad)
    assert "早于开始日期" in str(caught.value)
    assert "不是周六或周日" in str(caught.value)
    assert not user_file.exists()


def test_make_up_day_inside_its_own_break_is_a_problem():
    clash = YearSchedule(
        2027,
        (Notice("x", "y"),),
        (Holiday("春节", D(2027, 2, 6), D(2027, 2, 12), (D(2027, 2, 6),)),),
    )
    assert any("既是放假日又是调休上班日" in p for p in schedule_problems(clash))


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        json.dumps({"format": 2, "years": {}}),
        json.dumps({"format": 1, "years": {"2027": {"notices": []}}}),
    ],
)
def test_malformed_user_file_gives_a_chinese_reason(tmp_path, content):
    user_file = tmp_path / "holidays-user.json"
    user_file.write_text(content, "utf-8")
    with pytest.raises(ValueError, match="节假日"):
        load_calendar_file(user_file)


def test_parse_rejects_bad_dates():
    data = {
        "format": 1,
        "years": {
            "2027": {
                "notices": [{"number": "a", "title": "b"}],
                "holidays": [{"name": "元旦", "start": "2027-13-01", "end": "x"}],
            }
        },
    }
    with pytest.raises(ValueError, match="2027年节假日数据有误"):
        parse_schedules(data)
