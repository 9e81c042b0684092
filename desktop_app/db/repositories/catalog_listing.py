"""The catalog table's questions answered in SQL: row counts, windows of rows, the row of an entry.

Filtering, search and ordering happen in the database, so the window holds only the rows on
screen (a million entries used to mean 1.4 GB and a four-second freeze). Search uses the indexes made
for Chinese substrings: for three characters and more SQLite's FTS5 trigram table `catalog_fts`
(migration 0460) and PostgreSQL's pg_trgm index on the same expression `_PG_HAYSTACK` as here; for
one or two, the index of single characters and pairs (0470, domain/catalog_grams.py). Where an
index is missing (no FTS5, pg_trgm refused) search scans.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    Text,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.orm import Session

from desktop_app.db.engine import Database
from desktop_app.db.models import CatalogEntryRow
from desktop_app.db.repositories.catalog import CatalogRepository
from desktop_app.domain.catalog_grams import LONGEST, gram_query
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
_PG_HAYSTACK: ColumnElement[str] = literal_column(
    "(title || E'\\x01' || doc_number || E'\\x01' || keywords || E'\\x01' || index_no)"
)


# SQLite's plan for a search, chosen by how many entries the last count found (PostgreSQL's planner
# has statistics for this): many matches are found walking the order index until the window is
# full; few (a rare word) are gathered first and sorted — walking would read the whole index.
_FEW = 10_000
# Walking, the head of the order is tested entry by entry with LIKE (≈ 5 µs each) when at most
# this many are to be read for the window; else the index's matches are gathered first (≈ 0.5 µs
# per match: 60 ms for a word in 140,000 of a million entries) and the walk only looks them up.
_LIKE_WALK = 10_000
# The orders SQLite can walk off an index (ix_catalog_entry_order, _title, … 0495's, the 索引号's
# own) whose key is never NULL, so the probe's end can be compared with a tuple.
_WALKABLE = frozenset(
    {"generated_on", "title", "index_no", "doc_number", "disclosure_form", "genre", "validity"}
)
_FTS_MATCH = text("SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH :phrase")
_FTS_COUNT = text("SELECT count(*) FROM catalog_fts WHERE catalog_fts MATCH :phrase")
_GRAMS_MATCH = text("SELECT rowid FROM catalog_grams WHERE catalog_grams MATCH :phrase")
_GRAMS_COUNT = text("SELECT count(*) FROM catalog_grams WHERE catalog_grams MATCH :phrase")
# PostgreSQL: a gram in this share of the entries or more is found sooner by scanning with ILIKE (a
# few thousand rows for the first 2,000 matches) than through the index, whose bitmap of half the
# entries no longer fits in memory and makes the server compute the grams of every row again.
_PG_COMMON = 0.2
# … read again this often (seconds): autovacuum's ANALYZE follows the catalog as it grows.
_PG_STATS_AGE = 600.0
_PG_GRAM_STATS = text(
    "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
    "WHERE tablename = 'ix_catalog_entry_search_grams'"
)
# PostgreSQL: the searched text with only A–Z folded (the search's case rule), for LIKE.
_PG_ASCII_FOLDED: ColumnElement[str] = func.translate(
    _PG_HAYSTACK, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
)
# PostgreSQL: the same expression as 0470's GIN index, so the planner can use it.
_PG_GRAMS = "catalog_grams(title, doc_number, keywords, index_no)"


class CatalogListingRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._many: dict[str, bool] = {}  # search text → matched many entries when last counted
        self._share: dict[str, float] = {}  # search text → share of the entries it matched
        self._pg_shares: dict[str, float] | None = None  # PostgreSQL's commonest grams
        self._pg_read_at = 0.0  # when they were read (time.monotonic)

    def page(self, query: CatalogQuery, limit: int) -> ListingPage:
        """How many entries match, and the first `limit` of them, read together."""
        with self._db.session() as session:
            cap = SHORT_QUERY_ROWS if _count_capped(session, query) else None
            count = self._count(session, query, cap)
            if query.needle:
                if len(self._many) > 256:
                    self._many.clear()
                    self._share.clear()
                self._many[query.needle] = count > (cap or _FEW)
                entries = session.scalar(select(func.max(_E.id))) or 1  # about as many as ids
                self._share[query.needle] = count / entries
            rows = self._rows(session, query, 0, limit)
            if cap is not None and count > cap:
                return ListingPage(cap, rows, more=True)
            return ListingPage(count, rows)

    def _count(self, session: Session, query: CatalogQuery, cap: int | None) -> int:
        if _fts_alone(session, query):  # the search is the only filter: the FTS table counts it
            if len(query.needle) <= LONGEST:
                return session.scalar(_GRAMS_COUNT.bindparams(phrase=gram_query(query.needle))) or 0
            return session.scalar(_FTS_COUNT.bindparams(phrase=_phrase(query.needle))) or 0
        # counted gathering the matches (never walking the whole order index)
        matching = select(_E.id).where(*self._where(session, query, counting=True))
        if cap is not None:
            matching = matching.limit(cap + 1)
        return session.scalar(select(func.count()).select_from(matching.subquery())) or 0

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
        rows: Sequence[Row[Any]] = ()
        if (parts := self._parts(session, query)) is not None:
            rows = self._read_parts(session, query, parts, offset, limit)
        elif probe := self._probe(session, query, offset + limit):
            rows = session.connection().execute(_probed(session, query, probe, offset, limit)).all()
        if parts is None and len(rows) < limit:  # the head of the order held too few: the index
            where = self._where(session, query)
            if query.needle or query.sort_field == "node_path":
                statement = select(*_COLUMNS).where(*where).order_by(*self._order(session, query))
                rows = session.connection().execute(statement.offset(offset).limit(limit)).all()
            else:
                keys = (getattr(_E, query.sort_field), _E.index_no)
                rows = _seek(session, where, keys, query.descending, offset, limit)
        if not rows:
            return []
        paths = CatalogRepository._paths(session)  # noqa: SLF001 - the one place node paths are built
        path_of = paths.get
        return [CatalogListing._make((*row, path_of(row[-1], ""))) for row in rows]

    def _parts(self, session: Session, query: CatalogQuery) -> list[_Part] | None:
        """Orders no index gives whole, as consecutive parts that one does, or None. By 发布日期:
        the entries without one (they sort as the earliest), then the dated ones — PostgreSQL puts
        NULL last, and no index of both engines holds them first. By 主题分类: the entries of no
        node, then each node's in the order of the nodes' paths — unless a search matched few
        entries, which are gathered and sorted instead (reading each node's would repeat it)."""
        if query.sort_field == "published_on":
            dated = _E.published_on
            parts = [_Part(dated.is_(None), ()), _Part(dated.is_not(None), (dated,))]
        elif query.sort_field == "node_path" and self._many.get(query.needle, True):
            paths = CatalogRepository._paths(session)  # noqa: SLF001 - the one place node paths are built
            nodes = sorted(paths, key=lambda node: paths[node])
            parts = [_Part(_E.node_id == node, ()) for node in nodes]
            if query.node_ids is None:
                parts.insert(0, _Part(_E.node_id.is_(None), ()))
            else:  # the others are filtered out: not asked about
                parts = [p for p, node in zip(parts, nodes, strict=True) if node in query.node_ids]
        else:
            return None
        return parts[::-1] if query.descending else parts

    def _read_parts(
        self, session: Session, query: CatalogQuery, parts: list[_Part], offset: int, limit: int
    ) -> list[Row[Any]]:
        """Rows `offset` … of the parts in turn: each part read off its index, the parts before
        the window only counted."""
        rows: list[Row[Any]] = []
        walk = self._many.get(query.needle, True)  # many matches: each part walked, as any order
        where = self._where(session, query, walk)
        counted = self._where(session, query, counting=True)
        for part in parts:
            if len(rows) >= limit:
                break
            if offset:
                size = session.scalar(select(func.count()).where(*counted, part.condition)) or 0
                if size <= offset:
                    offset -= size
                    continue
            keys = (*part.keys, _E.index_no)
            with_part = [*where, part.condition]
            rows.extend(
                _seek(session, with_part, keys, query.descending, offset, limit - len(rows))
            )
            offset = 0
        return rows

    def _where(
        self,
        session: Session,
        query: CatalogQuery,
        walk: bool | None = None,
        counting: bool = False,
    ) -> list[ColumnElement[bool]]:
        where = _filters(query)
        if needle := query.needle:
            if counting:  # counted gathering the matches, never walking an order's index
                walk = False
            elif walk is None:  # walking an order's index, unless few match or no index gives it
                walk = self._many.get(needle, True) and query.sort_field != "node_path"
            where.append(self._search(session, needle, walk, counting))
        return where

    def _search(
        self, session: Session, needle: str, walk: bool, counting: bool = False
    ) -> ColumnElement[bool]:
        if session.get_bind().dialect.name == "postgresql":
            short = len(needle) <= LONGEST and _has_pg_grams(session)
            if walk or not short or self._pg_share(session, needle.lower()) >= _PG_COMMON:
                found = _PG_HAYSTACK.icontains(needle, autoescape=True)
            else:
                # the grams are lower-cased by the server, every letter
                found = _pg_grams_contain(func.lower(literal(needle, Text)))
                if not counting:
                    # For the rows, the planner may walk the order's index testing each row, and
                    # computing its grams costs ≈ 60 µs a row (80–110 ms for the first 200 of a
                    # 14 % word): the ILIKE (≈ 1 µs) beside it is tested first and the grams only
                    # for the rows it passes (14–34 ms at 10k–1M entries). A count reads the grams
                    # index, where the ILIKE only doubles the work.
                    found = found & _PG_HAYSTACK.icontains(needle, autoescape=True)
            if _cased(needle):  # both fold every letter: test the case of the others too
                found = found & _PG_ASCII_FOLDED.contains(needle, autoescape=True)
            return found
        if len(needle) >= SHORT_QUERY and _has_fts(session):  # trigrams: three characters
            matched = _FTS_MATCH.bindparams(phrase=_phrase(needle))
        elif len(needle) <= LONGEST and _has_grams(session):
            matched = _GRAMS_MATCH.bindparams(phrase=gram_query(needle))
        else:
            return _like(needle)
        # `id + 0` cannot look rows up by id, so SQLite walks the order index instead
        found = (_E.id + 0 if walk else _E.id).in_(matched.columns(rowid=Integer))
        if _cased(needle) and len(needle) >= SHORT_QUERY:  # trigrams fold every letter: LIKE not
            found = found & _like(needle)
        return found

    def _probe(self, session: Session, query: CatalogQuery, reach: int) -> int:
        """How many entries at the head of the order to test one by one for a window ending at
        `reach`: about three times what the search's share promises, when that is few (a common
        word, a window near the top); 0 to ask the index straight away. The matches may all lie
        further down (a year in a 文号), so the probe is bounded and a miss falls back."""
        share = self._share.get(query.needle, 0.0)
        if not (_sqlite(session) and query.sort_field in _WALKABLE and share > 0):
            return 0
        if query.node_ids is not None or query.disclosure_form or query.validity:
            return 0  # the head's end, counted through such a filter, may lie far down the order
        probe = int(3 * reach / share)
        return probe if probe <= _LIKE_WALK else 0

    def _pg_share(self, session: Session, gram: str) -> float:
        """The share of entries holding `gram`, by the statistics ANALYZE keeps of the grams index
        (its commonest hundreds; any other is rarer than they are)."""
        if self._pg_shares is None or time.monotonic() - self._pg_read_at > _PG_STATS_AGE:
            found = session.execute(_PG_GRAM_STATS).first()
            self._pg_shares = dict(zip(*found, strict=False)) if found and found[0] else {}
            self._pg_read_at = time.monotonic()
        return self._pg_shares.get(gram, 0.0)

    def _order(self, session: Session, query: CatalogQuery) -> tuple[Any, Any]:
        key = self._sort_key(session, query)
        if _scanned(session, query) and not self._many.get(query.needle, True):
            key = func.coalesce(key, key)  # the same value, but no index: scan once, then sort
        return (key.desc(), _E.index_no.desc()) if query.descending else (key, _E.index_no)

    def _sort_key(self, session: Session, query: CatalogQuery) -> Any:
        field = query.sort_field if query.sort_field in SORT_FIELDS else "generated_on"
        if field == "node_path":  # not a column: each node's rank among the sorted paths
            paths = CatalogRepository._paths(session)  # noqa: SLF001 - the one place node paths are built
            ranks = {
                node: rank for rank, node in enumerate(sorted(paths, key=lambda n: paths[n]), 1)
            }
            return case(ranks, value=_E.node_id, else_=0) if ranks else literal_column("0")
        column = getattr(_E, field)
        if field == "published_on":  # no date sorts first, as the earliest
            return func.coalesce(column, dt.date.min)
        return column


# PostgreSQL: a window further down than this is read from its first row's key (_seek).
_SEEK_FROM = 2_000


def _seek(
    session: Session,
    where: list[ColumnElement[bool]],
    keys: tuple[Any, ...],
    descending: bool,
    offset: int,
    limit: int,
) -> Sequence[Row[Any]]:
    """Rows `offset` … of those meeting `where` ordered by `keys` (never NULL, the last unique).
    PostgreSQL fetches every row an OFFSET skips from the table: deep down, the window's first
    key is found reading the keys alone, off the index, and the window read from it (row 500,000
    of a million: 2.5 → 0.3 s). SQLite skips them without reading the table; seeking as well
    only costs it a second pass (descending, twice the time)."""
    keys = tuple(dict.fromkeys(keys))  # by 索引号: once
    order = [key.desc() if descending else key for key in keys]
    statement = select(*_COLUMNS).where(*where).order_by(*order)
    if offset > _SEEK_FROM and not _sqlite(session):
        first = session.execute(
            select(*keys).where(*where).order_by(*order).offset(offset).limit(1)
        ).first()
        if first is None:
            return ()
        key, bound = (tuple_(*keys), tuple_(*first)) if len(keys) > 1 else (keys[0], first[0])
        statement, offset = statement.where(key <= bound if descending else key >= bound), 0
    return session.connection().execute(statement.offset(offset).limit(limit)).all()


class _Part(NamedTuple):
    """A stretch of the table's order: the entries meeting `condition`, by `keys` then 索引号."""

    condition: ColumnElement[bool]
    keys: tuple[Any, ...]


def _filters(query: CatalogQuery) -> list[ColumnElement[bool]]:
    """The query's conditions but the search."""
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
    return where


def _probed(
    session: Session, query: CatalogQuery, probe: int, offset: int, limit: int
) -> Select[Any]:
    """The window among the first `probe` entries of the order (the other filters applied), each
    tested with LIKE: the walk stops at the probe's last entry, found first by its key."""
    column = getattr(_E, query.sort_field)
    order = (column.desc(), _E.index_no.desc()) if query.descending else (column, _E.index_no)
    where = _filters(query)
    last = session.execute(
        select(column, _E.index_no).where(*where).order_by(*order).offset(probe - 1).limit(1)
    ).first()
    if last is not None:  # else the probe holds every entry the filters leave
        key = _E.index_no if query.sort_field == "index_no" else tuple_(column, _E.index_no)
        bound = last[1] if query.sort_field == "index_no" else tuple_(*last)
        where.append(key >= bound if query.descending else key <= bound)
    return (
        select(*_COLUMNS)
        .where(*where, _like(query.needle))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )


def _like(needle: str) -> ColumnElement[bool]:
    """The substring test without an index (LIKE folds ASCII letters, as both indexes do)."""
    return or_(*(getattr(_E, f).contains(needle, autoescape=True) for f in SEARCHED_FIELDS))


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


def _phrase(needle: str) -> str:
    """An FTS5 phrase: the substring, verbatim (its trigrams, in order)."""
    return '"' + needle.replace('"', '""') + '"'


def _fts_alone(session: Session, query: CatalogQuery) -> bool:
    unfiltered = replace(query, text="") == CatalogQuery(
        sort_field=query.sort_field, descending=query.descending
    )
    return (
        unfiltered
        and bool(query.needle)
        and session.get_bind().dialect.name == "sqlite"
        and not _scanned(session, query)
        and not (len(query.needle) >= SHORT_QUERY and _cased(query.needle))  # see _search
    )


def _cased(needle: str) -> bool:
    """Whether `needle` has a letter with case beyond A–Z (ｇ, Ｇ, é …), which the search matches
    as typed but the trigram index (and PostgreSQL's ILIKE and grams) fold."""
    return any(not char.isascii() and char.lower() != char.upper() for char in needle)


def _count_capped(session: Session, query: CatalogQuery) -> bool:
    """Whether the search's count stops at SHORT_QUERY_ROWS: on SQLite a short one its FTS table
    cannot count alone (filtered, or without the table); on PostgreSQL every one, as the server
    tests each row the index gives with ILIKE (≈ 7 µs: a second for a common word at 1M)."""
    if not query.needle:
        return False
    if not _sqlite(session):
        return True
    return len(query.needle) < SHORT_QUERY and not _fts_alone(session, query)


def _scanned(session: Session, query: CatalogQuery) -> bool:
    """A SQLite search no index can answer: every entry is read."""
    needle = query.needle
    if not needle or session.get_bind().dialect.name != "sqlite":
        return False
    return not (_has_grams(session) if len(needle) <= LONGEST else _has_fts(session))


def _has_fts(session: Session) -> bool:
    """The FTS table and the three triggers that keep it true (a table copy would drop them)."""
    found = session.scalar(
        text(
            "SELECT count(*) FROM sqlite_master WHERE name IN "
            "('catalog_fts', 'catalog_fts_ai', 'catalog_fts_ad', 'catalog_fts_au')"
        )
    )
    return bool(found == 4)


def _has_grams(session: Session) -> bool:
    """The short-query FTS table and its three triggers (0470)."""
    found = session.scalar(
        text(
            "SELECT count(*) FROM sqlite_master WHERE name IN "
            "('catalog_grams', 'catalog_grams_ai', 'catalog_grams_ad', 'catalog_grams_au')"
        )
    )
    return bool(found == 4)


def _has_pg_grams(session: Session) -> bool:
    found = session.execute(
        text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_catalog_entry_search_grams'")
    )
    return found.first() is not None


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _pg_grams_contain(gram: ColumnElement[str]) -> ColumnElement[bool]:
    # The PostgreSQL dialect's types are imported here, not with the module: importing them costs
    # every start of the program (the window, `report export`) ≈ 40 ms, and only this search uses them.
    from sqlalchemy.dialects.postgresql import ARRAY, array  # noqa: PLC0415

    grams: ColumnElement[Any] = literal_column(_PG_GRAMS, ARRAY(Text))
    return grams.contains(cast(array([gram]), ARRAY(Text)))
