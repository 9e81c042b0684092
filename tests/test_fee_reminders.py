"""The start-up reminder of unpaid fees, read from the letters and payments of a real database."""

from __future__ import annotations

import datetime as dt

from desktop_app.domain.fee_ledger import Payment
from desktop_app.domain.letter_records import LetterSettings
from desktop_app.domain.requests import Applicant, RequestDraft
from desktop_app.services import letters
from desktop_app.services.fee_reminders import unpaid_fees
from desktop_app.services.holidays import load_calendar

TODAY = dt.date(2024, 6, 14)  # a Friday
PAYMENT_DAYS = 20  # working days an applicant has to pay after the 收费通知


def fee_notice(services, noticed_on: dt.date):
    """A request received the day before, with a 收费通知书 (40 pages) issued on `noticed_on`."""
    draft = RequestDraft(
        received_on=noticed_on - dt.timedelta(days=1), applicant_type="自然人", content="x"
    )
    request = services.requests.add(services.agencies.current().id, draft, Applicant(name="李华"))
    drafted = letters.draft(
        services, request, "收费", noticed_on, {"缴费方式": "银行转账"}, pages=40
    )
    letters.issue(services, drafted)
    return request


def test_lapsed_then_soon_lapsing_fees_are_named_and_paid_or_fresh_ones_are_not(services):
    services.letters.save_settings(
        services.agencies.current().id, LetterSettings("青溪应急", review_body="青溪县人民政府")
    )
    calendar = load_calendar(services)
    soon_day = TODAY  # the latest notice whose payment period ends within 3 working days
    while calendar.workdays_between(TODAY, calendar.add_workdays(soon_day, PAYMENT_DAYS)) > 3:
        soon_day -= dt.timedelta(days=1)
    soon = fee_notice(services, soon_day)
    lapsed = fee_notice(services, dt.date(2024, 3, 4))
    paid = fee_notice(services, dt.date(2024, 3, 5))
    services.letters.record_payment(paid.id, Payment(paid_on=dt.date(2024, 3, 20)))
    fee_notice(services, TODAY)  # a full period still to run

    pressing, text = unpaid_fees(services, TODAY)

    assert [line.request_number for line in pressing] == [lapsed.number, soon.number]
    assert text.startswith("1 件申请逾期未缴纳信息处理费")
    assert "1 件的缴费期限将在 3 个工作日内届满" in text
    assert paid.number not in text


def test_no_fee_notices_means_no_reminder(services):
    assert unpaid_fees(services) == ([], "")
