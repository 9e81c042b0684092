"""The installation's holiday calendar through the services: a damaged file named, a new year
saved by an administrator only, with each open request's moved due date in the trail."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from desktop_app.app import open_services
from desktop_app.domain.requests import RequestDraft
from desktop_app.domain.workcalendar import Holiday, Notice, YearSchedule
from desktop_app.errors import UserError
from desktop_app.services.holidays import holidays_file, load_calendar, save_holidays

D = dt.date
SCHEDULE_2027 = YearSchedule(
    2027,
    (Notice("国办发明电〔2026〕9号", "国务院办公厅关于2027年部分节假日安排的通知"),),
    (Holiday("元旦", D(2027, 1, 1), D(2027, 1, 3), ()),),
)


def test_a_damaged_holidays_file_is_named_in_the_message(services):
    path = holidays_file(services)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{不是 JSON", "utf-8")
    with pytest.raises(UserError, match=re.escape(path.name)):
        load_calendar(services)


def test_a_saved_year_moves_open_due_dates_and_the_trail_names_each(services, agency):
    request = services.requests.add(
        agency.id, RequestDraft(received_on=D(2026, 12, 21), applicant_type="自然人", content="x")
    )

    calendar, moved = save_holidays(services, SCHEDULE_2027)

    # 20 working days from 2026-12-21: the 元旦 holiday on Friday 2027-01-01 no longer counts.
    assert moved == [(request.number, D(2027, 1, 18), D(2027, 1, 19))]
    assert not calendar.is_workday(D(2027, 1, 1))
    assert not load_calendar(services).is_workday(D(2027, 1, 1))  # kept in the file
    event = services.audit.events()[-1]
    assert (event.entity, event.entity_id) == ("holidays", "2027")
    assert "国办发明电〔2026〕9号" in event.detail
    (change,) = event.changes
    assert change.field == f"申请 {request.number} 答复期限"
    assert (change.old, change.new) == ("2027-01-18", "2027-01-19")


def test_only_an_administrator_saves_a_holiday_year(services, db_path, tmp_path):
    services.users.add("李经办", ("经办人",))
    clerk = open_services(str(db_path), tmp_path / "data", user="李经办")
    try:
        with pytest.raises(UserError, match="管理员"):
            save_holidays(clerk, SCHEDULE_2027)
    finally:
        clerk.close()
    assert not holidays_file(services).exists()
