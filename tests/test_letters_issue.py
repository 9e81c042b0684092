"""Issuing letters: 文号, frozen content and PDF, tamper detection, the register following, re-export."""

from __future__ import annotations

import datetime as dt
import hashlib

import pdfplumber
import pytest
from sqlalchemy import text

from desktop_app.domain.deadlines import CORRECTION_NOTICE, EXTENDED
from desktop_app.domain.letter_records import LetterSettings
from desktop_app.domain.requests import Applicant, RequestDraft
from desktop_app.errors import UserError, ValidationError
from desktop_app.export.letter_pdf import LetterPage, render_letter_pdf
from desktop_app.services import letters as service
from tests.conftest import AGENCY_NAME

REVIEW_BODY = "青溪县人民政府"


def _request(services, received=dt.date(2024, 3, 1), name="李华", outcome="", answered=None):
    return services.requests.add(
        services.agencies.current().id,
        RequestDraft(
            received_on=received,
            applicant_type="自然人",
            content="2023年度危险化学品企业检查记录",
            outcome=outcome,
            answered_on=answered,
        ),
        Applicant(name=name, id_number="330727199001011234"),
    )


def _issue(services, request, kind, on, edits=None, **kw):
    drafted = service.draft(
        services, request, kind, on, edits, **{k: v for k, v in kw.items() if k != "replaces_id"}
    )
    return service.issue(services, drafted, kw.get("replaces_id"))


@pytest.fixture
def office(services):
    services.letters.save_settings(
        services.agencies.current().id, LetterSettings("青溪应急", review_body=REVIEW_BODY)
    )
    return services


def test_letters_get_per_year_numbers_from_the_office_pattern(office, services):
    request = _request(services)
    first = _issue(services, request, "回执", dt.date(2024, 3, 1))
    second = _issue(services, request, "补正", dt.date(2024, 3, 4), {"补正事项": "请写明年份"})
    next_year = _issue(services, request, "回执", dt.date(2025, 1, 2))
    assert [first.number, second.number, next_year.number] == [
        "青溪应急依公〔2024〕1号",
        "青溪应急依公〔2024〕2号",
        "青溪应急依公〔2025〕1号",
    ]


def test_without_a_short_name_the_agency_name_is_used(services):
    letter = _issue(services, _request(services), "回执", dt.date(2024, 3, 1))
    assert letter.number == f"{AGENCY_NAME}依公〔2024〕1号"


def test_a_changed_pattern_never_reuses_a_number(office, services):
    agency_id = services.agencies.current().id
    request = _request(services)
    _issue(services, request, "回执", dt.date(2024, 3, 1))
    services.letters.save_settings(
        agency_id, LetterSettings("青溪应急", "{简称}函〔{年}〕{序号}号")
    )
    assert _issue(services, request, "回执", dt.date(2024, 3, 2)).number == "青溪应急函〔2024〕2号"
    with pytest.raises(ValidationError, match="文号格式"):
        services.letters.save_settings(agency_id, LetterSettings(number_pattern="{简称}〔{年}〕"))


def test_procedural_letters_add_their_clock_event(office, services):
    request = _request(services)
    _issue(services, request, "补正", dt.date(2024, 3, 4), {"补正事项": "请写明年份"})
    _issue(services, request, "延期", dt.date(2024, 3, 20), {"延期理由": "需要调阅档案"})
    events = [(e.kind, e.on) for e in services.requests.get(request.id).events]
    assert events == [(CORRECTION_NOTICE, dt.date(2024, 3, 4)), (EXTENDED, dt.date(2024, 3, 20))]


def test_an_answer_sets_the_outcome_and_the_date_it_was_concluded(office, services):
    request = _request(services)
    letter = _issue(
        services, request, "答复", dt.date(2024, 3, 15), {"理由": "该记录已定密"}, form="国家秘密"
    )
    concluded = services.requests.get(request.id)
    assert (concluded.outcome, concluded.answered_on) == ("属于国家秘密", dt.date(2024, 3, 15))
    assert "不能直接向人民法院起诉" in letter.content.text


def test_answer_takes_its_form_from_the_recorded_outcome(office, services):
    request = _request(services, outcome="予以公开", answered=dt.date(2024, 3, 10))
    drafted = service.draft(services, request, "答复", dt.date(2024, 3, 10))
    assert drafted.draft.form == "予以公开"
    assert "第三十六条第（二）项" in drafted.draft.text
    with pytest.raises(ValidationError, match="提供内容"):
        service.issue(services, drafted)


def test_issued_letter_is_frozen_and_reexported_byte_identical(office, services, tmp_path):
    request = _request(services)
    letter = _issue(services, request, "补正", dt.date(2024, 3, 4), {"补正事项": "请写明年份"})
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    service.export_letter(services, letter, a)
    service.export_letter(services, services.letters.get(letter.id), b)
    assert a.read_bytes() == b.read_bytes()
    assert hashlib.sha256(a.read_bytes()).hexdigest() == letter.pdf_sha256
    content = letter.content
    page = LetterPage(
        content.title,
        content.number,
        content.addressee,
        tuple(content.text.split("\n")),
        AGENCY_NAME,
        content.issued_on,
    )
    assert (
        render_letter_pdf(page) == a.read_bytes()
    )  # ReportLab's invariant mode: same input, same bytes
    with pdfplumber.open(a) as pdf:
        printed = "".join(p.extract_text() for p in pdf.pages).replace("\n", "")
    for part in (
        "政府信息公开申请补正通知书",
        letter.number,
        "李华：",
        "请写明年份",
        "特此通知。",
        "2024年3月4日",
    ):
        assert part in printed
    assert letter.data["edits"] == {"补正事项": "请写明年份", "补正期限": "15"}
    assert letter.data["received_on"] == "2024-03-01"


@pytest.mark.parametrize(
    ("column", "value"),
    [("text", "'改过的正文'"), ("data", "'{}'"), ("pdf", "X'00'"), ("issued_on", "'2024-03-05'")],
)
def test_a_tampered_letter_is_detected_on_every_read(office, services, tmp_path, column, value):
    request = _request(services)
    letter = _issue(services, request, "回执", dt.date(2024, 3, 1))
    assert services.letters.get(letter.id).intact
    with services.db.engine.begin() as connection:
        connection.execute(text(f"UPDATE letter SET {column} = {value} WHERE id = {letter.id}"))
    assert not services.letters.letters(request.id)[0].intact
    with pytest.raises(UserError, match="已被改动"):
        service.export_letter(services, services.letters.get(letter.id), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_changed_template_never_alters_an_issued_letter(office, services):
    agency_id = services.agencies.current().id
    request = _request(services)
    before = _issue(services, request, "回执", dt.date(2024, 3, 1))
    version, template = services.letters.template(agency_id, "回执")
    assert version == 0
    new = services.letters.save_template(agency_id, "回执", "我们改写的回执：{收到日期}\n{依据}。")
    assert new == 1
    after = _issue(services, request, "回执", dt.date(2024, 3, 2))
    again = services.letters.get(before.id)
    assert again.content.text == before.content.text
    assert again.intact
    assert again.template_version == 0
    assert after.template_version == 1
    assert after.content.text.startswith("我们改写的回执：2024年3月1日")
    with pytest.raises(ValidationError, match="依据"):
        services.letters.save_template(agency_id, "回执", "没有依据的回执")


def test_a_correction_names_the_letter_it_replaces(office, services):
    request = _request(services)
    wrong = _issue(services, request, "补正", dt.date(2024, 3, 4), {"补正事项": "错的"})
    right = _issue(
        services, request, "补正", dt.date(2024, 3, 5), {"补正事项": "对的"}, replaces_id=wrong.id
    )
    assert right.replaces == wrong.number
    assert services.letters.get(wrong.id).content.text == wrong.content.text
    # The correction does not add a second 补正 notice to the clock.
    assert [e.on for e in services.requests.get(request.id).events] == [dt.date(2024, 3, 4)]
    with pytest.raises(ValidationError, match="同类文书"):
        _issue(services, request, "回执", dt.date(2024, 3, 6), replaces_id=wrong.id)


def test_delivery_is_recorded_and_checked(office, services):
    letter = _issue(services, _request(services), "回执", dt.date(2024, 3, 1))
    with pytest.raises(ValidationError, match="送达日期"):
        services.letters.record_delivery(letter.id, "邮寄", dt.date(2024, 2, 1))
    delivered = services.letters.record_delivery(letter.id, "邮寄", dt.date(2024, 3, 3))
    assert (delivered.delivery_method, delivered.delivered_on) == ("邮寄", dt.date(2024, 3, 3))
    assert delivered.intact


def test_a_letter_dated_before_receipt_is_refused_and_nothing_is_saved(office, services):
    request = _request(services)
    with pytest.raises(ValidationError, match="文书日期"):
        _issue(services, request, "回执", dt.date(2024, 2, 28))
    assert services.letters.letters() == []


def test_fee_notice_by_count_uses_the_applicants_requests_of_the_month(office, services):
    requests = [_request(services, dt.date(2024, 3, 1 + i % 20)) for i in range(11)]
    _request(services, dt.date(2024, 3, 5), name="王五")  # another applicant does not count
    eleventh = requests[-1]
    letter = _issue(services, eleventh, "收费", dt.date(2024, 3, 25), {"缴费方式": "银行转账"})
    assert "应缴金额100元" in letter.content.text
    assert "本月第 11 件" in letter.content.text
    with pytest.raises(UserError, match="不收取信息处理费"):
        service.draft(services, requests[0], "收费", dt.date(2024, 3, 25))
    by_pages = service.draft(services, requests[0], "收费", dt.date(2024, 3, 25), pages=2219)
    assert "应缴金额83460元" in by_pages.draft.text


def test_letters_to_a_third_party_keep_no_applicant_data(office, services):
    request = _request(services)
    letter = _issue(
        services,
        request,
        "征求第三方",
        dt.date(2024, 3, 4),
        {"第三方": "某化工有限公司", "征求事项": "贵方的检查记录"},
    )
    assert "李华" not in letter.content.text + letter.content.data + letter.content.addressee


def test_issue_and_tamper_detection_on_both_engines(any_db, tmp_path):
    agency_id = any_db.agencies.current().id
    any_db.letters.save_settings(agency_id, LetterSettings("青溪应急", review_body=REVIEW_BODY))
    request = _request(any_db)
    letter = _issue(
        any_db, request, "答复", dt.date(2024, 3, 15), {"理由": "已定密"}, form="国家秘密"
    )
    assert any_db.letters.get(letter.id).intact
    assert any_db.requests.get(request.id).answered_on == dt.date(2024, 3, 15)
    service.export_letter(any_db, letter, tmp_path / "a.pdf")
    assert hashlib.sha256((tmp_path / "a.pdf").read_bytes()).hexdigest() == letter.pdf_sha256
    with any_db.db.engine.begin() as connection:
        connection.execute(text("UPDATE letter SET addressee = '别人：'"))
    assert not any_db.letters.get(letter.id).intact


def test_a_letter_is_issued_by_a_reviewer_and_recorded_in_the_trail(office, services, tmp_path):
    from desktop_app.app import open_services
    from desktop_app.errors import PermissionDenied

    request = _request(services)
    services.users.add("王经办", ("经办人",))
    clerk = open_services(services.db.url, tmp_path / "clerk", user="王经办")
    try:
        drafted = service.draft(clerk, clerk.requests.get(request.id), "回执", dt.date(2024, 3, 1))
        with pytest.raises(PermissionDenied, match="审核人"):
            service.issue(clerk, drafted, None)
        assert clerk.letters.letters(request.id) == []  # no 文号 used, nothing frozen
    finally:
        clerk.close()
    letter = _issue(services, request, "回执", dt.date(2024, 3, 1))
    issued = services.audit.events()[-1]
    assert (issued.entity, issued.action) == ("letter", "发出")
    assert letter.number in issued.detail
    assert letter.pdf_sha256 in issued.detail
