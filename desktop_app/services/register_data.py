"""The register tab's reads and file transfers for the UI, typed: the requests with what their
answer clock depends on, the start-up reminders' inputs, and the register's import and export.

Every method reads the database or files, so the UI runs each through ui/tasks.py; any thread.
Saving one request or appeal is RegisterService's (services/register.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.fee_ledger import FeeLine
from desktop_app.domain.requests import Request
from desktop_app.domain.workcalendar import WorkCalendar
from desktop_app.progress import Progress
from desktop_app.services.clock import payment_stops_clock
from desktop_app.services.context import Services
from desktop_app.services.fee_reminders import unpaid_fees
from desktop_app.services.holidays import load_calendar

if TYPE_CHECKING:
    from desktop_app.services.catalog_import import ImportResult

# The import and export (requests_io: spreadsheets, table reading) load when first used, so the
# commands that build the services at start-up do not load them.


@dataclass(frozen=True)
class AnswerClock:
    """What due dates are worked out with, besides each request's own events."""

    calendar: WorkCalendar
    payment_stops_clock: bool  # the office's 文书设置: a payment period is left out


class RegisterData:
    """What the register tab, its forms and the start-up reminders read, and its file transfers."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def clock(self) -> AnswerClock:
        return AnswerClock(self.calendar(), self.payment_stops_clock())

    def calendar(self) -> WorkCalendar:
        """The holiday calendar; UserError naming the user's file when it is damaged."""
        return load_calendar(self._services)

    def payment_stops_clock(self) -> bool:
        return payment_stops_clock(self._services)

    def all_requests(self) -> list[Request]:
        return self._services.requests.all()

    def open_requests(self) -> list[Request]:
        return self._services.requests.open_requests()

    def unpaid_fees(self, today: dt.date | None = None) -> tuple[list[FeeLine], str]:
        """Payment periods of open requests that ran out or end soon, and the reminder's text."""
        return unpaid_fees(self._services, today)

    def import_file(
        self, path: str | Path, skip_invalid: bool = False, progress: Progress | None = None
    ) -> ImportResult:
        from desktop_app.services.requests_io import import_requests  # noqa: PLC0415

        return import_requests(self._services, path, skip_invalid, progress)

    def export(
        self,
        requests: Sequence[Request],
        path: str | Path,
        with_applicants: bool,
        progress: Progress | None = None,
    ) -> bool:
        """Write the requests to .xlsx/.csv, the applicants' personal data only when asked, and
        note the export in the trail; False when `progress` cancelled it (nothing written)."""
        from desktop_app.services.requests_io import export_requests  # noqa: PLC0415

        services = self._services
        applicants = services.requests.applicants() if with_applicants else None
        finished = export_requests(requests, path, applicants, progress)
        if finished:
            personal = "，含申请人个人信息" if with_applicants else ""
            services.audit.exported("request", str(path), f"{len(requests)} 件{personal}")
        return finished
