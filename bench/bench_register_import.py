"""Benchmark: register import from csv as a whole process, at 2k / 20k / 200k rows (goal: 200k ≤ 30 s,
cost linear in the rows).

Run: .venv/bin/python bench/bench_register_import.py [ROWS …]
Each size: a register of invented requests is exported to csv once, then `disclosure-desk requests
import` runs in a fresh process on an initialised empty database. The anchor is a fresh process that
only reads the same csv with the standard library, printed beside it. Wall and CPU time (user +
system of the child process) are printed for both, with the load average: under load, compare CPU.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from register_data import request_drafts

from desktop_app.app import open_services
from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.services.requests_io import export_requests

SIZES = (2_000, 20_000, 200_000)
AGENCY = ("青溪县应急管理局", "11330727775738086F")


def make_csv(rows: int, folder: Path) -> Path:
    services = open_services(str(folder / "source.sqlite"), folder / "data")
    try:
        agency = services.agencies.create(*AGENCY)
        repo = RequestRepository(services.db)
        repo.add_many(
            agency.id, request_drafts(rows, dt.date(2020, 1, 1), 5 * 365, dt.date(2025, 1, 1))
        )
        target = folder / f"register-{rows}.csv"
        export_requests(repo.all(), target)
    finally:
        services.close()
    return target


# As an installed copy runs: with bytecode (written by the `init` run where it is missing).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(*command: str) -> tuple[float, float]:
    """(wall, CPU) seconds of the command run in a fresh process."""
    started, cpu = time.perf_counter(), children_cpu()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - started, children_cpu() - cpu


def measure(rows: int) -> tuple[tuple[float, float], tuple[float, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = make_csv(rows, folder)
        db = str(folder / "target.sqlite")
        cli = (sys.executable, "-m", "desktop_app", "--db", db, "--data-dir", str(folder / "d"))
        subprocess.run(
            (*cli, "init", "--agency-name", AGENCY[0], "--agency-code", AGENCY[1]),
            check=True,
            stdout=subprocess.DEVNULL,
            env=ENV,
        )
        read_csv = (
            f"import csv; sum(1 for _ in csv.reader(open({str(source)!r}, encoding='utf-8-sig')))"
        )
        anchor = timed(sys.executable, "-c", read_csv)
        return timed(*cli, "requests", "import", str(source)), anchor


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    print(f"{'rows':>8s} {'import wall / CPU':>18s} {'CPU per 1k':>11s} {'anchor: read csv':>17s}")
    for rows in sizes:
        (wall, cpu), (anchor_wall, anchor_cpu) = measure(rows)
        print(
            f"{rows:8d} {wall:8.2f} / {cpu:6.2f}s {cpu / rows * 1000:10.3f}s "
            f"{anchor_wall:7.2f} / {anchor_cpu:5.2f}s   load {os.getloadavg()[0]:.1f}"
        )
