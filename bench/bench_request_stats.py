"""Benchmark: tables 三 and 四 for one year at 2k / 20k / 200k requests (goal: ≤ 0.5 s at 200k).

Run: .venv/bin/python bench/bench_request_stats.py [COUNT …]  (or pytest -m bench bench/bench_request_stats.py)
Each size: a register of invented requests received in one year, then the statistics as the report and
`requests stats` compute them (one SQL aggregate, stat_groups → table3_counts), beside the anchor of
reading every request's columns and counting them one by one (stat_records → table3, which the
sources dialog still uses for the ids behind a cell). Best of three runs each.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from register_data import request_drafts

from desktop_app.app import open_services
from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.domain.request_stats import table3, table3_counts, table4

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
        services = open_services(str(Path(tmp) / "bench.sqlite"), Path(tmp) / "data")
        try:
            agency = services.agencies.create("青溪县应急管理局", "11330727775738086F")
            repo = RequestRepository(services.db)
            repo.add_many(agency.id, request_drafts(count, dt.date(YEAR, 1, 1), 366))
            counted = table3_counts(repo.stat_groups(YEAR), YEAR)
            assert counted.counts == table3(repo.stat_records(YEAR), YEAR).counts
            assert counted.counts["一、本年新收政府信息公开申请数量"]["总计"] == count
            return {
                "aggregate": best(
                    lambda: (
                        table3_counts(repo.stat_groups(YEAR), YEAR),
                        table4(repo.appeals(), YEAR),
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
