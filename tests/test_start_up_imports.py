"""What a command imports at start-up, read from `python -X importtime` (not a timing test).

Each module a command loads costs start-up time on every run; these keep the heavy libraries to the
commands that use them: none for --version, no window, spreadsheet or PDF reader for `report export`.
"""

from __future__ import annotations

import subprocess
import sys

from desktop_app.domain import report_format as rf
from desktop_app.services import annual_reports

HEAVY_FOR_VERSION = ("sqlalchemy", "alembic", "PySide6", "reportlab", "openpyxl", "fontTools")
NOT_FOR_EXPORT = (
    "alembic",
    "PySide6",
    "openpyxl",
    "pdfplumber",
    "docx",
    "charset_normalizer",
    "fontTools",
    "pyhanko",
)
# Modules of libraries the export does use, that it must not load: the PostgreSQL dialect for a
# SQLite file, the report checker's patterns.
NOT_FOR_EXPORT_MODULES = ("sqlalchemy.dialects.postgresql", "desktop_app.domain.report_checks")


def imported_modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert lines, "python -X importtime printed nothing"
    return {line.rsplit("|", 1)[1].strip() for line in lines}


def top_level(modules: set[str], packages: tuple[str, ...]) -> set[str]:
    return {m.partition(".")[0] for m in modules} & set(packages)


def test_version_imports_no_heavy_library():
    modules = imported_modules("--version")
    assert "desktop_app.cli" in modules  # the parser was built, so the command modules were read
    assert top_level(modules, HEAVY_FOR_VERSION) == set()


def test_window_modules_import_no_pdf_layout_or_postgresql():
    """ReportLab comes when a PDF is drawn or a font registered (or the report tab is first
    shown), not with the modules the window starts with."""
    window = ("app", "ui.launch", "ui.main_window")
    code = f"import sys, {', '.join(f'desktop_app.{m}' for m in window)}; print(*sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    modules = set(result.stdout.split())
    assert {"desktop_app.services.desk", "desktop_app.services.letters"} <= modules
    assert top_level(modules, ("reportlab", "PIL")) == set()
    assert "sqlalchemy.dialects.postgresql" not in modules


def test_report_export_imports_no_window_spreadsheet_or_reader(services, agency, db_path, tmp_path):
    annual_reports.create(services, 2024, rf.FORMAT_2021)
    out = tmp_path / "report.pdf"
    command = ["--db", str(db_path), "--data-dir", str(tmp_path / "data"), "report", "export"]
    modules = imported_modules(*command, "--year", "2024", "--copy", "filing", "--out", str(out))
    assert out.stat().st_size > 0
    assert {"sqlalchemy", "reportlab"} <= top_level(modules, ("sqlalchemy", "reportlab"))
    assert "_rl_accel" in modules  # ReportLab's C helpers, not its pure-Python fallbacks
    assert top_level(modules, NOT_FOR_EXPORT) == set()
    assert modules & set(NOT_FOR_EXPORT_MODULES) == set()
