"""Benchmark: `disclosure-desk report export` as a whole process, beside LibreOffice converting the
same report as a whole process (like with like; goal ≤ 0.45 s and ≥ 3× LibreOffice).

Run: .venv/bin/python bench/bench_report_export_process.py [RUNS]
The demo database's latest report is exported as the filing copy RUNS times (min / median, after one
warm-up run that also fills the font cache); the same report, as a .docx with every table
(report_docx.py), is converted by LibreOffice headless (when installed) the same number of times
after its own warm-up. A process that only imports the libraries an export needs is timed beside
them: the floor of any export made with this stack.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report_docx import write_docx

from desktop_app.app import open_services
from desktop_app.services import annual_reports

# The libraries any export through the project's stack loads: the database layer (SQLAlchemy's
# ORM, SQLite's driver) and ReportLab's layout and PDF writer.
STACK_IMPORTS = "import sqlalchemy.orm, sqlite3, reportlab.platypus, reportlab.pdfgen.canvas"

# As an installed copy runs: with bytecode (the warm-up run writes it where it is missing).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timings(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run (CPU time stays honest on a busy machine)."""
    subprocess.run(command, check=True, capture_output=True, timeout=300, env=ENV)  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), cpu_seconds()
        subprocess.run(command, check=True, capture_output=True, timeout=300, env=ENV)
        wall.append(time.perf_counter() - started)
        cpu.append(cpu_seconds() - cpu_started)
    return wall, cpu


def line(name: str, runs: tuple[list[float], list[float]]) -> str:
    wall, cpu = runs
    return (
        f"{name:38s} wall min {min(wall):6.3f} s, median {statistics.median(wall):6.3f} s; "
        f"CPU min {min(cpu):6.3f} s"
    )


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, data = folder / "demo.sqlite", folder / "data"
        cli = [sys.executable, "-m", "desktop_app", "--db", str(db), "--data-dir", str(data)]
        subprocess.run([*cli, "demo"], check=True, capture_output=True)
        services = open_services(str(db), data)
        try:
            year = max(services.reports.years(services.agencies.current().id))
            report = annual_reports.current(services, year)
            document = annual_reports.report_to_document(
                report, services.agencies.current(), "filing"
            )
        finally:
            services.close()
        out = folder / "ours.pdf"
        export = [*cli, "report", "export", "--year", str(year), "--copy", "filing"]
        ours = timings([*export, "--out", str(out)], runs)
        print(f"report {year}, {out.stat().st_size / 1024:.0f} KB")
        print(line("ours: disclosure-desk report export", ours))
        # What no export through the given stack can go below: a process that only imports it.
        stack = [sys.executable, "-c", STACK_IMPORTS]
        floor = timings(stack, runs)
        print(line("floor: a process importing the stack", floor))
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("anchor: LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
            return
        source = folder / "report.docx"
        write_docx(document, source)
        convert = [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)]
        theirs = timings(convert, runs)
        print(line("anchor: LibreOffice headless convert", theirs))
        print(f"ratio LibreOffice / ours (wall min): {min(theirs[0]) / min(ours[0]):.2f}")
        print(
            f"ratio LibreOffice / floor (the most any export could reach here): "
            f"{min(theirs[0]) / min(floor[0]):.2f}"
        )
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
