"""Benchmark data: an invented register (fixed seed) in which 95 % of the requests are answered.

Used by bench_register_view.py and bench_request_stats.py; drafts go to RequestRepository.add_many.
"""

from __future__ import annotations

import datetime as dt
import random

from desktop_app.domain.report_format import APPLICANT_TYPES
from desktop_app.domain.requests import OUTCOMES, RequestDraft


def request_drafts(
    count: int, first_day: dt.date, days: int, today: dt.date | None = None
) -> list[tuple[RequestDraft, None]]:
    """`count` requests received over `days` days from `first_day`, answered 1–39 days later
    (never after `today`), with random applicant types and outcomes."""
    rng = random.Random(2024)
    drafts = []
    for _ in range(count):
        received = first_day + dt.timedelta(days=rng.randrange(days))
        answered = (
            received + dt.timedelta(days=rng.randrange(1, 40)) if rng.random() < 0.95 else None
        )
        if answered and today and answered > today:
            answered = None
        draft = RequestDraft(
            received_on=received,
            applicant_type=rng.choice(APPLICANT_TYPES),
            content="某项政府信息",
            answered_on=answered,
            outcome=rng.choice(OUTCOMES) if answered else "",
        )
        drafts.append((draft, None))
    return drafts
