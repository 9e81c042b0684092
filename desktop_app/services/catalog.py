"""The catalog entry form's use-cases for the UI: save an entry with its new attachments.

The table's listing, search and counts are in catalog_listing.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from desktop_app.db.engine import Database
from desktop_app.db.repositories.agency import AgencyRepository
from desktop_app.db.repositories.catalog import CatalogRepository
from desktop_app.domain.catalog import Attachment, CatalogEntry, EntryDraft
from desktop_app.errors import UserError
from desktop_app.services.turns import in_turn


@dataclass(frozen=True)
class SavedEntry:
    entry: CatalogEntry  # as stored, with the attachments that were added
    attach_problem: str = ""  # why the files were not all attached; the entry itself is saved


class CatalogService:
    """What the entry form asks of the database and the attachment folder; any thread."""

    def __init__(
        self, db: Database, agencies: AgencyRepository, catalog: CatalogRepository
    ) -> None:
        self._db, self._agencies, self._catalog = db, agencies, catalog

    def get(self, entry_id: int) -> CatalogEntry:
        return self._catalog.get(entry_id)

    def verified_path(self, attachment: Attachment) -> Path:
        """A file holding the attachment, checked against its recorded SHA-256."""
        return self._catalog.verified_path(attachment)

    def export_attachment(self, attachment: Attachment, target: Path) -> None:
        """Copy the checked attachment to `target`, noted in its entry's history."""
        self._catalog.export_attachment(attachment, target)

    def withdraw(
        self,
        entry_id: int,
        validity: str,
        on: dt.date | None,
        waiting: Callable[[], None] | None = None,
    ) -> CatalogEntry:
        """Mark an entry 失效 or 废止 from a date (entries are never deleted); waits its turn
        while an import holds the database (`waiting()` says so)."""
        return in_turn(self._db, partial(self._catalog.withdraw, entry_id, validity, on), waiting)

    def save_entry(
        self,
        draft: EntryDraft,
        stored: CatalogEntry | None = None,
        files: Sequence[Path] = (),
        waiting: Callable[[], None] | None = None,
    ) -> SavedEntry:
        """Add (`stored` None) or update an entry, then copy and hash each file into the
        attachments; waits its turn while an import holds the database (`waiting()` says so)."""

        def write() -> CatalogEntry:
            if stored is None:
                return self._catalog.add(self._agencies.current().id, draft)
            return self._catalog.update(stored.id, draft, stored.version)

        entry = in_turn(self._db, write, waiting)
        if not files:
            return SavedEntry(entry)
        problem = ""
        try:
            for path in files:
                in_turn(self._db, partial(self._catalog.attach, entry.id, path), waiting)
        except UserError as exc:
            problem = str(exc)
        return SavedEntry(self._catalog.get(entry.id), problem)
