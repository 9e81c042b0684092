"""Benchmark: tables 三 and 四 for one year over a register of 20,000 requests (target ≤ 1 s).

Run: .venv/bin/python bench/bench_request_stats.py  (or pytest -m bench bench/bench_request_stats.py)
Measures both the pure computation and the whole path from the database (query + computation).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import pytest
from register_data import request_drafts

from desktop_app.app import open_services
from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.domain.request_stats import table3, table4

COUNT, YEAR, LIMIT_SECONDS = 20_000, 2024, 1.0


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(str(Path(tmp) / "bench.sqlite"), Path(tmp) / "data")
        try:
            agency = services.agencies.create("青溪县应急管理局", "11330727775738086F")
            repo = RequestRepository(services.db)
            repo.add_many(agency.id, request_drafts(COUNT, dt.date(YEAR, 1, 1), 366))
            started = time.perf_counter()
            records = repo.stat_records(YEAR)
            queried = time.perf_counter()
            three = table3(records, YEAR)
            table4(repo.appeals(), YEAR)
            done = time.perf_counter()
        finally:
            services.close()
    assert three.counts["一、本年新收政府信息公开申请数量"]["总计"] == COUNT
    return {"query": queried - started, "compute": done - queried, "total": done - started}


@pytest.mark.bench
def test_stats_for_a_year_of_20000_requests_within_a_second():
    timings = run()
    assert timings["total"] <= LIMIT_SECONDS, timings


if __name__ == "__main__":
    for name, seconds in run().items():
        print(f"{name:8s} {seconds * 1000:8.1f} ms")
