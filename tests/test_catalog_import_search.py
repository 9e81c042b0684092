"""A catalog import (rows staged, then moved in one statement on SQLite) keeps the search index
in step, saves the rows in file order and leaves nothing behind when cancelled, on both engines."""

from __future__ import annotations

import datetime as dt

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
    """Every entry the search finds (not the count the table shows, capped on PostgreSQL)."""
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


def test_the_sqlite_search_index_is_intact_after_an_import(services, agency):
    services.catalog.import_entries(agency.id, items(1500, "危化品"), create_paths=True)
    with services.db.session() as session:
        # FTS5 compares its index with the content table and raises on any difference.
        session.execute(
            text("INSERT INTO catalog_fts(catalog_fts, rank) VALUES('integrity-check', 1)")
        )
        left = session.execute(
            text("SELECT count(*) FROM sqlite_temp_master WHERE name LIKE 'staging_%'")
        ).scalar()
    assert left == 0


def test_a_staging_table_left_outside_a_transaction_does_not_block_the_next_import(
    services, agency
):
    from desktop_app.db.bulk_insert import BulkInsert
    from desktop_app.db.models import CatalogEntryRow

    # Made before any write: pysqlite has begun no transaction, so the rollback keeps the table.
    with services.db.session() as session:
        BulkInsert(session, CatalogEntryRow.__table__, ["title"])
        session.rollback()
    services.catalog.import_entries(agency.id, items(10, "危化品"), create_paths=True)
    assert services.catalog.count() == 10
