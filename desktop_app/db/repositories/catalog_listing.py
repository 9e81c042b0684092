"""The catalog table's questions answered in SQL: row counts, windows of rows, the row of an entry.

Filtering, search and ordering happen in the database, so the window holds only the rows on
screen (a million entries used to mean 1.4 GB and a four-second freeze). Search uses the index made
for Chinese substrings where the query is long enough for it: SQLite's FTS5 trigram table
`catalog_fts` (migration 0460) for three characters and more, PostgreSQL's pg_trgm index on the
same expression `_PG_HAYSTACK` as here; shorter queries, or a server without pg_trgm, scan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from desktop_app.db.engine import Database
from desktop_app.db.models import CatalogEntryRow
from desktop_app.db.repositories.catalog import CatalogRepository
from desktop_app.domain.catalog_listing import (
    SEARCHED_FIELDS,
    SHORT_QUERY,
    SHORT_QUERY_ROWS,
    SORT_FIELDS,
    CatalogListing,
    CatalogQuery,
    CatalogSummary,
    ListingPage,
)

_E = CatalogEntryRow
_COLUMNS = tuple(getattr(_E, name) for name in CatalogListing._fields[:-1])
# \x01 between the fields, so a query never matches across two of them (0460 indexes this text).
_PG_HAYSTACK = literal_column(
    "(title || E'\\x01' || doc_number || E'\\x01' || keywords || E'\\x01' || index_no)"
)


class CatalogListingRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def page(self, query: CatalogQuery, limit: int) -> ListingPage:
        """How many entries match, and the first `limit` of them, read together."""
        with self._db.session() as session:
            matching = select(_E.id).where(*self._where(session, query))
            cap = SHORT_QUERY_ROWS if 0 < len(query.needle) < SHORT_QUERY else None
            if cap is not None:
                matching = matching.limit(cap + 1)
            count = session.scalar(select(func.count()).select_from(matching.subquery())) or 0
            rows = self._rows(session, query, 0, limit)
            if cap is not None and count > cap:
                return ListingPage(cap, rows, more=True)
            return ListingPage(count, rows)

    def window(self, query: CatalogQuery, offset: int, limit: int) -> list[CatalogListing]:
        with self._db.session() as session:
            return self._rows(session, query, offset, limit)

    def ids(self, query: CatalogQuery) -> list[int]:
        """The ids of every row of the query's table, in its order (an export reads these)."""
        with self._db.session() as session:
            statement = select(_E.id).where(*self._where(session, query))
            return list(session.scalars(statement.order_by(*self._order(session, query))))

    def position(self, query: CatalogQuery, entry_id: int) -> int | None:
        """The row of an entry in the table the query shows, or None when it is filtered out."""
        with self._db.session() as session:
            where = self._where(session, query)
            key = self._sort_key(session, query)
            found = session.execute(
                select(key, _E.index_no).where(_E.id == entry_id, *where)
            ).first()
            if found is None:
                return None
            value, index_no = found
            before = (key > value) | ((key == value) & (_E.index_no > index_no))
            if not query.descending:
                before = (key < value) | ((key == value) & (_E.index_no < index_no))
            return session.scalar(select(func.count()).select_from(_E).where(before, *where)) or 0

    def summary(self) -> CatalogSummary:
        """Entries in all, valid ones, and the years they were made in (newest first)."""
        with self._db.session() as session:
            total = session.scalar(select(func.count()).select_from(_E)) or 0
            valid = session.scalar(select(func.count()).where(_E.validity == "有效")) or 0
            return CatalogSummary(total, valid, _years(session))

    def search_indexed(self) -> bool:
        """Whether search can use its substring index here (0460 may have had to leave it out)."""
        with self._db.session() as session:
            if session.get_bind().dialect.name == "postgresql":
                found = session.execute(
                    text(
                        "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_catalog_entry_search_trgm'"
                    )
                )
                return found.first() is not None
            return _has_fts(session)

    # -- building the query ------------------------------------------------------------------
    def _rows(
        self, session: Session, query: CatalogQuery, offset: int, limit: int
    ) -> list[CatalogListing]:
        statement = (
            select(*_COLUMNS)
            .where(*self._where(session, query))
            .order_by(*self._order(session, query))
            .offset(offset)
            .limit(limit)
        )
        rows = session.connection().execute(statement).all()
        if not rows:
            return []
        path_of = CatalogRepository._paths(session).get
        return [CatalogListing(*row, path_of(row[-1], "")) for row in rows]

    def _where(self, session: Session, query: CatalogQuery) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if query.year is not None:
            start, end = dt.date(query.year, 1, 1), dt.date(query.year, 12, 31)
            where.append(_E.generated_on.between(start, end))
        if query.node_ids is not None:
            where.append(_E.node_id.in_(sorted(query.node_ids)))
        if query.disclosure_form:
            where.append(_E.disclosure_form == query.disclosure_form)
        if query.validity:
            where.append(_E.validity == query.validity)
        if needle := query.needle:
            where.append(self._search(session, needle))
        return where

    def _search(self, session: Session, needle: str) -> ColumnElement[bool]:
        if session.get_bind().dialect.name == "postgresql":
            return _PG_HAYSTACK.icontains(needle, autoescape=True)
        if len(needle) >= SHORT_QUERY and _has_fts(session):  # trigrams: three characters
            phrase = '"' + needle.replace('"', '""') + '"'  # a phrase: the substring, verbatim
            matching = text("SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH :phrase")
            return _E.id.in_(matching.bindparams(phrase=phrase).columns(rowid=Integer))
        return or_(*(getattr(_E, f).contains(needle, autoescape=True) for f in SEARCHED_FIELDS))

    def _order(self, session: Session, query: CatalogQuery) -> tuple[Any, Any]:
        key = self._sort_key(session, query)
        return (key.desc(), _E.index_no.desc()) if query.descending else (key, _E.index_no)

    def _sort_key(self, session: Session, query: CatalogQuery) -> Any:
        field = query.sort_field if query.sort_field in SORT_FIELDS else "generated_on"
        if field == "node_path":  # not a column: each node's rank among the sorted paths
            paths = CatalogRepository._paths(session)
            ranks = {node: rank for rank, node in enumerate(sorted(paths, key=paths.get), 1)}
            return case(ranks, value=_E.node_id, else_=0) if ranks else literal_column("0")
        column = getattr(_E, field)
        if field == "published_on":  # no date sorts first, as the earliest
            return func.coalesce(column, dt.date.min)
        return column


def _years(session: Session) -> list[int]:
    """Years with entries, one index probe each (not a scan of every entry's date)."""
    years: list[int] = []
    before: dt.date | None = None
    while True:
        latest = select(func.max(_E.generated_on))
        if before is not None:
            latest = latest.where(_E.generated_on < before)
        newest = session.scalar(latest)
        if newest is None:
            return years
        years.append(newest.year)
        before = dt.date(newest.year, 1, 1)


def _has_fts(session: Session) -> bool:
    """The FTS table and the three triggers that keep it true (a table copy would drop them)."""
    found = session.scalar(
        text(
            "SELECT count(*) FROM sqlite_master WHERE name IN "
            "('catalog_fts', 'catalog_fts_ai', 'catalog_fts_ad', 'catalog_fts_au')"
        )
    )
    return found == 4
