"""The 操作日志 exported as a sheet: one row per event with its changes, read back from the file;
a file name of another kind refused with the fix."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from desktop_app.domain.requests import RequestDraft
from desktop_app.errors import UserError
from desktop_app.services.audit_export import HEADER, export_events


def test_every_event_is_a_row_with_its_hash(services, agency, tmp_path):
    services.requests.add(
        agency.id,
        RequestDraft(received_on=dt.date(2024, 5, 6), applicant_type="自然人", content="x"),
    )
    events = services.audit.events()
    out = tmp_path / "操作日志.csv"

    export_events(events, out)

    with out.open(encoding="utf-8-sig", newline="") as sheet:
        header, *rows = list(csv.reader(sheet))
    assert tuple(header) == HEADER
    assert [row[0] for row in rows] == [str(event.id) for event in events]
    assert [row[-1] for row in rows] == [event.hash for event in events]
    assert rows[-1][2] == events[-1].actor


def test_a_file_name_of_another_kind_is_refused_with_the_fix(services, tmp_path):
    out = tmp_path / "操作日志.txt"
    with pytest.raises(UserError, match=r"应以 \.xlsx 或 \.csv 结尾"):
        export_events(services.audit.events(), out)
    assert not out.exists()
