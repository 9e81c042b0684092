"""The records behind a cell, read in the background: a request the tables cannot place is named
in the dialog instead of crashing it."""

from __future__ import annotations

import datetime as dt
import sqlite3

from desktop_app.domain.requests import Applicant, RequestDraft
from desktop_app.ui.requests_sources_dialog import RequestsSourcesDialog


def test_an_outcome_the_tables_lack_is_named(qtbot, services, agency, db_path):
    draft = RequestDraft(
        received_on=dt.date(2024, 3, 1),
        applicant_type="自然人",
        content="某项信息",
        answered_on=dt.date(2024, 3, 10),
        outcome="予以公开",
    )
    request = services.requests.add(agency.id, draft, Applicant(name="李华"))
    with sqlite3.connect(db_path) as raw:  # as an older program or a hand edit left it
        raw.execute(
            "UPDATE disclosure_request SET outcome = '已电话答复' WHERE id = ?", (request.id,)
        )
    dialog = RequestsSourcesDialog(services, "（一）予以公开", "自然人", 2024)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.heading.text().startswith(f"无法列出：申请 {request.number} 已办结")
    assert dialog.records.rowCount() == 0
