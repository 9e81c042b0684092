"""Catalog entry rules, dates, agency checks and tree names: every branch, messages that name the field."""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import MISSING, asdict, fields, replace

import pytest

from desktop_app.domain.agency import Agency, agency_problems
from desktop_app.domain.catalog import (
    FIELD_LABELS,
    TEXT_MAX,
    CatalogEntry,
    EntryDraft,
    FieldProblem,
    validate_draft,
    withdrawal_problem,
)
from desktop_app.domain.classification import node_name_problem, split_path
from desktop_app.domain.dates import chinese_date, parse_date, parse_optional_date
from desktop_app.domain.identifiers import DEFAULT_INDEX_PATTERN

DAY = dt.date(2024, 3, 5)


def ok_draft(**changes) -> EntryDraft:
    return replace(
        EntryDraft(title="关于做好防汛工作的通知", generated_on=DAY), **changes
    ).normalized()


def fields_of(problems: list[FieldProblem]) -> list[str]:
    return [p.field for p in problems]


# -- dates -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "2024-03-05",
        "2024/3/5",
        "2024.3.5",
        "2024年3月5日",
        " 2024 年 3 月 5 日 ",
        "2024-3-05",
        "2024年03月05",
    ],
)
def test_parse_date_accepts_what_users_write(text):
    assert parse_date(text) == DAY


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "不是日期"),
        ("05/03/2024", "不是日期"),
        ("2024-03", "不是日期"),
        ("二〇二四年三月五日", "不是日期"),
        ("2023-02-29", "2023 年 2 月没有第 29 日"),
        ("2024-13-01", "13 月"),
        ("2024-04-31", "没有第 31 日"),
    ],
)
def test_parse_date_explains_in_chinese(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


def test_parse_optional_date():
    assert parse_optional_date(None) is None
    assert parse_optional_date("  ") is None
    assert parse_optional_date("2024/3/5") == DAY
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_optional_date("明天")


def test_chinese_date_has_no_leading_zeros():
    assert chinese_date(DAY) == "2024年3月5日"
    assert chinese_date(dt.date(2009, 12, 30)) == "2009年12月30日"


# -- drafts ----------------------------------------------------------------------------------------
def test_normalized_tidies_every_text_field():
    raw = EntryDraft(
        title="  通知 ",
        generated_on=DAY,
        doc_number=" 青应急[2024]3号 ",
        publisher=" 青溪县应急管理局 ",
        scope="  ",
        genre=" 通知 ",
        keywords="防汛，抗旱,  应急；值守 ",
        summary=" 概述 ",
        index_no=" QXYJ-1 ",
    )
    draft = raw.normalized()
    assert (draft.title, draft.doc_number, draft.publisher) == (
        "通知",
        "青应急〔2024〕3号",
        "青溪县应急管理局",
    )
    assert (draft.scope, draft.genre, draft.summary, draft.index_no) == (
        "面向社会",
        "通知",
        "概述",
        "QXYJ-1",
    )
    assert draft.keywords == "防汛 抗旱 应急 值守"
    assert replace(raw, scope=" 机关内部 ").normalized().scope == "机关内部"


def test_normalized_carries_every_field_over():
    """normalized() builds the draft field by field (for speed): a field added to EntryDraft
    and forgotten there would silently fall back to its default."""
    tidy = {
        name: value
        for name, value in zip(
            (f.name for f in fields(EntryDraft)),
            (
                "标题",
                DAY,
                "依申请公开",
                "限期公开",
                DAY,
                "文号",
                "机构",
                DAY,
                "机关内部",
                7,
                "通知",
                "关键词",
                "概述",
                "QXYJ-1",
            ),
            strict=True,
        )
    }
    assert asdict(EntryDraft(**tidy).normalized()) == tidy


def test_normalized_of_takes_the_fields_in_order_with_their_defaults():
    """An import builds its rows' drafts with normalized_of: the same draft as normalized()."""
    parameters = list(inspect.signature(EntryDraft.normalized_of).parameters.values())
    assert [(p.name, p.default) for p in parameters] == [
        (f.name, inspect.Parameter.empty if f.default is MISSING else f.default)
        for f in fields(EntryDraft)
    ]
    raw = {"title": " 通知 ", "generated_on": DAY, "keywords": "防汛，抗旱", "scope": " "}
    assert EntryDraft.normalized_of(**raw) == EntryDraft(**raw).normalized()


def test_a_complete_draft_has_no_problems():
    assert validate_draft(ok_draft()) == []
    assert (
        validate_draft(
            ok_draft(
                period="限期公开",
                period_end=dt.date(2024, 12, 31),
                published_on=DAY,
                index_no="QXYJ-2024-1",
            )
        )
        == []
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "信息名称：不能为空"),
        ({"generated_on": None}, "generated_on", "生成日期：不能为空"),
        (
            {"disclosure_form": "公开"},
            "disclosure_form",
            "公开形式：应为 主动公开、依申请公开、不予公开 之一",
        ),
        ({"period": "永久"}, "period", "公开时限：应为 长期公开、限期公开 之一"),
        ({"period": "限期公开"}, "period_end", "公开截止日期：限期公开须填写公开截止日期"),
        ({"period_end": DAY}, "period_end", "公开截止日期：长期公开不应填写截止日期"),
        ({"published_on": dt.date(2024, 3, 4)}, "published_on", "发布日期：发布日期早于生成日期"),
        ({"index_no": "索引 1"}, "index_no", "索引号：索引号只能包含"),
    ],
)
def test_each_rule_names_its_field(changes, field, message):
    problems = validate_draft(ok_draft(**changes))
    assert fields_of(problems) == [field]
    assert str(problems[0]).startswith(message)


def test_period_end_before_generated_is_refused():
    problems = validate_draft(ok_draft(period="限期公开", period_end=dt.date(2024, 1, 1)))
    assert [str(p) for p in problems] == ["公开截止日期：公开截止日期早于生成日期，请核对"]


@pytest.mark.parametrize("name", sorted(TEXT_MAX))
def test_every_text_limit(name):
    limit = TEXT_MAX[name]
    assert validate_draft(ok_draft(**{name: "字" * limit})) == []
    problems = validate_draft(ok_draft(**{name: "字" * (limit + 1)}))
    assert fields_of(problems) == [name]
    assert f"最多 {limit} 字" in str(problems[0])
    assert str(problems[0]).startswith(FIELD_LABELS[name])


def test_all_problems_are_reported_at_once():
    problems = validate_draft(
        EntryDraft(title="", generated_on=None, disclosure_form="x", period="限期公开")
    )
    assert fields_of(problems) == ["title", "generated_on", "disclosure_form", "period_end"]


def test_field_problem_label_falls_back_to_the_key():
    assert FieldProblem("title", "x").label == "信息名称"
    assert str(FieldProblem("row", "第 3 行有误")) == "row：第 3 行有误"


# -- saved entries and withdrawal ------------------------------------------------------------------
def entry(**changes) -> CatalogEntry:
    base = CatalogEntry(
        id=1,
        index_no="X/2024-00001",
        title="通知",
        doc_number="青应急〔2024〕3号",
        publisher="青溪县应急管理局",
        generated_on=DAY,
        published_on=DAY,
        disclosure_form="主动公开",
        period="长期公开",
        period_end=None,
        scope="面向社会",
        node_id=3,
        node_path="其他",
        genre="通知",
        keywords="防汛",
        summary="概述",
        validity="有效",
        validity_date=None,
    )
    return replace(base, **changes)


def test_entry_draft_round_trip_keeps_the_index_number():
    saved = entry()
    draft = saved.draft()
    assert draft.index_no == saved.index_no
    assert (draft.title, draft.node_id, draft.published_on, draft.doc_number) == (
        "通知",
        3,
        DAY,
        saved.doc_number,
    )
    assert validate_draft(draft.normalized()) == []


@pytest.mark.parametrize(
    ("validity", "withdrawn"), [("有效", False), ("失效", True), ("废止", True)]
)
def test_withdrawn(validity, withdrawn):
    assert entry(validity=validity).withdrawn is withdrawn


@pytest.mark.parametrize(
    ("saved", "validity", "on", "field", "text"),
    [
        (entry(), "有效", DAY, "validity", "只能改为“失效”或“废止”"),
        (
            entry(validity="失效", validity_date=DAY),
            "废止",
            DAY,
            "validity",
            "已于 2024-03-05 失效，不能再次撤销",
        ),
        (entry(), "废止", None, "validity_date", "请填写废止日期"),
        (entry(), "失效", dt.date(2024, 3, 4), "validity_date", "失效日期早于生成日期 2024-03-05"),
    ],
)
def test_withdrawal_problems(saved, validity, on, field, text):
    problem = withdrawal_problem(saved, validity, on)
    assert problem.field == field
    assert text in problem.message


def test_withdrawal_on_the_generated_day_is_fine():
    assert withdrawal_problem(entry(), "失效", DAY) is None


# -- agency ----------------------------------------------------------------------------------------
def test_agency_pattern():
    agency = Agency(1, "青溪县应急管理局", "11330727775738086F", "{code}-{year}-{serial:03d}")
    assert agency.pattern.format(agency.code, 2024, 2) == "11330727775738086F-2024-002"


@pytest.mark.parametrize(
    ("name", "code", "pattern", "fields"),
    [
        ("青溪县应急管理局", "11330727775738086F", DEFAULT_INDEX_PATTERN, []),
        ("  ", "11330727775738086F", DEFAULT_INDEX_PATTERN, ["agency_name"]),
        ("局" * 101, "11330727775738086F", DEFAULT_INDEX_PATTERN, ["agency_name"]),
        ("局" * 100, "77573808-6", DEFAULT_INDEX_PATTERN, []),
        ("青溪县应急管理局", "11330727775738086G", DEFAULT_INDEX_PATTERN, ["agency_code"]),
        ("青溪县应急管理局", "11330727775738086F", "{code}", ["index_pattern"]),
        ("", "", "", ["agency_name", "agency_code", "index_pattern"]),
    ],
)
def test_agency_problems(name, code, pattern, fields):
    problems = agency_problems(name, code, pattern)
    assert fields_of(problems) == fields
    for problem in problems:
        assert str(problem).startswith(FIELD_LABELS[problem.field] + "：")


# -- classification tree names ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("统计信息", None),
        (" 统计信息 ", None),
        ("", "不能为空"),
        ("  ", "不能为空"),
        ("统计/信息", "不能包含“/”"),
        ("类" * 60, None),
        ("类" * 61, "过长"),
    ],
)
def test_node_name_problem(name, problem):
    found = node_name_problem(name)
    if problem is None:
        assert found is None
    else:
        assert problem in found


def test_split_path_ignores_blanks_and_spaces():
    assert split_path(" 法定主动公开内容 / 统计信息 /") == ["法定主动公开内容", "统计信息"]
    assert split_path("") == []
