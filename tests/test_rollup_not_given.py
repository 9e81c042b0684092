"""A number a department did not give (blank or "/" in its report) is never counted as 0 in the
county roll-up: the sum is marked incomplete, with who is missing, in the JSON, the PDF, the sheet
and the CLI; the exchange format carries "not given" apart from an empty cell; and published
reports (PDF, Word, web page) go into the roll-up named by their titles."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pytest

from desktop_app.cli import run
from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import Cell, new_report
from desktop_app.domain.report_exchange import ExchangeError, report_from_json, report_to_json
from desktop_app.domain.report_import_text import title_agency_year
from desktop_app.domain.rollup import Department, rollup_problems, rollup_tables
from desktop_app.errors import UserError
from desktop_app.services.rollup import county_cell, read_department, rollup_files, summed_report
from desktop_app.services.rollup_export import export_rollup_pdf, export_rollup_xlsx
from tests import published_reports as pub

NEW_TOTAL = ("三", rf.T3_NEW, rf.T3_TOTAL)
NEW_NATURAL = ("三", rf.T3_NEW, rf.T3_NATURAL)
REVIEW_KEPT = ("四", *rf.table4_cells()[0])
OTHER = rf.T3_OTHER  # （六）其他处理
OTHER_ITEMS = rf.T3_GROUP_ITEMS[OTHER]


def department(name: str, cells: dict, year: int = 2024, code: str = "") -> Department:
    """`cells`: key → number, or None for a cell the report holds without one (not given)."""
    report = new_report(name, year, rf.FORMAT_2021)
    held = {key: Cell(None if v is None else Decimal(v)) for key, v in cells.items()}
    return Department(name, code or f"code-{name}", replace(report, cells=held))


@pytest.fixture
def departments() -> list[Department]:
    return [
        department("青溪县民政局", {NEW_TOTAL: 4, NEW_NATURAL: 4, REVIEW_KEPT: 2}),
        department("青溪县教育局", {NEW_TOTAL: None, NEW_NATURAL: 6, REVIEW_KEPT: None}),
        department("青溪县林业局", {NEW_TOTAL: 1, REVIEW_KEPT: None}),
    ]


# ---- the sums -----------------------------------------------------------------------------------
def test_a_cell_not_given_leaves_the_county_total_unknown_with_the_sum_given(departments):
    county = rollup_tables(departments)
    assert county.total(NEW_TOTAL) is None
    assert county.given[NEW_TOTAL] == 5
    assert county.missing[NEW_TOTAL] == ("青溪县教育局",)
    assert county_cell(county, NEW_TOTAL) == "≥5"
    assert county.total(NEW_NATURAL) == 10  # an empty cell (not held) is 0: complete
    assert county.missing[REVIEW_KEPT] == ("青溪县教育局", "青溪县林业局")
    assert county_cell(county, REVIEW_KEPT) == "≥2"
    assert set(county.gaps()) == {"青溪县教育局", "青溪县林业局"}
    assert county.gaps()["青溪县林业局"] == [REVIEW_KEPT]


def test_a_cell_no_department_gave_reads_not_given():
    county = rollup_tables(
        [department("甲局", {NEW_TOTAL: None}), department("乙局", {NEW_TOTAL: None})]
    )
    assert county_cell(county, NEW_TOTAL) == "未给出"


def test_the_summed_report_holds_an_incomplete_cell_as_not_given(departments):
    report = summed_report(departments, "青溪县")
    assert report.unknown(NEW_TOTAL)
    assert report.value(*NEW_NATURAL) == 10


def test_a_group_is_summed_from_the_items_and_a_group_given_alone_leaves_its_items_unknown():
    """Table 三's （六）其他处理: one department gives its items, one (2019 trial format) the group
    row only: the county group is complete, its items are not."""
    col = rf.T3_NATURAL
    items = {("三", item, col): n for item, n in zip(OTHER_ITEMS, (1, 2, 3), strict=True)}
    group_only = department("乙局", {("三", OTHER, col): 5})
    county = rollup_tables([department("甲局", items), group_only])
    assert county.total(("三", OTHER, col)) == 11
    assert county.missing[("三", OTHER_ITEMS[0], col)] == ("乙局",)
    assert county_cell(county, ("三", OTHER_ITEMS[0], col)) == "≥1"
    # the group prints no numbers: the gaps name the items only
    assert all(key[1] != OTHER for key in county.gaps()["乙局"])


def test_reports_without_an_agency_code_are_told_apart_by_name():
    a, b = department("甲局", {}, code=""), department("乙局", {}, code="")
    assert rollup_problems([replace(a, code=""), replace(b, code="")]) == []
    twice = rollup_problems([replace(a, code=""), replace(a, code="")])
    assert twice == ["甲局 已有一份报告纳入汇总，同一机关只能汇总一次"]


# ---- the exchange format ------------------------------------------------------------------------
def test_not_given_survives_the_exchange_format_apart_from_an_empty_cell():
    report = replace(
        new_report("甲局", 2024, rf.FORMAT_2021),
        cells={NEW_TOTAL: Cell(None), NEW_NATURAL: Cell(Decimal(3))},
    )
    data = json.loads(json.dumps(report_to_json(report, "甲局", "c")))
    assert data["tables"]["三"][rf.T3_NEW][rf.T3_TOTAL] is None
    assert data["not_given"] == {"三": {rf.T3_NEW: {rf.T3_TOTAL: True}}}
    back, _, _ = report_from_json(data)
    assert back.unknown(NEW_TOTAL)
    assert not back.unknown(("三", rf.T3_NEW, rf.T3_LEGAL[0]))  # null, not flagged: empty
    assert back.value(*NEW_NATURAL) == 3


@pytest.mark.parametrize(
    ("flag", "number", "said"),
    [("yes", None, "应为 true"), (True, 7, "不能同时标为未给出")],
)
def test_a_bad_not_given_flag_is_refused_naming_the_cell(flag, number, said):
    data = report_to_json(new_report("甲局", 2024, rf.FORMAT_2021), "甲局", "c")
    data["tables"]["三"][rf.T3_NEW][rf.T3_TOTAL] = number
    data["not_given"] = {"三": {rf.T3_NEW: {rf.T3_TOTAL: flag}}}
    with pytest.raises(ExchangeError) as caught:
        report_from_json(data)
    assert any(
        f"not_given.三.{rf.T3_NEW}.{rf.T3_TOTAL}" in p and said in p for p in caught.value.problems
    )


# ---- the files ----------------------------------------------------------------------------------
def write_exchange(tmp_path, d: Department):
    path = tmp_path / f"{d.name}.json"
    path.write_text(
        json.dumps(report_to_json(d.report, d.name, d.code), ensure_ascii=False), "utf-8"
    )
    return path


def test_the_saved_json_passes_the_gap_on_and_says_who_is_missing(departments, tmp_path):
    paths = [write_exchange(tmp_path, d) for d in departments]
    out = tmp_path / "县.json"
    rolled = rollup_files(paths, out, "青溪县")
    data = json.loads(out.read_text("utf-8"))
    assert data["tables"]["三"][rf.T3_NEW][rf.T3_TOTAL] is None
    assert data["not_given"]["三"][rf.T3_NEW][rf.T3_TOTAL] is True
    assert data["incomplete"]["三"][rf.T3_NEW][rf.T3_TOTAL] == {
        "given_sum": 5,
        "not_given_by": ["青溪县教育局"],
    }
    assert data["departments"][1]["not_given"]["三"][rf.T3_NEW] == {rf.T3_TOTAL: True}
    assert len(rolled.county_sum.incomplete()) == 2
    # a city office summing county files sees the same gap, never a 0
    county_again, _, _ = report_from_json(data)
    assert county_again.unknown(NEW_TOTAL)


def test_the_pdf_prints_the_partial_sum_marked_and_a_note_naming_the_departments(
    departments, tmp_path
):
    out = tmp_path / "汇总.pdf"
    export_rollup_pdf(departments, "青溪县", out)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True
    ).stdout.decode()
    flat = text.replace("\n", "").replace(" ", "")
    assert "≥5" in flat
    assert "≥2" in flat
    assert "合计不完整" in flat
    assert f"青溪县教育局未给出2项：表三{rf.T3_NEW}：总计；表四" in flat
    assert "青溪县林业局未给出1项：表四" in flat


def test_the_sheet_marks_the_total_and_names_who_did_not_give_it(departments, tmp_path):
    out = tmp_path / "汇总.xlsx"
    export_rollup_xlsx(departments, "青溪县", out)
    header, *rows = openpyxl.load_workbook(out).active.iter_rows(values_only=True)
    assert header[3:] == (
        "青溪县合计",
        "未给出该项的部门",
        "青溪县民政局",
        "青溪县教育局",
        "青溪县林业局",
    )
    by_cell = {row[:3]: row[3:] for row in rows}
    assert by_cell[("表三", rf.T3_NEW, rf.T3_TOTAL)] == ("≥5", "青溪县教育局", 4, "未给出", 1)
    assert by_cell[("表三", rf.T3_NEW, rf.T3_NATURAL)] == (10, None, 4, 6, None)


def test_the_cli_says_which_sums_are_incomplete(departments, tmp_path, capsys):
    paths = [str(write_exchange(tmp_path, d)) for d in departments]
    out = tmp_path / "县.json"
    code = run(["--db", str(tmp_path / "d.db"), "report", "rollup", *paths, "--out", str(out)])
    said = capsys.readouterr().out
    assert code == 0
    assert "本年新收申请共 ≥5 件" in said
    assert "注意：2 项合计不完整（不按 0 计）" in said
    assert "青溪县林业局未给出 1 项：表四" in said


# ---- published reports into the roll-up ----------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("青溪县民政局2024年政府信息公开工作年度报告", ("青溪县民政局", 2024)),
        ("青溪县民政局2024年度政府信息公开工作年度报告", ("青溪县民政局", 2024)),
        ("2023年青溪县人民政府办公室政府信息公开工作年度报告", ("青溪县人民政府办公室", 2023)),
        ("青溪县林业局关于2022年政务公开工作年度报告", ("青溪县林业局", 2022)),
        ("政府信息公开工作年度报告", None),
        ("2024年政府信息公开工作年度报告", None),
    ],
)
def test_the_agency_and_year_come_from_the_title(title, found):
    assert title_agency_year(title) == found


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_a_published_report_is_summed_with_its_gaps_and_what_to_check(kind, tmp_path):
    write = {"pdf": pub.write_pdf, "docx": pub.write_docx, "html": pub.write_html}[kind]
    published = write(tmp_path / f"report.{kind}")
    read = read_department(published)
    assert (read.name, read.code, read.report.year) == (pub.AGENCY, "", pub.YEAR)
    assert any(pub.TYPO in note for note in read.notes)  # the typo label's match, to confirm
    other = department("青溪县教育局", {("三", rf.T3_NEW, rf.T3_NATURAL): 10}, year=pub.YEAR)
    county = rollup_tables([read, other])
    assert county.total(("三", rf.T3_NEW, rf.T3_NATURAL)) == 9487 + 10
    carried_in_firm = ("三", rf.T3_CARRIED_IN, pub.FIRM)  # "/" in the document
    assert county.missing[carried_in_firm] == (pub.AGENCY,)
    assert county.missing[("二", "行政强制", rf.T2_DECISIONS)] == (pub.AGENCY,)


def test_a_published_report_without_a_usable_title_is_refused_saying_why(tmp_path):
    text = tmp_path / "报告.txt"
    text.write_text("一、总体情况\n本年度共收到申请3件。\n", "utf-8")
    with pytest.raises(UserError) as caught:
        read_department(text)
    assert "没有找到标题" in str(caught.value)
    assert "报送交换 JSON" in str(caught.value)
