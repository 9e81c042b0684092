"""信息处理费: both methods at every band edge, the 2021 start, the CLI."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop_app.cli import run
from desktop_app.domain.fees import (
    BY_COUNT,
    BY_PAGES,
    compute_fee,
    fee_for_nth,
    fee_for_pages,
    nth_in_month,
    page_breakdown,
)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (2219, 83460),
    ],
)
def test_fee_by_pages_at_every_band_edge(pages, fee):
    assert fee_for_pages(pages) == Decimal(fee)


def test_page_fee_is_written_out_band_by_band():
    assert page_breakdown(2219) == "70×10 + 100×20 + 2019×40 = 83460 元"
    assert "不收费" in page_breakdown(30)


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_fee_by_count_at_every_band_edge(nth, fee):
    assert fee_for_nth(nth) == Decimal(fee)


def test_bad_counts_are_refused_in_chinese():
    with pytest.raises(ValueError, match="页数"):
        fee_for_pages(-1)
    with pytest.raises(ValueError, match="序次"):
        fee_for_nth(0)
    with pytest.raises(ValueError, match="收费方式"):
        compute_fee("按次", 3, dt.date(2024, 1, 1))


def test_no_fee_for_requests_received_before_2021():
    assert compute_fee(BY_PAGES, 2219, dt.date(2020, 12, 31)).amount == 0
    fee = compute_fee(BY_PAGES, 2219, dt.date(2021, 1, 1))
    assert fee.amount == 83460
    assert "2219 页" in fee.explanation
    assert compute_fee(BY_COUNT, 11, dt.date(2021, 1, 1)).explanation.endswith("100 元")


def test_place_in_month_counts_only_that_calendar_month():
    received = [
        (dt.date(2024, 2, 29), "2024-0001"),
        (dt.date(2024, 3, 1), "2024-0002"),
        (dt.date(2024, 3, 1), "2024-0003"),
        (dt.date(2024, 3, 31), "2024-0004"),
    ]
    assert nth_in_month(received, (dt.date(2024, 3, 1), "2024-0003")) == 2
    assert nth_in_month(received, (dt.date(2024, 3, 31), "2024-0004")) == 3
    assert nth_in_month(received, (dt.date(2024, 2, 29), "2024-0001")) == 1


@pytest.mark.parametrize(
    ("option", "value", "printed"), [("--pages", "2219", "83460"), ("--nth", "41", "300")]
)
def test_cli_prints_the_fee_in_yuan(db_path, capsys, option, value, printed):
    assert run(["--db", str(db_path), "requests", "fee", option, value]) == 0
    assert capsys.readouterr().out.splitlines()[0] == printed


def test_cli_needs_exactly_one_method(db_path, capsys):
    with pytest.raises(SystemExit):
        run(["--db", str(db_path), "requests", "fee", "--pages", "3", "--nth", "2"])
    assert run(["--db", str(db_path), "requests", "fee", "--pages", "-3"]) == 1
    assert "页数" in capsys.readouterr().err
