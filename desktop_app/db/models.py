"""ORM models. Only repositories touch these; everything else sees domain dataclasses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Same constraint names on SQLite and PostgreSQL, so batch migrations can find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(18), unique=True)
    index_pattern: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class ClassNodeRow(Base):
    __tablename__ = "class_node"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("class_node.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)


class IndexSerial(Base):
    """Last serial handed out per agency and year: serials are never reused."""

    __tablename__ = "index_serial"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)


class CatalogEntryRow(Base):
    __tablename__ = "catalog_entry"
    # The table's default order (newest first) read off an index, which also serves every filter
    # on 生成日期 (0500 dropped the index on the date alone); valid entries per node counted from
    # one (the tree). Search has its own index, outside the models (0460_catalog_search).
    __table_args__ = (
        Index("ix_catalog_entry_order", "generated_on", "index_no"),
        Index("ix_catalog_entry_title", "title", "index_no"),  # sorting by 信息名称
        # every other sortable column too, in the table's order (the column, then 索引号); the
        # node's also finds a node's entries
        Index("ix_catalog_entry_doc_number", "doc_number", "index_no"),
        Index("ix_catalog_entry_published", "published_on", "index_no"),
        Index("ix_catalog_entry_form", "disclosure_form", "index_no"),
        Index("ix_catalog_entry_node", "node_id", "index_no"),
        Index("ix_catalog_entry_genre_order", "genre", "index_no"),
        Index("ix_catalog_entry_validity", "validity", "index_no"),
        Index("ix_catalog_entry_valid_node", "validity", "node_id"),
        # table 二 counts two 体裁 from this alone (CatalogRepository.genre_counts)
        Index("ix_catalog_entry_genre", "genre", "generated_on", "validity", "validity_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    index_no: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    doc_number: Mapped[str] = mapped_column(String(60), default="")
    publisher: Mapped[str] = mapped_column(String(100), default="")
    generated_on: Mapped[dt.date] = mapped_column(Date)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    disclosure_form: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(10))
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(40))
    node_id: Mapped[int | None] = mapped_column(ForeignKey("class_node.id"))
    genre: Mapped[str] = mapped_column(String(40), default="")
    keywords: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    validity: Mapped[str] = mapped_column(String(4), default="有效")
    validity_date: Mapped[dt.date | None] = mapped_column(Date)
    # Conflict-safe saves (db/versioning.py): every UPDATE names the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    modified_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    __mapper_args__ = {"version_id_col": version}
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )

    attachments: Mapped[list[AttachmentRow]] = relationship(
        order_by="AttachmentRow.id", cascade="all, delete-orphan"
    )


class AttachmentRow(Base):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("catalog_entry.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(255), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)


class AttachmentContentRow(Base):
    """The bytes of an attachment, kept in the database when it is a shared server, so that every
    workstation can open what another one attached (a SQLite file keeps them in a folder beside it)."""

    __tablename__ = "attachment_content"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachment.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


# The request register and the reports live in their own modules; importing them registers their tables.
from desktop_app.db import (  # noqa: E402, F401
    models_audit,
    models_letters,
    models_reports,
    models_requests,
)
