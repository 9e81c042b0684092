"""Benchmark: tables 三 and 四 for one year at 2k / 20k / 200k requests (goal: ≤ 0.5 s at 200k).

Run: .venv/bin/python bench/bench_request_stats.py [COUNT …]  (or pytest -m bench bench/bench_request_stats.py)
Each size: a register of invented requests received in one year (one in a hundred appealed), then the
statistics as the report and `requests stats` compute them (SQL aggregates: stat_groups →
table3_counts, appeal_groups → table4_counts), beside the anchor of reading every request's and
appeal's columns and counting them one by one (stat_records → table3, appeals → table4, which the
sources dialog still uses for the ids behind a cell). Best of three runs each; SQLite, or the empty
PostgreSQL database named by DISCLOSURE_DESK_BENCH_PG_URL.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from register_data import appeal_rows, request_drafts
from sqlalchemy import insert

from desktop_app.app import open_services
from desktop_app.db.models_requests import AppealRow
from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.domain.request_stats import table3, table3_counts, table4, table4_counts

SIZES, YEAR, LIMIT_SECONDS = (2_000, 20_000, 200_000), 2024, 0.5


def best(work: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def run(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        target = os.environ.get("DISCLOSURE_DESK_BENCH_PG_URL") or str(Path(tmp) / "bench.sqlite")
        services = open_services(target, Path(tmp) / "data")
        try:
            agency = services.agencies.create("青溪县应急管理局", "11330727775738086F")
            repo = RequestRepository(services.db)
            saved = repo.add_many(agency.id, request_drafts(count, dt.date(YEAR, 1, 1), 366))
            with services.db.session() as session:
                session.execute(insert(AppealRow), appeal_rows([r.id for r in saved[::100]]))
            counted = table3_counts(repo.stat_groups(YEAR), YEAR)
            assert counted.counts == table3(repo.stat_records(YEAR), YEAR).counts
            assert counted.counts["一、本年新收政府信息公开申请数量"]["总计"] == count
            assert table4_counts(repo.appeal_groups(YEAR), YEAR).counts == (
                table4(repo.appeals(), YEAR).counts
            )
            return {
                "aggregate": best(
                    lambda: (
                        table3_counts(repo.stat_groups(YEAR), YEAR),
                        table4_counts(repo.appeal_groups(YEAR), YEAR),
                    )
                ),
                "per request": best(
                    lambda: (table3(repo.stat_records(YEAR), YEAR), table4(repo.appeals(), YEAR))
                ),
            }
        finally:
            services.close()


@pytest.mark.bench
def test_stats_for_a_year_of_200000_requests_within_half_a_second():
    timings = run(SIZES[-1])
    assert timings["aggregate"] <= LIMIT_SECONDS, timings


if __name__ == "__main__":
    print(
        f"{'requests':>9s} {'aggregate':>10s} {'per 1k':>8s} {'per request (anchor)':>21s} {'ratio':>6s}"
    )
    for count in [int(arg) for arg in sys.argv[1:]] or SIZES:
        t = run(count)
        print(
            f"{count:9,d} {t['aggregate'] * 1000:8.1f} ms {t['aggregate'] * 1e6 / count:6.2f} ms"
            f" {t['per request'] * 1000:18.1f} ms {t['per request'] / t['aggregate']:6.1f}"
        )
