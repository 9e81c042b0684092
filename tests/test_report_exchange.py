"""JSON exchange format: exact round trips, structural errors by key path, rule breaks import."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import (
    COMPUTED,
    DRAFT,
    OVERRIDDEN,
    SIGNED,
    AnnualReport,
    CatalogData,
    Cell,
    Section,
    SignOff,
    new_report,
)
from desktop_app.domain.report_checks import check_report
from desktop_app.domain.report_exchange import (
    ExchangeError,
    report_from_json,
    report_to_json,
    strip_heading_number,
)
from desktop_app.domain.report_import_text import read_report_text

AGENCY, CODE = "青溪县应急管理局", "11330727775738086F"
FEE = ("行政事业性收费", rf.T2_FEE_AMOUNT)


def full_report() -> AnnualReport:
    """A signed report with nested sections four levels deep and cells of every provenance."""
    base = new_report(AGENCY, 2024, rf.FORMAT_2021)
    deep = Section(
        "值班制度", ("每日安排专人审核。",), (Section("周末值守", ("节假日由办公室轮值。",)),)
    )
    first = Section(
        "总体情况",
        ("全年工作平稳。",),
        (Section("主动公开", ("发布通知公告。", "更新机构职能。"), (deep,)), Section("依申请公开")),
    )
    report = replace(
        base,
        sections=(first, *base.sections[1:]),
        lead=("按照条例要求，现公布本年度报告。",),
        closing_date=dt.date(2025, 1, 20),
        catalog=CatalogData(
            index_no="113307/2025-00012", disclosure_form="主动公开", publisher="县应急管理局"
        ),
        status=SIGNED,
        sign_off=SignOff("王某", dt.date(2025, 1, 21), "abc"),
        revision=3,
        id=17,
    )
    cells = {
        ("三", rf.T3_NEW, rf.T3_NATURAL): Cell(Decimal(4), COMPUTED),
        ("三", rf.T3_NEW, rf.T3_TOTAL): Cell(Decimal(5), OVERRIDDEN, "台账漏登一件纸质申请"),
        ("三", rf.T3_CARRIED_IN, rf.T3_TOTAL): Cell(None, COMPUTED),
        ("三", rf.T3_RESULT_TOTAL, rf.T3_LEGAL[3]): Cell(Decimal(0)),
        ("四", rf.T4_GROUPS[2], "结果纠正"): Cell(Decimal(2)),
        ("二", "规章", rf.T2_IN_FORCE): Cell(Decimal(6)),
        ("二", *FEE): Cell(Decimal("12.3456")),
    }
    return replace(report, cells=cells)


def as_imported(report: AnnualReport) -> AnnualReport:
    return replace(report, status=DRAFT, sign_off=None, revision=1, id=None)


def through_json(data: dict) -> dict:
    return json.loads(json.dumps(data, ensure_ascii=False))


def minimal(**overrides) -> dict:
    data = {
        "format": "2021",
        "year": 2024,
        "agency": {"name": AGENCY, "code": CODE},
        "title": "青溪县应急管理局2024年政府信息公开工作年度报告",
        "sections": [{"heading": "一、总体情况", "paragraphs": ["本年度工作有序推进。"]}],
        "tables": {},
    }
    return {**data, **overrides}


def problems_of(data: dict) -> list[str]:
    with pytest.raises(ExchangeError) as caught:
        report_from_json(data)
    assert isinstance(caught.value, ValueError)
    return caught.value.problems


def test_round_trip_keeps_everything_but_the_workflow():
    report = full_report()
    imported, name, code = report_from_json(through_json(report_to_json(report, AGENCY, CODE)))
    assert imported == as_imported(report)
    assert (name, code) == (AGENCY, CODE)


def test_round_trip_of_a_free_form_report():
    report = replace(
        new_report(AGENCY, 2008, rf.FORMAT_FREE),
        sections=(Section("基本做法", ("建立制度。",), (Section("加强领导", ("成立小组。",)),)),),
    )
    data = report_to_json(report, AGENCY, CODE)
    assert data["tables"] == {}
    assert report_from_json(through_json(data))[0] == report


def test_headings_carry_generated_numbers_at_their_level():
    sections = report_to_json(full_report(), AGENCY, CODE)["sections"]
    assert [s["heading"] for s in sections] == [
        f"{n}、{h}" for n, h in zip("一二三四五六", rf.SECTIONS_2021, strict=True)
    ]
    child = sections[0]["children"][0]
    assert child["heading"] == "（一）主动公开"
    assert child["children"][0]["heading"] == "1.值班制度"
    assert child["children"][0]["children"][0]["heading"] == "（1）周末值守"
    assert "children" not in sections[1]


def test_tables_list_every_cell_with_null_for_empty_ones():
    data = report_to_json(full_report(), AGENCY, CODE)
    three = data["tables"]["三"]
    assert list(three) == list(rf.T3_DATA_ROWS)
    assert all(list(cols) == list(rf.T3_COLUMNS) for cols in three.values())
    assert three[rf.T3_NEW][rf.T3_TOTAL] == 5
    assert three[rf.T3_NEW][rf.T3_LEGAL[0]] is None
    assert list(data["tables"]["四"]) == list(rf.T4_GROUPS)
    assert data["tables"]["二"]["行政事业性收费"][rf.T2_FEE_AMOUNT] == 12.3456
    assert data["tables"]["二"]["规章"][rf.T2_IN_FORCE] == 6
    assert isinstance(data["tables"]["二"]["规章"][rf.T2_IN_FORCE], int)


def test_extra_keys_hold_sources_and_workflow_data():
    data = report_to_json(full_report(), AGENCY, CODE)
    assert data["cell_sources"]["三"][rf.T3_NEW][rf.T3_TOTAL] == {
        "source": OVERRIDDEN,
        "reason": "台账漏登一件纸质申请",
    }
    assert rf.T3_LEGAL[3] not in data["cell_sources"]["三"].get(rf.T3_RESULT_TOTAL, {})
    assert data["closing_date"] == "2025-01-20"
    assert data["status"] == SIGNED
    assert data["catalog"]["index_no"] == "113307/2025-00012"
    assert data["lead"] == ["按照条例要求，现公布本年度报告。"]


def test_core_keys_alone_import_with_a_default_title():
    data = minimal()
    del data["title"]
    report, name, _ = report_from_json(data)
    assert report.title == f"{AGENCY}2024年政府信息公开工作年度报告"
    assert report.sections == (Section("总体情况", ("本年度工作有序推进。",)),)
    assert (report.status, report.id, report.cells, name) == (DRAFT, None, {}, AGENCY)


@pytest.mark.parametrize(
    ("heading", "bare"),
    [
        ("一、总体情况", "总体情况"),
        ("十二、其他", "其他"),
        ("（二）依申请公开", "依申请公开"),
        ("(三) 平台建设", "平台建设"),
        ("3.制度建设", "制度建设"),
        ("4．监督保障", "监督保障"),
        ("（1）培训", "培训"),
        ("2024年工作亮点", "2024年工作亮点"),
        ("1.5万元收费说明", "1.5万元收费说明"),
    ],
)
def test_heading_numbers_are_stripped_on_import(heading, bare):
    assert strip_heading_number(heading) == bare


def test_numbers_breaking_rules_import_as_a_draft_and_the_checker_finds_them():
    data = minimal()
    data["tables"] = {
        "三": {
            rf.T3_NEW: {rf.T3_NATURAL: 3, rf.T3_TOTAL: 2},
            rf.T3_RESULT_TOTAL: {rf.T3_NATURAL: 3, rf.T3_TOTAL: 3},
        },
        "四": {rf.T4_REVIEW: {"结果维持": 1, "总计": 4}},
    }
    report, _, _ = report_from_json(data)
    assert report.value("三", rf.T3_NEW, rf.T3_TOTAL) == 2
    rules = {f.rule for f in check_report(report)}
    assert {"三-1", "三-4", "四-1"} <= rules


def test_fractional_counts_import_and_the_checker_reports_them():
    data = minimal(tables={"四": {rf.T4_GROUPS[1]: {"其他结果": 1.5}}})
    report, _, _ = report_from_json(data)
    failing = {(f.rule, f.cells[0]) for f in check_report(report) if f.severity == "error"}
    assert ("三-5", ("四", rf.T4_GROUPS[1], "其他结果")) in failing


@pytest.mark.parametrize(
    ("value", "reason"),
    [(-1, "不能为负数"), (10**400, "数值过大"), (10**12 + 1, "数值过大"), (1.23456, "小数位过多")],
)
def test_numbers_beyond_the_limits_are_refused_with_their_key_path(value, reason):
    data = minimal(tables={"二": {FEE[0]: {FEE[1]: value}}})
    (problem,) = problems_of(data)
    assert problem.startswith(f"tables.二.{FEE[0]}.{FEE[1]}：{reason}")


@pytest.mark.parametrize("value", ["12", True, [3], {"n": 1}])
def test_non_numbers_are_refused_with_their_key_path(value):
    data = minimal(tables={"四": {rf.T4_GROUPS[1]: {"其他结果": value}}})
    assert problems_of(data) == [f"tables.四.{rf.T4_GROUPS[1]}.其他结果：应为数字，实为 {value!r}"]


def test_integral_float_count_is_read_as_an_integer():
    report, _, _ = report_from_json(minimal(tables={"四": {rf.T4_REVIEW: {"总计": 3.0}}}))
    assert report.value("四", rf.T4_REVIEW, "总计") == Decimal(3)


@pytest.mark.parametrize("fmt", ["2019", None, 2021])
def test_unknown_format(fmt):
    assert problems_of(minimal(format=fmt)) == [f"format：未知格式“{fmt}”，应为 “2021” 或 “free”"]


@pytest.mark.parametrize("year", [2007, dt.date.today().year + 2, "2024", 2024.0, True, None])
def test_year_must_be_an_integer_between_2008_and_next_year(year):
    (problem,) = problems_of(minimal(year=year))
    assert problem.startswith(f"year：应为 2008 至 {dt.date.today().year + 1} 之间的年份")


def test_unknown_table_row_and_column_labels_are_listed_verbatim():
    data = minimal(
        tables={
            "五": {},
            "三": {
                "一、本年新收申请数量": {rf.T3_NATURAL: 1},
                rf.T3_RESULTS: {rf.T3_NATURAL: 1},
                rf.T3_NEW: {"个体工商户": 1},
            },
            "二": {"行政许可": {rf.T2_ISSUED: 1}},
        }
    )
    assert problems_of(data) == [
        "tables：未知表格“五”，应为 二、三、四 之一",
        "tables.三：未知行“一、本年新收申请数量”",
        f"tables.三：未知行“{rf.T3_RESULTS}”（该行只是标题，不填数字）",
        f"tables.三.{rf.T3_NEW}：未知列“个体工商户”",
        f"tables.二.行政许可：未知列“{rf.T2_ISSUED}”",
    ]


def test_free_form_report_with_tables_is_refused():
    data = minimal(format="free", tables={"三": {rf.T3_NEW: {rf.T3_NATURAL: 1}}})
    assert problems_of(data) == [
        "tables：自由格式（free）的报告没有表格，请改为 “2021” 格式或删去表格"
    ]


def test_every_problem_is_reported_at_once():
    data = minimal(
        agency={"code": CODE},
        sections=[{"heading": "一、总体情况", "paragraphs": ["好", 3]}, {"paragraphs": []}],
        closing_date="2025-02-30",
        catalog={"index_no": 5, "颜色": "红"},
        cell_sources={"三": {rf.T3_NEW: {rf.T3_TOTAL: {"source": "guessed"}}}},
    )
    problems = problems_of(data)
    assert problems[0] == "agency.name：缺少机关名称"
    assert "sections[0].paragraphs[1]：应为文字，实为 3" in problems
    assert "sections[1].heading：缺少标题" in problems
    assert any(p.startswith("closing_date：日期 2025-02-30 不存在") for p in problems)
    assert "catalog：未知字段“颜色”" in problems
    assert "catalog.index_no：应为文字，实为 5" in problems
    assert f"cell_sources.三.{rf.T3_NEW}.{rf.T3_TOTAL}：来源应为 computed 或 overridden" in problems
    assert len(problems) == 7


def test_not_an_object():
    assert problems_of([1, 2]) == ["文件内容应为一个 JSON 对象"]


def test_error_message_joins_the_problems():
    with pytest.raises(ExchangeError, match="format：.*；year："):
        report_from_json(minimal(format="x", year=1))


def test_imported_heading_numbers_and_run_in_headings_survive_a_round_trip():
    """An imported report keeps its own numbers (`(一) ` half-width) and run-in flags."""
    text = (Path(__file__).parent / "fixtures" / "report_run_in.txt").read_text("utf-8")
    report = read_report_text(text, 2009, AGENCY).report
    own = [s for s in report.sections[0].children if s.number]
    assert any(s.run_in for s in own)
    assert own[0].number.startswith("(")
    data = json.loads(json.dumps(report_to_json(report, AGENCY, CODE)))
    first = data["sections"][0]["children"][0]
    assert (first["number"], first["run_in"]) == (own[0].number, True)
    back, _, _ = report_from_json(data)
    assert back.sections == report.sections


def test_a_heading_number_of_another_kind_is_kept_too():
    section = Section("组织领导。", ("成立领导小组。",), number="第一条 ", run_in=True)
    report = replace(new_report(AGENCY, 2024, rf.FORMAT_FREE), sections=(section,))
    data = report_to_json(report, AGENCY, CODE)
    assert data["sections"][0]["heading"] == "第一条 组织领导。"
    assert report_from_json(data)[0].sections == (section,)


def test_an_older_file_without_numbers_or_run_in_flags_loads_as_before():
    data = report_to_json(new_report(AGENCY, 2024, rf.FORMAT_FREE), AGENCY, CODE)
    data["sections"] = [{"heading": "（一）依申请公开", "paragraphs": ["全年收到申请3件。"]}]
    assert report_from_json(data)[0].sections == (Section("依申请公开", ("全年收到申请3件。",)),)


def test_a_bad_number_or_run_in_flag_is_named_by_its_key_path():
    data = report_to_json(new_report(AGENCY, 2024, rf.FORMAT_FREE), AGENCY, CODE)
    data["sections"] = [{"heading": "一、总体情况", "number": 1, "run_in": "yes"}]
    with pytest.raises(ExchangeError) as caught:
        report_from_json(data)
    assert caught.value.problems == [
        "sections[0].number：应为文字，实为 1",
        "sections[0].run_in：应为 true 或 false，实为 'yes'",
    ]


# Each part of a file in the wrong shape is named by its key path, and nothing is imported.
T3_CELL = {"三": {rf.T3_NEW: {rf.T3_TOTAL: 3}}}


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        (
            {"agency": "青溪县"},
            'agency：缺少机关信息，应为 {"name": 机关名称, "code": 统一社会信用代码}',
        ),
        (
            {"agency": {"name": "局" * 101, "code": CODE}},
            "agency.name：过长（101 字），最多 100 字",
        ),
        ({"agency": {"name": AGENCY, "code": 12}}, "agency.code：应为文字，实为 12"),
        ({"title": ["标题"]}, "title：应为文字，实为 ['标题']"),
        ({"title": "标" * 201}, "title：过长（201 字），最多 200 字"),
        ({"lead": "导语"}, "lead：应为文字列表"),
        ({"lead": ["第一段\x07"]}, "lead[0]：含有控制字符 U+0007"),
        ({"sections": {"heading": "一"}}, "sections：应为列表"),
        ({"sections": [{"heading": "一、总\t体"}]}, "sections[0].heading：含有控制字符 U+0009"),
        ({"closing_date": 20250101}, "closing_date：应为 YYYY-MM-DD 格式的日期，实为 20250101"),
        ({"closing_date": "1900-01-01"}, "closing_date："),
        ({"catalog": ["x"]}, "catalog：应为对象"),
        ({"catalog": {"index_no": "A\x00"}}, "catalog.index_no：含有控制字符 U+0000"),
        ({"tables": [1]}, "tables：应为对象"),
        ({"tables": {"五": {}}}, "tables：未知表格“五”，应为 二、三、四 之一"),
        ({"tables": {"三": [1]}}, "tables.三：应为对象"),
        ({"tables": {"三": {rf.T3_NEW: 3}}}, f"tables.三.{rf.T3_NEW}：应为对象"),
        ({"tables": {"三": {rf.T3_NEW: {"合计": 3}}}}, f"tables.三.{rf.T3_NEW}：未知列“合计”"),
        ({"tables": T3_CELL, "cell_sources": "computed"}, "cell_sources：应为对象"),
        (
            {
                "tables": T3_CELL,
                "cell_sources": {
                    "三": {rf.T3_NEW: {rf.T3_TOTAL: {"source": "overridden", "reason": 7}}}
                },
            },
            f"cell_sources.三.{rf.T3_NEW}.{rf.T3_TOTAL}.reason：应为文字",
        ),
        (
            {
                "tables": T3_CELL,
                "cell_sources": {
                    "三": {rf.T3_NEW: {rf.T3_TOTAL: {"source": "overridden", "reason": "改\x1b"}}}
                },
            },
            f"cell_sources.三.{rf.T3_NEW}.{rf.T3_TOTAL}.reason：含有控制字符 U+001B",
        ),
    ],
)
def test_a_part_in_the_wrong_shape_is_named_by_its_key_path(overrides, problem):
    problems = problems_of(minimal(**overrides))
    assert any(p.startswith(problem) for p in problems), problems


def test_an_overridden_source_with_its_reason_is_kept():
    sources = {"三": {rf.T3_NEW: {rf.T3_TOTAL: {"source": "overridden", "reason": "按台账核对"}}}}
    report, _name, _code = report_from_json(minimal(tables=T3_CELL, cell_sources=sources))
    cell = report.cells[("三", rf.T3_NEW, rf.T3_TOTAL)]
    assert (cell.value, cell.source, cell.reason) == (Decimal(3), "overridden", "按台账核对")
