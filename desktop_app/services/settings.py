"""The office's settings forms for the UI: register the agency, the letters' settings and templates.

Each save is one transaction: the agency with its default tree, the settings with their template.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.db.engine import Database
from desktop_app.db.repositories.agency import AgencyRepository
from desktop_app.db.repositories.classification import ClassificationRepository
from desktop_app.db.repositories.letters import LetterRepository
from desktop_app.domain.agency import Agency
from desktop_app.domain.letter_records import LetterSettings, TemplateEdit
from desktop_app.services.turns import in_turn


class SettingsService:
    """What the settings forms ask of the database; any thread."""

    def __init__(
        self,
        db: Database,
        agencies: AgencyRepository,
        classification: ClassificationRepository,
        letters: LetterRepository,
    ) -> None:
        self._db, self._agencies = db, agencies
        self._classification, self._letters = classification, letters

    def agency(self) -> Agency:
        """The agency this database is kept for."""
        return self._agencies.current()

    def has_agency(self) -> bool:
        """False on first run, before the agency is registered."""
        return bool(self._agencies.all())

    def registered_agency(self) -> Agency | None:
        """The agency, or None on first run (one read for the window's start)."""
        return next(iter(self._agencies.all()), None)

    def register_agency(
        self, name: str, code: str, waiting: Callable[[], None] | None = None
    ) -> Agency:
        """First run: the agency and the default classification tree, both or neither."""

        def write() -> Agency:
            with self._db.transaction():
                agency = self._agencies.create(name, code)
                self._classification.seed_default()
                return agency

        return in_turn(self._db, write, waiting)

    def save_letter_settings(
        self,
        agency_id: int,
        settings: LetterSettings,
        loaded_version: int | None = None,
        template: TemplateEdit | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> LetterSettings:
        """The letters' settings and, when given, a new version of one template, in one
        transaction; a copy loaded before someone else's save is refused (ConcurrentEditError)."""
        return in_turn(
            self._db,
            lambda: self._letters.save_settings(agency_id, settings, loaded_version, template),
            waiting,
        )
