"""Bulk inserts of many rows into one table inside the caller's transaction, fast on both engines.

On SQLite the catalog's two search indexes are FTS5 tables fed by AFTER INSERT triggers, and FTS5
writes its pending terms out at the end of every statement: an executemany of 50,000 rows (one
statement per row) left 50,000 tiny index segments to merge, 4.3 s of a 4.8 s save. Since the
triggers' work row by row was then most of what remained, the import now drops those triggers
inside its transaction, inserts the rows with one executemany, fills each index with one
INSERT … SELECT over the new rows and creates the triggers again from their stored SQL. DDL is
transactional in SQLite: a rollback, or a process killed before the commit, leaves the triggers
and both indexes as they were; other connections cannot write meanwhile (the transaction holds
the write lock) and read the committed schema. Elsewhere the rows go straight to the table.

The connection's page cache is raised for the insert (SQLite's 2 MB default held too few of the
pages of the catalog's thirteen indexes: 50,000 rows took 0.72 s CPU, 0.60 s with 16 MB) and set
back by `finish()`; after a failed import the pooled connection keeps it until closed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause

from desktop_app.db.engine import begin_writing

_SEARCHED = "title, doc_number, keywords, index_no"
_CACHE_KIB = 16 * 1024
# FTS5 writes its pending terms out as a new segment at every 1 MB by default, merging segments
# again and again through a fill of many rows; 4 MB: 0.25 -> 0.17 s CPU for 50,000 rows' trigrams,
# 0.16 -> 0.14 s for their grams. Kept in the index's settings (it matters to long statements only).
_PENDING_BYTES = 4 * 2**20
# The AFTER INSERT triggers of migrations 0460 and 0470, each with its search index and the
# statement doing its work for every row of an id above the parameter at once. A trigger not named
# here stays and fires per row.
_SET_WISE = {
    "catalog_entry": {
        "catalog_fts_ai": (
            "catalog_fts",
            f"INSERT INTO catalog_fts(rowid, {_SEARCHED}) "
            f"SELECT id, {_SEARCHED} FROM catalog_entry WHERE id > ? ORDER BY id",
        ),
        "catalog_grams_ai": (
            "catalog_grams",
            "INSERT INTO catalog_grams(rowid, grams) "
            f"SELECT id, catalog_grams({_SEARCHED}) FROM catalog_entry WHERE id > ? ORDER BY id",
        ),
    }
}


class BulkInsert:
    """`add(rows)` any number of times, then `finish()`; a rollback of the transaction undoes all,
    the suspended triggers included."""

    def __init__(self, session: Session, table: FromClause, columns: Sequence[str]) -> None:
        if not isinstance(table, Table):  # a mapped class's __table__ is typed as the base class
            raise TypeError(f"not a table: {table}")
        self._connection = session.connection()
        self._table = table
        self._columns = list(columns)
        self._suspended: dict[str, str] = {}  # trigger name → its CREATE TRIGGER statement
        self._after = 0
        self._cache_size: int | None = None  # the connection's own, while raised
        if self._connection.dialect.name == "sqlite":
            self._prepare_sqlite()

    def _prepare_sqlite(self) -> None:
        begin_writing(self._connection)  # a trigger dropped before it would be dropped for good
        fills = _SET_WISE.get(self._table.name, {})
        stored = self._connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
            (self._table.name,),
        )
        self._suspended = {name: sql for name, sql in stored if name in fills}
        if self._suspended:
            self._after = self._connection.exec_driver_sql(
                f"SELECT coalesce(max(rowid), 0) FROM {self._table.name}"
            ).scalar_one()
        for name in self._suspended:
            self._connection.exec_driver_sql(f"DROP TRIGGER {name}")
        self._cache_size = self._connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
        self._connection.exec_driver_sql(f"PRAGMA cache_size = -{_CACHE_KIB}")
        # Rows go to the driver as tuples, converted by the columns' own types as SQLAlchemy
        # would (dates to text): its per-row parameter handling cost 2-3 × the executemany. The
        # dialect's own type converts (a generic Date has no converter of its own; sqlite3's
        # default date adapter, which would take over, is deprecated since Python 3.12).
        dialect = self._connection.dialect
        self._converters: list[tuple[int, Callable[[Any], Any]]] = [
            (i, convert)
            for i, name in enumerate(self._columns)
            if (convert := self._table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            is not None
        ]
        marks = ", ".join("?" * len(self._columns))
        self._insert = (
            f"INSERT INTO {self._table.name} ({', '.join(self._columns)}) VALUES ({marks})"
        )

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows (values in the order of the columns given) with one executemany."""
        if not rows:
            return
        if self._connection.dialect.name != "sqlite":
            self._connection.execute(
                insert(self._table), [dict(zip(self._columns, row, strict=True)) for row in rows]
            )
            return
        values = []
        for row in rows:
            value = list(row)
            for i, convert in self._converters:
                if value[i] is not None:
                    value[i] = convert(value[i])
            values.append(tuple(value))
        self._connection.exec_driver_sql(self._insert, values)

    def finish(self) -> None:
        """Fill the search indexes with the new rows; set back the triggers and page cache (SQLite)."""
        fills = _SET_WISE.get(self._table.name, {})
        for name, create in self._suspended.items():
            index, fill = fills[name]
            self._connection.exec_driver_sql(
                f"INSERT INTO {index}({index}, rank) VALUES ('hashsize', {_PENDING_BYTES})"
            )
            self._connection.exec_driver_sql(fill, (self._after,))
            self._connection.exec_driver_sql(create)
        self._suspended = {}
        if self._cache_size is not None:
            self._connection.exec_driver_sql(f"PRAGMA cache_size = {self._cache_size}")
            self._cache_size = None
