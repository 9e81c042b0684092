"""Statutory deadlines: rule sets by receipt date, holidays with make-up days, 补正, consultation, extension.

Expected dates were counted by hand from the State Council notices (see the comments).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from desktop_app.domain.deadlines import (
    CONSULT_END,
    CONSULT_START,
    CORRECTION_NOTICE,
    CORRECTION_RECEIVED,
    EXTENDED,
    FEE_NOTICE,
    FEE_SETTLED,
    RULES_2008,
    RULES_2019,
    ClockEvent,
    compute_deadline,
    rules_for,
    urgency,
)
from desktop_app.services.calendar_files import load_calendar_file

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return load_calendar_file()


def test_rules_switch_on_2019_05_15():
    assert rules_for(D(2019, 5, 14)) is RULES_2008
    assert rules_for(D(2019, 5, 15)) is RULES_2019
    assert (RULES_2008.limit, RULES_2008.extension, RULES_2019.limit, RULES_2019.extension) == (
        15,
        15,
        20,
        20,
    )


def test_the_example_from_the_issue(cal):
    deadline = compute_deadline(D(2024, 9, 27), [], cal)
    assert deadline.due == D(2024, 10, 30)
    assert deadline.explanation == (
        "收到 2024-09-27；国庆节 10月1日–7日 不计；9月29日、10月12日 调休上班 计入；"
        "第20个工作日 2024-10-30"
    )
    assert deadline.warnings == ()


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Spring Festival 2024: 2/10–17 off, Sundays 2/4 and 2/18 worked.
        (D(2024, 2, 2), D(2024, 3, 6)),
        # Spring Festival 2020, extended to 2/2 by 国办发明电〔2020〕1号: Saturday 2/1 is no longer worked.
        (D(2020, 1, 17), D(2020, 2, 21)),
        # 清明 2023 (4/5 only) and Sunday 4/23 worked for 劳动节.
        (D(2023, 3, 31), D(2023, 4, 28)),
        # 劳动节 2025: 5/1–5/5 off, Sunday 4/27 worked.
        (D(2025, 4, 25), D(2025, 5, 27)),
        # 端午 2019 (6/7) on the first day of the 2019 text.
        (D(2019, 5, 15), D(2019, 6, 13)),
        # 2008 text, 15 days: 国庆 2008 9/29–10/5 with both 9/27 and 9/28 worked.
        (D(2008, 9, 26), D(2008, 10, 22)),
        # 2008 text, 15 days: 劳动节 2019 lengthened to 5/1–5/4, Sundays 4/28 and 5/5 worked.
        (D(2019, 4, 26), D(2019, 5, 20)),
        # Last day of the 2008 text.
        (D(2019, 5, 14), D(2019, 6, 4)),
        # 2008 text across 元旦 2019 (12/30–1/1, Saturday 12/29 worked).
        (D(2018, 12, 25), D(2019, 1, 16)),
    ],
)
def test_due_dates_around_holidays(cal, received, due):
    assert compute_deadline(received, [], cal).due == due


def test_extension_adds_the_rule_sets_extra_days(cal):
    assert compute_deadline(D(2024, 9, 27), [], cal, extended=True).due == D(2024, 11, 27)
    by_event = compute_deadline(D(2024, 9, 27), [ClockEvent(EXTENDED, D(2024, 10, 20))], cal)
    assert by_event.due == D(2024, 11, 27)
    assert "经批准延期" in by_event.explanation
    assert "第40个工作日" in by_event.explanation
    # 2008 text: +15 after the 15th working day (2008-10-22).
    assert compute_deadline(D(2008, 9, 26), [], cal, extended=True).due == D(2008, 11, 12)


def test_correction_restarts_and_consultation_is_excluded(cal):
    events = [
        ClockEvent(CORRECTION_NOTICE, D(2024, 2, 2)),
        ClockEvent(CORRECTION_RECEIVED, D(2024, 2, 5)),
    ]
    assert compute_deadline(D(2024, 1, 30), events, cal).due == D(2024, 3, 8)
    consulted = [
        *events,
        ClockEvent(CONSULT_START, D(2024, 2, 20)),
        ClockEvent(CONSULT_END, D(2024, 2, 23)),
    ]
    deadline = compute_deadline(D(2024, 1, 30), consulted, cal)
    assert deadline.due == D(2024, 3, 13)  # 2/21, 2/22, 2/23 do not count
    assert "收到补正后重新计算" in deadline.explanation
    assert "征求第三方意见 2月21日–23日 不计" in deadline.explanation


def test_clock_stops_while_waiting(cal):
    waiting = compute_deadline(D(2024, 3, 1), [ClockEvent(CORRECTION_NOTICE, D(2024, 3, 4))], cal)
    assert waiting.due is None
    assert "等待申请人补正" in waiting.paused
    consulting = compute_deadline(D(2024, 3, 1), [ClockEvent(CONSULT_START, D(2024, 3, 4))], cal)
    assert consulting.due is None
    assert "尚未返回" in consulting.paused


# Received Friday 2024-03-01: 20 working days end 3/29. The 收费通知 reaches the applicant on 3/4;
# its payment period runs to 4/1 (20 working days counted from 3/5).
FEE_PAID = [ClockEvent(FEE_NOTICE, D(2024, 3, 4)), ClockEvent(FEE_SETTLED, D(2024, 3, 8))]


def test_payment_period_counts_by_default_and_is_named(cal):
    deadline = compute_deadline(D(2024, 3, 1), FEE_PAID, cal)
    assert deadline.due == D(2024, 3, 29)
    assert "3月4日 送达收费通知，缴费期限至 4月1日，3月8日 缴费或减免，缴费期间计入答复期限" in (
        deadline.explanation
    )
    unpaid = compute_deadline(D(2024, 3, 1), FEE_PAID[:1], cal)
    assert unpaid.due == D(2024, 3, 29)
    assert "缴费期限至 4月1日，缴费期间计入答复期限" in unpaid.explanation


def test_payment_period_stops_the_clock_when_the_office_says_so(cal):
    deadline = compute_deadline(D(2024, 3, 1), FEE_PAID, cal, payment_stops_clock=True)
    # 3/5–3/8 (4 working days) left out: 4/1, 4/2, 4/3, then 清明 4/4–6, 4/7 a make-up workday.
    assert deadline.due == D(2024, 4, 7)
    assert "缴费期间 3月5日–8日 不计" in deadline.explanation
    assert "4月7日 调休上班 计入" in deadline.explanation


def test_unpaid_fee_stops_the_clock_until_paid_or_waived(cal):
    waiting = compute_deadline(D(2024, 3, 1), FEE_PAID[:1], cal, payment_stops_clock=True)
    assert waiting.due is None
    assert "缴费期限至 2024-04-01" in waiting.paused
    assert "等待申请人缴费" in waiting.explanation


def test_payment_period_and_consultation_both_left_out(cal):
    events = [
        *FEE_PAID,
        ClockEvent(CONSULT_START, D(2024, 3, 11)),
        ClockEvent(CONSULT_END, D(2024, 3, 12)),
    ]
    deadline = compute_deadline(D(2024, 3, 1), events, cal, payment_stops_clock=True)
    assert deadline.due == D(2024, 4, 8)  # 3/12 also left out: one working day later
    assert "征求第三方意见 3月12日 不计" in deadline.explanation
    assert "缴费期间 3月5日–8日 不计" in deadline.explanation
    assert "征求第三方意见 3月5日" not in deadline.explanation


def test_late_correction_notice_is_warned(cal):
    # 7th working day after 2024-09-27 is 10/12 (9/29, 9/30, 10/8–10/12).
    on_time = [
        ClockEvent(CORRECTION_NOTICE, D(2024, 10, 12)),
        ClockEvent(CORRECTION_RECEIVED, D(2024, 10, 14)),
    ]
    late = [
        ClockEvent(CORRECTION_NOTICE, D(2024, 10, 14)),
        ClockEvent(CORRECTION_RECEIVED, D(2024, 10, 15)),
    ]
    assert compute_deadline(D(2024, 9, 27), on_time, cal).warnings == ()
    assert "2024-10-12" in compute_deadline(D(2024, 9, 27), late, cal).warnings[0]


def test_year_without_data_warns(cal):
    deadline = compute_deadline(D(2026, 12, 20), [], cal)
    assert deadline.due == D(2027, 1, 15)  # Monday–Friday only in 2027
    assert "2027年" in deadline.warnings[0]


def test_urgency(cal):
    due = D(2024, 10, 30)
    assert urgency(due, D(2024, 10, 25), cal).remaining == 3
    assert urgency(due, D(2024, 10, 25), cal).due_soon
    assert not urgency(due, D(2024, 10, 24), cal).due_soon
    late = urgency(due, D(2024, 11, 1), cal)
    assert late.overdue
    assert late.remaining == -2
    assert not late.due_soon


def test_cli_due_date(tmp_path):
    args = [
        "--db",
        str(tmp_path / "d.sqlite"),
        "--data-dir",
        str(tmp_path / "data"),
        "requests",
        "due-date",
    ]
    plain = subprocess.run(
        [sys.executable, "-m", "desktop_app", *args, "--received", "2024-09-27"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert plain.stdout.strip() == "2024-10-30"
    assert "调休上班" in plain.stderr
    longer = subprocess.run(
        [sys.executable, "-m", "desktop_app", *args, "--received", "2024/9/27", "--extended"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert longer.stdout.strip() == "2024-11-27"
    bad = subprocess.run(
        [sys.executable, "-m", "desktop_app", *args, "--received", "2024-02-30"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "不存在" in bad.stderr
