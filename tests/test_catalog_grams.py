"""The short-query search index (migration 0470): a one- or two-character search finds, through the
index, exactly the entries a plain LIKE scan finds, on each engine, also after entries are added,
changed and deleted (the triggers on SQLite, the expression index on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from sqlalchemy import func, or_, select, text

from desktop_app.db.models import CatalogEntryRow
from desktop_app.db.repositories import catalog_listing as catalog_listing_repository
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.catalog_grams import gram_query, grams
from desktop_app.domain.catalog_listing import SEARCHED_FIELDS, CatalogQuery

D = dt.date
TITLES = [
    "安全生产检查通知",
    "防汛抗旱应急预案",
    "Road Safety 通告",
    "汛期值班安排（第2号）",
    "安",
    "50% 的_比例",
    "全",
]


@pytest.fixture
def catalog(any_db):
    drafts = [
        EntryDraft(
            title=title,
            generated_on=D(2024, 1 + n, 1),
            doc_number=f"青应急〔2024〕{n}号" if n % 2 else "",
            keywords="汛期 值班" if n % 3 == 0 else "Road",
        )
        for n, title in enumerate(TITLES)
    ]
    any_db.catalog.add_many(any_db.agencies.current().id, drafts)
    return any_db


def like_scan(services, needle: str) -> list[int]:
    """The reference: every entry read, each searched field tested with LIKE (lower-cased)."""
    fields = [func.lower(getattr(CatalogEntryRow, f)) for f in SEARCHED_FIELDS]
    with services.db.session() as session:
        statement = select(CatalogEntryRow.id).where(
            or_(*(f.contains(needle.lower(), autoescape=True) for f in fields))
        )
        return sorted(session.scalars(statement))


def indexed(services, needle: str) -> list[int]:
    """The ids a search lists, counted first as the table does (few matches: read off the index)."""
    query = CatalogQuery(text=needle)
    count = services.catalog_listing.page(query, 1).count
    ids = sorted(services.catalog_listing.ids(query))
    assert count == len(ids)
    return ids


def short_queries(services) -> set[str]:
    """Every one and two characters found in the searched fields, both cases, and some found nowhere."""
    found = {"台风", "值安", "x", "Z", "%%", "_比"}
    for entry in services.catalog.listing():
        for value in (entry.title, entry.doc_number, entry.keywords, entry.index_no):
            for start in range(len(value)):
                for size in (1, 2):
                    piece = value[start : start + size]
                    found |= {piece, piece.upper()}
    return {q for q in found if q.strip() == q and q}


def test_each_short_query_finds_what_a_like_scan_finds(catalog):
    queries = short_queries(catalog)
    assert len(queries) > 100
    for needle in sorted(queries):
        assert indexed(catalog, needle) == like_scan(catalog, needle), needle
    assert indexed(catalog, "2号") == like_scan(catalog, "2号") != []
    assert indexed(catalog, "ro") == like_scan(catalog, "ro") != []  # ASCII letters fold
    assert indexed(catalog, "值安") == []  # two characters of two fields never form a pair


def test_the_index_keeps_up_with_inserts_updates_and_deletes(catalog):
    listing = catalog.catalog_listing
    assert indexed(catalog, "巡") == []
    added = catalog.catalog.add(
        catalog.agencies.current().id, EntryDraft(title="水库巡查", generated_on=D(2025, 1, 2))
    )
    assert indexed(catalog, "巡") == [added.id] == indexed(catalog, "巡查")
    catalog.catalog.update(added.id, replace(added.draft(), title="河道清淤", keywords="巡"))
    assert indexed(catalog, "巡查") == [] == like_scan(catalog, "巡查")
    assert indexed(catalog, "巡") == [added.id]
    assert indexed(catalog, "清淤") == [added.id]
    with catalog.db.session() as session:  # no service deletes entries; the trigger still must
        session.execute(text("DELETE FROM catalog_entry WHERE id = :id"), {"id": added.id})
    for needle in ("巡", "清淤", "河"):
        assert indexed(catalog, needle) == [] == like_scan(catalog, needle)
    page = listing.page(CatalogQuery(text="安"), 10)
    assert page.count == len(like_scan(catalog, "安"))


def test_short_queries_are_answered_by_the_index_not_a_scan(catalog):
    repository = catalog.catalog_listing._repository
    query = CatalogQuery(text="汛期")
    catalog.catalog_listing.page(query, 10)  # counted: a few matches, so they are gathered
    with catalog.db.session() as session:
        where = repository._where(session, query)
        statement = select(CatalogEntryRow.id).where(*where)
        sql = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        if session.get_bind().dialect.name == "sqlite":
            plan = session.execute(text(f"EXPLAIN QUERY PLAN {sql}")).all()
            assert any("catalog_grams VIRTUAL TABLE" in row[-1] for row in plan), plan
        else:
            session.execute(text("SET LOCAL enable_seqscan = off"))  # a table this small
            plan = session.execute(text(f"EXPLAIN {sql}")).scalars().all()
            assert any("ix_catalog_entry_search_grams" in line for line in plan), plan


def test_a_short_search_without_the_index_scans_and_finds_the_same(catalog, monkeypatch):
    want = {needle: indexed(catalog, needle) for needle in ("安", "汛期", "%")}
    monkeypatch.setattr(catalog_listing_repository, "_has_grams", lambda _session: False)
    monkeypatch.setattr(catalog_listing_repository, "_has_pg_grams", lambda _session: False)
    assert {needle: indexed(catalog, needle) for needle in want} == want


def test_tokens_are_characters_and_adjacent_pairs_of_each_field():
    assert set(grams("Ab", "安").split()) == {"61", "62", "61x62", "5b89"}
    assert set(grams("甲乙", "乙丙丁", "a").split()) == {
        *("7532", "4e59", "4e19", "4e01", "61"),
        *("7532x4e59", "4e59x4e19", "4e19x4e01"),  # no pair across two fields: 4e59x4e59
    }
    assert grams("", None) == ""
    assert gram_query("aB") == '"61x62"'
    assert gram_query("安") == '"5b89"'
    with pytest.raises(ValueError, match="not a short query"):
        gram_query("安全生")


def test_tokens_of_any_text_are_each_character_and_pair_once():
    """The memoised tokens (ASCII pairs apart from the rest) against the plain definition, on
    fields mixing both cases, ASCII and not, control characters and astral ones."""

    def code(char: str) -> str:
        return format(ord(char.lower()) if "A" <= char <= "Z" else ord(char), "x")

    def plain(*fields: str | None) -> set[str]:
        tokens = set()
        for field in filter(None, fields):
            tokens |= {code(c) for c in field}
            tokens |= {f"{code(a)}x{code(b)}" for a, b in zip(field, field[1:], strict=False)}
        return tokens

    rng = random.Random(14)
    alphabet = "aAzZ09 -/_.%\t\x00\x7féÉ安全〔〕（）ＧＢｇｂ\U0001f600"
    for _ in range(3000):
        fields = [
            "".join(rng.choices(alphabet, k=rng.randrange(8))) if rng.random() > 0.1 else None
            for _ in range(4)
        ]
        tokens = grams(*fields).split()
        assert len(tokens) == len(set(tokens)), fields
        assert set(tokens) == plain(*fields), fields
    # 索引号 and other ASCII with a "/" anywhere (the part up to the last one is memoised)
    heads = ["11330727775738086F/", "QXYJ/", "A/B/", "/", "x//", ""]
    tails = ["2024-00001", "a", "Z", "/", "b/c", ""]
    for head in heads:
        for tail in tails:
            for field in (head + tail, tail + head, head.lower() + tail):
                tokens = grams(field, "安/全").split()
                assert len(tokens) == len(set(tokens)), field
                assert set(tokens) == plain(field, "安/全"), field


def test_on_postgresql_a_common_gram_is_scanned_for_and_finds_the_same(catalog):
    if catalog.db.engine.dialect.name != "postgresql":
        pytest.skip("the choice by the server's statistics is PostgreSQL's")
    with catalog.db.session() as session:
        session.execute(text("ANALYZE catalog_entry"))
    repository = catalog.catalog_listing._repository
    repository._pg_shares = None  # read the statistics anew
    with catalog.db.session() as session:
        common = {
            q
            for q in short_queries(catalog)
            if repository._pg_share(session, q.lower()) >= catalog_listing_repository._PG_COMMON
        }
    assert {"安", "汛期"} <= common
    for needle in sorted(short_queries(catalog)):
        assert indexed(catalog, needle) == like_scan(catalog, needle), needle


def test_entries_indexed_by_an_earlier_version_are_changed_and_deleted_cleanly(catalog):
    """Earlier versions wrote each row's tokens sorted; FTS5 takes a contentless row's deletion
    only with the same set of tokens, each once (twice: "database disk image is malformed")."""
    if catalog.db.engine.dialect.name != "sqlite":
        pytest.skip("the index fed by triggers is SQLite's")
    fields = "title, doc_number, keywords, index_no"
    with catalog.db.session() as session:
        rows = session.execute(text(f"SELECT id, {fields} FROM catalog_entry")).all()
        for id_, *values in rows:  # each row's tokens as the earlier version wrote them
            earlier = " ".join(sorted(set(grams(*values).split())))
            session.execute(
                text(
                    "INSERT INTO catalog_grams(catalog_grams, rowid, grams) VALUES ('delete', :id, :g)"
                ),
                {"id": id_, "g": grams(*values)},
            )
            session.execute(
                text("INSERT INTO catalog_grams(rowid, grams) VALUES (:id, :g)"),
                {"id": id_, "g": earlier},
            )
    with catalog.db.session() as session:
        session.execute(text("UPDATE catalog_entry SET title = title || '安全安全'"))
    assert indexed(catalog, "安安") == like_scan(catalog, "安安") != []
    with catalog.db.session() as session:
        session.execute(text("DELETE FROM catalog_entry"))
    assert indexed(catalog, "安") == [] == indexed(catalog, "汛期")
