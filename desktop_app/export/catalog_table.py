"""Catalog entries out to a spreadsheet (.xlsx, or .csv in UTF-8 with BOM) that import reads back.

Public API: `export_catalog(entries, path, progress=None) -> bool`. Pure: entries in, file out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.domain.catalog import FIELD_LABELS, CatalogEntry
from desktop_app.export.spreadsheet import DEFAULT_WIDTH, tracked, write_table
from desktop_app.progress import Progress

# Column order of the file; the header row is FIELD_LABELS of these (import maps them back).
COLUMNS = (
    "index_no",
    "title",
    "doc_number",
    "publisher",
    "generated_on",
    "published_on",
    "disclosure_form",
    "period",
    "period_end",
    "scope",
    "node_path",
    "genre",
    "keywords",
    "summary",
    "validity",
    "validity_date",
)
HEADER = tuple(FIELD_LABELS[name] for name in COLUMNS)
_WIDTHS = {
    "index_no": 28,
    "title": 50,
    "doc_number": 20,
    "publisher": 20,
    "node_path": 30,
    "keywords": 20,
    "summary": 60,
}


def export_catalog(
    entries: Sequence[CatalogEntry], path: str | Path, progress: Progress | None = None
) -> bool:
    """Write `entries` to `path` (.xlsx or .csv by suffix; see spreadsheet.write_table).

    `progress(done, total)` may return False to cancel; the result is then False and nothing is
    written.
    """
    widths = [_WIDTHS.get(name, DEFAULT_WIDTH) for name in COLUMNS]
    rows = ([getattr(e, name) for name in COLUMNS] for e in tracked(entries, progress))
    return write_table(path, "公开目录", HEADER, rows, widths)
