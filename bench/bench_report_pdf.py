"""Benchmark: a 12-page report with all three tables to PDF in process, beside LibreOffice converting
it inside a running office over UNO (like with like; goal ≤ 0.06 s and ≥ 4×). LibreOffice gets the
report as a .docx with every table (report_docx.py), as the issue measured it.

Run: .venv/bin/python bench/bench_report_pdf.py [RUNS]   (the UNO anchor needs python3-uno)
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2
from report_docx import write_docx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.export.fonts import resolve_fonts
from desktop_app.export.report_pdf import export_report_pdf
from tests.test_export_report_pdf import build


def twelve_pages(fonts, out: Path):
    """The sample report, trimmed from the end (keeping all tables) until it is 12 pages long."""
    doc = build("web", repeat=4)
    while export_report_pdf(doc, out, fonts).pages > 12:
        doc = dataclasses.replace(doc, blocks=doc.blocks[:-1])
    return doc


def uno_anchor(soffice: str, source: Path, folder: Path, runs: int) -> list[float] | None:
    """LibreOffice converting `source` inside a running office (UNO); None without python3-uno."""
    python = shutil.which("python3", path="/usr/bin")
    probe = subprocess.run([python or "python3", "-c", "import uno"], capture_output=True)
    if python is None or probe.returncode != 0:
        return None
    port = 2002 + os.getpid() % 1000
    office = subprocess.Popen(
        [
            soffice,
            "--headless",
            "--invisible",
            "--norestore",
            f"-env:UserInstallation={(folder / 'uno-profile').as_uri()}",
            f"--accept=socket,host=127.0.0.1,port={port};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        script = Path(__file__).with_name("uno_convert.py")
        out = subprocess.run(
            [python, str(script), str(port), str(source), str(folder / "uno.pdf"), str(runs)],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        ).stdout
        return json.loads(out.splitlines()[-1])
    finally:
        office.terminate()
        office.wait(timeout=60)


def line(name: str, runs: list[float]) -> str:
    return f"{name:44s} min {min(runs):.3f} s, median {statistics.median(runs):.3f} s"


def main(count: int) -> None:
    t = time.perf_counter()
    fonts = resolve_fonts()
    print(f"font resolution and registration (once per process): {time.perf_counter() - t:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ours.pdf"
        doc = twelve_pages(fonts, out)  # also the warm-up: font files are parsed once per process
        runs, cpu = [], []
        for _ in range(count):
            t, c = time.perf_counter(), time.process_time()
            result = export_report_pdf(doc, out, fonts)
            runs.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        print(f"ours: {result.pages} pages, {out.stat().st_size / 1024:.0f} KB")
        print(line("ours, in process", runs))
        print(line("ours, in process, CPU time", cpu))
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("LibreOffice not installed: no comparison")
            return
        src = Path(tmp) / "report.docx"
        write_docx(doc, src)
        uno = uno_anchor(soffice, src, Path(tmp), count)
        if uno is None:
            print("anchor: python3-uno not installed (apt-get install python3-uno)")
        else:
            print(line("anchor: LibreOffice in a running office (UNO)", uno))
            print(f"ratio LibreOffice (UNO) / ours, min: {min(uno) / min(runs):.1f} (goal ≥ 4)")
        lo_runs = []
        for _ in range(2):  # the first run also creates LibreOffice's profile
            t = time.perf_counter()
            subprocess.run(
                [
                    soffice,
                    "--headless",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            lo_runs.append(time.perf_counter() - t)
        lo_pdf = Path(tmp) / "report.pdf"
        print(f"LibreOffice output: {len(pypdfium2.PdfDocument(lo_pdf))} pages (docx → pdf)")
        print(f"LibreOffice as a whole process (not like with like): {lo_runs[-1]:.3f} s")
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
