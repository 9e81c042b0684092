"""What the answer clock depends on besides a request's own events: the office's fee setting.

Kept apart from services/letters.py so the register and the start-up reminder can ask without
importing the PDF stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.services.context import Services


def payment_stops_clock(services: Services) -> bool:
    """The office's setting (文书设置): is a 收费通知's payment period left out of the answer period?"""
    return services.letters.settings(services.agencies.current().id).payment_stops_clock
