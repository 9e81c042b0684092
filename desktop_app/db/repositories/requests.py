"""The request register: 编号 assignment, saving requests with their clock events, applicants, appeals.

Applicant details are read only through `applicant()` / `applicants()`; `all()` and the statistics
query never join their table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.db.engine import Database
from desktop_app.db.errors import NotFoundError, ValidationError
from desktop_app.db.models_requests import (
    AppealRow,
    ApplicantRow,
    RequestEventRow,
    RequestRow,
    RequestSerial,
)
from desktop_app.db.repositories import present
from desktop_app.db.repositories.agency import lock_numbering
from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.deadlines import ClockEvent
from desktop_app.domain.requests import (
    Appeal,
    AppealDraft,
    Applicant,
    Request,
    RequestDraft,
    format_number,
    serial_of,
    validate_appeal,
    validate_applicant,
    validate_request,
)

_FIELDS = (
    "received_on",
    "channel",
    "applicant_type",
    "content",
    "answered_on",
    "outcome",
    "fee",
    "remarks",
)


@dataclass(frozen=True)
class StatRecord:
    """The columns table 三 needs, and nothing personal."""

    id: int
    number: str
    applicant_type: str
    received_on: dt.date
    answered_on: dt.date | None
    outcome: str


class RequestRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading -----------------------------------------------------------------------------
    def get(self, request_id: int) -> Request:
        with self._db.session() as session:
            return _to_domain(self._row(session, request_id))

    def all(self) -> list[Request]:
        return self._requests()

    def open_requests(self) -> list[Request]:
        return self._requests(RequestRow.answered_on.is_(None))

    def _requests(self, *where) -> list[Request]:
        query = (
            select(RequestRow)
            .where(*where)
            .options(selectinload(RequestRow.events))
            .order_by(RequestRow.received_on, RequestRow.number)
        )
        with self._db.session() as session:
            return [_to_domain(row) for row in session.scalars(query)]

    def stat_records(self, year: int) -> list[StatRecord]:
        """Requests that can appear in `year`'s table 三: received by its end, open at its start."""
        query = select(
            RequestRow.id,
            RequestRow.number,
            RequestRow.applicant_type,
            RequestRow.received_on,
            RequestRow.answered_on,
            RequestRow.outcome,
        ).where(
            RequestRow.received_on <= dt.date(year, 12, 31),
            or_(RequestRow.answered_on.is_(None), RequestRow.answered_on >= dt.date(year, 1, 1)),
        )
        with self._db.session() as session:
            return [StatRecord(*row) for row in session.execute(query)]

    def applicant(self, request_id: int) -> Applicant:
        with self._db.session() as session:
            self._row(session, request_id)
            row = session.get(ApplicantRow, request_id)
            return _applicant(row) if row else Applicant()

    def applicants(self) -> dict[int, Applicant]:
        """Every applicant by request id: only for an export the user explicitly asked to include them."""
        with self._db.session() as session:
            return {
                row.request_id: _applicant(row) for row in session.scalars(select(ApplicantRow))
            }

    def taken_numbers(self, numbers: Iterable[str]) -> set[str]:
        with self._db.session() as session:
            return present(session, RequestRow.number, numbers)

    # -- writing -----------------------------------------------------------------------------
    def add(
        self, agency_id: int, draft: RequestDraft, applicant: Applicant | None = None
    ) -> Request:
        return self.add_many(agency_id, [(draft, applicant)])[0]

    def add_many(
        self, agency_id: int, items: Sequence[tuple[RequestDraft, Applicant | None]]
    ) -> list[Request]:
        """Save all requests in one transaction (all or nothing); rows without 编号 get the next one."""
        drafts = [draft.normalized() for draft, _ in items]
        for number, (draft, (_, applicant)) in enumerate(zip(drafts, items, strict=True), start=1):
            problems = validate_request(draft) + validate_applicant(applicant or Applicant())
            if problems:
                raise ValidationError(_numbered(problems, number, len(drafts)))
        with self._db.session() as session:
            numbers = _Numbers(session, agency_id)
            self._check_numbers_free(session, [d.number for d in drafts if d.number])
            for draft in drafts:
                if draft.number:
                    numbers.claim(draft.number)
            rows = []
            for draft in drafts:
                row = RequestRow(
                    agency_id=agency_id,
                    number=draft.number or numbers.next(draft.received_on.year),
                    **{name: getattr(draft, name) for name in _FIELDS},
                )
                row.events = [RequestEventRow(kind=e.kind, on_date=e.on) for e in draft.events]
                session.add(row)
                rows.append(row)
            session.flush()  # ids for the applicant rows, which have no ORM relationship on purpose
            for row, (_, applicant) in zip(rows, items, strict=True):
                if applicant is not None and any(vars(applicant).values()):
                    session.add(
                        ApplicantRow(
                            request_id=row.id, **{k: v.strip() for k, v in vars(applicant).items()}
                        )
                    )
            numbers.save()
            session.flush()
            return [_to_domain(row) for row in rows]

    def update(
        self, request_id: int, draft: RequestDraft, applicant: Applicant | None = None
    ) -> Request:
        """Change a request's fields, clock events and (when given) applicant in one transaction.

        Its 编号 never changes.
        """
        draft = draft.normalized()
        if problems := validate_request(draft) + validate_applicant(applicant or Applicant()):
            raise ValidationError(problems)
        with self._db.session() as session:
            row = self._row(session, request_id)
            if draft.number and draft.number != row.number:
                # Only an import sets a number; afterwards it is the request's name in letters and logs.
                raise ValidationError([FieldProblem("编号", "编号一经分配不能修改")])
            for name in _FIELDS:
                setattr(row, name, getattr(draft, name))
            row.events = [RequestEventRow(kind=e.kind, on_date=e.on) for e in draft.events]
            if applicant is not None:
                _store_applicant(session, request_id, applicant)
            session.flush()
            return _to_domain(row)

    def set_applicant(self, request_id: int, applicant: Applicant) -> None:
        if problems := validate_applicant(applicant):
            raise ValidationError(problems)
        with self._db.session() as session:
            self._row(session, request_id)
            _store_applicant(session, request_id, applicant)

    # -- appeals -----------------------------------------------------------------------------
    def add_appeal(self, request_id: int, draft: AppealDraft) -> Appeal:
        if problems := validate_appeal(draft):
            raise ValidationError(problems)
        with self._db.session() as session:
            request = self._row(session, request_id)
            if draft.filed_on < request.received_on:
                raise ValidationError(
                    [FieldProblem("提起日期", f"早于申请的收到日期 {request.received_on}，请核对")]
                )
            row = AppealRow(
                request_id=request_id,
                kind=draft.kind,
                filed_on=draft.filed_on,
                result=draft.result,
                decided_on=draft.decided_on,
                remarks=draft.remarks.strip(),
            )
            session.add(row)
            session.flush()
            return _appeal(row, request.number)

    def update_appeal(self, appeal_id: int, draft: AppealDraft) -> Appeal:
        """Change an appeal's kind, dates, result and remarks; it stays linked to its request."""
        if problems := validate_appeal(draft):
            raise ValidationError(problems)
        with self._db.session() as session:
            row = session.get(AppealRow, appeal_id)
            if row is None:
                raise NotFoundError(f"复议或诉讼记录 {appeal_id} 不存在")
            request = self._row(session, row.request_id)
            if draft.filed_on < request.received_on:
                raise ValidationError(
                    [FieldProblem("提起日期", f"早于申请的收到日期 {request.received_on}，请核对")]
                )
            row.kind, row.filed_on, row.result = draft.kind, draft.filed_on, draft.result
            row.decided_on, row.remarks = draft.decided_on, draft.remarks.strip()
            session.flush()
            return _appeal(row, request.number)

    def appeals(self) -> list[Appeal]:
        query = (
            select(AppealRow, RequestRow.number)
            .join(RequestRow)
            .order_by(AppealRow.filed_on, AppealRow.id)
        )
        with self._db.session() as session:
            return [_appeal(row, number) for row, number in session.execute(query)]

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _row(session: Session, request_id: int) -> RequestRow:
        row = session.get(RequestRow, request_id, options=[selectinload(RequestRow.events)])
        if row is None:
            raise NotFoundError(f"申请 {request_id} 不存在")
        return row

    @staticmethod
    def _check_numbers_free(session: Session, numbers: list[str]) -> None:
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        taken = present(session, RequestRow.number, numbers)
        problems = [FieldProblem("编号", f"{n} 在本次保存中重复") for n in repeated]
        problems += [FieldProblem("编号", f"{n} 已被其他申请使用") for n in sorted(taken)]
        if problems:
            raise ValidationError(problems)


class _Numbers:
    """Per-year serials loaded once; numbers in the register's format move the counter past them."""

    def __init__(self, session: Session, agency_id: int) -> None:
        self._session, self._agency_id = session, agency_id
        lock_numbering(session, agency_id)
        self._rows = {
            row.year: row
            for row in session.scalars(
                select(RequestSerial).where(RequestSerial.agency_id == agency_id).with_for_update()
            )
        }
        self._last = {year: row.last_serial for year, row in self._rows.items()}
        self._taken = set(session.scalars(select(RequestRow.number)))

    def claim(self, number: str) -> None:
        self._taken.add(number)
        if parsed := serial_of(number):
            year, serial = parsed
            self._last[year] = max(self._last.get(year, 0), serial)

    def next(self, year: int) -> str:
        while True:
            self._last[year] = self._last.get(year, 0) + 1
            number = format_number(year, self._last[year])
            if number not in self._taken:
                self._taken.add(number)
                return number

    def save(self) -> None:
        for year, last in self._last.items():
            if year in self._rows:
                self._rows[year].last_serial = last
            else:
                self._session.add(
                    RequestSerial(agency_id=self._agency_id, year=year, last_serial=last)
                )


def _to_domain(row: RequestRow) -> Request:
    return Request(
        id=row.id,
        number=row.number,
        received_on=row.received_on,
        applicant_type=row.applicant_type,
        content=row.content,
        channel=row.channel,
        answered_on=row.answered_on,
        outcome=row.outcome,
        fee=row.fee,
        remarks=row.remarks,
        events=tuple(ClockEvent(e.kind, e.on_date) for e in row.events),
    )


def _store_applicant(session: Session, request_id: int, applicant: Applicant) -> None:
    row = session.get(ApplicantRow, request_id) or ApplicantRow(request_id=request_id)
    for name, value in vars(applicant).items():
        setattr(row, name, value.strip())
    session.add(row)


def _applicant(row: ApplicantRow) -> Applicant:
    return Applicant(
        name=row.name,
        id_number=row.id_number,
        phone=row.phone,
        address=row.address,
        email=row.email,
    )


def _appeal(row: AppealRow, number: str) -> Appeal:
    return Appeal(
        id=row.id,
        request_id=row.request_id,
        request_number=number,
        kind=row.kind,
        filed_on=row.filed_on,
        result=row.result,
        decided_on=row.decided_on,
        remarks=row.remarks,
    )


def _numbered(problems: list[FieldProblem], number: int, total: int) -> list[FieldProblem]:
    if total == 1:
        return problems
    return [FieldProblem(p.field, f"第 {number} 条：{p.message}") for p in problems]
