"""What a front end is handed once the database is open: the typed services and the repositories
still reached directly, with where this database keeps its files beside it.

Built by desktop_app.app (the composition root); services never import app, so they take it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.db.audit import AuditLog
from desktop_app.db.engine import Database, sqlite_path
from desktop_app.db.repositories.agency import AgencyRepository
from desktop_app.db.repositories.catalog import CatalogRepository
from desktop_app.db.repositories.classification import ClassificationRepository
from desktop_app.db.repositories.letters import LetterRepository
from desktop_app.db.repositories.reports import ReportRepository
from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.db.repositories.users import UserRepository
from desktop_app.domain.users import User
from desktop_app.paths import AppPaths
from desktop_app.services.catalog import CatalogService
from desktop_app.services.catalog_listing import CatalogListingService
from desktop_app.services.letters import LetterService
from desktop_app.services.register import RegisterService
from desktop_app.services.settings import SettingsService


@dataclass
class Services:
    """Everything a front end needs, built once per process."""

    paths: AppPaths
    db: Database
    agencies: AgencyRepository
    classification: ClassificationRepository
    catalog: CatalogRepository
    catalog_listing: CatalogListingService  # the table's counts and windows of rows
    requests: RequestRepository
    reports: ReportRepository
    letters: LetterRepository
    users: UserRepository
    audit: AuditLog
    register: RegisterService  # the typed entry points of the UI, one per area
    entries: CatalogService
    settings: SettingsService
    letter_service: LetterService = field(init=False)  # the 文书 dialogs' (drafting, issuing)

    def __post_init__(self) -> None:
        self.letter_service = LetterService(self)

    @property
    def user(self) -> User | None:
        """Who signed in: the window greys out what their roles do not allow (ui/roles.py)."""
        return self.db.user

    def close(self) -> None:
        self.db.dispose()


def attachments_dir(url: str, paths: AppPaths) -> Path:
    """Attachments sit beside a SQLite file (so the two travel together); a server database
    keeps their bytes itself, and this computer's copies opened from it go to the data folder."""
    db_file = sqlite_path(url)
    if db_file is not None:
        return db_file.with_name(f"{db_file.stem}-attachments")
    return paths.data_dir / "attachments"


def staging_ledger(paths: AppPaths) -> Path:
    """Notes of staging files with personal data while they are written (see staged.sweep)."""
    return paths.data_dir / "staging"
