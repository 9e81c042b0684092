"""Growth of the catalog window's costs: 10k / 100k / 1M entries, each in a fresh process, offscreen.

Usage: .venv/bin/python bench/bench_catalog_scale.py CATALOG.sqlite [CATALOG.sqlite …]
(make them with make_catalog.py, and grow_catalog.py for a million). Per file it prints:
- start → first page: process launch to the first window of rows painted (bytecode present),
  and the part of it after the window asked for its rows (imports and Qt start-up left out);
- search p50 / p95: a query typed one character at a time as an input method commits Chinese,
  and a whole word committed at once; from the last keystroke until the rows are in and painted;
- sort: each column ascending and descending, the slower, until the first rows are painted;
- UI-thread stall: the longest single stretch the event loop was busy (loading, searching,
  scrolling to the last row, sorting by each column) — what the user feels as a freeze; beside it
  the UI thread's own CPU time in that turn and its time waiting for a core (Linux schedstat):
  on a shared machine most of a long turn is the wait, not the program's work. The longest turn
  less its wait for a core is printed too: the stall a quiet machine would show;
- peak RSS of the process.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = {
    "2 字": ["安全", "防汛", "应急", "隐患", "森林", "燃气"],
    "4 字": ["安全生产", "防汛抗旱", "应急救援", "隐患排查", "危险化学", "城镇燃气"],
    "2 字罕见": ["值班", "台风"],  # in no entry: nothing stops the scan early
}
GOALS = {"first": "≤ 1000 ms", "search": "p95 ≤ 100 ms", "stall": "≤ 100 ms", "rss": "≤ 400 MB"}
CHILD = "--measure"


def run_queue_wait() -> float:
    """Seconds this thread has waited for a core so far (0 where the kernel does not say)."""
    try:
        with open("/proc/thread-self/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e9
    except OSError:
        return 0.0


class Driver:
    """Runs the event loop the way a user's session would, timing each turn of it."""

    def __init__(self, app) -> None:
        self.app = app
        self.stall = (0.0, 0.0, 0.0)  # the longest turn: wall, CPU, waiting for a core
        self.busy = 0.0  # the longest turn less its wait for a core
        self.cpu = 0.0  # the most CPU time of one turn

    def step(self, action=None) -> None:
        started, cpu, waited = time.perf_counter(), time.thread_time(), run_queue_wait()
        if action is not None:
            action()
        self.app.processEvents()
        turn = (
            time.perf_counter() - started,
            time.thread_time() - cpu,
            run_queue_wait() - waited,
        )
        self.stall = max(self.stall, turn)
        self.busy = max(self.busy, turn[0] - turn[2])
        self.cpu = max(self.cpu, turn[1])

    def until(self, done, timeout: float = 120) -> None:
        deadline = time.perf_counter() + timeout
        while not done():
            if time.perf_counter() > deadline:
                raise TimeoutError("no answer")
            self.step()
            time.sleep(0.0005)


def measure(path: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import open_services
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.models.catalog_model import COL_TITLE, HEADERS, PLACEHOLDER

    app = QApplication([])
    drive = Driver(app)
    services = open_services(path, tempfile.mkdtemp())
    window = MainWindow(services)
    window.show()
    started = time.perf_counter()
    window.start_loading()
    drive.until(lambda: window.loaded)
    window.table.viewport().repaint()
    result = {"first": time.time(), "entries": window.model.total_count()}
    result["first_in_process"] = (time.perf_counter() - started) * 1000

    def settled_and_painted():
        drive.until(lambda: not window.model.busy)
        drive.step(window.table.viewport().repaint)

    for name, words in QUERIES.items():
        typed, whole = [], []
        for word in words * 3:
            drive.step(window.search.clear)
            settled_and_painted()
            for end in range(1, len(word) + 1):
                started = time.perf_counter()
                drive.step(lambda w=word[:end]: window.search.setText(w))
            settled_and_painted()
            typed.append((time.perf_counter() - started) * 1000)
            drive.step(window.search.clear)
            settled_and_painted()
            started = time.perf_counter()
            drive.step(lambda w=word: window.search.setText(w))
            settled_and_painted()
            whole.append((time.perf_counter() - started) * 1000)
        result[name] = {"typed": typed, "whole": whole}
    drive.step(window.search.clear)
    settled_and_painted()
    started = time.perf_counter()
    drive.step(window.table.scrollToBottom)
    last = window.model.index(window.model.rowCount() - 1, COL_TITLE)
    drive.until(lambda: last.data() != PLACEHOLDER)
    drive.step(window.table.viewport().repaint)
    result["scroll_end"] = (time.perf_counter() - started) * 1000
    result["sorts"] = {}
    for column, header in enumerate(HEADERS):  # each column both ways: the slower of the two
        took = []
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            started = time.perf_counter()
            drive.step(lambda c=column, o=order: window.table.sortByColumn(c, o))
            settled_and_painted()
            took.append((time.perf_counter() - started) * 1000)
        result["sorts"][header] = max(took)
    result["stall"] = [part * 1000 for part in drive.stall]
    result["stall_busy"], result["stall_cpu"] = drive.busy * 1000, drive.cpu * 1000
    result["rss"] = peak_rss()
    window.close()
    services.close()
    return result


def peak_rss() -> int:
    with open("/proc/self/status") as status:  # Linux: the high-water mark of the resident set
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def run(path: str) -> dict:
    launched = time.time()
    out = subprocess.run(
        [sys.executable, __file__, CHILD, path], capture_output=True, text=True, check=True
    ).stdout
    result = json.loads(out.splitlines()[-1])
    result["first"] = (result["first"] - launched) * 1000
    return result


def p50_p95(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} / {statistics.quantiles(values, n=20)[18]:.0f}"


def main() -> None:
    if sys.argv[1:2] == [CHILD]:
        print(json.dumps(measure(sys.argv[2])))
        return
    for path in sys.argv[1:]:
        run(path)  # warm-up: bytecode written, the file in the page cache
        r = run(path)
        print(f"\n条目数 {r['entries']:,}（{path}）")
        print(f"  启动→首页显示            {r['first']:>8.0f} ms      {GOALS['first']}")
        print(f"  载入→首页显示（进程内）  {r['first_in_process']:>8.0f} ms")
        for name in QUERIES:
            for how, label in (("typed", "逐字输入"), ("whole", "整词输入")):
                values = r[name][how]
                print(
                    f"  搜索 {name} {label} p50/p95  {p50_p95(values):>10} ms   {GOALS['search']}"
                )
        print(f"  滚动到最后一行            {r['scroll_end']:>8.0f} ms")
        for header, took in r["sorts"].items():
            print(f"  按{header}排序（升/降较慢者） {took:>8.0f} ms      {GOALS['first']}")
        wall, cpu, wait = r["stall"]
        print(f"  界面线程最长卡顿          {wall:>8.0f} ms      {GOALS['stall']}")
        print(f"    其中本线程 CPU / 等待 CPU 核  {cpu:.0f} / {wait:.0f} ms")
        print(f"  最长一轮减去等待 CPU 核   {r['stall_busy']:>8.0f} ms      {GOALS['stall']}")
        print(f"  最长一轮的 CPU 时间       {r['stall_cpu']:>8.0f} ms")
        print(f"  负载 (uptime)             {os.getloadavg()[0]:>8.1f}")
        print(f"  峰值内存 (RSS)            {r['rss'] / 2**20:>8.0f} MB      {GOALS['rss']}")


if __name__ == "__main__":
    main()
