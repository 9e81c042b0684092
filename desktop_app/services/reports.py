"""The 年度报告 tab's use-cases for the UI, typed: open a year with its findings, edit, sign,
import and export.

The work itself is in annual_reports (shared with the `report` commands); this class gives the
UI one object to hold instead of the repositories behind it. Every method reads or writes the
database or files, so the UI runs each through ui/tasks.py; any thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from desktop_app.domain.annual_report import AnnualReport, CellKey, Section
from desktop_app.domain.catalog import CatalogEntry
from desktop_app.export.signing import Certificate
from desktop_app.services import annual_reports, report_integrity
from desktop_app.services.annual_reports import DraftExists, ReportImport, RevisionRecord
from desktop_app.services.context import Services

if TYPE_CHECKING:
    from desktop_app.domain.report_checks import Finding
    from desktop_app.export.report_pdf import PdfExportResult  # ReportLab: not at start-up

__all__ = ["CheckedReport", "DraftExists", "ReportImport", "ReportService", "RevisionRecord"]


class CheckedReport(NamedTuple):
    """A report as stored with what the checks find in it, ready to show."""

    report: AnnualReport
    findings: list[Finding]


class ReportService:
    """What the report view and its dialogs ask of the database and the files."""

    def __init__(self, services: Services) -> None:
        self._services = services

    # -- reading --------------------------------------------------------------------------------
    def years(self) -> list[int]:
        """The years this agency has a report of, oldest first."""
        services = self._services
        return services.reports.years(services.agencies.current().id)

    def current(self, year: int) -> AnnualReport:
        """The newest revision of the year's report (UserError when there is none)."""
        return annual_reports.current(self._services, year)

    def open(self, year: int) -> CheckedReport:
        return self.checked(self.current(year))

    def checked(self, report: AnnualReport) -> CheckedReport:
        """The report with the checker's findings (against last year's report), a seal that no
        longer matches, and, once signed, the register numbers that changed since."""
        from desktop_app.domain.report_checks import check_report  # noqa: PLC0415 - see annual_reports

        services = self._services
        findings = report_integrity.findings(services, report)
        findings += check_report(report, annual_reports.previous(services, report))
        findings += annual_reports.register_discrepancies(services, report)
        return CheckedReport(report, findings)

    def history(self, year: int) -> list[RevisionRecord]:
        return annual_reports.history(self._services, year)

    # -- writing --------------------------------------------------------------------------------
    def create(self, year: int, fmt: str) -> AnnualReport:
        return annual_reports.create(self._services, year, fmt)

    def save_sections(self, report: AnnualReport, sections: tuple[Section, ...]) -> AnnualReport:
        """The text of `report` replaced; refused (ConcurrentEditError) when it is not the newest."""
        return annual_reports.save(self._services, replace(report, sections=sections))

    def set_cell(
        self, report: AnnualReport, key: CellKey, value: Decimal | None, reason: str = ""
    ) -> AnnualReport:
        return annual_reports.set_cell(self._services, report, key, value, reason)

    def fill(self, year: int) -> AnnualReport:
        return annual_reports.fill(self._services, year)

    def submit(self, year: int) -> AnnualReport:
        return annual_reports.submit(self._services, year)

    def sign(
        self,
        year: int,
        signer: str,
        reason: str,
        on: dt.date,
        create_catalog_entry: bool,
    ) -> tuple[AnnualReport, CatalogEntry | None]:
        return annual_reports.sign(
            self._services, year, signer, reason, on, create_catalog_entry=create_catalog_entry
        )

    def reopen(self, year: int) -> AnnualReport:
        return annual_reports.reopen(self._services, year)

    def import_file(self, path: Path, year: int) -> ReportImport:
        """A published report (PDF, Word, web page) or, for a .txt file, an old plain-text one."""
        if path.suffix.lower() == ".txt":
            return annual_reports.import_text(self._services, path, year)
        return annual_reports.import_report(self._services, path, year)

    def import_json(self, path: Path, replace_draft: bool) -> AnnualReport:
        """An exchange file; DraftExists when it would replace a draft and `replace_draft` is False."""
        return annual_reports.import_json(self._services, path, replace_draft)

    # -- output ---------------------------------------------------------------------------------
    def export_json(self, year: int, out: Path) -> Path:
        return annual_reports.export_json(self._services, year, out)

    def export_pdf(
        self,
        year: int,
        copy: str,
        out: Path,
        certificate: Certificate | None = None,
        revision: int | None = None,
    ) -> PdfExportResult:
        return annual_reports.export_pdf(self._services, year, copy, out, certificate, revision)

    def preview_pdf(self, report: AnnualReport, copy: str, out: Path) -> PdfExportResult:
        return annual_reports.preview_pdf(self._services, report, copy, out)

    def settle_pending_pdfs(self) -> None:
        """Finish recording PDFs whose export a stopped program left half-recorded."""
        report_integrity.settle_pending_pdfs(self._services)
