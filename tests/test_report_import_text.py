"""Importing a plain-text report: catalog header, title, lead, nested headings, signature, date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import CatalogData, Section, numbered
from desktop_app.domain.report_import_text import parse_report_text

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def forestry():
    return parse_report_text(fixture("report_free_form.txt"), 2011, "青溪县林业局")


def test_catalog_header_in_table_form_is_read_verbatim(forestry):
    assert forestry.catalog == CatalogData(
        index_no="002345678/2011-00077",
        disclosure_form="主动公开",
        doc_number="",
        period="长期公开",
        publisher="林业局",
        generated_on="2012-04-02",
    )


def test_without_a_title_line_the_default_title_is_used(forestry):
    assert forestry.title == "青溪县林业局2011年政府信息公开工作年度报告"
    assert (forestry.year, forestry.format) == (2011, rf.FORMAT_FREE)


def test_lead_paragraphs_before_the_first_heading(forestry):
    assert forestry.lead == (
        "2011年，我局在县政府的统一部署下，稳步推进信息公开，现将有关情况报告如下:",
        "本报告数据统计期限为2011年1月1日至12月31日。",
    )


def test_headings_build_a_nested_tree_and_keep_their_numbers_as_written(forestry):
    headings = [
        (n.level, n.section.number, n.section.heading, n.section.run_in)
        for n in numbered(forestry.sections)
    ]
    assert headings == [
        (1, "一、", "主要工作", False),
        (2, "(一) ", "健全机构，明确分工。", True),
        (2, "(二)", "完善目录，及时更新。", True),
        (3, "1.", "采伐公示：", True),
        (3, "2.", "检疫信息", False),
        (4, "（1）", "苗木产地检疫：", True),
        (4, "（2）", "调运检疫。", True),
        (1, "二、", "存在的不足", False),
        (1, "三、", "今后打算", False),
    ]
    # printed with full-width brackets, never renumbered
    assert [n.heading for n in numbered(forestry.sections)][1:3] == [
        "（一） 健全机构，明确分工。",
        "（二）完善目录，及时更新。",
    ]


def test_a_run_in_heading_stays_the_first_sentence_of_its_paragraph(forestry):
    work = forestry.sections[0]
    assert work.paragraphs == ()
    assert work.children[0].paragraphs == (
        "局办公室负责日常公开事务，各股室确定一名联络员,定期报送信息。",
        "年初召开动员会一次，印发工作要点。",
    )
    catalog = work.children[1]
    assert catalog.paragraphs == ("全年在门户网站更新林木采伐、苗木检疫等信息42条。",)
    assert catalog.children[0].paragraphs == ("每月第一周公布上月林木采伐许可情况。",)
    quarantine = catalog.children[1]
    assert quarantine.paragraphs == ()
    assert quarantine.children == (
        Section("苗木产地检疫：", ("按季度公开检疫合格名单。",), (), "（1）", True),
        Section("调运检疫。", ("调运检疫证明实行网上查询。",), (), "（2）", True),
    )


def test_signature_and_closing_date_leave_the_last_section(forestry):
    assert forestry.closing_date == dt.date(2012, 3, 28)
    assert forestry.sections[-1] == Section(
        "今后打算", ("进一步规范公开流程，加强对联络员的培训。",), (), "三、"
    )


def body_text(report) -> str:
    """The report's text in reading order as the author wrote it, one line per source line."""
    lines = list(report.lead)
    for item in numbered(report.sections):
        section = item.section
        paragraphs = list(section.paragraphs)
        if section.run_in:
            lines.append(section.number + section.heading + paragraphs.pop(0))
        else:
            lines.append(section.number + section.heading)
        lines += paragraphs
    return "\n".join(lines)


def test_every_character_of_the_body_is_kept(forestry):
    source = fixture("report_free_form.txt").splitlines()[4:-2]
    assert body_text(forestry) == "\n".join(line.strip() for line in source)


def test_title_line_and_two_catalog_fields_per_line():
    report = parse_report_text(fixture("report_titled.txt"), 2016, "青溪县档案馆")
    assert report.title == "青溪县档案馆2016年政府信息公开工作年度报告"
    assert report.catalog == CatalogData(
        index_no="113307XX/2017-00003",
        disclosure_form="主动公开",
        doc_number="青档〔2017〕5号",
        period="长期公开",
        publisher="县档案馆",
        generated_on="2017-03-20",
    )
    assert report.lead == ()
    assert report.sections[0] == Section(
        "概述：", ("本年度我馆共主动公开信息28条，未收到政府信息公开申请。",), (), "一、", True
    )
    assert report.sections[2] == Section("依申请公开情况", ("无。",), (), "三、")


def test_signature_and_date_on_one_line():
    report = parse_report_text(fixture("report_titled.txt"), 2016, "青溪县档案馆")
    assert report.closing_date == dt.date(2017, 3, 20)
    assert all("档案馆　" not in p for s in report.sections for p in s.paragraphs)


def test_windows_line_ends_and_byte_order_mark():
    text = "\ufeff" + fixture("report_titled.txt").replace("\n", "\r\n")
    report = parse_report_text(text, 2016, "青溪县档案馆")
    assert [s.heading for s in report.sections] == [
        "概述：",
        "主动公开政府信息情况",
        "依申请公开情况",
    ]


def test_last_paragraph_that_is_not_a_signature_is_kept():
    text = "一、总体情况\n本年度工作平稳。\n特此报告\n2020年1月15日\n"
    report = parse_report_text(text, 2019, "青溪县水利局")
    assert report.sections == (Section("总体情况", ("本年度工作平稳。", "特此报告"), (), "一、"),)
    assert report.closing_date == dt.date(2020, 1, 15)


def test_a_date_inside_the_text_is_not_a_closing_date():
    text = "一、总体情况\n条例自2008年5月1日起施行。\n"
    report = parse_report_text(text, 2008, "青溪县水利局")
    assert report.closing_date is None
    assert report.sections[0].paragraphs == ("条例自2008年5月1日起施行。",)


def test_numbers_that_are_not_headings_stay_in_the_paragraph():
    lines = ("1.5万元用于网站维护。", "2009年以来每年更新目录。", "2010、2011年连续获评先进。")
    report = parse_report_text("\n".join(("一、收费", *lines)), 2011, "青溪县水利局")
    assert report.sections == (Section("收费", lines, (), "一、"),)


def test_text_without_headings_is_all_lead():
    report = parse_report_text("我局本年度未发生信息公开事项。", 2010, "青溪县水利局")
    assert report.lead == ("我局本年度未发生信息公开事项。",)
    assert report.sections == ()


@pytest.mark.parametrize("text", ["", "  \n\u3000\n\t"])
def test_empty_text_is_refused(text):
    with pytest.raises(ValueError, match="报告文字为空"):
        parse_report_text(text, 2010, "青溪县水利局")


def test_header_without_body_is_refused():
    with pytest.raises(ValueError, match="没有找到报告正文"):
        parse_report_text("索引号：X/2010-1 公开形式：主动公开\n", 2010, "青溪县水利局")
