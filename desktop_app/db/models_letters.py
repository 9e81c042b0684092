"""ORM models of the letters to applicants; imported at the end of models.py so they share its metadata.

A letter row is written once: there is no update path for its text, data or PDF, and the hashes kept
beside them are recomputed on every read so a row changed behind the program's back is detected.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.db.models import Base


class LetterSettingRow(Base):
    """The office's letter settings, kept in the database so every workstation numbers alike."""

    __tablename__ = "letter_setting"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    number_pattern: Mapped[str] = mapped_column(String(100))
    review_body: Mapped[str] = mapped_column(String(100), default="")
    # Whether a 收费通知's payment period is left out of the answer period (default: it is not).
    payment_stops_clock: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # Conflict-safe saves (db/versioning.py): every UPDATE names the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    modified_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    __mapper_args__ = {"version_id_col": version}
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class LetterSerial(Base):
    """Last letter serial handed out per agency and year: 文号 are never reused."""

    __tablename__ = "letter_serial"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class LetterTemplateRow(Base):
    """An office's text of one letter kind; a change is a new version, issued letters keep theirs."""

    __tablename__ = "letter_template"
    __table_args__ = (UniqueConstraint("agency_id", "key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    key: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class LetterRow(Base):
    __tablename__ = "letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("disclosure_request.id"), index=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    form: Mapped[str] = mapped_column(String(30), default="")
    issued_on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(100))
    addressee: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[str] = mapped_column(
        Text
    )  # canonical JSON of the facts and edits it was made from
    template_version: Mapped[int] = mapped_column(Integer, default=0)
    content_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("letter.id"))
    delivery_method: Mapped[str] = mapped_column(String(20), default="")
    delivered_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class RequestFeeRow(Base):
    """How a request's 信息处理费 ended: paid on a date, or waived (减免) with the reason."""

    __tablename__ = "request_fee"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure_request.id", ondelete="CASCADE"), primary_key=True
    )
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    waived_reason: Mapped[str] = mapped_column(Text, default="")
    waived_on: Mapped[dt.date | None] = mapped_column(Date)
