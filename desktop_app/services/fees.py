"""The 信息处理费 ledger's use-cases for the UI: the notices with how each ended, and recording a
payment or a waiver; any thread (the dialog runs them through ui/tasks.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from desktop_app.domain.fee_ledger import FeeLine, Payment
from desktop_app.services import letters
from desktop_app.services.context import Services
from desktop_app.services.turns import in_turn


class FeeService:
    """What the fee ledger dialog asks of the database."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def ledger(self, today: dt.date) -> list[FeeLine]:
        """Every 收费通知书 with its amount, payment period and status as of `today`."""
        return letters.fee_ledger(self._services, today)

    def record_payment(
        self,
        request_id: int,
        payment: Payment,
        today: dt.date,
        waiting: Callable[[], None] | None = None,
    ) -> list[FeeLine]:
        """Record it (one transaction), then the ledger as it now stands; waits its turn while an
        import holds the database."""
        repository = self._services.letters
        in_turn(self._services.db, lambda: repository.record_payment(request_id, payment), waiting)
        return self.ledger(today)
