"""The catalog's file transfers for the UI, typed: import a spreadsheet, export the rows a query
shows; any thread (the window runs them through ui/tasks.py with a progress bar).

The importer and the spreadsheet writer load when first used, so the commands that build the
services at start-up do not load them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.catalog_listing import CatalogQuery
from desktop_app.progress import Progress
from desktop_app.services.catalog_listing import CatalogListingService
from desktop_app.services.context import Services

if TYPE_CHECKING:
    from desktop_app.services.catalog_import import ImportResult


class CatalogTransfer:
    """What the catalog tab's 导入 and 导出 ask of the database and the files."""

    def __init__(self, services: Services, listing: CatalogListingService) -> None:
        self._services, self._listing = services, listing

    def import_file(
        self,
        path: str | Path,
        skip_invalid: bool = False,
        progress: Progress | None = None,
        create_categories: bool = False,
    ) -> ImportResult:
        """All rows in one transaction; ImportRefused (naming each row's problem) saves nothing."""
        from desktop_app.services.catalog_import import import_catalog  # noqa: PLC0415

        return import_catalog(self._services, path, skip_invalid, progress, create_categories)

    def export(
        self, query: CatalogQuery, path: str | Path, progress: Progress | None = None
    ) -> tuple[bool, int]:
        """The rows `query` shows, every field, noted in the trail: (finished, how many); not
        finished when `progress` cancelled it (no file left)."""
        from desktop_app.services.catalog_export import export_entries  # noqa: PLC0415

        services = self._services
        ids = self._listing.ids(query)
        finished = export_entries(services.catalog, services.audit, ids, path, progress)
        return finished, len(ids)
