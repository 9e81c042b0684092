"""Bulk inserts of many rows into one table inside the caller's transaction, fast on both engines.

On SQLite the catalog's search index is an FTS5 table kept in step by a trigger, and FTS5 writes
its pending terms out at the end of every statement: an executemany of 50,000 rows (one statement
per row) left 50,000 tiny index segments to merge, 4.3 s of a 4.8 s save. So on SQLite the rows go
to a temporary table first and move with one INSERT … SELECT: one statement, one write of the
index (≈ 1 s for the same rows). Elsewhere the rows go straight to the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, MetaData, Table, insert, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause


class BulkInsert:
    """`add(rows)` any number of times, then `finish()`; a rollback of the transaction undoes all
    (on SQLite the temporary table's creation too, DDL being transactional there, once the
    transaction has begun: lock_numbering begins it)."""

    def __init__(self, session: Session, table: FromClause, columns: Sequence[str]) -> None:
        if not isinstance(table, Table):  # a mapped class's __table__ is typed as the base class
            raise TypeError(f"not a table: {table}")
        self._connection = session.connection()
        self._table = table
        self._columns = list(columns)
        self._staging: Table | None = None
        if self._connection.dialect.name == "sqlite":
            self._staging = self._create_staging()

    def _create_staging(self) -> Table:
        staging = Table(
            f"staging_{self._table.name}",
            MetaData(),
            *(Column(name, self._table.c[name].type) for name in self._columns),
            prefixes=["TEMPORARY"],
        )
        # Left over only if a transaction was not yet begun when it was made (pysqlite begins one
        # at the first write, not at DDL) and then rolled back: it is ours, on our connection.
        staging.drop(self._connection, checkfirst=True)
        staging.create(self._connection)
        # The staging rows go to the driver as tuples, converted by the columns' own types as
        # SQLAlchemy would (dates to text): its per-row parameter handling was a third of the save.
        dialect = self._connection.dialect
        self._converters: list[tuple[int, Callable[[Any], Any]]] = [
            (i, convert)
            for i, name in enumerate(self._columns)
            if (convert := staging.c[name].type.bind_processor(dialect)) is not None
        ]
        marks = ", ".join("?" * len(self._columns))
        self._staging_insert = (
            f"INSERT INTO {staging.name} ({', '.join(self._columns)}) VALUES ({marks})"
        )
        return staging

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows (values in the order of the columns given) with one executemany."""
        if not rows:
            return
        if self._staging is None:
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
        self._connection.exec_driver_sql(self._staging_insert, values)

    def finish(self) -> None:
        """Move the staged rows into the table (SQLite); nothing to do elsewhere."""
        if self._staging is None:
            return
        columns = [self._staging.c[name] for name in self._columns]
        in_order = select(*columns).order_by(literal_column("rowid"))  # ids follow the file
        self._connection.execute(insert(self._table).from_select(self._columns, in_order))
        self._staging.drop(self._connection)
        self._staging = None
