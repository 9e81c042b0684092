"""ORM models of the request register; imported at the end of models.py so they share its metadata."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.db.models import Base


class RequestSerial(Base):
    """Last request serial handed out per agency and year: 编号 are never reused."""

    __tablename__ = "request_serial"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class RequestRow(Base):
    __tablename__ = "disclosure_request"
    # Table 三 reads only these (RequestRepository.stat_groups): SQLite counts a year from this
    # index alone, in its order, with no sort (0.9 → 0.3 s at 200,000 requests on a busy machine).
    __table_args__ = (
        Index(
            "ix_disclosure_request_stats", "applicant_type", "outcome", "received_on", "answered_on"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(10))
    applicant_type: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    answered_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    outcome: Mapped[str] = mapped_column(String(60), default="")
    fee: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal(0))
    remarks: Mapped[str] = mapped_column(Text, default="")
    # Conflict-safe saves (db/versioning.py): every UPDATE names the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    modified_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    __mapper_args__ = {"version_id_col": version}
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    # Same-day events keep their saved order (id): without it PostgreSQL returns ties in heap order.
    events: Mapped[list[RequestEventRow]] = relationship(
        order_by=lambda: (RequestEventRow.on_date, RequestEventRow.id),
        cascade="all, delete-orphan",
    )


class RequestEventRow(Base):
    """A clock event (补正, consultation, extension); due dates are derived from these rows."""

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_request.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[dt.date] = mapped_column(Date)


class ApplicantRow(Base):
    """Personal data in its own table: report and web-export queries never join it."""

    __tablename__ = "request_applicant"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_request.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(100), default="")
    id_number: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(100), default="")


class AppealRow(Base):
    __tablename__ = "request_appeal"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("disclosure_request.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    filed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    result: Mapped[str] = mapped_column(String(10))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    remarks: Mapped[str] = mapped_column(Text, default="")
    # Conflict-safe saves (db/versioning.py): every UPDATE names the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    modified_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    __mapper_args__ = {"version_id_col": version}
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
