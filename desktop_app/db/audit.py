"""The audit trail: `record` appends an event inside the caller's transaction; reading and checking.

There is no update or delete here on purpose, and the database refuses both (migration 0400).
Appending locks the chain head row first, so two writers (two processes on one SQLite file, two
workstations on PostgreSQL) take turns and never fork the chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.engine import Database
from desktop_app.db.models_audit import AuditEventRow, AuditHeadRow
from desktop_app.domain.audit import (
    EXPORTED,
    AuditEvent,
    ChainBreak,
    Change,
    EventFilter,
    changes_from_json,
    changes_to_json,
    event_hash,
    first_break,
)
from desktop_app.domain.users import refusal
from desktop_app.errors import PermissionDenied

_HEAD_ID = 1
_VERIFY_BATCH = 2000  # events read per query while verifying: memory stays flat on long trails


def require(db: Database, role: str) -> str:
    """The acting user's name, if they hold `role`; else PermissionDenied naming the role."""
    if db.user is None:
        raise PermissionDenied("尚未确定当前用户，不能修改数据")
    if message := refusal(db.user, role):
        raise PermissionDenied(message)
    return db.user.name


def record(
    session: Session,
    actor: str,
    entity: str,
    entity_id: object,
    action: str,
    detail: str = "",
    changes: Iterable[Change] = (),
) -> AuditEvent:
    """Append one event to the chain in `session`'s transaction: it commits or rolls back with
    the change it describes."""
    head = _locked_head(session)
    now = dt.datetime.now(dt.UTC)
    event = AuditEvent(
        id=head.last_id + 1,
        at_utc=now.replace(tzinfo=None),
        at_local=now.astimezone().isoformat(timespec="seconds"),
        actor=actor,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        detail=detail,
        changes=tuple(changes),
        prev_hash=head.last_hash,
    )
    event = replace(event, hash=event_hash(event))
    session.add(
        AuditEventRow(
            id=event.id,
            at_utc=event.at_utc,
            at_local=event.at_local,
            actor=event.actor,
            entity=event.entity,
            entity_id=event.entity_id,
            action=event.action,
            detail=event.detail,
            changes=changes_to_json(event.changes),
            prev_hash=event.prev_hash,
            hash=event.hash,
        )
    )
    head.last_id, head.last_hash = event.id, event.hash
    session.flush()
    return event


def _locked_head(session: Session) -> AuditHeadRow:
    """The chain head, held by this transaction until it ends.

    PostgreSQL: a row lock (FOR UPDATE). SQLite has no row locks; its one write lock is taken
    before the head is read (a transaction that has already written holds it), else two savers
    would both read the same head.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return session.get_one(AuditHeadRow, _HEAD_ID, populate_existing=True)
    return session.get_one(AuditHeadRow, _HEAD_ID, with_for_update=True, populate_existing=True)


class AuditLog:
    """Reading the trail; writing goes through `record` inside each repository's transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def note(
        self,
        entity: str,
        entity_id: object,
        action: str,
        detail: str,
        changes: Iterable[Change] = (),
    ) -> AuditEvent:
        """An event of its own, for work done outside the database (a backup or holiday file)."""
        actor = self._db.user.name if self._db.user else ""
        with self._db.session() as session:
            return record(session, actor, entity, entity_id, action, detail, changes)

    def exported(self, entity: str, path: str | Path, what: str) -> AuditEvent:
        """A file written from the records (a catalog or register export), with where it went."""
        return self.note(entity, "", EXPORTED, f"{Path(path).resolve()}：{what}")

    def events(self, wanted: EventFilter | None = None) -> list[AuditEvent]:
        """Events matching the filter, oldest first (the newest `limit` of them with a limit)."""
        wanted = wanted or EventFilter()
        query = select(AuditEventRow)
        if wanted.entity:
            query = query.where(AuditEventRow.entity == wanted.entity)
        if wanted.entity_id:
            query = query.where(AuditEventRow.entity_id == wanted.entity_id)
        if wanted.actor:
            query = query.where(AuditEventRow.actor == wanted.actor)
        if wanted.since:
            # at_utc narrows it in SQL; the local day, which the clerk means, decides below.
            earliest = dt.datetime.combine(wanted.since, dt.time()) - dt.timedelta(days=1)
            query = query.where(AuditEventRow.at_utc >= earliest)
        query = query.order_by(AuditEventRow.id.desc())
        if wanted.limit:
            query = query.limit(wanted.limit)
        with self._db.session() as session:
            found = [_to_domain(row) for row in session.scalars(query)]
        if wanted.since:
            found = [e for e in found if e.at_local[:10] >= wanted.since.isoformat()]
        return found[::-1]

    def history(self, entity: str, entity_id: object) -> list[AuditEvent]:
        return self.events(EventFilter(entity=entity, entity_id=str(entity_id)))

    def verify(self) -> tuple[ChainBreak | None, int]:
        """The first break of the chain (None when intact) and the number of events checked."""
        with self._db.session() as session:
            head = session.get_one(AuditHeadRow, _HEAD_ID)
            return first_break(_all_events(session), head.last_id, head.last_hash)


def _all_events(session: Session) -> Iterator[AuditEvent]:
    last = 0
    while True:
        rows = list(
            session.scalars(
                select(AuditEventRow)
                .where(AuditEventRow.id > last)
                .order_by(AuditEventRow.id)
                .limit(_VERIFY_BATCH)
            )
        )
        if not rows:
            return
        yield from (_to_domain(row) for row in rows)
        last = rows[-1].id
        session.expunge_all()


def _to_domain(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        at_utc=row.at_utc,
        at_local=row.at_local,
        actor=row.actor,
        entity=row.entity,
        entity_id=row.entity_id,
        action=row.action,
        detail=row.detail,
        changes=changes_from_json(row.changes),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )
