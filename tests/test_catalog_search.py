"""The catalog table's SQL (filters, search through the substring index, every sort order, the row of
an entry, counts and years) against the same questions answered in Python over every entry."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

import pytest

from desktop_app.db.repositories import catalog_listing as catalog_listing_repository
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.catalog_grams import ascii_lower
from desktop_app.domain.catalog_listing import SORT_FIELDS, CatalogListing, CatalogQuery

D = dt.date
TITLES = [
    "安全生产检查通知",
    "防汛抗旱应急预案",
    "安全培训计划",
    "Road Safety 通告",
    "汛期值班安排",
]
FORMS = ["主动公开", "依申请公开", "不予公开"]


@pytest.fixture
def catalog(any_db):
    """36 entries over three years, nodes, forms, doc numbers and keywords; some withdrawn."""
    nodes = [n.id for n in any_db.classification.nodes()][:4] + [None]
    drafts = [
        EntryDraft(
            title=f"{TITLES[n % 5]}{n}",
            generated_on=D(2022 + n % 3, 1 + n % 12, 1 + n % 27),
            published_on=None if n % 4 == 0 else D(2022 + n % 3, 1 + n % 12, 28),
            doc_number=f"青应急〔{2022 + n % 3}〕{n}号" if n % 2 else "",
            disclosure_form=FORMS[n % 3],
            node_id=nodes[n % 5],
            genre="通知" if n % 3 else "",
            keywords="汛期 值班" if n % 7 == 0 else "",
        )
        for n in range(36)
    ]
    saved = any_db.catalog.add_many(any_db.agencies.current().id, drafts)
    for entry in saved[::5]:
        any_db.catalog.withdraw(entry.id, "废止" if entry.id % 2 else "失效", D(2025, 1, 1))
    return any_db


def expected(services, query: CatalogQuery) -> list[CatalogListing]:
    """The old Python computation: filter each row, find the text in any searched field, sort."""
    needle = query.needle
    rows = [
        r
        for r in services.catalog.listing()
        if (query.year is None or r.generated_on.year == query.year)
        and (query.node_ids is None or r.node_id in query.node_ids)
        and (not query.disclosure_form or r.disclosure_form == query.disclosure_form)
        and (not query.validity or r.validity == query.validity)
        and any(needle in ascii_lower(f) for f in (r.title, r.doc_number, r.keywords, r.index_no))
    ]

    def key(row):
        value = getattr(row, query.sort_field)
        return (D.min if value is None else value), row.index_no

    return sorted(rows, key=key, reverse=query.descending)


@pytest.mark.parametrize(
    "text",
    ["", "安", "汛期", "安全", "应急预", "ROAD saf", "〔2023〕", "值班安排1", "无此内容", "%", "_"],
)
# SQLite's plan: gather the matches, walk the order testing each entry, or walk looking up the matches
@pytest.mark.parametrize(("few", "like_walk"), [(10_000, 10_000), (0, 10_000), (0, 0)])
def test_search_finds_what_a_substring_test_finds(catalog, monkeypatch, text, few, like_walk):
    monkeypatch.setattr(catalog_listing_repository, "_FEW", few)
    monkeypatch.setattr(catalog_listing_repository, "_LIKE_WALK", like_walk)
    monkeypatch.setattr(catalog_listing_repository, "SHORT_QUERY_ROWS", few or 2)
    query = CatalogQuery(text=text)
    want = expected(catalog, query)
    listing = catalog.catalog_listing
    page = listing.page(query, 500)
    if page.more:
        assert page.count == 2
    else:
        assert page.count == len(want)
    assert page.rows == want
    assert listing.window(query, 1, 3) == want[1:4]
    assert listing.window(replace(query, year=2024), 0, 500) == [
        r for r in want if r.generated_on.year == 2024
    ]
    if text == "无此内容":
        assert page.count == 0


def test_search_keeps_up_with_edits_withdrawals_and_new_entries(catalog):
    listing = catalog.catalog_listing
    first = next(e for e in catalog.catalog.all() if e.validity == "有效")
    assert listing.page(CatalogQuery(text="水库巡查"), 10).count == 0
    catalog.catalog.update(first.id, replace(first.draft(), title="水库巡查制度"))
    (found,) = listing.page(CatalogQuery(text="水库巡查"), 10).rows
    assert found.id == first.id
    old_title = first.title
    assert first.id not in {r.id for r in listing.page(CatalogQuery(text=old_title), 99).rows}
    added = catalog.catalog.add(
        catalog.agencies.current().id, EntryDraft(title="水库巡查记录", generated_on=D(2025, 1, 2))
    )
    assert {r.id for r in listing.page(CatalogQuery(text="水库巡查"), 10).rows} == {
        first.id,
        added.id,
    }


def test_the_search_index_exists_on_each_engine(catalog):
    # SQLite: FTS5 trigram; PostgreSQL: pg_trgm, which the test role (owner, not superuser) may create
    assert catalog.catalog_listing._repository.search_indexed()


@pytest.mark.parametrize(
    ("field", "descending"), list(itertools.product(SORT_FIELDS, [False, True]))
)
# PostgreSQL: windows deeper than `seek_from` are read from their first row's key
@pytest.mark.parametrize("seek_from", [2_000, 3])
def test_every_sort_order_matches_python(catalog, monkeypatch, field, descending, seek_from):
    monkeypatch.setattr(catalog_listing_repository, "_SEEK_FROM", seek_from)
    query = CatalogQuery(sort_field=field, descending=descending)
    want = expected(catalog, query)
    listing = catalog.catalog_listing
    assert listing.window(query, 0, 500) == want
    for offset in range(0, len(want) + 1, 7):
        assert listing.window(query, offset, 7) == want[offset : offset + 7], offset
    assert listing.ids(query) == [r.id for r in want]
    for row, entry in enumerate(want[::6]):
        assert listing.position(query, entry.id) == row * 6


def test_filters_combine_and_the_row_of_a_filtered_out_entry_is_none(catalog):
    nodes = [n.id for n in catalog.classification.nodes()][:2]
    query = CatalogQuery(
        text="安全",
        year=2023,
        node_ids=frozenset(nodes),
        disclosure_form="主动公开",
        validity="有效",
    )
    combos = [
        query,
        CatalogQuery(year=2024, validity="废止"),
        CatalogQuery(node_ids=frozenset(), text="安全"),
        CatalogQuery(disclosure_form="依申请公开", sort_field="title", descending=False),
    ]
    for combo in combos:
        want = expected(catalog, combo)
        page = catalog.catalog_listing.page(combo, 3)
        assert (page.count, page.rows) == (len(want), want[:3])
    outside = next(r for r in catalog.catalog.listing() if r.generated_on.year != 2024)
    assert catalog.catalog_listing.position(CatalogQuery(year=2024), outside.id) is None


def test_summary_counts_and_years_match_the_entries(catalog):
    rows = catalog.catalog.listing()
    summary = catalog.catalog_listing.summary()
    assert summary.total == len(rows) == 36
    assert summary.valid == sum(r.validity == "有效" for r in rows)
    assert summary.years == sorted({r.generated_on.year for r in rows}, reverse=True)


def test_every_filter_on_the_date_is_read_off_the_order_index(services):
    """0500_catalog_date_index dropped the index on 生成日期 alone: a year, the years with entries
    and the default order are read off ix_catalog_entry_order (生成日期 is its first column), or
    table 二's own, never by scanning the catalog (SQLite's plans, without statistics)."""
    from sqlalchemy import event

    drafts = [EntryDraft(f"条目{n}", D(2020 + n % 5, 1 + n % 12, 1 + n % 28)) for n in range(300)]
    services.catalog.add_many(services.agencies.current().id, drafts)
    statements: list[tuple[str, object]] = []

    def grab(_connection, _cursor, statement, parameters, _context, _many):
        if statement.startswith("SELECT") and "catalog_entry.generated_on" in statement:
            statements.append((statement, parameters))

    event.listen(services.db.engine, "before_cursor_execute", grab)
    listing = services.catalog_listing
    for field in ("generated_on", "title", "published_on"):
        for descending in (True, False):
            listing.page(CatalogQuery(year=2022, sort_field=field, descending=descending), 10)
    listing.window(CatalogQuery(year=2022), 20, 10)
    listing.summary()
    services.catalog.all(year=2022)
    services.catalog.all(year=2022, genres=["通知"])
    services.catalog.listing(newest=5)
    event.remove(services.db.engine, "before_cursor_execute", grab)
    assert len(statements) > 10
    plans = {}
    with services.db.engine.connect() as connection:
        for statement, parameters in statements:
            explained = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plans[statement] = " | ".join(row[-1] for row in explained)
    for statement, plan in plans.items():
        if "WHERE" in statement or "ORDER BY catalog_entry.generated_on" in statement:
            assert "SCAN catalog_entry" not in plan.replace("SCAN catalog_entry USING", ""), plan
        if "generated_on BETWEEN ? AND ? AND" not in statement:  # the date, the sole condition
            assert "ix_catalog_entry_order" in plan or "ix_catalog_entry_genre" in plan, plan


def test_a_short_search_is_counted_only_up_to_a_cap_unless_its_index_counts_it(
    catalog, monkeypatch
):
    monkeypatch.setattr(catalog_listing_repository, "SHORT_QUERY_ROWS", 5)
    listing = catalog.catalog_listing
    sqlite = catalog.db.engine.dialect.name == "sqlite"
    for text in ("安", "汛期"):
        filtered = CatalogQuery(text=text, validity="有效")
        want = expected(catalog, filtered)
        assert len(want) > 5
        page = listing.page(filtered, 3)
        assert (page.count, page.more, page.rows) == (5, True, want[:3])
        assert listing.window(filtered, 0, 99) == want  # rows past the cap exist
        alone = expected(catalog, CatalogQuery(text=text))  # SQLite's FTS table counts it alone
        page = listing.page(CatalogQuery(text=text), 3)
        assert (page.count, page.more) == ((len(alone), False) if sqlite else (5, True))
    for text in ("值班安排", "ROAD"):  # long enough for the index: exact on SQLite
        want = len(expected(catalog, CatalogQuery(text=text)))
        assert want > 5
        page = listing.page(CatalogQuery(text=text), 99)
        assert (page.count, page.more) == ((want, False) if sqlite else (5, True))


def test_table_two_counts_are_the_old_python_counts(any_db):
    """Report fill's catalog figures: one SQL aggregate, the same numbers as counting entries."""
    genres = ("规章", "行政规范性文件", "通知")
    drafts = [
        EntryDraft(
            title=f"文件{n}", generated_on=D(2023 + n % 3, 1 + n % 12, 1), genre=genres[n % 3]
        )
        for n in range(30)
    ]
    saved = any_db.catalog.add_many(any_db.agencies.current().id, drafts)
    for n, entry in enumerate(saved[::4]):
        on = max(entry.generated_on, D(2024, 12, 31 - n))
        any_db.catalog.withdraw(entry.id, "废止" if n % 2 else "失效", on)
    entries = any_db.catalog.all()
    for year in (2023, 2024, 2025, 2026):
        end = D(year, 12, 31)
        want = {}
        for genre in genres[:2]:
            mine = [e for e in entries if e.genre == genre]
            gone = [e for e in mine if e.withdrawn and e.validity_date]
            want[genre] = (
                sum(e.generated_on.year == year for e in mine),
                sum(e.validity_date.year == year for e in gone),
                sum(e.generated_on <= end for e in mine)
                - sum(e.generated_on <= end and e.validity_date <= end for e in gone),
            )
        assert any_db.catalog.genre_counts(year, genres[:2]) == want
    assert any_db.catalog.genre_counts(2024, ("规章", "无此体裁"))["无此体裁"] == (0, 0, 0)


@pytest.mark.parametrize(
    ("field", "descending"),
    list(itertools.product(["published_on", "node_path", "genre"], [False, True])),
)
# many matches: each part of the order walked; few: the matches gathered, then sorted
@pytest.mark.parametrize("few", [10_000, 0])
def test_orders_read_in_parts_match_python_with_search_and_filters(
    catalog, monkeypatch, field, descending, few
):
    monkeypatch.setattr(catalog_listing_repository, "_SEEK_FROM", 2)
    monkeypatch.setattr(catalog_listing_repository, "_FEW", few)
    monkeypatch.setattr(catalog_listing_repository, "SHORT_QUERY_ROWS", few or 2)
    nodes = frozenset(n.id for n in catalog.classification.nodes()[:3])
    listing = catalog.catalog_listing
    for base in (
        CatalogQuery(),
        CatalogQuery(text="安全"),
        CatalogQuery(text="汛期", node_ids=nodes),
        CatalogQuery(year=2023, disclosure_form="主动公开"),
    ):
        query = replace(base, sort_field=field, descending=descending)
        want = expected(catalog, query)
        assert listing.page(query, 4).rows == want[:4]  # also tells the repository how many match
        for offset in range(0, len(want) + 1, 3):  # windows across the parts' ends
            assert listing.window(query, offset, 5) == want[offset : offset + 5], offset


# newest first: the entries whose full-width letters differ from the query's only by case come first
CASED_TITLES = [
    "ｇｂ小写全角",
    "ｇｂ／ｔ 小写",
    "执行ＧＢ／Ｔ ９７０４标准",
    "GB 半角标准",
    "ａ类事项",
    "Ａ类事项",
    "Ａ类事项补充",
    "普通通知",
]


@pytest.mark.parametrize(
    "text", ["ＧＢ", "ｇｂ", "ＧＢ／Ｔ", "ｇｂ／ｔ", "Ａ类事", "ａ类事", "Ａ", "gb"]
)
@pytest.mark.parametrize(("few", "like_walk"), [(10_000, 10_000), (0, 10_000), (0, 0)])
def test_full_width_letters_are_found_as_typed_and_counted_as_listed(
    any_db, monkeypatch, text, few, like_walk
):
    monkeypatch.setattr(catalog_listing_repository, "_FEW", few)
    monkeypatch.setattr(catalog_listing_repository, "_LIKE_WALK", like_walk)
    agency = any_db.agencies.current().id
    drafts = [
        EntryDraft(title=title, generated_on=D(2024, 12, 28) - dt.timedelta(days=n))
        for n, title in enumerate(CASED_TITLES * 4)
    ]
    any_db.catalog.add_many(agency, drafts)
    listing = any_db.catalog_listing
    for query in (CatalogQuery(text=text), CatalogQuery(text=text, year=2024)):
        want = expected(any_db, query)
        assert want, "each query is in some title as typed"
        assert all(text.lower() in ascii_lower(r.title).lower() for r in want)
        assert listing.page(query, 500).count == len(want)
        page = listing.page(query, 2)  # the head of the order walked (LIKE), the index counts
        assert (page.count, page.rows) == (len(want), want[:2])
        assert [row for o in range(0, len(want), 2) for row in listing.window(query, o, 2)] == want


@pytest.mark.postgres
def test_postgresql_gram_statistics_are_read_again_once_old(pg_url, tmp_path, monkeypatch):
    """Which grams are common comes from the server's ANALYZE; a long-running window must see
    the statistics of a catalog that has grown since it first read them."""
    from sqlalchemy import text as sql

    from desktop_app.app import open_services

    services = open_services(pg_url, tmp_path / "data")
    try:
        agency = services.agencies.create("青溪县应急管理局", "11330727775738086F").id
        repository = services.catalog_listing._repository

        def add_and_analyze(title: str) -> None:
            drafts = [
                EntryDraft(title=f"{title}{n}", generated_on=D(2024, 1, 1)) for n in range(60)
            ]
            services.catalog.add_many(agency, drafts)
            with services.db.session() as session:
                session.execute(sql("ANALYZE catalog_entry"))

        add_and_analyze("水库巡查")
        with services.db.session() as session:
            assert repository._pg_share(session, "水库") > 0.5
        add_and_analyze("森林防火")  # the new word is now in half the entries …
        with services.db.session() as session:
            assert repository._pg_share(session, "森林") == 0.0  # … but the statistics are kept
            monkeypatch.setattr(catalog_listing_repository, "_PG_STATS_AGE", 0.0)
            assert repository._pg_share(session, "森林") >= 0.2  # … until they are old
    finally:
        services.close()
