"""The start-up reminder of unpaid fees: open requests whose payment period ran out or ends soon.

Apart from services/letters.py so the main window's banner does not import the PDF stack.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop_app.domain.fee_ledger import FeeLine, fee_lines, fee_reminders
from desktop_app.services.holidays import load_calendar

if TYPE_CHECKING:
    from desktop_app.services.context import Services


def unpaid_fees(services: Services, today: dt.date | None = None) -> tuple[list[FeeLine], str]:
    """Lapsed and soon-lapsing payment periods of open requests, and the reminder's text."""
    day = today or dt.date.today()
    calendar = load_calendar(services)
    notices = services.letters.letters(kind="收费")
    lines = fee_lines(notices, services.letters.payments(), calendar, day)
    open_ids = {request.id for request in services.requests.open_requests()}
    return fee_reminders(lines, open_ids, day, calendar)
