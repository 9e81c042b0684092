"""The register's view of deadlines: remaining working days, overdue / due-soon reminders, calendar changes."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
from decimal import Decimal

import pytest

from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.domain.deadlines import CORRECTION_NOTICE, ClockEvent
from desktop_app.domain.requests import (
    Request,
    RequestDraft,
    register_lines,
    reminders,
)
from desktop_app.domain.workcalendar import Holiday, Notice, YearSchedule
from desktop_app.services.calendar_files import change_holidays, load_calendar_file

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return load_calendar_file()


def _request(i, received, answered=None, events=()):
    outcome = "予以公开" if answered else ""
    return Request(
        i,
        f"2024-{i:04d}",
        received,
        "自然人",
        "x",
        "网络",
        answered,
        outcome,
        Decimal(0),
        "",
        events,
    )


def test_lines_remaining_overdue_due_soon(cal):
    today = D(2024, 10, 25)
    requests = [
        _request(1, D(2024, 9, 27)),  # due 10-30: 3 working days left
        _request(2, D(2024, 9, 2)),  # due 2024-09-30: overdue
        _request(3, D(2024, 10, 20)),  # plenty of time
        _request(4, D(2024, 9, 2), answered=D(2024, 10, 8)),  # answered late
        _request(
            5, D(2024, 10, 21), events=(ClockEvent(CORRECTION_NOTICE, D(2024, 10, 22)),)
        ),  # paused
    ]
    lines = {line.request.id: line for line in register_lines(requests, cal, today)}
    assert lines[1].urgency.remaining == 3
    assert lines[1].urgency.due_soon
    assert lines[2].deadline.due == D(2024, 9, 30)
    assert lines[2].urgency.overdue
    assert not lines[3].urgency.due_soon
    assert not lines[3].urgency.overdue
    assert lines[4].urgency is None
    assert lines[4].answered_late
    assert lines[5].urgency is None
    assert lines[5].deadline.paused
    pressing, message = reminders(lines.values())
    assert [line.request.id for line in pressing] == [2, 1]
    assert message.startswith("1 件申请已超过答复期限，1 件将在 3 个工作日内到期")
    assert "2024-0002（到期 2024-09-30）" in message
    assert reminders([lines[3]]) == ([], "")


def test_calendar_change_moves_open_due_dates_and_is_logged(tmp_path, caplog):
    user_file = tmp_path / "holidays-user.json"
    requests = [
        _request(1, D(2026, 12, 21)),
        _request(2, D(2026, 12, 21), answered=D(2026, 12, 28)),
    ]
    before = load_calendar_file(user_file)
    assert register_lines(requests, before, D(2026, 12, 22))[0].deadline.warnings  # 2027 unknown
    schedule = YearSchedule(
        2027,
        (Notice("国办发明电〔2026〕9号", "国务院办公厅关于2027年部分节假日安排的通知"),),
        (Holiday("元旦", D(2027, 1, 1), D(2027, 1, 3), ()),),
    )
    with caplog.at_level(logging.INFO):
        after, changes = change_holidays(user_file, schedule, requests)
    # 20 working days from 2026-12-21: Friday 2027-01-01 no longer counts.
    assert changes == [("2024-0001", D(2027, 1, 18), D(2027, 1, 19))]
    assert register_lines(requests[:1], after, D(2026, 12, 22))[0].deadline.due == D(2027, 1, 19)
    assert "国办发明电〔2026〕9号" in caplog.text
    assert "2027-01-19" in caplog.text


def test_cli_list(any_db, tmp_path):
    services, agency = any_db, any_db.agencies.current()
    repo = RequestRepository(services.db)
    received = dt.date.today() - dt.timedelta(days=60)
    repo.add(
        agency.id, RequestDraft(received_on=received, applicant_type="自然人", content="逾期的申请")
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--db",
            services.db.url,
            "--data-dir",
            str(tmp_path / "data"),
            "requests",
            "list",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = json.loads(result.stdout)
    assert line["状态"] == "办理中"
    assert line["已逾期"]
    assert line["剩余工作日"] < 0
    assert "申请人" not in line
    plain = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--db",
            services.db.url,
            "--data-dir",
            str(tmp_path / "data"),
            "requests",
            "list",
            "--open",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "已逾期" in plain.stdout
    assert "提醒：1 件申请已超过答复期限" in plain.stderr
