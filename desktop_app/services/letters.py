"""Letters to applicants: the facts from the register, drafting, issuing with a PDF, re-export.

The facts (applicant, dates, due dates, fee) are read here from the register and the work
calendar; the domain turns them into the letter's text, the repository freezes it with its 文号.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.deadlines import CORRECTION_RECEIVED, PAYMENT_WORKDAYS, compute_deadline
from desktop_app.domain.fee_ledger import FeeLine, fee_lines, lapsed_findings
from desktop_app.domain.fees import BY_COUNT, BY_PAGES, Fee, compute_fee, nth_in_month
from desktop_app.domain.letter_checks import LetterFinding, check_letters
from desktop_app.domain.letter_records import (
    PREVIEW_SERIAL,
    Letter,
    LetterSettings,
    format_letter_number,
)
from desktop_app.domain.letter_texts import (
    LetterDraft,
    LetterFacts,
    draft_letter,
    issue_problems,
    template_key,
)
from desktop_app.domain.letters import ANSWER, form_for_outcome, kind_of
from desktop_app.domain.requests import Request
from desktop_app.errors import UserError, ValidationError
from desktop_app.services.holidays import load_calendar
from desktop_app.settings import Settings
from desktop_app.staged import staged

if TYPE_CHECKING:
    from desktop_app.services.context import Services

CONSULT_WORKDAYS = 15  # the third party's period to reply


@dataclass(frozen=True)
class Drafted:
    request: Request
    draft: LetterDraft
    data: dict[str, Any]  # the facts the letter was made from, frozen with it


def request_by_number(services: Services, number: str) -> Request:
    for request in services.requests.all():
        if request.number == number.strip():
            return request
    raise UserError(f"台账中没有编号为 {number} 的申请，请用 requests list 查看编号")


def draft(
    services: Services,
    request: Request,
    kind: str,
    letter_date: dt.date,
    edits: dict[str, str] | None = None,
    form: str = "",
    pages: int | None = None,
) -> Drafted:
    """The letter as it would be issued on `letter_date`, from the office's current template."""
    try:
        kind_of(kind)
        if kind == ANSWER and not form:
            form = form_for_outcome(request.outcome).key
        facts = _facts(services, request, kind, letter_date, pages)
        agency_id = services.agencies.current().id
        template = services.letters.template(agency_id, template_key(kind, form))
        letter = draft_letter(kind, facts, letter_date, edits, form=form, template=template)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    return Drafted(request, letter, {key: _plain(value) for key, value in asdict(facts).items()})


def issue(services: Services, drafted: Drafted, replaces_id: int | None = None) -> Letter:
    """Freeze the draft with the next 文号 and its PDF; the register follows in the same transaction."""
    if problems := issue_problems(drafted.draft):
        raise ValidationError(problems)
    agency_id = services.agencies.current().id
    return services.letters.issue(
        agency_id,
        drafted.request.id,
        drafted.draft,
        drafted.data,
        lambda number: _render(services, drafted.draft, number),
        replaces_id,
    )


def preview_pdf(services: Services, drafted: Drafted) -> bytes:
    """The draft as it will print, with the 文号's serial shown as × until it is issued."""
    agency = services.agencies.current()
    settings = services.letters.settings(agency.id)
    year = drafted.draft.letter_date.year
    short = settings.short_name or agency.name
    number = format_letter_number(settings.number_pattern, short, year, PREVIEW_SERIAL)
    return _render(services, drafted.draft, number)


def _render(services: Services, letter: LetterDraft, number: str) -> bytes:
    # ReportLab only when a letter is drawn: the window and most commands start without it
    from desktop_app.export.letter_pdf import LetterPage, render_letter_pdf  # noqa: PLC0415

    page = LetterPage(
        letter.title, number, letter.addressee, letter.paragraphs, letter.agency, letter.letter_date
    )
    try:
        return render_letter_pdf(page, Settings.load(services.paths.settings_file).fonts)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def export_letter(services: Services, letter: Letter, path: Path) -> Path:
    """Write the frozen PDF (checked against its SHA-256) to path: the same bytes every time."""
    data = services.letters.pdf(letter.id)
    with staged(path) as tmp:
        tmp.write_bytes(data)
    return path


def _facts(
    services: Services, request: Request, kind: str, on: dt.date, pages: int | None
) -> LetterFacts:
    calendar = load_calendar(services)
    corrected = [e.on for e in request.events if e.kind == CORRECTION_RECEIVED]
    settings = services.letters.settings(services.agencies.current().id)
    stops = settings.payment_stops_clock
    due = compute_deadline(request.received_on, request.events, calendar, False, stops)
    extended = compute_deadline(request.received_on, request.events, calendar, True, stops)
    facts = LetterFacts(
        agency=services.agencies.current().name,
        request_number=request.number,
        # A letter to the third party never carries the applicant, not even in its frozen data.
        applicant=""
        if kind_of(kind).to_third_party
        else services.requests.applicant(request.id).name,
        received_on=request.received_on,
        content=request.content,
        corrected_on=corrected[0] if corrected else None,
        due=due.due,
        extended_due=extended.due,
        consult_reply_by=calendar.add_workdays(on, CONSULT_WORKDAYS),
        review_body=settings.review_body,
    )
    if kind != "收费":
        return facts
    waived = services.letters.payments().get(request.id)
    if waived and waived.waived_reason:
        raise ValueError(
            f"该申请的信息处理费已于 {waived.waived_on or '此前'} 减免（{waived.waived_reason}），"
            "无需制作收费通知书"
        )
    fee = _fee(services, request, pages)
    if fee.amount <= 0:
        raise ValueError(f"{fee.explanation}：本申请不收取信息处理费，无需制作收费通知书")
    return LetterFacts(
        **{
            **vars(facts),
            "fee_amount": fee.amount,
            "fee_explanation": fee.explanation,
            "payment_due": calendar.add_workdays(on, PAYMENT_WORKDAYS),
        }
    )


def _fee(services: Services, request: Request, pages: int | None) -> Fee:
    """按量 when pages are given, else 按件 from the same applicant's requests in that month."""
    if pages is not None:
        return compute_fee(BY_PAGES, pages, request.received_on)
    applicants = services.requests.applicants()
    who = applicants.get(request.id)
    if who is None or not (who.name or who.id_number):
        raise ValueError(
            "申请人姓名和证件号码都未登记，无法按件计收；请先登记申请人，或给出提供的页数按量计收"
        )
    same = [
        (r.received_on, r.number)
        for r in services.requests.all()
        if (a := applicants.get(r.id)) and (a.name, a.id_number) == (who.name, who.id_number)
    ]
    nth = nth_in_month(same, (request.received_on, request.number))
    return compute_fee(BY_COUNT, nth, request.received_on)


def _plain(value: object) -> str | None:
    return (
        value.isoformat()
        if isinstance(value, dt.date)
        else str(value)
        if value is not None
        else None
    )


def check(
    services: Services, year: int | None = None, today: dt.date | None = None
) -> list[LetterFinding]:
    """The register's letter checks; with a year, requests received or concluded in it."""
    requests = [
        r
        for r in services.requests.all()
        if year is None or year in (r.received_on.year, r.answered_on and r.answered_on.year)
    ]
    letters, calendar = services.letters.letters(), load_calendar(services)
    lines = fee_lines(letters, services.letters.payments(), calendar, today or dt.date.today())
    still_open = {r.id for r in requests if r.answered_on is None}
    return check_letters(requests, letters, calendar) + lapsed_findings(lines, still_open)


def fee_ledger(services: Services, today: dt.date | None = None) -> list[FeeLine]:
    letters = services.letters.letters()
    calendar = load_calendar(services)
    repo = services.letters
    day = today or dt.date.today()
    return fee_lines(letters, repo.payments(), calendar, day, repo.fee_request_numbers())


class LetterService:
    """What the 文书 dialogs ask of the database and the letter files, typed; any thread but
    the UI's (each call reads or writes the database or a file)."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def agency_id(self) -> int:
        return self._services.agencies.current().id

    def request(self, request_id: int) -> Request:
        return self._services.requests.get(request_id)

    def letters(self, request_id: int) -> list[Letter]:
        """The request's letters, oldest first, each checked against its hashes."""
        return self._services.letters.letters(request_id)

    def draft(
        self,
        request: Request,
        kind: str,
        letter_date: dt.date,
        edits: dict[str, str] | None = None,
        form: str = "",
        pages: int | None = None,
    ) -> Drafted:
        return draft(self._services, request, kind, letter_date, edits, form, pages)

    def preview_pdf(self, drafted: Drafted) -> bytes:
        return preview_pdf(self._services, drafted)

    def issue(self, drafted: Drafted, replaces_id: int | None = None) -> Letter:
        return issue(self._services, drafted, replaces_id)

    def record_delivery(self, letter_id: int, method: str, on: dt.date | None) -> Letter:
        return self._services.letters.record_delivery(letter_id, method, on)

    def export_letter(self, letter: Letter, path: Path) -> Path:
        return export_letter(self._services, letter, path)

    def settings(self, agency_id: int) -> LetterSettings:
        return self._services.letters.settings(agency_id)

    def template(self, agency_id: int, key: str) -> tuple[int, str]:
        """(version, text) of the office's latest template; (0, our default) when never edited."""
        return self._services.letters.template(agency_id, key)
