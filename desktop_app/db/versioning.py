"""Conflict-safe saves: a row remembers its version and who changed it last.

Each versioned row has `version_id_col` set, so SQLAlchemy writes `UPDATE … WHERE id = :id AND
version = :read` and raises StaleDataError (explained as ConcurrentEditError) when another
save committed in between. `check` refuses up front a save from a copy loaded earlier.
"""

from __future__ import annotations

import datetime as dt

from desktop_app.db.models import CatalogEntryRow
from desktop_app.db.models_audit import AccessSettingRow
from desktop_app.db.models_letters import LetterSettingRow
from desktop_app.db.models_reports import ReportRow
from desktop_app.db.models_requests import AppealRow, RequestRow
from desktop_app.errors import ConcurrentEditError

# The rows saved with a version check (`version_id_col`).
Versioned = (
    CatalogEntryRow | ReportRow | RequestRow | AppealRow | LetterSettingRow | AccessSettingRow
)


def check(row: Versioned, loaded_version: int | None, what: str) -> None:
    """Refuse a save from a copy older than the row; None = the caller read it just now."""
    if loaded_version is not None and row.version != loaded_version:
        raise ConcurrentEditError(what, row.modified_by, row.updated_at)


def stamp(row: Versioned, by: str) -> None:
    """`by`: the acting user (db/audit.require), named in a later stale save's refusal."""
    row.modified_by = by
    row.updated_at = dt.datetime.now()
