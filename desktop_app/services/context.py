"""What a service function is given: the composition root's repositories, as a type.

`app.Services` has these attributes; services name this Protocol instead of importing `app`
(arrows point inward: the composition root builds services, not the other way round).
"""

from __future__ import annotations

from typing import Protocol

from desktop_app.db.audit import AuditLog
from desktop_app.db.engine import Database
from desktop_app.db.repositories.agency import AgencyRepository
from desktop_app.db.repositories.catalog import CatalogRepository
from desktop_app.db.repositories.classification import ClassificationRepository
from desktop_app.db.repositories.letters import LetterRepository
from desktop_app.db.repositories.reports import ReportRepository
from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.db.repositories.users import UserRepository
from desktop_app.paths import AppPaths


class Services(Protocol):
    paths: AppPaths
    db: Database
    agencies: AgencyRepository
    classification: ClassificationRepository
    catalog: CatalogRepository
    requests: RequestRepository
    reports: ReportRepository
    letters: LetterRepository
    users: UserRepository
    audit: AuditLog
