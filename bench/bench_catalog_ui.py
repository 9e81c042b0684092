"""Benchmark of the catalog window on a big catalog: start → first page, search latency, peak memory.

Usage: .venv/bin/python bench/bench_catalog_ui.py [CATALOG.sqlite]
Without a file, 100,000 entries are generated first (bench/make_catalog.py, about a minute).
Runs offscreen; "first page" is measured from process start (imports included) until the table
has rows and has painted them. Search latency is one keystroke: the filter plus the table repaint.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

STARTED = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psutil  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

QUERIES = {
    "2 字": ["安全", "防汛", "应急", "隐患", "森林"],
    "4 字": ["安全生产", "防汛抗旱", "应急救援", "隐患排查", "危险化学"],
}


def first_page(app: QApplication, window) -> float:
    window.show()
    window.start_loading()
    while window.model.rowCount() == 0:
        app.processEvents()  # a benchmark driver may spin; the program itself never does
        time.sleep(0.001)
    window.table.viewport().repaint()
    return time.perf_counter() - STARTED


def search_latencies(app: QApplication, window, words: list[str]) -> list[float]:
    latencies = []
    for word in words * 4:
        window.search.clear()
        app.processEvents()
        for end in range(1, len(word) + 1):
            started = time.perf_counter()
            window.search.setText(word[:end])
            window.table.viewport().repaint()
            if end == len(word):
                latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def main() -> None:
    from desktop_app.app import open_services
    from desktop_app.ui.main_window import MainWindow

    path = sys.argv[1] if len(sys.argv) > 1 else None
    if path is None:
        from bench.make_catalog import make

        path = os.path.join(tempfile.mkdtemp(), "catalog.sqlite")
        make_seconds = make(path, 100_000)
        print(f"生成 100000 条目录：{make_seconds:.1f} 秒（不计入下面的启动时间）")
    app = QApplication([])
    services = open_services(path, tempfile.mkdtemp())
    window = MainWindow(services)
    shown = first_page(app, window)
    while not window.loaded:
        app.processEvents()
        time.sleep(0.005)
    all_loaded = time.perf_counter() - STARTED
    rows = [
        ("启动→首页显示", f"{shown * 1000:.0f} ms", "≤ 1000 ms"),
        ("启动→全部载入", f"{all_loaded * 1000:.0f} ms", ""),
    ]
    for name, words in QUERIES.items():
        lat = search_latencies(app, window, words)
        p95 = statistics.quantiles(lat, n=20)[18]
        rows.append(
            (
                f"搜索 {name} p50 / p95",
                f"{statistics.median(lat):.1f} / {p95:.1f} ms",
                "p95 ≤ 100 ms",
            )
        )
    rss = psutil.Process().memory_info()
    peak = getattr(rss, "peak_wset", None) or _peak_rss_linux() or rss.rss
    rows.append(("峰值内存 (RSS)", f"{peak / 2**20:.0f} MB", "≤ 400 MB"))
    print(f"条目数：{window.model.total_count()}")
    for row in rows:
        print(f"{row[0]:<16}{row[1]:>18}   {row[2]}")
    window.close()
    services.close()


def _peak_rss_linux() -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


if __name__ == "__main__":
    main()
