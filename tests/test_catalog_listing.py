"""The catalog's light table rows (listing, newest first page) and full entries by id, on every backend."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop_app.db.repositories import catalog as catalog_repository
from desktop_app.db.repositories.catalog import CatalogListing
from desktop_app.domain.catalog import EntryDraft
from desktop_app.errors import NotFoundError


def _save(services, *drafts):
    return services.catalog.add_many(services.agencies.current().id, list(drafts))


def _draft(title, day, **fields) -> EntryDraft:
    return EntryDraft(title=title, generated_on=day, **fields)


def test_listing_has_every_field_the_table_uses_as_saved(any_db):
    node_id = any_db.classification.ensure_path("法定主动公开内容/统计信息")
    kept, repealed = _save(
        any_db,
        _draft(
            "关于印发安全生产检查方案的通知",
            dt.date(2024, 3, 5),
            doc_number="青应急[2024]3号",
            published_on=dt.date(2024, 3, 6),
            disclosure_form="依申请公开",
            node_id=node_id,
            genre="通知",
            keywords="安全生产 检查",
            summary="长长的内容概述不在表格里",
        ),
        _draft("旧办法", dt.date(2019, 1, 2)),
    )
    repealed = any_db.catalog.withdraw(repealed.id, "废止", dt.date(2024, 6, 1))
    rows = {row.id: row for row in any_db.catalog.listing()}
    assert rows == {kept.id: CatalogListing.of(kept), repealed.id: CatalogListing.of(repealed)}
    row = rows[kept.id]
    assert (row.doc_number, row.node_path, row.published_on) == (
        "青应急〔2024〕3号",
        "法定主动公开内容/统计信息",
        dt.date(2024, 3, 6),
    )
    assert not row.withdrawn
    assert rows[repealed.id].withdrawn
    assert (rows[repealed.id].validity, rows[repealed.id].validity_date) == (
        "废止",
        dt.date(2024, 6, 1),
    )
    assert "summary" not in CatalogListing._fields  # the light row leaves the long texts out


def test_newest_gives_the_first_page_of_the_default_order(any_db):
    days = [dt.date(2023, 5, 1), dt.date(2024, 2, 1), dt.date(2024, 2, 1), dt.date(2022, 1, 1)]
    saved = _save(any_db, *(_draft(f"条目{n}", day) for n, day in enumerate(days)))
    newest = any_db.catalog.listing(newest=3)
    expected = sorted(saved, key=lambda e: (e.generated_on, e.index_no), reverse=True)[:3]
    assert [row.id for row in newest] == [e.id for e in expected]
    assert newest[0].generated_on == newest[1].generated_on == dt.date(2024, 2, 1)
    assert newest[0].index_no > newest[1].index_no  # same day: the later 索引号 first
    assert len(any_db.catalog.listing(newest=10)) == 4
    assert any_db.catalog.listing(newest=0) == []


def test_get_many_reads_full_entries_in_the_order_asked_a_chunk_at_a_time(any_db, monkeypatch):
    monkeypatch.setattr(catalog_repository, "_IN_CHUNK", 2)  # so three ids take two reads
    saved = _save(
        any_db, *(_draft(f"条目{n}", dt.date(2024, 1, 1 + n), summary=f"概述{n}") for n in range(3))
    )
    ids = [saved[2].id, saved[0].id, saved[1].id]
    entries = any_db.catalog.get_many(ids)
    assert len(entries) == 3
    assert (entries[1], entries[1:]) == (saved[0], [saved[0], saved[1]])
    iterator = iter(entries)
    assert [next(iterator), next(iterator)] == [saved[2], saved[0]]
    # the next chunk is read only now: an export never holds the whole catalog of full entries
    changed = any_db.catalog.update(saved[1].id, replace(saved[1].draft(), summary="改过"))
    assert list(iterator) == [changed]
    assert list(any_db.catalog.get_many([])) == []
    with pytest.raises(NotFoundError):
        list(any_db.catalog.get_many([saved[1].id, 424242]))
