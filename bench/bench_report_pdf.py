"""Benchmark: a 12-page report with all three tables to PDF, side by side with LibreOffice."""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.export.document import Heading, Paragraph, Table  # noqa: E402
from desktop_app.export.fonts import resolve_fonts  # noqa: E402
from desktop_app.export.report_pdf import export_report_pdf  # noqa: E402
from tests.test_export_report_pdf import build  # noqa: E402


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
    return "<html><meta charset='utf-8'><body>" + "".join(parts) + "</body></html>"


def main() -> None:
    doc = build("web", repeat=4)
    fonts = resolve_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.pdf"
        export_report_pdf(doc, out, fonts)  # warm-up: font files parsed once per process
        t = time.perf_counter()
        result = export_report_pdf(doc, out, fonts)
        ours = time.perf_counter() - t
        print(f"ours: {result.pages} pages, {ours:.3f} s, {out.stat().st_size / 1024:.0f} KB")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("LibreOffice not installed: no comparison")
            return
        src = Path(tmp) / "report.html"
        src.write_text(to_html(doc), encoding="utf-8")
        t = time.perf_counter()
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "pdf:writer_web_pdf_Export",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        lo = time.perf_counter() - t
        size = (Path(tmp) / "report.pdf").stat().st_size
        print(
            f"libreoffice: {lo:.3f} s, {size / 1024:.0f} KB; "
            f"ratio LibreOffice/ours = {lo / ours:.1f}"
        )


if __name__ == "__main__":
    main()
