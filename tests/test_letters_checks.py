"""Register checks on letters, on a real database, and their warnings in `report check`."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import text

from desktop_app.cli import run
from desktop_app.domain.letter_checks import check_letters
from desktop_app.domain.letter_records import LetterSettings
from desktop_app.domain.requests import OUTCOMES, Applicant, RequestDraft
from desktop_app.services import letters as service
from desktop_app.services.holidays import load_calendar

NO_LETTER_NEEDED = next(o for o in OUTCOMES if o.startswith("申请人无正当理由逾期不补正"))


@pytest.fixture
def office(services):
    agency_id = services.agencies.current().id
    services.letters.save_settings(
        agency_id, LetterSettings("青溪应急", review_body="青溪县人民政府")
    )
    return services


def _request(services, outcome="", answered=None):
    draft = RequestDraft(
        received_on=dt.date(2024, 3, 1),  # a Friday
        applicant_type="自然人",
        content="某文件",
        outcome=outcome,
        answered_on=answered,
    )
    return services.requests.add(services.agencies.current().id, draft, Applicant(name="李华"))


def _issue(services, request, kind, on, edits=None, form=""):
    return service.issue(services, service.draft(services, request, kind, on, edits, form))


def _rules(services, year=None):
    return [(f.rule, f.request_number) for f in service.check(services, year)]


def test_concluded_request_without_an_answer_letter(office, services):
    before = _request(services, "予以公开", dt.date(2024, 3, 4))
    missing = _request(services, "予以公开", dt.date(2024, 3, 20))
    _request(services, NO_LETTER_NEEDED, dt.date(2024, 3, 29))  # 逾期不补正: no letter required
    still_open = _request(services)
    assert (
        _rules(services) == []
    )  # no letter issued in the program yet: answers were written elsewhere
    _issue(services, still_open, "回执", dt.date(2024, 3, 5))
    assert _rules(services) == [
        ("文书-1", missing.number)
    ]  # concluded before the first letter: not
    assert before.number not in str(_rules(services))
    _issue(
        services, missing, "答复", dt.date(2024, 3, 20), {"提供内容": "文件", "提供方式": "邮寄"}
    )
    assert _rules(services) == []


def test_answer_contradicting_the_recorded_outcome(office, services):
    request = _request(services)
    _issue(services, request, "答复", dt.date(2024, 3, 20), {"理由": "已定密"}, form="国家秘密")
    assert _rules(services) == []
    changed = replace(services.requests.get(request.id).draft(), outcome="予以公开")
    services.requests.update(request.id, changed)
    findings = service.check(services)
    assert [f.rule for f in findings] == ["文书-2"]
    assert "属于国家秘密" in findings[0].message
    assert "予以公开" in findings[0].message


def test_correction_notice_later_than_seven_working_days(office, services):
    on_time = _request(services)
    _issue(services, on_time, "补正", dt.date(2024, 3, 12), {"补正事项": "年份"})  # 7th working day
    late = _request(services)
    _issue(services, late, "补正", dt.date(2024, 3, 13), {"补正事项": "年份"})  # 8th
    findings = service.check(services)
    assert [(f.rule, f.request_number) for f in findings] == [("文书-4", late.number)]
    assert "2024-03-12" in findings[0].message


def test_answer_without_remedy_and_tampered_letters(office, services):
    request = _request(services)
    answer = _issue(
        services, request, "答复", dt.date(2024, 3, 20), {"检索情况": "全库检索"}, form="信息不存在"
    )
    cut = replace(
        answer, content=replace(answer.content, text=answer.content.text.split("如对")[0])
    )
    found = check_letters([services.requests.get(request.id)], [cut], load_calendar(services))
    assert [f.rule for f in found] == ["文书-3"]
    with services.db.engine.begin() as connection:
        connection.execute(text("UPDATE letter SET text = 'x'"))
    assert [f.rule for f in service.check(services)] == ["文书-5", "文书-3"]


def test_report_check_lists_letter_findings_of_the_year_as_warnings(
    office, services, db_path, capsys
):
    request = _request(services, "予以公开", dt.date(2024, 3, 20))
    _issue(services, _request(services), "回执", dt.date(2024, 3, 1))
    assert run(["--db", str(db_path), "report", "new", "--year", "2024", "--format", "2021"]) == 0
    assert run(["--db", str(db_path), "report", "check", "--year", "2024"]) == 0  # warnings only
    assert f"提示 [文书-1] {request.number}：已办结" in capsys.readouterr().out
    assert run(["--db", str(db_path), "report", "new", "--year", "2023", "--format", "2021"]) == 0
    assert run(["--db", str(db_path), "report", "check", "--year", "2023"]) == 0
    assert "文书-1" not in capsys.readouterr().out
    assert run(["--db", str(db_path), "requests", "check"]) == 1
