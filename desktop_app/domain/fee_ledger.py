"""The fee ledger (信息处理费台账): each 收费通知书 with its payment period and how it ended.

The applicant pays within 20 working days counted from the day after receiving the notice (the
delivery date when recorded, else the notice's date). A notice neither paid nor waived after that
means the request ends as （六）2; the ledger says so and the register check names it. A fee may
also be waived before any notice is sent: the ledger then lists the waiver alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.deadlines import DUE_SOON_WORKDAYS, PAYMENT_WORKDAYS
from desktop_app.domain.letter_checks import LetterFinding, current_letters
from desktop_app.domain.letter_records import Letter
from desktop_app.domain.letters import FORMS
from desktop_app.domain.workcalendar import WorkCalendar

PAID, WAIVED, WAITING, LAPSED = "已缴纳", "已减免", "待缴纳", "逾期未缴纳"
UNPAID_OUTCOME = FORMS["逾期未缴费"].outcome


@dataclass(frozen=True)
class Payment:
    paid_on: dt.date | None = None
    waived_reason: str = ""
    waived_on: dt.date | None = None

    @property
    def settled_on(self) -> dt.date | None:
        """The day the payment period ended: paid, or waived."""
        return self.paid_on or self.waived_on


@dataclass(frozen=True)
class FeeLine:
    request_id: int
    request_number: str
    notice: str  # 文号 of the 收费通知书; "" for a fee waived before any notice
    amount: Decimal
    noticed_on: dt.date | None  # delivery date, else the notice's date
    payment_due: dt.date | None
    payment: Payment
    status: str


def fee_lines(
    letters: Iterable[Letter],
    payments: Mapping[int, Payment],
    calendar: WorkCalendar,
    today: dt.date,
    numbers: Mapping[int, str] | None = None,
) -> list[FeeLine]:
    """A line per 收费通知书, then one per fee waived without a notice (`numbers`: their 编号)."""
    lines = []
    for notice in (x for x in current_letters(letters) if x.kind == "收费"):
        start = notice.delivered_on or notice.issued_on
        due = calendar.add_workdays(start, PAYMENT_WORKDAYS)
        payment = payments.get(notice.request_id, Payment())
        amount = Decimal(notice.data["fee_amount"])
        lines.append(
            FeeLine(
                notice.request_id,
                notice.request_number,
                notice.number,
                amount,
                start,
                due,
                payment,
                _status(payment, due, today),
            )
        )
    noticed = {line.request_id for line in lines}
    for request_id, payment in payments.items():
        if request_id not in noticed and payment.waived_reason:
            number = (numbers or {}).get(request_id, "")
            lines.append(FeeLine(request_id, number, "", Decimal(0), None, None, payment, WAIVED))
    return lines


def _status(payment: Payment, due: dt.date, today: dt.date) -> str:
    if payment.paid_on:
        return PAID
    if payment.waived_reason:
        return WAIVED
    return LAPSED if today > due else WAITING


def payment_problems(payment: Payment, noticed_on: dt.date | None) -> list[FieldProblem]:
    """Paid needs a notice; a waiver (with its reason and date) may come before any notice."""
    if bool(payment.paid_on) == bool(payment.waived_reason.strip()):
        return [FieldProblem("缴费情况", "请填写缴费日期，或者填写减免理由（二者选一）")]
    if payment.waived_reason.strip() and payment.waived_on is None:
        return [FieldProblem("减免日期", "不能为空，请填写决定减免的日期（YYYY-MM-DD）")]
    if noticed_on is None:
        if payment.paid_on:
            return [FieldProblem("收费通知", "该申请还没有签发收费通知书，请先签发")]
        return []
    field = "缴费日期" if payment.paid_on else "减免日期"
    if payment.settled_on and payment.settled_on < noticed_on:
        return [FieldProblem(field, f"{payment.settled_on} 早于收费通知日期 {noticed_on}，请核对")]
    return []


def paid_total(lines: Iterable[FeeLine], year: int) -> Decimal:
    """元 actually collected in `year` (for section 六 of the annual report)."""
    return sum(
        (x.amount for x in lines if x.payment.paid_on and x.payment.paid_on.year == year),
        Decimal(0),
    )


def lapsed_findings(lines: Iterable[FeeLine], open_ids: set[int]) -> list[LetterFinding]:
    """Open requests whose payment period ran out: they end as （六）2."""
    return [
        LetterFinding(
            "文书-6",
            x.request_number,
            f"收费通知书 {x.notice} 的缴费期限 {x.payment_due} 已过，未缴费也未减免，"
            f"应按“{UNPAID_OUTCOME}”办结",
        )
        for x in lines
        if x.status == LAPSED and x.request_id in open_ids
    ]


def fee_reminders(
    lines: Iterable[FeeLine], open_ids: set[int], today: dt.date, calendar: WorkCalendar
) -> tuple[list[FeeLine], str]:
    """Open requests whose payment period ran out unpaid, then those whose period ends within
    DUE_SOON_WORKDAYS working days (soonest first), and the start-up message; none: ([], "")."""
    waiting = [x for x in lines if x.request_id in open_ids and x.status in (LAPSED, WAITING)]
    lapsed = [x for x in waiting if x.status == LAPSED]
    soon = [
        x
        for x in waiting
        if x.status == WAITING
        and x.payment_due is not None
        and calendar.workdays_between(today, x.payment_due) <= DUE_SOON_WORKDAYS
    ]
    pressing = sorted(lapsed + soon, key=lambda x: x.payment_due or dt.date.max)
    if not pressing:
        return [], ""
    parts = (
        [f"{len(lapsed)} 件申请逾期未缴纳信息处理费，应按“{UNPAID_OUTCOME}”办结"] if lapsed else []
    )
    if soon:
        parts.append(f"{len(soon)} 件的缴费期限将在 {DUE_SOON_WORKDAYS} 个工作日内届满")
    listed = "；".join(f"{x.request_number}（缴费期限 {x.payment_due}）" for x in pressing[:10])
    return pressing, f"{'，'.join(parts)}：{listed}"


FEE_MARK = "信息处理费"


def fee_sentence(lines: Iterable[FeeLine], year: int) -> str:
    """Section 六's sentence on the fee: what was collected in `year`, and from how many requests;
    "" when no 收费通知 was sent that year (nothing to report beyond what the clerk writes)."""
    paid = [x for x in lines if x.payment.paid_on and x.payment.paid_on.year == year]
    lines = [x for x in lines if (x.noticed_on and x.noticed_on.year == year) or x in paid]
    if not lines:
        return ""
    if not paid:
        return f"本年度发出信息处理费收费通知{len(lines)}份，未实际收取政府信息公开{FEE_MARK}。"
    return f"本年度依法收取政府信息公开{FEE_MARK}{len(paid)}件，共计{paid_total(paid, year)}元。"


def with_fee_sentence(paragraphs: tuple[str, ...], sentence: str) -> tuple[str, ...]:
    """Section 六 with the sentence added, unless it already speaks of the fee (the clerk's words stay)."""
    if not sentence or any(FEE_MARK in paragraph for paragraph in paragraphs):
        return paragraphs
    return (*paragraphs, sentence)
