"""`report fill` over a register holding a request the tables cannot count (an outcome typed in
an older version, say): a UserError naming the request and the fix, not a crash."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.requests import RequestDraft
from desktop_app.errors import UserError
from desktop_app.services import annual_reports as ar


def test_an_outcome_the_tables_lack_is_a_user_error_naming_the_request(services, agency, db_path):
    draft = RequestDraft(
        received_on=dt.date(2024, 3, 4),
        applicant_type="自然人",
        content="2023年辖区安全生产检查情况",
        answered_on=dt.date(2024, 3, 20),
        outcome="予以公开",
    )
    request = services.requests.add(agency.id, draft)
    with sqlite3.connect(db_path) as raw:  # as an older program or a hand edit left it
        raw.execute(
            "UPDATE disclosure_request SET outcome = '已电话答复' WHERE id = ?", (request.id,)
        )
    ar.create(services, 2024, rf.FORMAT_2021)
    with pytest.raises(UserError, match=f"申请 {request.number} 已办结，但办理结果“已电话答复”"):
        ar.fill(services, 2024)
