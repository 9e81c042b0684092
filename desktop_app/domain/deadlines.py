"""Statutory answer deadlines of disclosure requests, derived from clock events, with an explanation.

Rules follow the text of 《政府信息公开条例》 in force on the day of receipt: before 2019-05-15 the 2008
text (15 working days, +15 when extended), from then on the 2019 text (20, +20; a 补正 notice within
7 working days). Counting starts on the working day after the start date; a corrected request
restarts the clock; working days spent consulting a third party do not count. The payment period of
a 收费通知 (20 working days from the day after the applicant receives it) stops the clock only where
the office's setting says so; either way the explanation names it. Due dates are never stored: they
are recomputed from the events and the calendar on every read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.domain.workcalendar import Holiday, WorkCalendar, fallback_warning


@dataclass(frozen=True)
class RuleSet:
    name: str
    in_force_from: dt.date
    limit: int
    extension: int
    correction_notice_within: int | None  # working days; None when the text sets no limit


RULES_2008 = RuleSet("2008年条例", dt.date(2008, 5, 1), 15, 15, None)
RULES_2019 = RuleSet("2019年条例", dt.date(2019, 5, 15), 20, 20, 7)

# Clock events besides receipt and answer (those two are fields of the request).
CORRECTION_NOTICE = "补正通知"
CORRECTION_RECEIVED = "收到补正"
CONSULT_START = "征求第三方意见"
CONSULT_END = "第三方意见返回"
EXTENDED = "批准延期"
FEE_NOTICE = "收费通知送达"  # the applicant received the 收费通知 (its issue date if not recorded)
FEE_SETTLED = "缴费或减免"
EVENT_KINDS = (
    CORRECTION_NOTICE,
    CORRECTION_RECEIVED,
    CONSULT_START,
    CONSULT_END,
    EXTENDED,
    FEE_NOTICE,
    FEE_SETTLED,
)
PAYMENT_WORKDAYS = 20  # the applicant pays within 20 working days from the day after receiving

DUE_SOON_WORKDAYS = 3


@dataclass(frozen=True)
class ClockEvent:
    kind: str
    on: dt.date


@dataclass(frozen=True)
class Deadline:
    rules: RuleSet
    due: dt.date | None  # None while the clock is stopped (waiting for 补正 or a third party)
    paused: str  # why the clock is stopped; "" when it runs
    explanation: str
    warnings: tuple[str, ...] = ()


def rules_for(received: dt.date) -> RuleSet:
    return RULES_2019 if received >= RULES_2019.in_force_from else RULES_2008


def compute_deadline(
    received: dt.date,
    events: Sequence[ClockEvent],
    calendar: WorkCalendar,
    extended: bool = False,
    payment_stops_clock: bool = False,
) -> Deadline:
    """The due date of a request received on `received` with these clock events; the payment
    period of a 收费通知 is left out of the count only when `payment_stops_clock` (office setting)."""
    rules = rules_for(received)
    extended = extended or any(e.kind == EXTENDED for e in events)
    limit = rules.limit + (rules.extension if extended else 0)
    parts = [f"收到 {received.isoformat()}"]
    if rules is RULES_2008:
        parts.append(f"适用{rules.name}（{rules.limit}个工作日）")
    warnings: list[str] = []
    start, pause = _start(received, events, rules, calendar, parts, warnings)
    if pause:
        return Deadline(rules, None, pause, "；".join([*parts, pause]), tuple(warnings))
    excluded, pause = _consultations(events, start)
    if pause:
        return Deadline(rules, None, pause, "；".join([*parts, pause]), tuple(warnings))
    payments, pause = _payment_periods(events, calendar, payment_stops_clock)
    if pause:
        return Deadline(rules, None, pause, "；".join([*parts, pause]), tuple(warnings))
    # Unsettled payments stopped the clock above: each period here has its end.
    stopped = (
        [(max(b, start), e) for b, e, _due in payments if e is not None]
        if payment_stops_clock
        else []
    )
    due = _count(calendar, start, limit, excluded + stopped)
    if extended:
        parts.append(f"经批准延期，期限 {rules.limit}+{rules.extension} 个工作日")
    parts += _window_notes(calendar, start, due, excluded + stopped, received.year, len(excluded))
    if not payment_stops_clock:
        parts += [_payment_note(b, e, due_by, received.year) for b, e, due_by in payments]
    parts.append(f"第{limit}个工作日 {due.isoformat()}")
    if missing := calendar.uncovered_years(received, due):
        warnings.append(fallback_warning(missing))
    return Deadline(rules, due, "", "；".join(parts), tuple(warnings))


def _start(
    received: dt.date,
    events: Sequence[ClockEvent],
    rules: RuleSet,
    calendar: WorkCalendar,
    parts: list[str],
    warnings: list[str],
) -> tuple[dt.date, str]:
    """Where counting starts (receipt, or the corrected request), or why the clock is stopped."""
    notices = sorted(e.on for e in events if e.kind == CORRECTION_NOTICE)
    if not notices:
        return received, ""
    notice = notices[0]  # 补正 is asked once; a later notice does not move the start again
    if rules.correction_notice_within:
        latest = calendar.add_workdays(received, rules.correction_notice_within)
        if notice > latest:
            warnings.append(
                f"补正通知 {notice} 晚于收到后第{rules.correction_notice_within}个工作日"
                f"（{latest}），不符合条例第三十条"
            )
    corrected = sorted(e.on for e in events if e.kind == CORRECTION_RECEIVED and e.on >= notice)
    if not corrected:
        return received, f"{notice.isoformat()} 已通知补正，等待申请人补正，期限暂停计算"
    parts.append(f"{notice.isoformat()} 通知补正，{corrected[0].isoformat()} 收到补正后重新计算")
    return corrected[0], ""


def _consultations(
    events: Iterable[ClockEvent], start: dt.date
) -> tuple[list[tuple[dt.date, dt.date]], str]:
    """Consultation periods (first day after sending, reply day], or why the clock is stopped."""
    starts = sorted(e.on for e in events if e.kind == CONSULT_START)
    ends = sorted(e.on for e in events if e.kind == CONSULT_END)
    periods = []
    for i, begun in enumerate(starts):
        if i >= len(ends):
            return [], f"{begun.isoformat()} 起征求第三方意见，尚未返回，期限暂停计算"
        periods.append((max(begun, start), ends[i]))
    return periods, ""


def _payment_periods(
    events: Iterable[ClockEvent], calendar: WorkCalendar, stops: bool
) -> tuple[list[tuple[dt.date, dt.date | None, dt.date]], str]:
    """(notice received, paid or waived or None, last day to pay) of each 收费通知; when the
    payment stops the clock, an unsettled one stops it until the fee is paid or waived."""
    notices = sorted(e.on for e in events if e.kind == FEE_NOTICE)
    settled = sorted(e.on for e in events if e.kind == FEE_SETTLED)
    periods = []
    for i, noticed in enumerate(notices):
        ended = settled[i] if i < len(settled) else None
        pay_by = calendar.add_workdays(noticed, PAYMENT_WORKDAYS)
        if ended is None and stops:
            return [], (
                f"{noticed.isoformat()} 送达收费通知，缴费期限至 {pay_by.isoformat()}，"
                "等待申请人缴费，期限暂停计算（本单位设置：缴费期间不计入答复期限）"
            )
        periods.append((noticed, ended, pay_by))
    return periods, ""


def _payment_note(noticed: dt.date, ended: dt.date | None, pay_by: dt.date, year: int) -> str:
    settled = f"，{month_day(ended, year)} 缴费或减免" if ended else ""
    return (
        f"{month_day(noticed, year)} 送达收费通知，缴费期限至 {month_day(pay_by, year)}{settled}，"
        "缴费期间计入答复期限（本单位设置）"
    )


def _excluded(day: dt.date, periods: Sequence[tuple[dt.date, dt.date]]) -> bool:
    return any(begun < day <= ended for begun, ended in periods)


def _count(
    calendar: WorkCalendar, start: dt.date, limit: int, periods: Sequence[tuple[dt.date, dt.date]]
) -> dt.date:
    day, counted = start, 0
    while counted < limit:
        day += dt.timedelta(days=1)
        counted += calendar.is_workday(day) and not _excluded(day, periods)
    return day


def _window_notes(
    calendar: WorkCalendar,
    start: dt.date,
    due: dt.date,
    periods: Sequence[tuple[dt.date, dt.date]],
    year: int,
    consultations: int | None = None,
) -> list[str]:
    """The holidays skipped, make-up days counted and periods left out between start and due, in
    Chinese; the first `consultations` periods are consultations, the rest payment periods."""
    holidays: dict[Holiday, None] = {}
    makeups = []
    day = start
    while day < due:
        day += dt.timedelta(days=1)
        holiday = calendar.holiday_of(day)
        if calendar.is_makeup_workday(day) and not _excluded(day, periods):
            makeups.append(day)
        elif holiday is not None and not calendar.is_workday(day):
            holidays[holiday] = None
    notes = [f"{h.name} {date_range(h.start, h.end, year)} 不计" for h in holidays]
    if makeups:
        notes.append(f"{'、'.join(month_day(d, year) for d in makeups)} 调休上班 计入")
    consultations = len(periods) if consultations is None else consultations
    notes += [
        f"{'征求第三方意见' if i < consultations else '缴费期间'} "
        f"{date_range(b + dt.timedelta(days=1), e, year)} 不计"
        + ("" if i < consultations else "（本单位设置：缴费期间不计入答复期限）")
        for i, (b, e) in enumerate(periods)
        if e > b
    ]
    return notes


def month_day(day: dt.date, year: int) -> str:
    prefix = f"{day.year}年" if day.year != year else ""
    return f"{prefix}{day.month}月{day.day}日"


def date_range(first: dt.date, last: dt.date, year: int) -> str:
    """10月1日–7日, 9月29日–10月5日, 2024年12月30日–2025年1月1日 (years only when not `year`)."""
    if first == last:
        return month_day(first, year)
    if (first.year, first.month) == (last.year, last.month):
        return f"{month_day(first, year)}–{last.day}日"
    return f"{month_day(first, year)}–{month_day(last, year if first.year == year else first.year)}"


@dataclass(frozen=True)
class Urgency:
    remaining: int  # working days from today to the due date; negative when overdue
    overdue: bool
    due_soon: bool


def urgency(due: dt.date, today: dt.date, calendar: WorkCalendar) -> Urgency:
    """How an open request stands today: overdue, or due within DUE_SOON_WORKDAYS working days."""
    remaining = calendar.workdays_between(today, due)
    overdue = today > due
    return Urgency(remaining, overdue, not overdue and remaining <= DUE_SOON_WORKDAYS)
