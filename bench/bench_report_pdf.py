"""Benchmark: a 12-page report with all three tables to PDF, side by side with LibreOffice."""

from __future__ import annotations

import dataclasses
import html
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.export.document import Heading, Paragraph, Table
from desktop_app.export.fonts import resolve_fonts
from desktop_app.export.report_pdf import export_report_pdf
from tests.test_export_report_pdf import build


def to_html(doc) -> str:
    parts = [f"<h1 style='text-align:center'>{html.escape(doc.title)}</h1>"]
    for b in doc.blocks:
        if isinstance(b, Heading):
            parts.append(f"<h2>{html.escape(b.text)}</h2>")
        elif isinstance(b, Paragraph):
            parts.append(f"<p style='text-indent:2em'>{html.escape(b.text)}</p>")
        elif isinstance(b, Table):
            rows = "".join(
                "<tr>"
                + "".join(
                    f"<td colspan={c.colspan} rowspan={c.rowspan}>{html.escape(c.text)}</td>"
                    for c in r
                )
                + "</tr>"
                for r in b.rows
            )
            parts.append(f"<table border=1>{rows}</table>")
    style = (
        "<style>@page{size:210mm 297mm;margin:37mm 26mm 35mm 28mm}"
        "body{font-size:16pt;line-height:29pt}h1{font-size:22pt}h2{font-size:16pt}"
        "td{font-size:10.5pt}</style>"
    )
    return f"<html><meta charset='utf-8'>{style}<body>{''.join(parts)}</body></html>"


def twelve_pages(fonts, out: Path):
    """The sample report, trimmed from the end (keeping all tables) until it is 12 pages long."""
    doc = build("web", repeat=4)
    while export_report_pdf(doc, out, fonts).pages > 12:
        doc = dataclasses.replace(doc, blocks=doc.blocks[:-1])
    return doc


def main() -> None:
    t = time.perf_counter()
    fonts = resolve_fonts()
    print(f"font resolution and registration (once per process): {time.perf_counter() - t:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ours.pdf"
        doc = twelve_pages(fonts, out)  # also the warm-up: font files are parsed once per process
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            result = export_report_pdf(doc, out, fonts)
            runs.append(time.perf_counter() - t)
        ours = min(runs)
        print(f"ours: {result.pages} pages, {ours:.3f} s, {out.stat().st_size / 1024:.0f} KB")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("LibreOffice not installed: no comparison")
            return
        src = Path(tmp) / "report.html"
        src.write_text(to_html(doc), encoding="utf-8")
        lo_runs = []
        for _ in range(2):  # the first run also creates LibreOffice's profile
            t = time.perf_counter()
            subprocess.run(
                [
                    soffice,
                    "--headless",
                    "--infilter=HTML (StarWriter)",
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
        lo = lo_runs[-1]
        lo_pdf = Path(tmp) / "report.pdf"
        size = lo_pdf.stat().st_size
        print(f"libreoffice output: {len(pypdfium2.PdfDocument(lo_pdf))} pages (html → pdf)")
        print(
            f"libreoffice: {lo:.3f} s, {size / 1024:.0f} KB; "
            f"ratio LibreOffice/ours = {lo / ours:.1f}"
        )


if __name__ == "__main__":
    main()
