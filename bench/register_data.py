"""Benchmark data: an invented register (fixed seed) in which 95 % of the requests are answered.

Used by bench_register_view.py and bench_request_stats.py; drafts go to RequestRepository.add_many,
appeal rows straight into their table.
"""

from __future__ import annotations

import datetime as dt
import random

from desktop_app.domain.report_format import APPLICANT_TYPES
from desktop_app.domain.requests import (
    APPEAL_KINDS,
    APPEAL_RESULTS,
    OUTCOMES,
    PENDING,
    RequestDraft,
)


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


def appeal_rows(request_ids: list[int]) -> list[dict[str, object]]:
    """An appeal of each request (kind, result and dates at random), as rows for an INSERT."""
    rng = random.Random(2025)
    rows = []
    for request_id in request_ids:
        filed = dt.date(2023, 6, 1) + dt.timedelta(days=rng.randrange(700))
        result = rng.choice(APPEAL_RESULTS)
        decided = None if result == PENDING else filed + dt.timedelta(days=rng.randrange(1, 200))
        rows.append(
            {
                "request_id": request_id,
                "kind": rng.choice(APPEAL_KINDS),
                "filed_on": filed,
                "result": result,
                "decided_on": decided,
            }
        )
    return rows
