"""The catalog table's reads alone, in process: what one keystroke of a search costs the database.

Usage: .venv/bin/python bench/bench_catalog_queries.py CATALOG.sqlite|postgresql+psycopg://… […]
For each database: `CatalogListingService.page` (the count and the first 200 rows, what the table
asks for after each keystroke) for every prefix of each query, as an input method commits Chinese
(逐字) and for the whole word (整词), p50 / p95 over three rounds; a window further down; sorting
by 信息名称. The load average is printed with the figures: the machine is shared.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

from bench_catalog_scale import GOALS, QUERIES

from desktop_app.app import open_services
from desktop_app.domain.catalog_listing import CatalogQuery

ROUNDS = 3


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def p50_p95(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} / {statistics.quantiles(values, n=20)[18]:.0f}"


def measure(target: str) -> None:
    services = open_services(target, tempfile.mkdtemp())
    listing = services.catalog_listing
    try:
        entries = listing.summary().total
        print(f"\n条目数 {entries:,}（{target.rsplit('@', 1)[-1]}），负载 {os.getloadavg()[0]:.1f}")
        first = [timed(lambda: listing.page(CatalogQuery(), 200)) for _ in range(ROUNDS)]
        print(f"  首页（计数 + 200 行） p50/p95 {p50_p95(first):>12} ms")
        for name, words in QUERIES.items():
            typed: list[float] = []
            whole: list[float] = []
            for _ in range(ROUNDS):
                for word in words:
                    for end in range(1, len(word) + 1):
                        typed.append(
                            timed(lambda w=word[:end]: listing.page(CatalogQuery(text=w), 200))
                        )
                    whole.append(timed(lambda w=word: listing.page(CatalogQuery(text=w), 200)))
            print(f"  搜索 {name} 逐字 p50/p95 {p50_p95(typed):>12} ms   {GOALS['search']}")
            print(f"  搜索 {name} 整词 p50/p95 {p50_p95(whole):>12} ms")
        deep = [
            timed(lambda: listing.window(CatalogQuery(text="安全"), 5000, 200)) for _ in range(3)
        ]
        print(f"  “安全”第 5000 行起的窗口 {min(deep):>8.0f} ms")
        by_title = CatalogQuery(sort_field="title", descending=False)
        print(f"  按信息名称排序            {timed(lambda: listing.page(by_title, 200)):>8.0f} ms")
    finally:
        services.close()


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    for target in sys.argv[1:]:
        measure(target)
