"""What the catalog window asks of the catalog: counts and windows of rows, never the whole list.

The window runs these through ui/tasks.py; each call is one short read of the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.domain.catalog_listing import (
    CatalogListing,
    CatalogQuery,
    CatalogSummary,
    ListingPage,
)

if TYPE_CHECKING:
    from desktop_app.db.repositories.catalog_listing import CatalogListingRepository


class CatalogListingService:
    def __init__(self, repository: CatalogListingRepository) -> None:
        self._repository = repository

    def page(self, query: CatalogQuery, limit: int) -> ListingPage:
        """How many entries the query shows, and the first `limit` rows."""
        return self._repository.page(query, limit)

    def window(self, query: CatalogQuery, offset: int, limit: int) -> list[CatalogListing]:
        """Rows `offset` … `offset + limit - 1` of the query's table."""
        return self._repository.window(query, offset, limit)

    def ids(self, query: CatalogQuery) -> list[int]:
        """The ids of every row of the query's table, in its order."""
        return self._repository.ids(query)

    def position(self, query: CatalogQuery, entry_id: int) -> int | None:
        """The row of an entry in the query's table; None when the query leaves it out."""
        return self._repository.position(query, entry_id)

    def summary(self) -> CatalogSummary:
        return self._repository.summary()
