"""The request register: 编号 assignment, saving requests with their clock events, applicants, appeals.

Applicant details are read only through `applicant()` / `applicants()`; `all()` and the statistics
query never join their table.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, case, func, insert, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from desktop_app.db import versioning
from desktop_app.db.audit import record, require
from desktop_app.db.engine import Database
from desktop_app.db.models_requests import (
    AppealRow,
    ApplicantRow,
    RequestEventRow,
    RequestRow,
    RequestSerial,
)
from desktop_app.db.repositories import IN_CHUNK, present, validated
from desktop_app.db.repositories.agency import lock_numbering
from desktop_app.domain.audit import CREATED, EDITED, IMPORTED, PERSONAL, Change, changes
from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.deadlines import ClockEvent
from desktop_app.domain.numbering import SerialAllocator
from desktop_app.domain.request_stats import (
    AFTER,
    BEFORE,
    IN_YEAR,
    NOT_ANSWERED,
    AppealGroup,
    RequestGroup,
)
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
from desktop_app.domain.users import CLERK
from desktop_app.errors import NotFoundError, ValidationError

# The phases (received, answered) of the requests a year's table 三 counts: received by its end,
# open at its start.
_T3_PHASES = tuple(itertools.product((BEFORE, IN_YEAR), (IN_YEAR, AFTER, NOT_ANSWERED)))
_PAGE = 500  # rows per INSERT … RETURNING (below SQLAlchemy's insertmanyvalues page of 1,000)
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

# What the audit trail compares on an edit, labelled as the register's columns.
_LABELS = {
    "received_on": "收到日期",
    "channel": "渠道",
    "applicant_type": "申请人类型",
    "content": "申请内容",
    "answered_on": "办结日期",
    "outcome": "办理结果",
    "fee": "信息处理费",
    "remarks": "备注",
    "events": "时限事件",
}
_APPEAL_LABELS = {
    "kind": "类别",
    "filed_on": "提起日期",
    "result": "结果",
    "decided_on": "审结日期",
    "remarks": "备注",
}


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

    def id_of(self, number: str) -> int | None:
        """The request with this 编号 (unique), or None."""
        with self._db.session() as session:
            return session.scalar(select(RequestRow.id).where(RequestRow.number == number))

    def open_requests(self) -> list[Request]:
        return self._requests(RequestRow.answered_on.is_(None))

    def _requests(self, *where: ColumnElement[bool]) -> list[Request]:
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

    def stat_groups(self, year: int) -> list[RequestGroup]:
        """stat_records(year) counted in the database by what table 三 asks of them: type, outcome
        and the phases of the two dates (request_stats.phase), so no request is read one by one.

        One row per type and outcome with a count per pair of phases: grouped so, SQLite reads
        the rows in the order of ix_disclosure_request_stats, which holds every column used, and
        needs no sort (grouping by the phases too sorted 200,000 rows: 2–3 × slower).
        """
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        request = RequestRow
        answered_in_year = request.answered_on <= last
        query = (
            select(
                request.applicant_type,
                request.outcome,
                func.min(request.id),
                func.min(case((answered_in_year, request.id))),  # named for a bad outcome
                *(
                    func.count().filter(
                        _in_phase(request.received_on, received, year)
                        & _in_phase(request.answered_on, answered, year)
                    )
                    for received, answered in _T3_PHASES
                ),
            )
            .where(
                request.received_on <= last,
                or_(request.answered_on.is_(None), request.answered_on >= first),
            )
            .group_by(request.applicant_type, request.outcome)
        )
        with self._db.session() as session:
            rows = session.execute(query).all()
            numbers = _numbers(session, {i for row in rows for i in row[2:4] if i is not None})
        groups = []
        for kind, outcome, any_id, answered_id, *counts in rows:
            for (received, answered), count in zip(_T3_PHASES, counts, strict=True):
                if count:
                    named = numbers[answered_id if answered == IN_YEAR else any_id]
                    groups.append(RequestGroup(kind, outcome, received, answered, count, named))
        return groups

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
        actor = require(self._db, CLERK)
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
            # Bulk statements, not ORM objects: an import of 200,000 rows stays linear and quick.
            values = [
                {
                    "agency_id": agency_id,
                    "number": draft.number or numbers.next(validated(draft.received_on).year),
                    **{name: getattr(draft, name) for name in _FIELDS},
                }
                for draft in drafts
            ]
            ids = _inserted_ids(session, values)
            _insert_all(
                session,
                RequestEventRow,
                [
                    {"request_id": request_id, "kind": e.kind, "on_date": e.on}
                    for request_id, draft in zip(ids, drafts, strict=True)
                    for e in draft.events
                ],
            )
            _insert_all(
                session,
                ApplicantRow,
                [
                    {"request_id": request_id, **{k: v.strip() for k, v in vars(applicant).items()}}
                    for request_id, (_, applicant) in zip(ids, items, strict=True)
                    if applicant is not None and any(vars(applicant).values())
                ],
            )
            numbers.save()
            session.flush()
            if len(ids) == 1:
                record(session, actor, "request", ids[0], CREATED, values[0]["number"])
            elif ids:  # an import: one event, not one per row
                record(session, actor, "request", "", IMPORTED, f"导入 {len(ids)} 件")
            return [
                Request(
                    id=request_id,
                    number=row["number"],
                    **{name: getattr(draft, name) for name in _FIELDS},
                    events=tuple(sorted(draft.events, key=lambda e: e.on)),
                )
                for request_id, row, draft in zip(ids, values, drafts, strict=True)
            ]

    def update(
        self,
        request_id: int,
        draft: RequestDraft,
        applicant: Applicant | None = None,
        version: int | None = None,
    ) -> Request:
        """Change a request's fields, clock events and (when given) applicant in one transaction.

        Its 编号 never changes. With the `version` the form loaded, a save over someone else's
        newer change is refused (ConcurrentEditError).
        """
        actor = require(self._db, CLERK)
        draft = draft.normalized()
        if problems := validate_request(draft) + validate_applicant(applicant or Applicant()):
            raise ValidationError(problems)
        with self._db.session() as session:
            row = self._row(session, request_id)
            before = _audited(row)
            if draft.number and draft.number != row.number:
                # Only an import sets a number; afterwards it is the request's name in letters and logs.
                raise ValidationError([FieldProblem("编号", "编号一经分配不能修改")])
            versioning.check(row, version, f"申请 {row.number}")
            for name in _FIELDS:
                setattr(row, name, getattr(draft, name))
            versioning.stamp(row, actor)
            row.events = [RequestEventRow(kind=e.kind, on_date=e.on) for e in draft.events]
            edits = list(changes(before, _audited(row), _LABELS))
            if applicant is not None and _store_applicant(session, request_id, applicant):
                edits.append(Change("申请人信息", PERSONAL, PERSONAL))
            if edits:
                record(session, actor, "request", request_id, EDITED, row.number, edits)
            session.flush()
            return _to_domain(row)

    def set_applicant(self, request_id: int, applicant: Applicant) -> None:
        actor = require(self._db, CLERK)
        if problems := validate_applicant(applicant):
            raise ValidationError(problems)
        with self._db.session() as session:
            row = self._row(session, request_id)
            if _store_applicant(session, request_id, applicant):
                change = Change("申请人信息", PERSONAL, PERSONAL)
                record(session, actor, "request", request_id, EDITED, row.number, [change])

    # -- appeals -----------------------------------------------------------------------------
    def add_appeal(self, request_id: int, draft: AppealDraft) -> Appeal:
        actor = require(self._db, CLERK)
        if problems := validate_appeal(draft):
            raise ValidationError(problems)
        with self._db.session() as session:
            request = self._row(session, request_id)
            if validated(draft.filed_on) < request.received_on:
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
            detail = f"{request.number} {draft.kind}"
            record(session, actor, "appeal", row.id, CREATED, detail)
            return _appeal(row, request.number)

    def update_appeal(
        self, appeal_id: int, draft: AppealDraft, version: int | None = None
    ) -> Appeal:
        """Change an appeal's kind, dates, result and remarks; it stays linked to its request.
        With the `version` the form loaded, a stale save is refused (ConcurrentEditError)."""
        actor = require(self._db, CLERK)
        if problems := validate_appeal(draft):
            raise ValidationError(problems)
        with self._db.session() as session:
            row = session.get(AppealRow, appeal_id)
            if row is None:
                raise NotFoundError(f"复议或诉讼记录 {appeal_id} 不存在")
            request = self._row(session, row.request_id)
            if validated(draft.filed_on) < request.received_on:
                raise ValidationError(
                    [FieldProblem("提起日期", f"早于申请的收到日期 {request.received_on}，请核对")]
                )
            versioning.check(row, version, f"申请 {request.number} 的{row.kind}记录")
            before = {name: getattr(row, name) for name in _APPEAL_LABELS}
            row.kind, row.filed_on, row.result = draft.kind, validated(draft.filed_on), draft.result
            versioning.stamp(row, actor)
            row.decided_on, row.remarks = draft.decided_on, draft.remarks.strip()
            after = {name: getattr(row, name) for name in _APPEAL_LABELS}
            if edits := changes(before, after, _APPEAL_LABELS):
                detail = f"{request.number} {row.kind}"
                record(session, actor, "appeal", appeal_id, EDITED, detail, edits)
            session.flush()
            return _appeal(row, request.number)

    def appeal_groups(self, year: int) -> list[AppealGroup]:
        """The appeals table 四 of `year` can count, counted in the database by kind, result and
        the phases of their two dates (request_stats.phase), as stat_groups does for table 三."""
        filed, decided = _phase(AppealRow.filed_on, year), _phase(AppealRow.decided_on, year)
        query = (
            select(AppealRow.kind, AppealRow.result, filed, decided, func.count())
            .where(filed != AFTER, decided != BEFORE)
            .group_by(AppealRow.kind, AppealRow.result, filed, decided)
        )
        with self._db.session() as session:
            return [AppealGroup(*row) for row in session.execute(query)]

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
        repeated = sorted(n for n, count in Counter(numbers).items() if count > 1)
        taken = present(session, RequestRow.number, numbers)
        problems = [FieldProblem("编号", f"{n} 在本次保存中重复") for n in repeated]
        problems += [FieldProblem("编号", f"{n} 已被其他申请使用") for n in sorted(taken)]
        if problems:
            raise ValidationError(problems)


class _Numbers:
    """The register's 编号 for one save: the domain's allocator over the stored per-year serials."""

    def __init__(self, session: Session, agency_id: int) -> None:
        self._session, self._agency_id = session, agency_id
        lock_numbering(session, agency_id)
        self._rows = {
            row.year: row
            for row in session.scalars(
                select(RequestSerial).where(RequestSerial.agency_id == agency_id).with_for_update()
            )
        }
        self._allocator = SerialAllocator(
            {year: row.last_serial for year, row in self._rows.items()},
            session.scalars(select(RequestRow.number)),
            format_number,
        )
        self.next = self._allocator.next

    def claim(self, number: str) -> None:
        parsed = serial_of(number)
        self._allocator.claim(number, [parsed] if parsed else [])

    def save(self) -> None:
        for year, last in self._allocator.counters.items():
            if year in self._rows:
                self._rows[year].last_serial = last
            else:
                self._session.add(
                    RequestSerial(agency_id=self._agency_id, year=year, last_serial=last)
                )


def _inserted_ids(session: Session, values: list[dict[str, object]]) -> list[int]:
    """Insert the requests, returning their ids in the order of `values`."""
    if session.get_bind().dialect.name != "sqlite":
        # In pages: SQLAlchemy splices RETURNING results page by page onto all earlier ones,
        # which grows with the square of the rows (200,000 rows: minutes instead of seconds).
        returning = insert(RequestRow).returning(RequestRow.id, sort_by_parameter_order=True)
        return [
            request_id
            for start in range(0, len(values), _PAGE)
            for request_id in session.scalars(returning, values[start : start + _PAGE])
        ]
    # SQLite does not promise the order of a multi-row RETURNING, so SQLAlchemy sent one statement
    # per row (a third of a 20,000-row import). One executemany instead, and the ids read back by
    # 编号 (unique): the transaction holds the write lock (_Numbers), so every row above the
    # highest id before is one of these.
    before = session.scalar(select(func.coalesce(func.max(RequestRow.id), 0)))
    table = RequestRow.__table__
    assert isinstance(
        table, Table
    )  # typed as its base class; Core, not the ORM's per-row bulk path
    session.execute(insert(table), values)
    new_rows = select(RequestRow.number, RequestRow.id).where(RequestRow.id > before)
    ids: dict[str, int] = {number: request_id for number, request_id in session.execute(new_rows)}
    return [ids[str(row["number"])] for row in values]


def _insert_all(session: Session, model: type, rows: list[dict[str, object]]) -> None:
    if rows:  # an executemany of no rows is an error
        session.execute(insert(model), rows)


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
        version=row.version,
    )


def _audited(row: RequestRow) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(row, name) for name in _FIELDS}
    values["fee"] = f"{row.fee or 0:.2f}"  # 0 and 0.00 are the same fee
    values["events"] = "；".join(f"{e.kind} {e.on_date}" for e in row.events)
    return values


def _store_applicant(session: Session, request_id: int, applicant: Applicant) -> bool:
    """Write the applicant's details; True when they changed."""
    row = session.get(ApplicantRow, request_id)
    before = None if row is None else _applicant(row)
    row = row or ApplicantRow(request_id=request_id)
    for name, value in vars(applicant).items():
        setattr(row, name, value.strip())
    session.add(row)
    return _applicant(row) != (before or Applicant())


def _applicant(row: ApplicantRow) -> Applicant:
    return Applicant(
        name=row.name,
        id_number=row.id_number,
        phone=row.phone,
        address=row.address,
        email=row.email,
    )


def _in_phase(day: InstrumentedAttribute[Any], phase: str, year: int) -> ColumnElement[bool]:
    """Whether a date column is in request_stats.phase `phase` of `year`, in SQL."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {
        NOT_ANSWERED: day.is_(None),
        BEFORE: day < first,
        IN_YEAR: day.between(first, last),
        AFTER: day > last,
    }[phase]


def _numbers(session: Session, ids: set[int]) -> dict[int, str]:
    """The 编号 of requests by id."""
    wanted, found = sorted(ids), dict[int, str]()
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start : start + IN_CHUNK]
        query = select(RequestRow.id, RequestRow.number).where(RequestRow.id.in_(chunk))
        found.update((i, number) for i, number in session.execute(query))
    return found


def _phase(day: InstrumentedAttribute[Any], year: int) -> ColumnElement[str]:
    """request_stats.phase of a date column, in SQL."""
    return case(
        (day.is_(None), NOT_ANSWERED),
        (day < dt.date(year, 1, 1), BEFORE),
        (day > dt.date(year, 12, 31), AFTER),
        else_=IN_YEAR,
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
        version=row.version,
    )


def _numbered(problems: list[FieldProblem], number: int, total: int) -> list[FieldProblem]:
    if total == 1:
        return problems
    return [FieldProblem(p.field, f"第 {number} 条：{p.message}") for p in problems]
