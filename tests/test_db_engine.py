"""Engine, transactions and database errors: pragmas, commit/rollback, and messages the user can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from desktop_app.app import attachments_dir, database_url, open_services
from desktop_app.db.engine import Database, sqlite_path, to_url
from desktop_app.db.errors import explain
from desktop_app.db.models import Agency as AgencyRow
from desktop_app.errors import UserError, ValidationError
from desktop_app.paths import AppPaths
from tests.conftest import AGENCY_CODE, AGENCY_NAME


def test_to_url_takes_paths_and_urls(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert to_url("desk.sqlite") == f"sqlite:///{tmp_path / 'desk.sqlite'}"
    assert to_url(Path("~/x.sqlite")) == f"sqlite:///{Path.home() / 'x.sqlite'}"
    url = "postgresql+psycopg://desk:secret@db.example:5432/desk"
    assert to_url(url) == url
    with pytest.raises(UserError, match="格式不正确"):
        to_url("postgresql+psycopg://desk:secret@db.example:notaport/desk")
    with pytest.raises(UserError, match="不支持的数据库类型"):
        to_url("oracle+nosuchdriver://host/db")


def test_sqlite_path():
    assert sqlite_path("sqlite:////tmp/a.sqlite") == Path("/tmp/a.sqlite")
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("postgresql+psycopg://h/db") is None


def test_database_url_order_and_attachment_folder(tmp_path, monkeypatch):
    paths = AppPaths.resolve(tmp_path / "data")
    assert database_url(None, paths) == f"sqlite:///{paths.default_db}"
    monkeypatch.setenv("DISCLOSURE_DESK_DB", str(tmp_path / "env.sqlite"))
    assert database_url(None, paths).endswith("env.sqlite")
    assert database_url(str(tmp_path / "arg.sqlite"), paths).endswith("arg.sqlite")
    assert (
        attachments_dir(f"sqlite:///{tmp_path / 'desk.sqlite'}", paths)
        == tmp_path / "desk-attachments"
    )
    assert attachments_dir("postgresql+psycopg://h/db", paths) == paths.data_dir / "attachments"


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    db = Database(to_url(tmp_path / "sub" / "desk.sqlite"))  # missing folders are created
    try:
        assert db.is_sqlite
        with db.engine.connect() as connection:
            pragma = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }
        assert pragma == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": 1,
            "busy_timeout": 5000,
        }
    finally:
        db.dispose()


@pytest.mark.postgres
def test_postgresql_plans_each_statement_for_its_values(pg_url):
    """A statement run five times is prepared by psycopg, and PostgreSQL may then keep one plan for
    any value: a catalog search planned for "any word" read every entry's grams."""
    db = Database(pg_url)
    try:
        with db.engine.connect() as connection:
            mode = connection.execute(text("SHOW plan_cache_mode")).scalar()
    finally:
        db.engine.dispose()
    assert mode == "force_custom_plan"


def test_unusable_folder_and_missing_driver(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(UserError, match="无法建立数据库所在的文件夹"):
        Database(to_url(blocker / "desk.sqlite"))
    with pytest.raises(UserError, match="缺少该数据库的驱动"):
        Database("mysql+mysqldb://u@127.0.0.1/x")


def fail_half_way(db: Database) -> None:
    with db.session() as session:
        session.add(AgencyRow(name="甲", code="77573808-6", index_pattern="{year}{serial}"))
        session.flush()  # written, but not committed
        raise UserError("中途出错")


def insert_duplicates(db: Database) -> None:
    with db.session() as session:
        session.add(AgencyRow(name="丙", code="D2143569-X", index_pattern="x"))
        session.add(AgencyRow(name="丁", code="D2143569-X", index_pattern="x"))


def write_to(db: Database) -> None:
    with db.session() as session:
        session.add(AgencyRow(name="甲", code="77573808-6", index_pattern="{year}{serial}"))


def test_a_session_commits_or_rolls_back_as_a_whole(services):
    with pytest.raises(UserError, match="中途出错"):
        fail_half_way(services.db)
    with pytest.raises(IntegrityError):  # a bug (not the user's doing) stays an exception
        insert_duplicates(services.db)
    with services.db.session() as session:
        assert session.scalars(select(AgencyRow.code)).all() == [AGENCY_CODE]


def test_read_only_database_is_explained(services, db_path, tmp_path, monkeypatch):
    services.close()
    monkeypatch.chdir(tmp_path)
    read_only = Database(f"sqlite:///file:{db_path}?mode=ro&uri=true")
    try:
        with pytest.raises(UserError, match="只读"):
            write_to(read_only)
    finally:
        read_only.dispose()
    # The URL names the file itself: no folder called "file:" appears in the working directory.
    assert not list(tmp_path.glob("file:*"))
    assert sqlite_path(f"sqlite:///file:{db_path}?mode=ro&uri=true") == db_path


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///file:/srv/desk/a.sqlite?mode=ro&uri=true", "/srv/desk/a.sqlite"),
        ("sqlite:///file:///srv/desk/a.sqlite?mode=ro&uri=true", "/srv/desk/a.sqlite"),
        ("sqlite:///file:desk/a.sqlite?uri=true", "desk/a.sqlite"),
        ("sqlite:///file:/srv/%E5%8E%BF%20desk/a.sqlite?mode=ro&uri=true", "/srv/县 desk/a.sqlite"),
        ("sqlite:////srv/desk/a.sqlite", "/srv/desk/a.sqlite"),
    ],
)
def test_sqlite_path_of_every_url_form_names_the_file(url, path):
    assert sqlite_path(url) == Path(path)


def test_a_uri_url_makes_its_folder_not_one_called_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "new folder" / "desk.sqlite"
    Database(f"sqlite:///file:{target}?uri=true").dispose()
    assert target.parent.is_dir()
    assert [p.name for p in tmp_path.iterdir()] == ["new folder"]


def driver_error(message: str, orig: Exception | None = None) -> OperationalError:
    return OperationalError("SELECT 1", {}, orig or sqlite3.OperationalError(message))


@pytest.mark.parametrize(
    ("error", "fragment"),
    [
        (driver_error("database is locked"), "已锁定"),
        (driver_error("database table is busy"), "已锁定"),
        (driver_error("attempt to write a readonly database"), "只读"),
        (driver_error("database or disk is full"), "磁盘空间已满"),
        (DatabaseError("x", {}, sqlite3.DatabaseError("file is not a database")), "已损坏"),
        (driver_error("database disk image is malformed"), "已损坏"),
        (
            driver_error("unable to open database file"),
            "无法打开数据库：unable to open database file。",
        ),
        (
            driver_error("", RuntimeError("could not connect to server\nIs the server running?")),
            "无法打开数据库：could not connect to server。",
        ),
        (driver_error("no such table: agency"), "数据库操作失败：no such table: agency"),
        (driver_error("", sqlite3.OperationalError()), "数据库操作失败：OperationalError"),
    ],
)
def test_explain_driver_errors(error, fragment):
    explained = explain(error)
    assert isinstance(explained, UserError)
    assert fragment in str(explained)
    assert "\n" not in str(explained)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("x"),
        IntegrityError("x", {}, sqlite3.IntegrityError("UNIQUE")),
        OperationalError("x", {}, RuntimeError("server closed the connection")),
    ],
)
def test_bugs_are_not_dressed_up_as_user_errors(error):
    assert explain(error) is None


def test_agency_repository(services):
    agencies = services.agencies
    assert [a.name for a in agencies.all()] == [AGENCY_NAME]
    with pytest.raises(ValidationError) as refused:
        agencies.create(" ", "77573808-5")
    assert [p.field for p in refused.value.problems] == ["agency_name", "agency_code"]
    other = agencies.create(" 青溪县统计局 ", " d2143569-x")
    assert (other.name, other.code) == ("青溪县统计局", "D2143569-X")
    assert agencies.current().code == AGENCY_CODE  # the first agency owns the database
    changed = agencies.update(other.id, "青溪县统计局（新）", "{code}/{year}/{serial:04d}")
    assert changed.pattern.format(changed.code, 2024, 3) == "D2143569-X/2024/0003"
    with pytest.raises(ValidationError, match="索引号格式"):
        agencies.update(other.id, "青溪县统计局", "{code}")
    assert agencies.all()[1].index_pattern == "{code}/{year}/{serial:04d}"


def test_an_empty_database_asks_for_init(tmp_path):
    services = open_services(str(tmp_path / "empty.sqlite"), tmp_path / "data")
    try:
        with pytest.raises(UserError, match="尚未初始化.*init"):
            services.agencies.current()
    finally:
        services.close()
