"""Benchmark: the installed program's start — launch of the bundle's `disclosure-desk-gui` until its
log says the main window is shown — beside the same measure of `python -m desktop_app` from this
checkout (with bytecode). The first run of each is its first start after the data folder is made.

Run: .venv/bin/python bench/bench_start_installed.py DIST_FOLDER [RUNS]
DIST_FOLDER is what `pyinstaller build_installer.spec` made (`dist/disclosure-desk`). Offscreen;
a fresh copy of a demo data folder per start. "Shown" is a log line, read every 5 ms: the first
catalog page paints ≈ 50–100 ms later (bench_start_window.py measures that in a source tree).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["QT_QPA_PLATFORM"] = "offscreen"


def starts(command: list[str], runs: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, demo = folder / "demo.sqlite", folder / "demo-data"
        subprocess.run(
            [*command, "--db", str(db), "--data-dir", str(demo), "demo"],
            check=True,
            capture_output=True,
            env=ENV,
        )
        seconds = []
        for run in range(runs):
            data = folder / f"data-{run}"
            shutil.copytree(demo, data)
            started = time.perf_counter()
            program = subprocess.Popen(
                [*command, "--db", str(db), "--data-dir", str(data)],
                env=ENV,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                while "main window shown" not in _log(data):
                    if program.poll() is not None or time.perf_counter() - started > 120:
                        raise SystemExit(f"{command[0]}: no window ({program.returncode})")
                    time.sleep(0.005)
                seconds.append(time.perf_counter() - started)
            finally:
                program.terminate()
                program.wait()
        return seconds


def _log(data: Path) -> str:
    return "".join(f.read_text("utf-8", errors="replace") for f in data.glob("logs/*.log"))


def line(name: str, seconds: list[float]) -> str:
    rest = seconds[1:] or seconds
    return (
        f"{name:38s} first {seconds[0] * 1000:5.0f} ms; then min {min(rest) * 1000:5.0f} ms, "
        f"median {statistics.median(rest) * 1000:5.0f} ms"
    )


if __name__ == "__main__":
    dist, runs = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 7
    print(line("installed: disclosure-desk-gui", starts([str(dist / "disclosure-desk-gui")], runs)))
    source = [sys.executable, "-m", "desktop_app"]
    print(line("anchor: python -m desktop_app (source)", starts(source, runs)))
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
