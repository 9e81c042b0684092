"""Disclosure requests (依申请公开) and appeals: vocabulary, records, derived status, validation.

Outcome labels are the leaves of table 三 without their numbers, taken from report_format (never
retyped here). Applicant details are a separate record so that nothing built for reports or web
exports ever carries them by accident.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.deadlines import (
    DUE_SOON_WORKDAYS,
    EVENT_KINDS,
    ClockEvent,
    Deadline,
    Urgency,
    compute_deadline,
    urgency,
)
from desktop_app.domain.limits import (
    FEE_DECIMALS,
    FEE_MAX,
    date_problem,
    number_problem,
    text_problem,
)
from desktop_app.domain.report_format import (
    APPLICANT_TYPES,
    T3_OUTCOME_ROWS,
    T3_PARTLY,
    T4_COLUMNS,
    T4_GROUPS,
    outcome_label,
)
from desktop_app.domain.workcalendar import WorkCalendar

CHANNELS = ("当面", "邮寄", "网络", "传真", "其他")
STATUS_OPEN, STATUS_DONE = "办理中", "已办结"

OUTCOME_ROW = {outcome_label(row): row for row in T3_OUTCOME_ROWS}  # label → table 三 row
OUTCOMES = tuple(OUTCOME_ROW)
# What people write for the long 部分公开 label; a row label with its number is accepted too.
_OUTCOME_ALIASES = {
    "部分公开": outcome_label(T3_PARTLY),
    **{row: outcome_label(row) for row in T3_OUTCOME_ROWS},
}

APPEAL_KINDS = T4_GROUPS  # 行政复议 · 行政诉讼（未经复议直接起诉） · 行政诉讼（复议后起诉）
PENDING = "尚未审结"
APPEAL_RESULTS = T4_COLUMNS[:4]  # 结果维持 · 结果纠正 · 其他结果 · 尚未审结

CONTENT_MAX, REMARKS_MAX, NUMBER_MAX = 2000, 1000, 40
# Applicant field → (label, column size).
APPLICANT_FIELDS = {
    "name": ("申请人", 100),
    "id_number": ("证件号码", 40),
    "phone": ("联系电话", 40),
    "address": ("通信地址", 200),
    "email": ("电子邮箱", 100),
}
_NUMBER = re.compile(r"(\d{4})-(\d{1,6})")


def format_number(year: int, serial: int) -> str:
    """编号 handed out by the register: year and a serial that is never reused (2024-0007)."""
    return f"{year}-{serial:04d}"


def serial_of(number: str) -> tuple[int, int] | None:
    """(year, serial) of a number in the register's own format, else None (a legacy number)."""
    match = _NUMBER.fullmatch(number)
    return (int(match[1]), int(match[2])) if match else None


def normalize_outcome(text: str) -> str | None:
    """The official label for what a user wrote, "" for nothing, None when it is not in the tree."""
    text = text.strip()
    if not text:
        return ""
    return text if text in OUTCOME_ROW else _OUTCOME_ALIASES.get(text)


@dataclass(frozen=True)
class Applicant:
    """Personal data: never printed in a report or a web export."""

    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""


@dataclass(frozen=True)
class RequestDraft:
    """What a form, an import row or the CLI supplies for a request."""

    received_on: dt.date | None
    applicant_type: str
    content: str
    channel: str = "其他"
    answered_on: dt.date | None = None  # 答复日期 = 办结日期
    outcome: str = ""
    fee: Decimal = Decimal(0)  # 信息处理费, 元
    remarks: str = ""
    number: str = ""  # only imports set it; new requests get the next number
    events: tuple[ClockEvent, ...] = ()

    def normalized(self) -> RequestDraft:
        return replace(
            self,
            applicant_type=self.applicant_type.strip(),
            content=self.content.strip(),
            channel=self.channel.strip() or "其他",
            outcome=self.outcome.strip(),
            remarks=self.remarks.strip(),
            number=self.number.strip(),
            events=tuple(sorted(self.events, key=lambda e: (e.on, EVENT_KINDS.index(e.kind)))),
        )


@dataclass(frozen=True)
class Request:
    id: int
    number: str
    received_on: dt.date
    applicant_type: str
    content: str
    channel: str
    answered_on: dt.date | None
    outcome: str
    fee: Decimal
    remarks: str
    events: tuple[ClockEvent, ...] = ()
    version: int = 1  # as loaded: a save names it, so a stale copy is refused

    @property
    def status(self) -> str:
        return STATUS_DONE if self.answered_on else STATUS_OPEN

    def draft(self) -> RequestDraft:
        return RequestDraft(
            received_on=self.received_on,
            applicant_type=self.applicant_type,
            content=self.content,
            channel=self.channel,
            answered_on=self.answered_on,
            outcome=self.outcome,
            fee=self.fee,
            remarks=self.remarks,
            number=self.number,
            events=self.events,
        )


def validate_request(draft: RequestDraft) -> list[FieldProblem]:
    """Every problem of a normalized draft; empty when it can be saved."""
    problems = []

    def problem(name: str, message: str) -> None:
        problems.append(FieldProblem(name, message))

    if draft.received_on is None:
        problem("收到日期", "不能为空，请填写收到申请的日期（YYYY-MM-DD）")
    if draft.applicant_type not in APPLICANT_TYPES:
        problem("申请人类型", f"应为 {'、'.join(APPLICANT_TYPES)} 之一")
    if draft.channel not in CHANNELS:
        problem("渠道", f"应为 {'、'.join(CHANNELS)} 之一")
    if not draft.content:
        problem("申请内容", "不能为空，请填写申请公开的信息")
    for name, value, limit, multiline in (
        ("申请内容", draft.content, CONTENT_MAX, True),
        ("备注", draft.remarks, REMARKS_MAX, True),
        ("编号", draft.number, NUMBER_MAX, False),
    ):
        if found := text_problem(value, limit, multiline):
            problem(name, found)
    for name, day in (("收到日期", draft.received_on), ("办结日期", draft.answered_on)):
        if found := date_problem(day):
            problem(name, found)
    if draft.outcome and draft.outcome not in OUTCOME_ROW:
        problem(
            "办理结果",
            "不是年度报告表三中的办理结果，请从列表中选择（如“予以公开”“本机关不掌握相关政府信息”）",
        )
    if draft.answered_on and not draft.outcome:
        problem("办理结果", "已填写办结日期，请同时选择办理结果")
    if draft.outcome and not draft.answered_on:
        problem("办结日期", "已选择办理结果，请同时填写办结（答复）日期")
    if found := number_problem(draft.fee, FEE_MAX, FEE_DECIMALS):
        problem("信息处理费", f"{found}（单位：元）")
    if draft.received_on:
        problems += _date_order(draft, draft.received_on)
    return problems


def validate_applicant(applicant: Applicant) -> list[FieldProblem]:
    """Lengths and characters of the applicant's details (one line each)."""
    return [
        FieldProblem(label, found)
        for key, (label, limit) in APPLICANT_FIELDS.items()
        if (found := text_problem(getattr(applicant, key).strip(), limit))
    ]


def _date_order(draft: RequestDraft, received: dt.date) -> list[FieldProblem]:
    problems = []
    if draft.answered_on and draft.answered_on < received:
        problems.append(
            FieldProblem("办结日期", f"{draft.answered_on} 早于收到日期 {received}，请核对")
        )
    for event in draft.events:
        if event.kind not in EVENT_KINDS:
            problems.append(FieldProblem("办理过程", f"“{event.kind}”不是可记录的事项"))
        elif found := date_problem(event.on):
            problems.append(FieldProblem(event.kind, found))
        elif event.on < received:
            problems.append(FieldProblem(event.kind, f"{event.on} 早于收到日期 {received}，请核对"))
        elif draft.answered_on and event.on > draft.answered_on:
            problems.append(
                FieldProblem(event.kind, f"{event.on} 晚于办结日期 {draft.answered_on}，请核对")
            )
    return problems


@dataclass(frozen=True)
class AppealDraft:
    kind: str
    filed_on: dt.date | None
    result: str = PENDING
    decided_on: dt.date | None = None
    remarks: str = ""


@dataclass(frozen=True)
class Appeal:
    id: int
    request_id: int
    request_number: str
    kind: str
    filed_on: dt.date
    result: str
    decided_on: dt.date | None
    remarks: str
    version: int = 1  # as loaded: a save names it, so a stale copy is refused


def validate_appeal(draft: AppealDraft) -> list[FieldProblem]:
    problems = []
    if draft.kind not in APPEAL_KINDS:
        problems.append(FieldProblem("类别", f"应为 {'、'.join(APPEAL_KINDS)} 之一"))
    if draft.filed_on is None:
        problems.append(FieldProblem("提起日期", "不能为空，请填写申请复议或起诉的日期"))
    if draft.result not in APPEAL_RESULTS:
        problems.append(FieldProblem("结果", f"应为 {'、'.join(APPEAL_RESULTS)} 之一"))
    elif draft.result == PENDING and draft.decided_on:
        problems.append(
            FieldProblem("审结日期", "尚未审结的案件不应填写审结日期，请清空或选择结果")
        )
    elif draft.result != PENDING and not draft.decided_on:
        problems.append(FieldProblem("审结日期", "已有结果，请填写审结日期"))
    for name, day in (("提起日期", draft.filed_on), ("审结日期", draft.decided_on)):
        if found := date_problem(day):
            problems.append(FieldProblem(name, found))
    if found := text_problem(draft.remarks, REMARKS_MAX, multiline=True):
        problems.append(FieldProblem("备注", found))
    if draft.filed_on and draft.decided_on and draft.decided_on < draft.filed_on:
        problems.append(
            FieldProblem("审结日期", f"{draft.decided_on} 早于提起日期 {draft.filed_on}，请核对")
        )
    return problems


# -- the register as the user sees it: due dates, urgency, reminders ----------------------------------
@dataclass(frozen=True)
class RegisterLine:
    request: Request
    deadline: Deadline
    urgency: Urgency | None  # open requests with a running clock only

    @property
    def pressing(self) -> bool:
        """Overdue or due within DUE_SOON_WORKDAYS working days: what the reminder names."""
        return bool(self.urgency and (self.urgency.overdue or self.urgency.due_soon))

    @property
    def answered_late(self) -> bool:
        due, answered = self.deadline.due, self.request.answered_on
        return due is not None and answered is not None and answered > due


def deadline_of(
    request: Request, calendar: WorkCalendar, payment_stops_clock: bool = False
) -> Deadline:
    return compute_deadline(
        request.received_on, request.events, calendar, payment_stops_clock=payment_stops_clock
    )


def register_lines(
    requests: Iterable[Request],
    calendar: WorkCalendar,
    today: dt.date,
    payment_stops_clock: bool = False,
) -> list[RegisterLine]:
    lines = []
    for request in requests:
        deadline = deadline_of(request, calendar, payment_stops_clock)
        lines.append(
            RegisterLine(
                request,
                deadline,
                urgency(deadline.due, today, calendar)
                if request.answered_on is None and deadline.due is not None
                else None,
            )
        )
    return lines


def reminders(lines: Iterable[RegisterLine]) -> tuple[list[RegisterLine], str]:
    """Open requests overdue or due within 3 working days, most urgent first, and a start-up message."""
    by_urgency = sorted(
        ((line.urgency, line) for line in lines if line.urgency and line.pressing),
        key=lambda pair: pair[0].remaining,
    )
    pressing = [line for _urgency, line in by_urgency]
    overdue = sum(urgency.overdue for urgency, _line in by_urgency)
    if not pressing:
        return [], ""
    parts = [f"{overdue} 件申请已超过答复期限"] if overdue else []
    if soon := len(pressing) - overdue:
        parts.append(f"{soon} 件将在 {DUE_SOON_WORKDAYS} 个工作日内到期")
    listed = "；".join(
        f"{line.request.number}（到期 {line.deadline.due}）" for line in pressing[:10]
    )
    return pressing, f"{'，'.join(parts)}：{listed}"


def due_date_changes(
    requests: Iterable[Request], before: WorkCalendar, after: WorkCalendar
) -> list[tuple[str, dt.date | None, dt.date | None]]:
    """(编号, old due date, new due date) of the open requests a calendar change moves."""
    changes = []
    for request in requests:
        if request.answered_on is None:
            old, new = deadline_of(request, before).due, deadline_of(request, after).due
            if old != new:
                changes.append((request.number, old, new))
    return changes
