"""The register's use-cases for the UI: look up and save requests, typed, one transaction each."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.db.engine import Database
from desktop_app.db.repositories.agency import AgencyRepository
from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.request_stats import table3, table4
from desktop_app.domain.requests import Appeal, AppealDraft, Applicant, Request, RequestDraft
from desktop_app.errors import NotFoundError, UserError, ValidationError
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

    def with_applicant(self, request_id: int) -> tuple[Request, Applicant]:
        """The request as stored now and its applicant (a form reloading after a conflict)."""
        return self._requests.get(request_id), self._requests.applicant(request_id)

    def all(self) -> list[Request]:
        """Every request of the register, oldest first."""
        return self._requests.all()

    def open_requests(self) -> list[Request]:
        return self._requests.open_requests()

    def appeals(self) -> list[Appeal]:
        return self._requests.appeals()

    def appeal(self, appeal_id: int) -> Appeal:
        """The appeal as stored now; UserError when it is gone."""
        found = next((a for a in self._requests.appeals() if a.id == appeal_id), None)
        if found is None:
            raise NotFoundError("这条复议/诉讼记录已不存在")
        return found

    def behind_cell(
        self, table: str, row: str, column: str, year: int
    ) -> list[tuple[int, tuple[object, ...]]]:
        """What one cell of table 三 (requests) or 四 (appeals) counts, computed by the same code
        as the number: (request id, the values to list) each; a record the tables cannot place
        is a UserError naming it."""
        try:
            if table == "四":
                appeals = self._requests.appeals()
                ids = set(table4(appeals, year).behind(row, column))
                return [
                    (a.request_id, (a.request_number, a.kind, a.filed_on, a.result, a.decided_on))
                    for a in appeals
                    if a.id in ids
                ]
            records = self._requests.stat_records(year)
            ids = set(table3(records, year).behind(row, column))
        except (ValueError, KeyError) as exc:
            raise UserError(str(exc).strip("'\"")) from None
        return [
            (r.id, (r.number, r.applicant_type, r.received_on, r.answered_on, r.outcome))
            for r in sorted(records, key=lambda r: (r.received_on, r.number))
            if r.id in ids
        ]

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
