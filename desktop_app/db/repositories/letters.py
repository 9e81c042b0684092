"""Letters to applicants: office settings, versioned templates, issuing with a 文号, reading back.

Issuing is one transaction: the next 文号 under the agency's numbering lock, the PDF rendered with
that 文号, the frozen row, and the register's clock event or outcome the letter stands for. There
is deliberately no method that changes an issued letter's text, data or PDF.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db import versioning
from desktop_app.db.audit import record, require
from desktop_app.db.engine import Database
from desktop_app.db.models_letters import (
    LetterRow,
    LetterSerial,
    LetterSettingRow,
    LetterTemplateRow,
    RequestFeeRow,
)
from desktop_app.db.models_requests import RequestEventRow, RequestRow
from desktop_app.db.repositories import validated
from desktop_app.db.repositories.agency import lock_numbering
from desktop_app.domain.audit import DELIVERED, EDITED, ISSUED, PAID_OR_WAIVED
from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.deadlines import FEE_NOTICE, FEE_SETTLED
from desktop_app.domain.fee_ledger import Payment, payment_problems
from desktop_app.domain.letter_records import (
    FrozenContent,
    Letter,
    LetterSettings,
    TemplateEdit,
    canonical_json,
    delivery_problems,
    format_letter_number,
    settings_problems,
)
from desktop_app.domain.letter_texts import LetterDraft, default_template, template_problems
from desktop_app.domain.letters import ANSWER, answer_form, kind_of
from desktop_app.domain.numbering import SerialAllocator
from desktop_app.domain.users import ADMIN, CLERK, REVIEWER
from desktop_app.errors import ConcurrentEditError, NotFoundError, UserError, ValidationError


class LetterRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- settings and templates ------------------------------------------------------------------
    def settings(self, agency_id: int) -> LetterSettings:
        with self._db.session() as session:
            row = session.get(LetterSettingRow, agency_id)
            if row is None:
                return LetterSettings()
            return LetterSettings(
                row.short_name,
                row.number_pattern,
                row.review_body,
                row.payment_stops_clock,
                row.version,
                row.modified_by,
                row.updated_at,
            )

    def save_settings(
        self,
        agency_id: int,
        settings: LetterSettings,
        loaded_version: int | None = None,
        template: TemplateEdit | None = None,
    ) -> LetterSettings:
        """Save the settings (and a template's new version) in one transaction; a copy loaded
        before another save (`loaded_version`, the template's `loaded_version`) is refused."""
        actor = require(self._db, ADMIN)
        if problems := settings_problems(settings):
            raise ValidationError(problems)
        if template is not None:
            template = _cleaned(template)
        with self._db.session() as session:
            if template is not None:
                lock_numbering(session, agency_id)  # two editors saving at once: one is stale
            row = session.get(LetterSettingRow, agency_id)
            if row is not None:
                versioning.check(row, loaded_version, "文书设置")
            if template is not None:
                _add_template(session, actor, agency_id, template)
            row = row or LetterSettingRow(agency_id=agency_id)
            row.short_name, row.number_pattern = (
                settings.short_name.strip(),
                settings.number_pattern.strip(),
            )
            row.review_body = settings.review_body.strip()
            row.payment_stops_clock = settings.payment_stops_clock
            versioning.stamp(row, actor)
            session.add(row)
            detail = (
                f"简称 {row.short_name}，文号格式 {row.number_pattern}，复议机关 {row.review_body}，"
                f"缴费期间{'不' if row.payment_stops_clock else ''}计入答复期限"
            )
            record(session, actor, "letter_setting", agency_id, EDITED, detail)
        return self.settings(agency_id)

    def template(self, agency_id: int, key: str) -> tuple[int, str]:
        """(version, text) of the office's latest template; (0, our default) when never edited."""
        with self._db.session() as session:
            row = _latest_template(session, agency_id, key)
            return (row.version, row.text) if row else (0, default_template(key))

    def save_template(
        self, agency_id: int, key: str, text: str, loaded_version: int | None = None
    ) -> int:
        """Store a new version; letters already issued keep the text they were made with. A
        text edited from a version older than the latest is refused."""
        actor = require(self._db, ADMIN)
        edit = _cleaned(TemplateEdit(key, text, loaded_version))
        with self._db.session() as session:
            lock_numbering(session, agency_id)  # two editors saving at once get distinct versions
            return _add_template(session, actor, agency_id, edit)

    # -- issuing ---------------------------------------------------------------------------------
    def issue(
        self,
        agency_id: int,
        request_id: int,
        draft: LetterDraft,
        data: dict[str, object],
        render: Callable[[str], bytes],
        replaces_id: int | None = None,
    ) -> Letter:
        """Give the draft the next 文号, render its PDF with it, freeze both, update the register."""
        actor = require(self._db, REVIEWER)
        with self._db.session() as session:
            agency = lock_numbering(
                session, agency_id
            )  # first: SQLite must write-lock before reading
            request = _request(session, request_id)
            if draft.letter_date < request.received_on:
                raise ValidationError(
                    [FieldProblem("文书日期", f"早于申请的收到日期 {request.received_on}，请核对")]
                )
            replaced = _replaced(session, replaces_id, request_id, draft.kind)
            number = _next_number(session, agency_id, agency.name, draft.letter_date.year)
            content = FrozenContent(
                number,
                draft.kind,
                draft.form,
                draft.letter_date,
                draft.title,
                draft.addressee,
                draft.text,
                canonical_json({**data, "edits": draft.edits}),
            )
            pdf = render(number)
            row = LetterRow(
                request_id=request_id,
                number=number,
                kind=draft.kind,
                form=draft.form,
                issued_on=draft.letter_date,
                title=draft.title,
                addressee=draft.addressee,
                text=draft.text,
                data=content.data,
                template_version=draft.template_version,
                content_sha256=content.sha256(),
                pdf=pdf,
                pdf_sha256=_sha(pdf),
                replaces_id=replaced.id if replaced else None,
                delivery_method="",
            )
            session.add(row)
            if replaced is None:
                _drive_register(session, request, draft)
            session.flush()
            corrects = f"，更正 {replaced.number}" if replaced else ""
            detail = f"{number} {draft.kind}（申请 {request.number}{corrects}），PDF SHA-256 {row.pdf_sha256}"
            record(session, actor, "letter", row.id, ISSUED, detail)
            return _to_domain(row, request.number, replaced.number if replaced else "")

    def record_delivery(self, letter_id: int, method: str, on: dt.date | None) -> Letter:
        """How and when the letter reached its addressee (it starts the remedy periods)."""
        actor = require(self._db, CLERK)
        with self._db.session() as session:
            row = _letter(session, letter_id)
            if problems := delivery_problems(method, on, row.issued_on):
                raise ValidationError(problems)
            if row.kind == "收费" and row.replaces_id is None:
                _move_fee_notice(_request(session, row.request_id), row, on)
            row.delivery_method, row.delivered_on = method, on
            session.flush()
            record(
                session, actor, "letter", letter_id, DELIVERED, f"{row.number} {method} {on or ''}"
            )
            return _read(session, row)

    # -- the fee ledger --------------------------------------------------------------------------
    def payments(self) -> dict[int, Payment]:
        with self._db.session() as session:
            return {
                row.request_id: Payment(row.paid_on, row.waived_reason, row.waived_on)
                for row in session.scalars(select(RequestFeeRow))
            }

    def fee_request_numbers(self) -> dict[int, str]:
        """编号 of the requests with a payment or waiver recorded (a waiver may have no notice)."""
        with self._db.session() as session:
            query = select(RequestRow.id, RequestRow.number).join(
                RequestFeeRow, RequestFeeRow.request_id == RequestRow.id
            )
            return {request_id: number for request_id, number in session.execute(query)}

    def record_payment(self, request_id: int, payment: Payment) -> None:
        """Paid on a date (the register's fee becomes the notice's amount), or waived with a reason
        (also before any notice); a notice's payment period ends in the register's clock events."""
        actor = require(self._db, CLERK)
        payment = Payment(payment.paid_on, payment.waived_reason.strip(), payment.waived_on)
        with self._db.session() as session:
            request = _request(session, request_id)
            notice = session.scalars(
                select(LetterRow)
                .where(LetterRow.request_id == request_id, LetterRow.kind == "收费")
                .order_by(LetterRow.id.desc())
                .limit(1)
            ).first()
            noticed_on = (notice.delivered_on or notice.issued_on) if notice else None
            if problems := payment_problems(payment, noticed_on):
                raise ValidationError(problems)
            row = session.get(RequestFeeRow, request_id) or RequestFeeRow(request_id=request_id)
            row.paid_on, row.waived_reason = payment.paid_on, payment.waived_reason
            row.waived_on = payment.waived_on if payment.waived_reason else None
            session.add(row)
            if payment.paid_on:
                request.fee = Decimal(json.loads(validated(notice).data)["fee_amount"])
            else:
                request.fee = Decimal(0)
            _settle_fee(request, payment.settled_on)
            how = f"缴费 {payment.paid_on}" if payment.paid_on else f"减免：{payment.waived_reason}"
            record(session, actor, "request", request_id, PAID_OR_WAIVED, f"{request.number} {how}")

    # -- reading ---------------------------------------------------------------------------------
    def letters(self, request_id: int | None = None, kind: str = "") -> list[Letter]:
        """Letters of one request (or all; of one kind), oldest first, each checked against its
        hashes."""
        query = select(LetterRow).order_by(LetterRow.issued_on, LetterRow.id)
        if request_id is not None:
            query = query.where(LetterRow.request_id == request_id)
        if kind:
            query = query.where(LetterRow.kind == kind)
        with self._db.session() as session:
            return [_read(session, row) for row in session.scalars(query)]

    def get(self, letter_id: int) -> Letter:
        with self._db.session() as session:
            return _read(session, _letter(session, letter_id))

    def pdf(self, letter_id: int) -> bytes:
        """The frozen PDF, only when it still matches its recorded SHA-256."""
        with self._db.session() as session:
            row = _letter(session, letter_id)
            if not _read(session, row).intact:
                raise UserError(
                    f"文书 {row.number} 的存档内容与签发时记录的 SHA-256 不一致，已被改动，不能导出；"
                    "请核查数据库，必要时重新制作一份更正文书"
                )
            return row.pdf


def _cleaned(edit: TemplateEdit) -> TemplateEdit:
    """Blank lines and edge spaces dropped; refused with the problems if not a usable template."""
    text = "\n".join(line.strip() for line in edit.text.strip().splitlines() if line.strip())
    if problems := template_problems(edit.key, text):
        raise ValidationError(problems)
    return TemplateEdit(edit.key, text, edit.loaded_version)


def _latest_template(session: Session, agency_id: int, key: str) -> LetterTemplateRow | None:
    return session.scalars(
        select(LetterTemplateRow)
        .where(LetterTemplateRow.agency_id == agency_id, LetterTemplateRow.key == key)
        .order_by(LetterTemplateRow.version.desc())
        .limit(1)
    ).first()


def _add_template(session: Session, actor: str, agency_id: int, edit: TemplateEdit) -> int:
    """The next version of a template (caller holds the numbering lock)."""
    latest = _latest_template(session, agency_id, edit.key)
    version = latest.version if latest else 0
    if edit.loaded_version is not None and edit.loaded_version != version:
        raise ConcurrentEditError(
            f"模板“{edit.key}”",
            latest.created_by if latest else "",
            latest.created_at if latest else None,
        )
    session.add(
        LetterTemplateRow(
            agency_id=agency_id,
            key=edit.key,
            version=version + 1,
            text=edit.text,
            created_by=actor,
            created_at=dt.datetime.now(),  # local time, as a later refusal names it
        )
    )
    record(
        session, actor, "letter_setting", agency_id, EDITED, f"模板 {edit.key} 第 {version + 1} 版"
    )
    return version + 1


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _request(session: Session, request_id: int) -> RequestRow:
    row = session.get(RequestRow, request_id)
    if row is None:
        raise NotFoundError(f"申请 {request_id} 不存在")
    return row


def _letter(session: Session, letter_id: int) -> LetterRow:
    row = session.get(LetterRow, letter_id)
    if row is None:
        raise NotFoundError(f"文书 {letter_id} 不存在")
    return row


def _replaced(
    session: Session, replaces_id: int | None, request_id: int, kind: str
) -> LetterRow | None:
    if replaces_id is None:
        return None
    row = _letter(session, replaces_id)
    if row.request_id != request_id or row.kind != kind:
        raise ValidationError(
            [FieldProblem("更正的文书", f"{row.number} 不是本申请的同类文书，不能由本文书更正")]
        )
    return row


def _next_number(session: Session, agency_id: int, agency_name: str, year: int) -> str:
    """Caller holds the numbering lock. The domain's one allocator over this year's stored
    serial; a number already taken (the pattern changed) is skipped."""
    setting = session.get(LetterSettingRow, agency_id) or LetterSettingRow(
        short_name="", number_pattern=LetterSettings().number_pattern
    )
    serial = session.get(LetterSerial, (agency_id, year))
    if serial is None:
        serial = LetterSerial(agency_id=agency_id, year=year, last_serial=0)
        session.add(serial)
    pattern, short = setting.number_pattern, setting.short_name or agency_name
    allocator = SerialAllocator(
        {year: serial.last_serial},
        session.scalars(select(LetterRow.number)),
        lambda on, serial_no: format_letter_number(pattern, short, on, serial_no),
    )
    number = allocator.next(year)
    serial.last_serial = allocator.counters[year]
    return number


def _drive_register(session: Session, request: RequestRow, draft: LetterDraft) -> None:
    """The register follows the letter: a clock event, or the answer's outcome and date."""
    if draft.kind == ANSWER:
        if any(e.on_date > draft.letter_date for e in request.events):
            raise ValidationError(
                [FieldProblem("文书日期", "早于台账中已记录的办理过程事项，请核对答复日期")]
            )
        request.outcome = answer_form(draft.form).outcome
        request.answered_on = draft.letter_date
    elif event := kind_of(draft.kind).clock_event:
        request.events.append(RequestEventRow(kind=event, on_date=draft.letter_date))


def _move_fee_notice(request: RequestRow, notice: LetterRow, on: dt.date | None) -> None:
    """The payment period runs from the day the applicant received the notice: the clock event
    the notice added (on its date, or an earlier delivery date) moves to the delivery date."""
    was = notice.delivered_on or notice.issued_on
    for event in request.events:
        if event.kind == FEE_NOTICE and event.on_date == was and on is not None:
            event.on_date = on
            return


def _settle_fee(request: RequestRow, on: dt.date | None) -> None:
    """End the latest notice's payment period in the clock events (once; a correction moves it).
    Nothing when no notice is in the register, or when the request was answered before."""
    notices = [e.on_date for e in request.events if e.kind == FEE_NOTICE]
    if not notices or on is None or (request.answered_on and on > request.answered_on):
        return
    latest = max(notices)
    for event in [e for e in request.events if e.kind == FEE_SETTLED and e.on_date >= latest]:
        request.events.remove(event)
    request.events.append(RequestEventRow(kind=FEE_SETTLED, on_date=on))


def _read(session: Session, row: LetterRow) -> Letter:
    request_number = session.execute(
        select(RequestRow.number).where(RequestRow.id == row.request_id)
    ).scalar_one()
    replaced = session.get_one(LetterRow, row.replaces_id).number if row.replaces_id else ""
    return _to_domain(row, request_number, replaced)


def _to_domain(row: LetterRow, request_number: str, replaces: str) -> Letter:
    content = FrozenContent(
        row.number, row.kind, row.form, row.issued_on, row.title, row.addressee, row.text, row.data
    )
    intact = content.sha256() == row.content_sha256 and _sha(row.pdf) == row.pdf_sha256
    return Letter(
        id=row.id,
        request_id=row.request_id,
        request_number=request_number,
        content=content,
        template_version=row.template_version,
        pdf_sha256=row.pdf_sha256,
        replaces=replaces,
        delivery_method=row.delivery_method,
        delivered_on=row.delivered_on,
        intact=intact,
    )
