"""Upgrading a database of the previous release: PDFs exported before signing become draft
exports, reports signed back then read as 未加封 (not as tampered), every row starts at version 1."""

from __future__ import annotations

import json
import sqlite3

from desktop_app.app import open_services
from desktop_app.domain.annual_report import AnnualReport, Section, content_hash
from desktop_app.domain.report_seal import UNSEALED
from desktop_app.services import annual_reports as ar
from tests.conftest import AGENCY_CODE, AGENCY_NAME
from tests.test_migrations import upgrade_to

SECTIONS = (Section("总体情况", ("正文。",)),)
BODY = json.dumps({"lead": [], "sections": [{"heading": "总体情况", "paragraphs": ["正文。"]}]})


def _old_database(path) -> None:
    """A report signed on 2025-01-20 by the previous release, exported the day before and after."""
    upgrade_to(path, "0300_attachment_content")
    signed_hash = content_hash(AnnualReport(2024, "free", "年报", SECTIONS))
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO agency (id, name, code, index_pattern) VALUES (1, ?, ?, ?)",
            (AGENCY_NAME, AGENCY_CODE, "{code}/{year}-{serial:05d}"),
        )
        db.execute(
            "INSERT INTO annual_report (id, agency_id, year, revision, format, title, body_json,"
            " status, signer, signed_on, content_hash, sign_reason)"
            " VALUES (1, 1, 2024, 1, 'free', '年报', ?, '已签发', '张主任', '2025-01-20', ?, '')",
            (BODY, signed_hash),
        )
        for pdf_id, moment in ((1, "2025-01-19 16:00:00"), (2, "2025-01-21 09:00:00")):
            db.execute(
                "INSERT INTO report_pdf (id, report_id, copy, path, sha256, exported_at)"
                " VALUES (?, 1, 'filing', ?, ?, ?)",
                (pdf_id, f"/tmp/{pdf_id}.pdf", "0" * 64, moment),
            )


def test_a_0300_database_upgrades_with_exports_sorted_into_drafts_and_signed(tmp_path):
    path = tmp_path / "old.sqlite"
    _old_database(path)
    services = open_services(str(path), tmp_path / "data")
    try:
        [record] = ar.history(services, 2024)
        assert record.report.version == 1
        assert record.integrity.status == UNSEALED
        assert [p[1] for p in record.pdfs] == ["/tmp/2.pdf"]  # the export after signing only
    finally:
        services.close()
