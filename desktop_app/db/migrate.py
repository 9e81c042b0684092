"""Bring a database to the current schema at start-up, copying it before any change.

The whole migration is one transaction (on SQLite its CREATEs and DROPs too: a failure or a kill
leaves the old schema), run by one process at a time: the others wait and find it done.

Alembic is imported only when a migration is due: a database already at SCHEMA_HEAD is recognised by
one query, which keeps a third of a second off every start.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from desktop_app.db.engine import Database, begin_writing, sqlite_path
from desktop_app.errors import DatabaseTooNewError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# The newest revision in migrations/versions; tests/test_migrations.py checks it against Alembic's head.
SCHEMA_HEAD = "0500_catalog_date_index"

# PostgreSQL advisory lock held by the one process migrating a database ("DDMI").
MIGRATION_LOCK = 0x44444D49

# Made by raw SQL in 0460 and 0470 (FTS5 tables and their shadow tables, pg_trgm and grams
# indexes), not by the models.
_OUTSIDE_MODELS = (
    "catalog_fts",
    "catalog_grams",
    "ix_catalog_entry_search_trgm",
    "ix_catalog_entry_search_grams",
)


def include_object(
    _object: object, name: str | None, _type: str, reflected: bool, compare_to: object
) -> bool:
    """For autogenerate: leave the search index objects alone (they are in no model)."""
    return not (reflected and compare_to is None and (name or "").startswith(_OUTSIDE_MODELS))


def _config() -> Config:
    from alembic.config import Config  # noqa: PLC0415 - only when a migration is due

    config = Config()
    config.set_main_option("script_location", str(resources.files("desktop_app.db") / "migrations"))
    return config


def head_revision() -> str:
    """Alembic's own idea of the head (SCHEMA_HEAD is what start-up compares with)."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def move_to(connection: Connection, revision: str) -> None:
    """Up or down to `revision` inside the caller's transaction (a restore of an older backup
    takes an empty database down to the backup's schema, fills it and brings it up again)."""
    from alembic import command  # noqa: PLC0415

    config = _config()
    config.attributes["connection"] = connection
    current = _revision(connection)
    if revision == "head" or current is None:
        command.upgrade(config, revision)
    elif current != revision:
        command.downgrade(config, revision)


def is_known_revision(revision: str) -> bool:
    """A schema this program has (the head or an earlier one it can upgrade)."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    return revision in {
        rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()
    }


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return _revision(connection)


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    version: str | None = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return version


def _one_at_a_time(connection: Connection) -> None:
    """Begin the migration's transaction holding a lock only one process gets: the workstations
    of an office started after an update wait here for the first (PostgreSQL: an advisory lock;
    SQLite: its write lock, which also makes the migration's DDL part of the transaction)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    else:
        begin_writing(connection)


def upgrade(db: Database, copy_server: Callable[[str], Path] | None = None) -> Path | None:
    """Migrate to head. Returns the copy made first: of a SQLite file beside it, of a server
    database by `copy_server(revision)` (the services' logical backup)."""
    current = current_revision(db)
    if current == SCHEMA_HEAD:
        return None
    from alembic import command  # noqa: PLC0415
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    config = _config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    if current == head:
        return None
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseTooNewError(
            f"该数据库由更新版本的程序创建（版本 {current}），请升级本程序后再打开；数据库未做任何修改"
        )
    backup = None
    if current is not None and db.is_sqlite:
        backup = _backup_sqlite(db, current)
    elif current is not None and copy_server is not None:
        backup = copy_server(current)
    with db.engine.begin() as connection:
        _one_at_a_time(connection)
        if _revision(connection) == head:
            log.info("database migrated to %s by another process meanwhile", head)
            return backup
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("database migrated from %s to %s", current, head)
    return backup


def _backup_sqlite(db: Database, revision: str) -> Path | None:
    path = sqlite_path(db.url)
    if path is None or not path.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-{revision}-{stamp}{path.suffix}")
    # The backup API gives a consistent copy even with a WAL file beside the database.
    with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    log.info("copied %s to %s before migrating", path, target)
    return target
