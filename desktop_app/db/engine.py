"""Engine creation (SQLite file or any SQLAlchemy URL) and the one way to open a transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.db.errors import explain
from desktop_app.domain.catalog_grams import grams
from desktop_app.domain.users import User
from desktop_app.errors import UserError


def to_url(db: str | Path) -> str:
    """A `--db` value is a SQLAlchemy URL (has ``://``) or a path to a SQLite file."""
    text = str(db)
    if "://" in text:
        try:
            make_url(text).get_dialect()
        except NoSuchModuleError as exc:  # a subclass of ArgumentError, so caught first
            raise UserError(
                f"不支持的数据库类型：{text}。请使用文件路径，或 postgresql+psycopg://…"
            ) from exc
        except (ArgumentError, ValueError) as exc:  # ValueError: e.g. a port that is not a number
            raise UserError(f"数据库地址格式不正确：{text}") from exc
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    if parsed.query.get("uri") == "true":  # sqlite:///file:PATH?mode=ro&uri=true names PATH
        return Path(unquote(urlsplit(parsed.database).path))
    return Path(parsed.database)


# How long a SQLite statement waits for another writer before failing with "database is locked".
BUSY_TIMEOUT_MS = 5000


def create_db_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"无法建立数据库所在的文件夹 {path.parent}：{exc.strerror}，请换一个位置"
            ) from exc
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        # psycopg prepares a statement run five times on a connection, and PostgreSQL then plans
        # it once for any value: a catalog search planned for "any word" tested every entry's
        # grams (≈ 90 ms a keystroke at 10,000 entries, 5 ms planned for the word typed)
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"options": "-c plan_cache_mode=force_custom_plan"},
        )
    except ImportError as exc:  # e.g. postgresql:// asks for psycopg2, which is not shipped
        raise UserError(
            f"缺少该数据库的驱动（{exc.name}），PostgreSQL 请写 postgresql+psycopg://…"
        ) from exc


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()
    # The triggers of the short-query search index call it (migration 0470).
    dbapi_connection.create_function("catalog_grams", 4, grams, deterministic=True)


def begin_writing(connection: Connection) -> None:
    """Begin the transaction now, holding SQLite's write lock: pysqlite begins one only at the
    first INSERT/UPDATE/DELETE, so a CREATE or DROP before it would be committed on its own."""
    raw = connection.connection.dbapi_connection
    if isinstance(raw, sqlite3.Connection) and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """One engine per process; every unit of work is a short session in its own transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        # Who acts in this process: role checks and audit events name them (set once signed in).
        self.user: User | None = None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # The session of an open `transaction()` in this thread, joined by every session() inside it.
        self._joined: ContextVar[Session | None] = ContextVar(f"joined-{id(self)}", default=None)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def location(self) -> str:
        """Where the data is, for people: the SQLite file, or the server URL without password."""
        path = sqlite_path(self.url)
        return str(path) if path else make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Commit on success, roll back on any error; driver errors the user can act on become UserError.

        Inside `transaction()` this is the transaction's session, committed when that ends.
        """
        joined = self._joined.get()
        if joined is not None:
            yield joined
            return
        session = self._sessions()
        try:
            yield session
            session.commit()
        except Exception as exc:
            session.rollback()
            user_error = explain(exc)
            if user_error is not None:
                raise user_error from exc
            raise
        finally:
            session.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run several repository calls as one transaction: all of them are written or none."""
        if self._joined.get() is not None:
            yield
            return
        with self.session() as session:
            token = self._joined.set(session)
            try:
                yield
            finally:
                self._joined.reset(token)

    def another_writer(self) -> bool:
        """Whether another connection holds SQLite's write lock right now (an import's one long
        transaction, a restore, a CLI in another window): asked without waiting for it.

        PostgreSQL locks rows, not the database, so a save there never waits for an import.
        """
        if not self.is_sqlite:
            return False
        with self.engine.connect() as connection:
            dbapi = connection.connection.dbapi_connection
            assert dbapi is not None  # an open connection has its driver connection
            cursor = dbapi.cursor()
            cursor.execute("PRAGMA busy_timeout=0")
            try:
                cursor.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                    return True
                raise
            else:
                cursor.execute("ROLLBACK")
            finally:
                cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                cursor.close()
        return False

    def dispose(self) -> None:
        self.engine.dispose()
