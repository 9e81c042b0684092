"""The register tab's typed reads and transfers on a real SQLite file: clock, export, import."""

from __future__ import annotations

import csv
import datetime as dt

from desktop_app.domain.letter_records import LetterSettings
from desktop_app.domain.requests import Applicant, RequestDraft


def _add(services, agency, content, answered_on=None):
    draft = RequestDraft(
        received_on=dt.date(2024, 3, 1),
        applicant_type="自然人",
        content=content,
        answered_on=answered_on,
        outcome="予以公开" if answered_on else "",
    )
    return services.requests.add(agency.id, draft, Applicant(name="李四", phone="13800000000"))


def test_clock_follows_the_offices_fee_setting(services, agency):
    data = services.register_data
    assert data.clock().payment_stops_clock is False
    services.letters.save_settings(agency.id, LetterSettings("青溪应急", payment_stops_clock=True))
    clock = data.clock()
    assert clock.payment_stops_clock is True
    assert 2024 in clock.calendar.schedules  # the shipped holiday years


def test_open_requests_leave_out_the_answered(services, agency):
    waiting = _add(services, agency, "预算")
    _add(services, agency, "决算", answered_on=dt.date(2024, 3, 5))
    data = services.register_data
    assert [r.id for r in data.open_requests()] == [waiting.id]
    assert len(data.all_requests()) == 2


def test_export_writes_personal_data_only_when_asked_and_notes_it(services, agency, tmp_path):
    requests = [_add(services, agency, "预算")]
    data = services.register_data
    plain, personal = tmp_path / "plain.csv", tmp_path / "personal.csv"
    assert data.export(requests, plain, with_applicants=False)
    assert data.export(requests, personal, with_applicants=True)
    header = next(csv.reader(plain.open(encoding="utf-8-sig")))
    assert "申请人" not in header
    rows = list(csv.reader(personal.open(encoding="utf-8-sig")))
    assert rows[1][rows[0].index("申请人")] == "李四"
    notes = [e.detail for e in services.audit.events() if e.entity == "request"][-2:]
    assert str(plain.resolve()) in notes[0]
    assert "含申请人个人信息" not in notes[0]
    assert "含申请人个人信息" in notes[1]


def test_a_cancelled_export_writes_and_notes_nothing(services, agency, tmp_path):
    requests = [_add(services, agency, "预算")]
    before = len(services.audit.events())
    out = tmp_path / "x.csv"
    assert not services.register_data.export(requests, out, False, lambda _d, _t: False)
    assert not out.exists()
    assert len(services.audit.events()) == before
