"""Export the entries a catalog list shows to a spreadsheet, every field, and note it in the trail."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.db.audit import AuditLog
from desktop_app.db.repositories.catalog import CatalogRepository
from desktop_app.export.catalog_table import export_catalog
from desktop_app.progress import Progress


def export_entries(
    catalog: CatalogRepository,
    audit: AuditLog,
    ids: Sequence[int],
    path: str | Path,
    progress: Progress | None = None,
) -> bool:
    """Write the entries `ids` to `path`; False when cancelled through `progress` (no file left)."""
    finished = export_catalog(catalog.get_many(ids), path, progress)
    if finished:
        audit.exported("catalog_entry", path, f"{len(ids)} 条")
    return finished
