"""The register's use-cases for the UI: look up and save requests, typed, one transaction each."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.db.engine import Database
from desktop_app.db.repositories.agency import AgencyRepository
from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.requests import Appeal, AppealDraft, Applicant, Request, RequestDraft
from desktop_app.errors import NotFoundError, ValidationError
from desktop_app.services.turns import in_turn


class RegisterService:
    """What the register's forms ask of the database; safe to call from a background thread."""

    def __init__(
        self, db: Database, agencies: AgencyRepository, requests: RequestRepository
    ) -> None:
        self._db, self._agencies, self._requests = db, agencies, requests

    def get(self, request_id: int) -> Request:
        return self._requests.get(request_id)

    def applicant(self, request_id: int) -> Applicant:
        return self._requests.applicant(request_id)

    def appeal(self, appeal_id: int) -> Appeal:
        """The appeal `appeal_id` as stored now."""
        for appeal in self._requests.appeals():
            if appeal.id == appeal_id:
                return appeal
        raise NotFoundError("这条复议/诉讼记录已不存在")

    def save(
        self,
        draft: RequestDraft,
        applicant: Applicant,
        stored: Request | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> Request:
        """Register a new request (`stored` None) or update `stored` unless someone changed it
        since; waits its turn while an import holds the database (`waiting()` says so once)."""

        def write() -> Request:
            if stored is None:
                return self._requests.add(self._agencies.current().id, draft, applicant)
            return self._requests.update(stored.id, draft, applicant, stored.version)

        return in_turn(self._db, write, waiting)

    def save_appeal(
        self,
        draft: AppealDraft | None,
        problems: list[FieldProblem],
        number: str,
        stored: Appeal | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> Appeal:
        """Add an appeal to the request numbered `number` (`stored` None) or update `stored`.

        `problems` are those the form found already; an unknown number joins them, and all are
        raised together (ValidationError) so the form shows every one at once.
        """
        request_id = stored.request_id if stored else self._requests.id_of(number.strip())
        problems = list(problems)
        if request_id is None:
            problems.append(
                FieldProblem("申请编号", "台账中没有这个编号的申请，请核对（如 2024-0007）")
            )
        if draft is None or request_id is None or problems:
            raise ValidationError(problems)

        def write() -> Appeal:
            if stored is None:
                return self._requests.add_appeal(request_id, draft)
            return self._requests.update_appeal(stored.id, draft, stored.version)

        return in_turn(self._db, write, waiting)
