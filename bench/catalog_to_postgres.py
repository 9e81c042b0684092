"""Benchmark data on PostgreSQL: a catalog made by make_catalog.py / grow_catalog.py copied to a server.

Usage: .venv/bin/python bench/catalog_to_postgres.py CATALOG.sqlite postgresql+psycopg://…/NEWDB
The database NEWDB is created (it must not exist; the role needs CREATEDB), brought to the current
schema by the program itself, and the agency, tree and entries are copied in with COPY; the
search indexes are filled as any insert fills them. Drop it afterwards (`DROP DATABASE NEWDB`).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desktop_app.app import open_services

TABLES = ("agency", "class_node", "catalog_entry")


def create_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def copy(source: str, url: str) -> float:
    started = time.perf_counter()
    create_database(url)
    open_services(url, tempfile.mkdtemp()).close()  # the schema, by the program's own migrations
    engine = create_engine(url)
    with sqlite3.connect(source) as lite, engine.begin() as connection:
        connection.execute(text("DELETE FROM class_node"))  # seeded nothing yet, but be sure
        cursor = connection.connection.driver_connection.cursor()
        for table in TABLES:
            columns = [row[1] for row in lite.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as stream:
                for row in lite.execute(f"SELECT {names} FROM {table} ORDER BY id"):
                    stream.write_row(row)
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
                )
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return time.perf_counter() - started


if __name__ == "__main__":
    print(
        f"已复制到 {make_url(sys.argv[2]).database}，用时 {copy(sys.argv[1], sys.argv[2]):.1f} 秒"
    )
