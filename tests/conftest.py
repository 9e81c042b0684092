"""Shared fixtures: every test gets its own data folder and a fresh, migrated SQLite file."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.coverage_floor import pytest_runtestloop  # noqa: F401 - the coverage floors' hook

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

AGENCY_NAME = "青溪县应急管理局"
AGENCY_CODE = "11330727775738086F"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test may touch the real user data folder or a database named in the environment."""
    monkeypatch.setenv("DISCLOSURE_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DISCLOSURE_DESK_DB", raising=False)


@pytest.fixture(autouse=True)
def _no_unexpected_message_box(monkeypatch):
    """A message box nobody expected fails the test at once; offscreen it would wait forever.

    Tests that expect one replace the module's show_error (or the box's exec) themselves.
    """
    from PySide6.QtWidgets import QMessageBox

    def unexpected(_parent, title, text, *_args, **_kwargs):
        raise AssertionError(f"unexpected message box “{title}”: {text}")

    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(unexpected))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "desk.sqlite"


@pytest.fixture
def services(db_path, tmp_path):
    """Services on a new SQLite file, with an agency registered and the default tree seeded."""
    from desktop_app.app import open_services

    services = open_services(str(db_path), tmp_path / "data")
    services.agencies.create(AGENCY_NAME, AGENCY_CODE)
    services.classification.seed_default()
    yield services
    services.close()


@pytest.fixture
def agency(services):
    return services.agencies.current()


# -- PostgreSQL ------------------------------------------------------------------------------------
PG_ENV = "DISCLOSURE_DESK_TEST_PG_URL"


@pytest.fixture(scope="session")
def _pg_admin_url():
    """The server named by $DISCLOSURE_DESK_TEST_PG_URL, checked once per run (skip when absent)."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"未设置 {PG_ENV}：没有可用的 PostgreSQL 服务器（.ci/run 会启动一个并设置它）")
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "skip", with the reason
        pytest.skip(f"{PG_ENV} 指向的 PostgreSQL 服务器无法连接：{str(exc).splitlines()[0]}")
    finally:
        engine.dispose()
    return url


@contextmanager
def new_pg_database(admin_url: str) -> Iterator[str]:
    """URL of a new, empty database on the test server, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"dd_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            drop_database(connection, name)
        admin.dispose()


def drop_database(connection, name: str) -> None:
    """End this role's sessions left on the database, then drop it. Not `WITH (FORCE)`: that
    refuses to end an autovacuum worker (not our role's process), which a plain DROP stops itself."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    for _attempt in range(50):
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"
                " AND pid <> pg_backend_pid() AND usename = current_user"
            ),
            {"name": name},
        )
        try:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            return
        except OperationalError:  # "being accessed by other users": a session still ending
            time.sleep(0.1)
    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


@pytest.fixture
def pg_url(_pg_admin_url):
    """A database of its own for the test (tests stay isolated)."""
    with new_pg_database(_pg_admin_url) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_target(request, tmp_path) -> str:
    """A new, empty database of each backend, as `--db` takes it: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "any.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def any_db(any_db_target, tmp_path):
    """Services on a fresh database of each backend, with the agency registered and the tree seeded."""
    from desktop_app.app import open_services

    services = open_services(any_db_target, tmp_path / "data")
    services.agencies.create(AGENCY_NAME, AGENCY_CODE)
    services.classification.seed_default()
    yield services
    services.close()
