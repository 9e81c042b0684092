"""ORM models of users and the audit trail; imported at the end of models.py so they share its metadata."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String, Text, false, func
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.models import Base


class UserRow(Base):
    """A person using the program ("user" is a reserved word in PostgreSQL, hence the name)."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    roles: Mapped[str] = mapped_column(String(40))  # "经办人,审核人", in the official order
    password_hash: Mapped[str | None] = mapped_column(Text)  # None: never asked to sign in
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class AuditEventRow(Base):
    """One event of the append-only trail; database triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # the chain position
    at_utc: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    at_local: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="[]")  # [[field, old, new], …]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The chain's one head row: appending locks it, so two writers never fork the chain, and it
    names the last event, so removing events from the end shows too."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class AccessSettingRow(Base):
    """The database-wide access policy, one row: whether every user must sign in with a password."""

    __tablename__ = "access_setting"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    require_sign_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Conflict-safe saves (db/versioning.py): every UPDATE names the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    modified_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    __mapper_args__ = {"version_id_col": version}
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
