"""The fee ledger: payment period from the notice, paid / waived / lapsed, the （六）2 check, CLI."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from desktop_app.cli import run
from desktop_app.domain import report_format as rf
from desktop_app.domain.deadlines import FEE_NOTICE, FEE_SETTLED, ClockEvent
from desktop_app.domain.fee_ledger import (
    LAPSED,
    PAID,
    UNPAID_OUTCOME,
    WAITING,
    WAIVED,
    Payment,
    fee_reminders,
    paid_total,
)
from desktop_app.domain.letter_records import LetterSettings
from desktop_app.domain.requests import Applicant, RequestDraft, register_lines
from desktop_app.errors import UserError, ValidationError
from desktop_app.services import annual_reports
from desktop_app.services import letters as service
from desktop_app.services.clock import payment_stops_clock
from desktop_app.services.holidays import load_calendar

NOTICE_ON = dt.date(
    2024, 3, 4
)  # a Monday; 20 working days later is 2024-04-02 (清明 4-4 not reached)


@pytest.fixture
def noticed(services):
    agency_id = services.agencies.current().id
    services.letters.save_settings(
        agency_id, LetterSettings("青溪应急", review_body="青溪县人民政府")
    )
    request = services.requests.add(
        agency_id,
        RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="某文件"),
        Applicant(name="李华"),
    )
    drafted = service.draft(
        services, request, "收费", NOTICE_ON, {"缴费方式": "银行转账"}, pages=2219
    )
    return request, service.issue(services, drafted)


def _line(services, today):
    (line,) = service.fee_ledger(services, today)
    return line


def test_payment_period_runs_twenty_working_days_from_the_notice(services, noticed):
    line = _line(services, dt.date(2024, 4, 1))
    assert (line.amount, line.payment_due, line.status) == (83460, dt.date(2024, 4, 1), WAITING)
    assert _line(services, dt.date(2024, 4, 2)).status == LAPSED


def test_delivery_date_moves_the_payment_period(services, noticed):
    _, notice = noticed
    services.letters.record_delivery(notice.id, "邮寄", dt.date(2024, 3, 6))
    assert _line(services, dt.date(2024, 4, 2)).payment_due == dt.date(2024, 4, 3)


def test_lapsed_open_request_is_named_by_the_check(services, noticed):
    request, _ = noticed
    findings = service.check(services, today=dt.date(2024, 4, 10))
    assert [(f.rule, f.request_number) for f in findings] == [("文书-6", request.number)]
    assert "逾期未按收费通知要求缴纳费用" in findings[0].message
    assert service.check(services, today=dt.date(2024, 3, 20)) == []


def test_paid_and_waived(services, noticed):
    request, _ = noticed
    with pytest.raises(ValidationError, match="二者选一"):
        services.letters.record_payment(request.id, Payment())
    with pytest.raises(ValidationError, match="早于收费通知日期"):
        services.letters.record_payment(request.id, Payment(paid_on=dt.date(2024, 3, 1)))
    services.letters.record_payment(request.id, Payment(paid_on=dt.date(2024, 3, 8)))
    line = _line(services, dt.date(2024, 5, 1))
    assert line.status == PAID
    assert services.requests.get(request.id).fee == 83460
    assert paid_total([line], 2024) == 83460
    assert paid_total([line], 2025) == 0
    assert service.check(services, today=dt.date(2024, 5, 1)) == []
    with pytest.raises(ValidationError, match="减免日期：不能为空"):
        services.letters.record_payment(request.id, Payment(waived_reason="申请人生活困难"))
    waiver = Payment(waived_reason="申请人生活困难", waived_on=dt.date(2024, 3, 11))
    services.letters.record_payment(request.id, waiver)
    line = _line(services, dt.date(2024, 5, 1))
    assert (line.status, line.payment.waived_on) == (WAIVED, dt.date(2024, 3, 11))
    assert services.requests.get(request.id).fee == 0


def test_the_payment_period_is_in_the_register_clock(services, noticed):
    request, notice = noticed
    assert services.requests.get(request.id).events == (ClockEvent(FEE_NOTICE, NOTICE_ON),)
    services.letters.record_delivery(notice.id, "邮寄", dt.date(2024, 3, 6))
    services.letters.record_delivery(notice.id, "邮寄", dt.date(2024, 3, 7))  # corrected date
    services.letters.record_payment(request.id, Payment(paid_on=dt.date(2024, 3, 8)))
    services.letters.record_payment(request.id, Payment(paid_on=dt.date(2024, 3, 12)))  # corrected
    events = services.requests.get(request.id).events
    assert events == (
        ClockEvent(FEE_NOTICE, dt.date(2024, 3, 7)),
        ClockEvent(FEE_SETTLED, dt.date(2024, 3, 12)),
    )


def _due(services, request_id, today=dt.date(2024, 3, 20)):
    (line,) = register_lines(
        [services.requests.get(request_id)],
        load_calendar(services),
        today,
        payment_stops_clock(services),
    )
    return line.deadline


def test_office_setting_decides_whether_the_payment_period_stops_the_clock(services, noticed):
    request, _ = noticed
    agency_id = services.agencies.current().id
    # Received 2024-03-01 (a Friday): the 20th working day is 3/29 while the period counts.
    assert payment_stops_clock(services) is False
    assert _due(services, request.id).due == dt.date(2024, 3, 29)
    assert "缴费期间计入答复期限" in _due(services, request.id).explanation
    settings = services.letters.settings(agency_id)
    services.letters.save_settings(agency_id, replace(settings, payment_stops_clock=True))
    assert payment_stops_clock(services) is True
    waiting = _due(services, request.id)
    assert (waiting.due, "缴费期限至 2024-04-01" in waiting.paused) == (None, True)
    services.letters.record_payment(request.id, Payment(paid_on=dt.date(2024, 3, 8)))
    paid = _due(services, request.id)
    # 3/5–3/8 left out: four working days after 3/29 are 4/1–4/3 and the make-up day 4/7.
    assert paid.due == dt.date(2024, 4, 7)
    assert "缴费期间 3月5日–8日 不计" in paid.explanation


def test_fee_waived_before_any_notice(services):
    request = services.requests.add(
        services.agencies.current().id,
        RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="x"),
    )
    waiver = Payment(waived_reason="申请人为低保户", waived_on=dt.date(2024, 3, 5))
    services.letters.record_payment(request.id, waiver)
    (line,) = service.fee_ledger(services, dt.date(2024, 5, 1))
    assert (line.request_number, line.notice, line.status, line.payment) == (
        request.number,
        "",
        WAIVED,
        waiver,
    )
    assert services.requests.get(request.id).events == ()  # no notice: no payment period
    assert service.check(services, today=dt.date(2024, 5, 1)) == []
    with pytest.raises(
        UserError, match="已于 2024-03-05 减免（申请人为低保户），无需制作收费通知书"
    ):
        service.draft(services, request, "收费", dt.date(2024, 3, 6), pages=40)


def test_no_payment_without_a_notice(services):
    request = services.requests.add(
        services.agencies.current().id,
        RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="x"),
    )
    with pytest.raises(ValidationError, match="还没有签发收费通知书"):
        services.letters.record_payment(request.id, Payment(paid_on=dt.date(2024, 3, 8)))


def test_cli_ledger(services, noticed, db_path, capsys):
    request, notice = noticed
    assert (
        run(
            [
                "--db",
                str(db_path),
                "requests",
                "fee-paid",
                "--number",
                request.number,
                "--date",
                "2024-03-08",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run(["--db", str(db_path), "requests", "fees", "--json"]) == 0
    (line,) = json.loads(capsys.readouterr().out)
    assert (line["收费通知"], line["金额"], line["状态"], line["缴费日期"]) == (
        notice.number,
        "83460",
        PAID,
        "2024-03-08",
    )


def _section_six(services, year, paragraphs=None):
    """Section 六's paragraphs; with `paragraphs`, first save them as the clerk would."""
    report = annual_reports.current(services, year)
    if paragraphs is not None:
        sections = tuple(
            replace(s, paragraphs=paragraphs) if s.heading == rf.SECTIONS_2021[-1] else s
            for s in report.sections
        )
        report = services.reports.save(replace(report, sections=sections))
    return next(s for s in report.sections if s.heading == rf.SECTIONS_2021[-1]).paragraphs


def test_fill_adds_the_fee_sentence_to_section_six_unless_the_clerk_wrote_one(services, noticed):
    request, _ = noticed
    for year in (2023, 2024):
        annual_reports.create(services, year, rf.FORMAT_2021)
        annual_reports.fill(services, year)
    assert _section_six(services, 2023) == ()  # no notice that year: nothing added
    assert _section_six(services, 2024) == (
        "本年度发出信息处理费收费通知1份，未实际收取政府信息公开信息处理费。",
    )
    services.letters.record_payment(request.id, Payment(paid_on=dt.date(2024, 3, 8)))
    _section_six(services, 2024, ())
    annual_reports.fill(services, 2024)
    assert _section_six(services, 2024) == (
        "本年度依法收取政府信息公开信息处理费1件，共计83460元。",
    )
    edited = "本年度收取信息处理费83460元，已全部上缴财政。"
    _section_six(services, 2024, (edited,))
    annual_reports.fill(services, 2024)
    assert _section_six(services, 2024) == (edited,)


def test_fee_reminders_name_lapsed_and_soon_lapsing_periods_of_open_requests(services, noticed):
    request, _ = noticed
    calendar = load_calendar(services)

    def remind(today, open_ids=frozenset({request.id})):
        return fee_reminders(service.fee_ledger(services, today), set(open_ids), today, calendar)

    assert remind(dt.date(2024, 3, 26)) == ([], "")  # 4 working days before 4/1
    pressing, message = remind(dt.date(2024, 3, 27))
    assert [x.request_number for x in pressing] == [request.number]
    assert (
        message == f"1 件的缴费期限将在 3 个工作日内届满：{request.number}（缴费期限 2024-04-01）"
    )
    pressing, message = remind(dt.date(2024, 4, 2))
    assert message.startswith(f"1 件申请逾期未缴纳信息处理费，应按“{UNPAID_OUTCOME}”办结")
    assert remind(dt.date(2024, 4, 2), open_ids=()) == ([], "")  # concluded: nothing to remind
    services.letters.record_payment(request.id, Payment(paid_on=dt.date(2024, 3, 29)))
    assert remind(dt.date(2024, 4, 2)) == ([], "")
