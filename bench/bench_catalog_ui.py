"""Benchmark of the catalog window on a big catalog: start → first page, search latency, peak memory.

Usage: .venv/bin/python bench/bench_catalog_ui.py [CATALOG.sqlite]
Without a file, 100,000 entries are generated first (bench/make_catalog.py, about a minute).

The window is started twice, each time in a new process, offscreen; "start" is the moment the
process is launched (interpreter start and imports included) and "first page" the moment the table
has rows and has painted them. The first start finds no compiled bytecode (Python compiles every
module of SQLAlchemy, Alembic … from source, as on the very first run of a source install); the
second finds the bytecode the first one wrote, as every later start does and as a PyInstaller
build always does. The targets are for that normal start; search latency (one keystroke: the
filter plus the table repaint) and peak memory are measured in it too.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = {
    "2 字": ["安全", "防汛", "应急", "隐患", "森林"],
    "4 字": ["安全生产", "防汛抗旱", "应急救援", "隐患排查", "危险化学"],
}
CHILD = "--measure"


def measure(path: str) -> dict:
    """One window start on `path`, in this (fresh) process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import open_services
    from desktop_app.ui.main_window import MainWindow

    app = QApplication([])
    services = open_services(path, tempfile.mkdtemp())
    window = MainWindow(services)
    window.show()
    window.start_loading()
    while window.model.rowCount() == 0:
        app.processEvents()  # a benchmark driver may spin; the program itself never does
        time.sleep(0.001)
    window.table.viewport().repaint()
    result = {"first_page": time.time()}
    while not window.loaded:
        app.processEvents()
        time.sleep(0.005)
    result["all_loaded"] = time.time()
    result["entries"] = window.model.total_count()
    for name, words in QUERIES.items():
        result[name] = search_latencies(app, window, words)
    result["peak_rss"] = peak_rss()
    window.close()
    services.close()
    return result


def search_latencies(app, window, words: list[str]) -> list[float]:
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


def peak_rss() -> int:
    import psutil

    info = psutil.Process().memory_info()
    peak = getattr(info, "peak_wset", None)  # Windows
    if peak is None and Path("/proc/self/status").exists():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) * 1024
    return peak or info.rss


def start_window(path: str, bytecode_dir: str) -> dict:
    """Launch a measuring process; returns its results with times relative to the launch."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = bytecode_dir  # our own cache: the first start finds it empty
    launched = time.time()
    out = subprocess.run(
        [sys.executable, __file__, CHILD, path], env=env, capture_output=True, text=True, check=True
    ).stdout
    result = json.loads(out.splitlines()[-1])
    for key in ("first_page", "all_loaded"):
        result[key] -= launched
    return result


def report(cold: dict, warm: dict) -> None:
    print(f"条目数：{warm['entries']}")
    rows = [
        ("启动→首页显示", f"{warm['first_page'] * 1000:.0f} ms", "≤ 1000 ms"),
        ("  首次启动（无字节码）", f"{cold['first_page'] * 1000:.0f} ms", ""),
        ("启动→全部载入", f"{warm['all_loaded'] * 1000:.0f} ms", ""),
    ]
    for name in QUERIES:
        lat = warm[name]
        p95 = statistics.quantiles(lat, n=20)[18]
        rows.append(
            (
                f"搜索 {name} p50 / p95",
                f"{statistics.median(lat):.1f} / {p95:.1f} ms",
                "p95 ≤ 100 ms",
            )
        )
    peak = max(cold["peak_rss"], warm["peak_rss"])
    rows.append(("峰值内存 (RSS)", f"{peak / 2**20:.0f} MB", "≤ 400 MB"))
    for row in rows:
        print(f"{row[0]:<16}{row[1]:>18}   {row[2]}")


def main() -> None:
    if sys.argv[1:2] == [CHILD]:
        print(json.dumps(measure(sys.argv[2])))
        return
    path = sys.argv[1] if len(sys.argv) > 1 else None
    if path is None:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from bench.make_catalog import make

        path = os.path.join(tempfile.mkdtemp(), "catalog.sqlite")
        print(f"生成 100000 条目录：{make(Path(path), 100_000):.1f} 秒（不计入下面的启动时间）")
    with tempfile.TemporaryDirectory() as bytecode_dir:
        cold = start_window(path, bytecode_dir)
        warm = start_window(path, bytecode_dir)
    report(cold, warm)


if __name__ == "__main__":
    main()
