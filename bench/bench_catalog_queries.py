"""The catalog table's reads alone, in process: what one keystroke of a search costs the database.

Usage: .venv/bin/python bench/bench_catalog_queries.py CATALOG.sqlite|postgresql+psycopg://… […]
For each database: `CatalogListingService.page` (the count and the first 200 rows, what the table
asks for after each keystroke) for every prefix of each query, as an input method commits Chinese
(逐字) and for the whole word (整词), p50 / p95 over three rounds; a window further down; sorting
by each column (the first page, the slower of ascending and descending, wall and this process's CPU
time — on PostgreSQL the server's CPU is not in it), also while searching "安全", and a window in the
middle of the whole catalog so sorted. The load average is printed with the figures: the shared
machine's other work inflates wall times, the CPU time less so.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

from bench_catalog_scale import GOALS, QUERIES

from desktop_app.app import open_services
from desktop_app.domain.catalog_listing import SORT_FIELDS, CatalogQuery
from desktop_app.ui.models.catalog_model import HEADERS

ROUNDS = 3


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def timed_cpu(fn) -> tuple[float, float]:
    """Wall and CPU (user + system, this process) milliseconds."""
    cpu = time.process_time()
    wall = timed(fn)
    return wall, (time.process_time() - cpu) * 1000


def sorts(listing, entries: int) -> None:
    print(
        f"  排序（首页，升/降较慢者；墙钟 / CPU），负载 {os.getloadavg()[0]:.1f}，目标 {GOALS['first']}"
    )
    for column, field in zip(HEADERS, SORT_FIELDS, strict=True):
        cells = []
        for text, offset in (("", 0), ("安全", 0), ("", entries // 2)):
            took = max(
                timed_cpu(
                    lambda f=field, d=descending, t=text, o=offset: listing.window(
                        CatalogQuery(text=t, sort_field=f, descending=d), o, 200
                    )
                )
                for descending in (False, True)
            )
            cells.append(f"{took[0]:6.0f} / {took[1]:4.0f}")
        print(
            f"    {column:6s} 全部 {cells[0]} ms · 搜“安全” {cells[1]} ms · 中间一窗 {cells[2]} ms"
        )


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
        sorts(listing, entries)
    finally:
        services.close()


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    for target in sys.argv[1:]:
        measure(target)
