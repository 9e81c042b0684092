"""Schema migrations: fresh databases reach head, old files are copied then upgraded, newer ones refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from desktop_app.app import open_services
from desktop_app.db import migrate
from desktop_app.db.engine import Database
from desktop_app.db.models import Base
from desktop_app.domain.catalog import EntryDraft
from desktop_app.errors import DatabaseTooNewError

FIXTURES = Path(__file__).parent / "fixtures"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.before-*"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    return request.getfixturevalue("pg_url")


def test_fresh_database_reaches_head_and_matches_the_models(empty_db_url, tmp_path):
    services = open_services(empty_db_url, tmp_path / "data")
    try:
        assert migrate.current_revision(services.db) == migrate.head_revision()
        with services.db.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert set(Base.metadata.tables) <= tables
            # The migrations build exactly what the models describe (a forgotten revision shows here).
            diff = compare_metadata(
                MigrationContext.configure(
                    connection,
                    opts={"compare_type": True, "include_object": migrate.include_object},
                ),
                Base.metadata,
            )
        assert diff == []
        assert migrate.upgrade(services.db) is None  # already at head: nothing to do, no copy
    finally:
        services.close()
    assert backups(tmp_path) == []  # nothing existed before, so nothing was copied


def upgrade_to(path: Path, revision: str) -> None:
    """Bring a new SQLite file to an old revision, as an older release of the program left it."""
    engine = create_engine(f"sqlite:///{path}")
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_older_sqlite_file_is_copied_before_migrating(tmp_path):
    db = tmp_path / "old.sqlite"
    upgrade_to(db, "0001")
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO agency (name, code, index_pattern) VALUES ('甲局', '77573808-6', 'x')"
        )
    services = open_services(str(db), tmp_path / "data")
    try:
        assert migrate.current_revision(services.db) == migrate.head_revision()
    finally:
        services.close()
    if migrate.head_revision() == "0001":
        pytest.skip("only one schema version so far: nothing to migrate")
    [backup] = backups(tmp_path)
    assert backup.name.startswith("old.before-0001-")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT name FROM agency").fetchall() == [("甲局",)]


def test_database_of_a_newer_program_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "newer.sqlite"
    open_services(str(db), tmp_path / "data").close()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = sha256(db)
    with pytest.raises(
        DatabaseTooNewError, match="更新版本的程序.*9999_from_the_future.*未做任何修改"
    ):
        open_services(str(db), tmp_path / "data")
    assert sha256(db) == before
    assert backups(tmp_path) == []


def test_schema_0001_fixture_upgrades_with_its_data_intact(tmp_path):
    db = tmp_path / "desk.sqlite"
    shutil.copyfile(FIXTURES / "schema_0001.sqlite", db)
    services = open_services(str(db), tmp_path / "data")
    try:
        assert migrate.current_revision(services.db) == migrate.head_revision()
        agency = services.agencies.current()
        assert (agency.name, agency.code) == ("青溪县应急管理局", "11330727775738086F")
        entries = {e.index_no: e for e in services.catalog.all()}
        assert set(entries) == {"11330727775738086F/2023-00001", "QXYJ-2019-0042"}
        stats = services.catalog.get(entries["11330727775738086F/2023-00001"].id)
        assert (stats.node_path, stats.doc_number, stats.published_on) == (
            "法定主动公开内容/统计信息",
            "青应急〔2023〕4号",
            dt.date(2023, 2, 3),
        )
        assert [a.filename for a in stats.attachments] == ["统计表.xlsx"]
        old = entries["QXYJ-2019-0042"]
        assert (old.validity, old.validity_date) == ("废止", dt.date(2022, 1, 1))
        # The counter came through too: the next 2023 number follows the saved one.
        new = services.catalog.add(
            agency.id, EntryDraft(title="补录", generated_on=dt.date(2023, 6, 1))
        )
        assert new.index_no == "11330727775738086F/2023-00002"
    finally:
        services.close()
    if migrate.head_revision() != "0001":
        [backup] = backups(tmp_path)
        assert dump(backup) == dump(FIXTURES / "schema_0001.sqlite")


def dump(path: Path) -> list[str]:
    """What a SQLite file holds (the backup API may lay pages out differently from the original)."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_upgrade_runs_in_one_transaction_so_a_failure_leaves_the_old_schema(tmp_path, monkeypatch):
    db = tmp_path / "old.sqlite"
    upgrade_to(db, "0001")
    if migrate.head_revision() == "0001":
        pytest.skip("only one schema version so far: nothing to migrate")

    def broken_upgrade(config, revision):
        connection = config.attributes["connection"]
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'half-way'")
        raise RuntimeError("simulated crash during a migration")

    from alembic import command  # migrate imports it only when a migration is due

    monkeypatch.setattr(command, "upgrade", broken_upgrade)
    database = Database(f"sqlite:///{db}")
    try:
        with pytest.raises(RuntimeError, match="simulated"):
            migrate.upgrade(database)
        assert migrate.current_revision(database) == "0001"
    finally:
        database.dispose()


BEFORE_0500 = "0495_catalog_sorts"  # 0500 drops this index
DATE_INDEX = "ix_catalog_entry_generated_on"

# A migration that gets half-way: a table made, an index dropped, then the process dies (or fails).
HALF_WAY = f"""
def half_way(config, revision):
    connection = config.attributes["connection"]
    connection.exec_driver_sql("CREATE TABLE half_made (a)")
    connection.exec_driver_sql("DROP INDEX {DATE_INDEX}")
    {{end}}
"""


def schema_names(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}


@pytest.mark.parametrize("end", ["raise", "kill"])
def test_a_migration_stopped_half_way_leaves_the_file_as_it_was(tmp_path, end):
    """The driver (pysqlite) begins a transaction only at the first INSERT/UPDATE/DELETE: a
    migration's CREATE and DROP ran committed one by one, and a failure or a kill left half a
    schema behind."""
    db = tmp_path / "old.sqlite"
    upgrade_to(db, BEFORE_0500)
    before = schema_names(db)
    assert DATE_INDEX in before
    ending = {
        "raise": 'raise RuntimeError("simulated failure half-way")',
        "kill": "os.kill(os.getpid(), signal.SIGKILL)",  # a power cut, as near as a test gets
    }[end]
    script = "\n".join(
        (
            "import os, signal, sys",
            "from alembic import command",
            "from desktop_app.db import migrate",
            "from desktop_app.db.engine import Database",
            HALF_WAY.format(end=ending),
            "command.upgrade = half_way",
            "migrate.upgrade(Database(sys.argv[1]))",
        )
    )
    died = subprocess.run(
        [sys.executable, "-c", script, f"sqlite:///{db}"], capture_output=True, timeout=120
    )
    assert died.returncode != 0
    assert schema_names(db) == before  # neither the new table nor the lost index
    database = Database(f"sqlite:///{db}")
    try:
        assert migrate.current_revision(database) == BEFORE_0500
        migrate.upgrade(database)  # the next start migrates as if nothing had happened
        assert migrate.current_revision(database) == migrate.head_revision()
    finally:
        database.dispose()
    assert DATE_INDEX not in schema_names(db)


@pytest.mark.postgres
def test_workstations_started_together_migrate_a_server_database_once(pg_url):
    """After an update every workstation of the office starts the new version: the first
    migrates, the others wait for it and find the work done (they ran it again, and failed)."""
    engine = create_engine(pg_url)
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, BEFORE_0500)
    first = engine.connect()
    first.begin()
    first.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": migrate.MIGRATION_LOCK})
    config.attributes["connection"] = first
    command.upgrade(config, "head")  # the first workstation's migration, not yet committed
    second, outcome = Database(pg_url), []

    def start_second() -> None:
        try:
            outcome.append(migrate.upgrade(second))
        except Exception as exc:  # noqa: BLE001 - the test reports whatever the second met
            outcome.append(exc)

    starting = threading.Thread(target=start_second)
    starting.start()
    starting.join(1.0)
    try:
        assert starting.is_alive()  # waiting for the first
    finally:
        first.commit()
        first.close()
        starting.join(60)
    try:
        assert outcome == [None]  # no error, nothing run twice, no copy made by this one
        assert migrate.current_revision(second) == migrate.head_revision()
    finally:
        second.dispose()
        engine.dispose()


def test_schema_head_names_the_newest_migration():
    # Start-up compares the database with SCHEMA_HEAD instead of loading Alembic: a migration added
    # without moving SCHEMA_HEAD would never run.
    assert migrate.head_revision() == migrate.SCHEMA_HEAD


def test_opening_a_current_database_does_not_load_alembic(tmp_path):
    open_services(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path / "data").close()
    probe = (
        "import sys; from pathlib import Path; from desktop_app.app import open_services; "
        f"open_services({str(tmp_path / 'db.sqlite')!r}, Path({str(tmp_path / 'data')!r})).close(); "
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def table_columns(path: Path) -> dict[str, list[str]]:
    with sqlite3.connect(path) as db:
        found = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        # A search index (FTS5) is derived from the rows: its virtual table and shadow tables
        # (one WITHOUT ROWID) are rebuilt by SQLite, not data an upgrade must keep unchanged.
        virtual = [name for name, sql in found if sql.upper().startswith("CREATE VIRTUAL TABLE")]
        tables = [
            name
            for name, _sql in found
            if not name.startswith("sqlite_")
            and name != "alembic_version"
            and not any(name == v or name.startswith(f"{v}_") for v in virtual)
        ]
        return {t: [c[1] for c in db.execute(f'PRAGMA table_info("{t}")')] for t in tables}


def rows_by_table(path: Path, columns: dict[str, list[str]]) -> dict[str, list]:
    """The rows of these tables and columns, in rowid order."""
    with sqlite3.connect(path) as db:
        out = {}
        for table, names in columns.items():
            quoted = ", ".join(f'"{name}"' for name in names)
            out[table] = db.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid').fetchall()
        return out


def test_every_revision_has_a_schema_fixture():
    """A new migration comes with the database its release leaves, so upgrades from it stay tested."""
    script = ScriptDirectory.from_config(migrate._config())
    revisions = {rev.revision for rev in script.walk_revisions()}
    missing = sorted(rev for rev in revisions if not (FIXTURES / f"schema_{rev}.sqlite").exists())
    assert not missing, (
        f"no tests/fixtures/schema_<rev>.sqlite for {', '.join(missing)}: run "
        "`python3 -m uv run python scripts/make_schema_fixture.py --missing` and commit the files"
    )
    stale = {p.name for p in FIXTURES.glob("schema_*.sqlite")} - {
        f"schema_{rev}.sqlite" for rev in revisions
    }
    assert not stale, f"fixtures of no known revision: {sorted(stale)}"


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema_*.sqlite")))
def test_every_released_schema_upgrades_with_every_row_intact(fixture, tmp_path):
    db = tmp_path / "desk.sqlite"
    shutil.copyfile(FIXTURES / fixture, db)
    columns = table_columns(db)
    before = rows_by_table(db, columns)
    services = open_services(str(db), tmp_path / "data")
    try:
        assert migrate.current_revision(services.db) == migrate.head_revision()
        # The program reads all of it back through its own repositories.
        agency = services.agencies.current()
        services.catalog.all()
        services.requests.all()
        for year in services.reports.years(agency.id):
            services.reports.revisions(agency.id, year)
    finally:
        services.close()
    assert rows_by_table(db, columns) == before
