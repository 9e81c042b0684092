"""The catalog table's light rows and the question it asks of the database (filter, search, order).

Plain data: the database answers a `CatalogQuery` with a row count and windows of `CatalogListing`,
so the table never holds the whole catalog.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from desktop_app.domain.catalog import WITHDRAWN, CatalogEntry
from desktop_app.domain.catalog_grams import ascii_lower

# The fields the table can be sorted by, in its column order.
SORT_FIELDS = (
    "index_no",
    "title",
    "doc_number",
    "generated_on",
    "published_on",
    "disclosure_form",
    "node_path",
    "genre",
    "validity",
)
SEARCHED_FIELDS = ("title", "doc_number", "keywords", "index_no")


class CatalogListing(NamedTuple):
    """One entry as the catalog table shows it; read-only.

    A tuple without 内容概述, 发布机构, 公开时限 … or attachments: whatever needs the whole entry
    (the form, withdrawal, export) reads it by `id`.
    """

    id: int
    index_no: str
    title: str
    doc_number: str
    generated_on: dt.date
    published_on: dt.date | None
    disclosure_form: str
    genre: str
    keywords: str
    validity: str
    validity_date: dt.date | None
    node_id: int | None
    node_path: str  # the one field not a column: looked up from node_id

    @property
    def withdrawn(self) -> bool:
        return self.validity in WITHDRAWN

    @classmethod
    def of(cls, entry: CatalogEntry) -> CatalogListing:
        """The listing row of a saved entry (after the form or a withdrawal)."""
        return cls._make(getattr(entry, name) for name in cls._fields)


@dataclass(frozen=True)
class CatalogQuery:
    """Which entries the table shows and in what order; empty values mean "all".

    `text` is found as a substring of 信息名称, 文号, 关键词 or 索引号, never across two of them,
    ignoring the case of ASCII letters only — as SQLite's LIKE and the short-query index do; a
    full-width ＧＢ is found as typed (Python's lower() made it ｇｂ, which the index of pairs did not
    hold, while the trigram index folded it: counts and rows disagreed). Rows are ordered by
    `sort_field`, then by 索引号 in the same direction.
    """

    text: str = ""
    year: int | None = None
    node_ids: frozenset[int] | None = None  # a node and its descendants
    disclosure_form: str = ""
    validity: str = ""
    sort_field: str = "generated_on"
    descending: bool = True

    @property
    def needle(self) -> str:
        return ascii_lower(self.text.strip())


# A search the database cannot count from its index alone (one or two characters with a filter on
# SQLite, any on PostgreSQL) is counted only this far: the count of a common word would otherwise
# test each match. Its first rows come as quickly as any.
SHORT_QUERY = 3
SHORT_QUERY_ROWS = 2000


@dataclass(frozen=True)
class ListingPage:
    """The answer to a query: how many rows match (at most `SHORT_QUERY_ROWS` for a search
    counted so, then `more` says there are others), and the first of them."""

    count: int
    rows: list[CatalogListing]
    more: bool = False


@dataclass(frozen=True)
class CatalogSummary:
    """What the status bar and the year filter show of the whole catalog."""

    total: int
    valid: int
    years: list[int]  # newest first
