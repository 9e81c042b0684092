"""A catalog import (on SQLite: the search indexes' insert triggers suspended in the transaction, the
indexes filled set-wise afterwards) keeps the search indexes in step, saves the rows in file order and
leaves nothing behind when cancelled or killed, on both engines."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest
from sqlalchemy import text

from desktop_app.db.repositories.catalog import ImportedEntry
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.catalog_listing import CatalogQuery
from desktop_app.errors import UserError


def items(count: int, word: str) -> list[ImportedEntry]:
    return [
        ImportedEntry(
            EntryDraft(
                title=f"{word}第{n}号通报",
                generated_on=dt.date(2023, 1 + n % 12, 1 + n % 28),
                keywords="防汛" if n % 2 else "",
            ).normalized(),
            node_path="历史文件",
            validity="废止" if n % 5 == 0 else "有效",
            validity_date=dt.date(2024, 6, 1) if n % 5 == 0 else None,
        )
        for n in range(count)
    ]


def found(services, needle: str) -> int:
    """Every entry the search lists (a page's count of a common word stops at 2,000 on PostgreSQL)."""
    return len(services.catalog_listing.ids(CatalogQuery(text=needle)))


def test_imported_rows_are_searchable_in_file_order(any_db):
    agency = any_db.agencies.current()
    assert any_db.catalog.import_entries(agency.id, items(2300, "水库巡查"), create_paths=True)

    saved = sorted(any_db.catalog.listing(), key=lambda row: row.id)
    assert [row.title for row in saved] == [f"水库巡查第{n}号通报" for n in range(2300)]
    assert found(any_db, "水库巡查") == 2300
    assert found(any_db, "第1234号") == 1
    assert found(any_db, "防汛") == 1150
    withdrawn = [row for row in saved if row.validity == "废止"]
    assert len(withdrawn) == 460
    assert {row.node_path for row in saved} == {"历史文件"}


def test_dates_reach_sqlite_as_text_made_by_sqlalchemy(services, monkeypatch):
    """Not through sqlite3's default date adapter (deprecated since Python 3.12)."""

    def adapter_used(value):
        raise AssertionError(f"sqlite3's default adapter got {value!r}")

    for kind in (dt.date, dt.datetime):
        monkeypatch.setitem(sqlite3.adapters, (kind, sqlite3.PrepareProtocol), adapter_used)
    agency = services.agencies.current()
    assert services.catalog.import_entries(agency.id, items(20, "水库巡查"), create_paths=True)
    with services.db.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT generated_on, validity_date FROM catalog_entry ORDER BY id LIMIT 1")
        ).one()
    assert tuple(stored) == ("2023-01-01", "2024-06-01")


def test_a_cancelled_import_leaves_nothing_and_the_next_one_works(any_db):
    agency = any_db.agencies.current()

    def cancel_half_way(done: int, total: int) -> bool:
        return done < total // 2

    with pytest.raises(UserError, match="已取消"):
        any_db.catalog.import_entries(agency.id, items(3000, "森林防火"), cancel_half_way, True)
    assert any_db.catalog.count() == 0
    assert found(any_db, "森林防火") == 0

    any_db.catalog.import_entries(agency.id, items(1200, "森林防火"), create_paths=True)
    assert any_db.catalog.count() == found(any_db, "森林防火") == 1200


def triggers(services) -> dict[str, str]:
    with services.db.session() as session:
        rows = session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        return dict(rows.all())


def test_the_sqlite_search_indexes_are_intact_after_an_import(services, agency):
    before = triggers(services)
    services.catalog.add(
        agency.id, EntryDraft(title="危化品仓库检查", generated_on=dt.date(2022, 5, 1))
    )
    services.catalog.import_entries(agency.id, items(1500, "危化品"), create_paths=True)
    with services.db.session() as session:
        # FTS5 compares its index with the content table and raises on any difference.
        session.execute(
            text("INSERT INTO catalog_fts(catalog_fts, rank) VALUES('integrity-check', 1)")
        )
    assert triggers(services) == before
    assert {"catalog_fts_ai", "catalog_grams_ai"} <= set(before)
    # Both indexes hold the entry saved before and the imported ones, and only those.
    assert found(services, "危化品") == 1501 == found(services, "危化")
    assert found(services, "仓") == 1 == found(services, "仓库")
    assert found(services, "第7号") == 1
    assert found(services, "防汛") == 750
    # The triggers work again: a later edit moves the entry in both indexes.
    newest = max(entry.id for entry in services.catalog.listing())
    full = services.catalog.get(newest)
    services.catalog.update(full.id, replace(full.draft(), title="森林防火巡查", keywords=""))
    assert found(services, "巡查") == 1 == found(services, "巡")
    assert found(services, "危化品") == 1500


def test_an_import_begun_before_any_write_is_undone_whole_by_a_rollback(services, agency):
    from desktop_app.db.bulk_insert import BulkInsert
    from desktop_app.db.models import CatalogEntryRow

    before = triggers(services)
    # No write yet: pysqlite has begun no transaction, so BulkInsert begins one before it
    # suspends the triggers, and the rollback brings them back.
    with services.db.session() as session:
        rows = BulkInsert(session, CatalogEntryRow.__table__, ["title"])
        assert set(before) - set(triggers_in(session)) == {"catalog_fts_ai", "catalog_grams_ai"}
        del rows
        session.rollback()
    assert triggers(services) == before
    services.catalog.import_entries(agency.id, items(10, "危化品"), create_paths=True)
    assert services.catalog.count() == 10 == found(services, "危化品") == found(services, "危")


def test_the_page_cache_is_raised_for_the_insert_and_set_back_after(services, agency):
    from desktop_app.db.bulk_insert import BulkInsert
    from desktop_app.db.models import CatalogEntryRow

    with services.db.session() as session:
        before = session.scalar(text("PRAGMA cache_size"))
        rows = BulkInsert(session, CatalogEntryRow.__table__, ["title"])
        assert session.scalar(text("PRAGMA cache_size")) == -16 * 1024 != before
        rows.finish()
        assert session.scalar(text("PRAGMA cache_size")) == before
        session.rollback()


def triggers_in(session) -> list[str]:
    return list(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))


# Imports 3,000 rows in a child that SIGKILLs itself after the first batch of rows is in (the
# triggers dropped) or after the indexes are filled and the triggers created again (just before
# the commit).
KILLED_IMPORT = textwrap.dedent(
    """
    import os, signal, sys
    from desktop_app.app import open_services
    from desktop_app.db import bulk_insert
    from tests.test_catalog_import_search import items

    point = sys.argv[3]
    original = getattr(bulk_insert.BulkInsert, point)

    def dying(self, *args):
        original(self, *args)
        os.kill(os.getpid(), signal.SIGKILL)

    setattr(bulk_insert.BulkInsert, point, dying)
    services = open_services(sys.argv[1], sys.argv[2])
    services.catalog.import_entries(services.agencies.current().id, items(3000, "森林防火"),
                                    create_paths=True)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("point", ["add", "finish"])
def test_an_import_killed_before_its_commit_leaves_the_database_as_before(
    services, agency, tmp_path, point
):
    services.catalog.add(agency.id, EntryDraft(title="防火通告", generated_on=dt.date(2022, 5, 1)))
    before = triggers(services)
    url = str(services.db.engine.url.database)
    child = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, url, str(tmp_path / "child"), point],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert services.catalog.count() == 1
    assert triggers(services) == before
    assert found(services, "防火") == 1 == found(services, "防")
    assert found(services, "森林防火") == 0
    services.catalog.import_entries(agency.id, items(20, "森林防火"), create_paths=True)
    assert found(services, "森林防火") == 20 == found(services, "森")
