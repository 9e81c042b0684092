"""ORM models of annual reports; imported at the end of models.py so they share its metadata."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.db.models import Base


class ReportRow(Base):
    """One revision of an agency's report for a year; reopening a signed one adds a revision."""

    __tablename__ = "annual_report"
    __table_args__ = (UniqueConstraint("agency_id", "year", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    format: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    # Lead paragraphs, the section tree and the catalog header as JSON text: they are only ever
    # read and written whole, and the same text feeds the content hash.
    body_json: Mapped[str] = mapped_column(Text)
    closing_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8))
    signer: Mapped[str | None] = mapped_column(String(50))
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    sign_reason: Mapped[str] = mapped_column(Text, default="")
    # The HMAC seal (domain/report_seal.py), its key's id and the part digests as JSON; NULL on
    # revisions signed before seals existed.
    seal: Mapped[str | None] = mapped_column(String(64))
    seal_key_id: Mapped[str | None] = mapped_column(String(16))
    seal_parts: Mapped[str | None] = mapped_column(Text)
    catalog_entry_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_entry.id"))
    # Conflict-safe saves (db/versioning.py): every UPDATE names the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    modified_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    __mapper_args__ = {"version_id_col": version}
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    cells: Mapped[list[ReportCellRow]] = relationship(cascade="all, delete-orphan")
    pdfs: Mapped[list[ReportPdfRow]] = relationship(
        cascade="all, delete-orphan", order_by="ReportPdfRow.id"
    )


class ReportCellRow(Base):
    """A table cell addressed by the official labels, with where its value came from."""

    __tablename__ = "report_cell"

    report_id: Mapped[int] = mapped_column(ForeignKey("annual_report.id"), primary_key=True)
    table_key: Mapped[str] = mapped_column(String(2), primary_key=True)
    row_label: Mapped[str] = mapped_column(String(80), primary_key=True)
    col_label: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str | None] = mapped_column(String(40))  # decimal text: exact on every backend
    source: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")


class ReportPdfRow(Base):
    """Every PDF exported from a report: which copy, where, and its SHA-256."""

    __tablename__ = "report_pdf"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("annual_report.id"), index=True)
    copy: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    # Exported while the revision was a draft (carries the 草稿 mark; never listed once signed).
    draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Recorded just before the file is renamed onto its name; cleared after (see record_pdf).
    pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    exported_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
