"""What a front end is handed once the database is open, with where this database keeps its files.

`Desk` is what the UI may use: one typed service per area, whose methods it runs through
ui/tasks.py, and a few plain facts; no repository (tests/test_architecture.py holds the UI to
it). `Services` is the object built, which also carries the repositories the service functions
are given (as services.context.Services). Built by desktop_app.app (the composition root);
services never import app, so they take it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

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
from desktop_app.services.access import AccessService
from desktop_app.services.audit_trail import AuditTrail
from desktop_app.services.catalog import CatalogService
from desktop_app.services.catalog_listing import CatalogListingService
from desktop_app.services.catalog_transfer import CatalogTransfer
from desktop_app.services.classification import ClassificationService
from desktop_app.services.holidays import HolidayService
from desktop_app.services.letters import LetterService
from desktop_app.services.register import RegisterService
from desktop_app.services.register_data import RegisterData
from desktop_app.services.settings import SettingsService

if TYPE_CHECKING:
    from desktop_app.services.backups import BackupService
    from desktop_app.services.fees import FeeService
    from desktop_app.services.reports import ReportService


@runtime_checkable
class Desk(Protocol):
    """The UI's view of the services: typed entry points per area, no repositories."""

    paths: AppPaths
    register: RegisterService  # save a request or an appeal
    register_data: RegisterData  # the register's reads, import and export
    entries: CatalogService  # save a catalog entry with its attachments
    catalog_listing: CatalogListingService  # the catalog table's counts and windows of rows
    catalog_files: CatalogTransfer  # the catalog's import and export
    categories: ClassificationService  # the 主题分类 tree
    settings: SettingsService  # the agency, the letters' settings
    access: AccessService  # 登录设置
    audit_trail: AuditTrail  # 操作日志
    holidays: HolidayService  # 节假日设置
    letter_service: LetterService  # 文书: drafting and issuing

    @property
    def annual_reports(self) -> ReportService: ...

    @property
    def fees(self) -> FeeService: ...

    @property
    def backups(self) -> BackupService: ...

    @property
    def user(self) -> User | None: ...

    @property
    def database_url(self) -> str: ...

    @property
    def database_location(self) -> str: ...

    @property
    def is_sqlite(self) -> bool: ...

    def close(self) -> None: ...


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
    categories: ClassificationService  # the 主题分类 tree
    access: AccessService  # 登录设置
    audit_trail: AuditTrail  # 操作日志
    # built on the repositories above
    catalog_files: CatalogTransfer = field(init=False)  # import and export
    holidays: HolidayService = field(init=False)
    register_data: RegisterData = field(init=False)
    letter_service: LetterService = field(init=False)  # the 文书 dialogs' (drafting, issuing)

    def __post_init__(self) -> None:
        self.catalog_files = CatalogTransfer(self, self.catalog_listing)
        self.holidays = HolidayService(self)
        self.register_data = RegisterData(self)
        self.letter_service = LetterService(self)

    # Built when first asked for: they load the PDF stack, which commands that never export
    # should not wait for at start-up.
    @cached_property
    def annual_reports(self) -> ReportService:
        from desktop_app.services.reports import ReportService  # noqa: PLC0415

        return ReportService(self)

    @cached_property
    def fees(self) -> FeeService:
        from desktop_app.services.fees import FeeService  # noqa: PLC0415

        return FeeService(self)

    @cached_property
    def backups(self) -> BackupService:
        from desktop_app.services.backups import BackupService  # noqa: PLC0415

        return BackupService(self)

    @property
    def user(self) -> User | None:
        """Who signed in: the window greys out what their roles do not allow (ui/roles.py)."""
        return self.db.user

    @property
    def database_url(self) -> str:
        """Names this database (recovery files and form drafts are kept per database)."""
        return self.db.url

    @property
    def database_location(self) -> str:
        """Where the database is, as shown to people: a server's password left out."""
        return self.db.location

    @property
    def is_sqlite(self) -> bool:
        return self.db.is_sqlite

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
