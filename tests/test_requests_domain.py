"""Request records: outcome labels from the official tree, validation messages, status, 编号 format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop_app.domain.deadlines import CORRECTION_NOTICE, ClockEvent
from desktop_app.domain.report_format import T3_GROUP_ITEMS, T3_OUTCOME_ROWS
from desktop_app.domain.requests import (
    OUTCOME_ROW,
    OUTCOMES,
    PENDING,
    STATUS_DONE,
    STATUS_OPEN,
    AppealDraft,
    Request,
    RequestDraft,
    format_number,
    normalize_outcome,
    serial_of,
    validate_appeal,
    validate_request,
)

D = dt.date


def _draft(**changes) -> RequestDraft:
    values = {"received_on": D(2024, 3, 1), "applicant_type": "自然人", "content": "某项目环评批复"}
    return RequestDraft(**{**values, **changes}).normalized()


def _problems(draft) -> dict[str, str]:
    return {p.field: p.message for p in validate_request(draft)}


def test_outcomes_are_the_leaves_of_table_three_without_numbers():
    assert (
        len(OUTCOMES)
        == len(T3_OUTCOME_ROWS)
        == 2 + sum(len(items) for items in T3_GROUP_ITEMS.values())
    )
    assert OUTCOMES[0] == "予以公开"
    assert "属于国家秘密" in OUTCOMES
    assert "1.属于国家秘密" not in OUTCOMES
    assert all(OUTCOME_ROW[label].endswith(label) for label in OUTCOMES)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("予以公开", "予以公开"),
        ("部分公开", "部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ("（一）予以公开", "予以公开"),
        ("1.属于国家秘密", "属于国家秘密"),
        ("  其他 ", "其他"),
        ("", ""),
        ("同意公开", None),
        ("国家秘密", None),
    ],
)
def test_normalize_outcome(text, label):
    assert normalize_outcome(text) == label


def test_valid_draft_has_no_problems():
    assert validate_request(_draft()) == []
    assert (
        validate_request(
            _draft(answered_on=D(2024, 3, 1), outcome="予以公开", fee=Decimal("12.50"))
        )
        == []
    )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"received_on": None}, "收到日期", "不能为空"),
        ({"applicant_type": "公民"}, "申请人类型", "自然人、商业企业"),
        ({"channel": "电话"}, "渠道", "当面、邮寄、网络"),
        ({"content": "  "}, "申请内容", "不能为空"),
        ({"content": "字" * 2001}, "申请内容", "最多 2000 字"),
        (
            {"outcome": "同意", "answered_on": D(2024, 3, 5)},
            "办理结果",
            "不是年度报告表三中的办理结果",
        ),
        ({"answered_on": D(2024, 3, 5)}, "办理结果", "请同时选择办理结果"),
        ({"outcome": "予以公开"}, "办结日期", "请同时填写办结"),
        (
            {"outcome": "予以公开", "answered_on": D(2024, 2, 28)},
            "办结日期",
            "早于收到日期 2024-03-01",
        ),
        ({"fee": Decimal(-1)}, "信息处理费", "负数"),
        (
            {"events": (ClockEvent(CORRECTION_NOTICE, D(2024, 2, 1)),)},
            CORRECTION_NOTICE,
            "早于收到日期",
        ),
        (
            {
                "events": (ClockEvent(CORRECTION_NOTICE, D(2024, 4, 1)),),
                "answered_on": D(2024, 3, 5),
                "outcome": "予以公开",
            },
            CORRECTION_NOTICE,
            "晚于办结日期",
        ),
    ],
)
def test_each_rule_names_the_field_and_the_fix(changes, field, words):
    problems = _problems(_draft(**changes))
    assert field in problems, problems
    assert words in problems[field]


def test_status_is_derived():
    request = Request(
        1, "2024-0001", D(2024, 3, 1), "自然人", "x", "网络", None, "", Decimal(0), ""
    )
    assert request.status == STATUS_OPEN
    assert (
        Request(
            1,
            "2024-0001",
            D(2024, 3, 1),
            "自然人",
            "x",
            "网络",
            D(2024, 3, 2),
            "予以公开",
            Decimal(0),
            "",
        ).status
        == STATUS_DONE
    )
    assert request.draft().received_on == request.received_on


def test_numbers():
    assert format_number(2024, 7) == "2024-0007"
    assert serial_of("2024-0007") == (2024, 7)
    assert serial_of("青应急〔2024〕7号") is None


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (AppealDraft("复议", D(2024, 1, 1)), "类别"),
        (AppealDraft("行政复议", None), "提起日期"),
        (AppealDraft("行政复议", D(2024, 1, 1), "撤销"), "结果"),
        (AppealDraft("行政复议", D(2024, 1, 1), PENDING, D(2024, 2, 1)), "审结日期"),
        (AppealDraft("行政复议", D(2024, 1, 1), "结果维持"), "审结日期"),
        (AppealDraft("行政复议", D(2024, 1, 1), "结果维持", D(2023, 12, 1)), "审结日期"),
    ],
)
def test_appeal_validation(draft, field):
    assert field in {p.field for p in validate_appeal(draft)}
    assert (
        validate_appeal(
            AppealDraft("行政诉讼（复议后起诉）", D(2024, 1, 1), "结果纠正", D(2024, 5, 1))
        )
        == []
    )
