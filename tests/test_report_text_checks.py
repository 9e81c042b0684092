"""Checks real reports need: numbers quoted in the text, section 五, table 二 across years, cells
not given (unknown, never 0), and no false error on a correct report."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport
from desktop_app.domain.report_checks import check_report
from tests.test_report_checks import NAT, TOTAL, by_rule, consistent, only, put

REVIEW, DIRECT, AFTER = rf.T4_GROUPS


def with_text(report: AnnualReport, index: int, *paragraphs: str) -> AnnualReport:
    sections = list(report.sections)
    sections[index] = replace(sections[index], paragraphs=paragraphs)
    return replace(report, sections=tuple(sections))


@pytest.mark.parametrize(
    ("sentence", "cells"),
    [
        ("本年度受理政府信息公开申请8件。", (("三", rf.T3_NEW, TOTAL),)),
        # an aside in brackets is a clause of its own: the 8 is read across it
        ("本年度收到政府信息公开申请（含网上申请5件）8件。", (("三", rf.T3_NEW, TOTAL),)),
        ("另有3件申请顺延至下年度办理。", (("三", rf.T3_CARRIED_OUT, TOTAL),)),
        ("全年共收到9份政府信息公开申请。", (("三", rf.T3_NEW, TOTAL),)),
        ("无下年度结转。", (("三", rf.T3_CARRIED_OUT, TOTAL),)),
        ("其中予以公开3件。", (("三", rf.T3_DISCLOSED, TOTAL),)),
        ("予以公开及部分公开6件。", (("三", rf.T3_DISCLOSED, TOTAL), ("三", rf.T3_PARTLY, TOTAL))),
        ("因本机关不掌握等原因无法提供2件。", (("三", rf.T3_UNABLE, TOTAL),)),
        ("上年结转申请2件。", (("三", rf.T3_CARRIED_IN, TOTAL),)),
        ("结转下年度继续办理3件。", (("三", rf.T3_CARRIED_OUT, TOTAL),)),
        ("全年共办结9件。", (("三", rf.T3_RESULT_TOTAL, TOTAL),)),
        ("发生政府信息公开行政复议3件。", (("四", REVIEW, "总计"),)),
        ("行政诉讼2件。", (("四", DIRECT, "总计"), ("四", AFTER, "总计"))),
    ],
)
def test_a_number_in_the_text_against_its_cell_names_the_sentence_and_the_cell(sentence, cells):
    report = with_text(consistent(), 2, "申请量与上年持平。" + sentence)
    finding = only(check_report(report), "文字-2")
    assert finding.severity == "warning"
    assert finding.cells == cells
    assert f"“{sentence}”" in finding.message
    assert f"表{cells[0][0]}“{cells[0][1]} {cells[0][2]}”" in finding.message
    assert finding.section == (2,)


def test_numbers_that_match_the_tables_pass_with_common_wordings():
    report = with_text(
        consistent(),
        2,
        "本年度新收政府信息公开申请7件，上年结转1件，办结7件，结转下年度继续办理1件。",
        "全年发生行政复议2件，未发生行政诉讼。",
        "办结7件（含上年结转1件，另有1件申请顺延到下年度答复）。",
        "其中予以公开4件、部分公开1件，不予公开1件，无法提供1件；予以公开和部分公开共5件。",
        "其中自然人申请5件，主动公开信息1,520条。",
    )
    assert by_rule(check_report(report), "文字-2") == []


def test_saying_there_was_no_lawsuit_while_table_four_has_one():
    report = put(consistent(), "四", DIRECT, "结果维持", 1)
    report = put(report, "四", DIRECT, "总计", 1)
    report = with_text(report, 3, "本年度没有发生行政复议和行政诉讼案件。")
    rules = [(f.rule, f.cells[0][1]) for f in check_report(report) if f.rule == "文字-2"]
    assert rules == [("文字-2", REVIEW), ("文字-2", DIRECT)]


@pytest.mark.parametrize("text", ["无。", "无", "暂无", "问题不多。"])
def test_section_five_saying_nothing_is_a_warning(text):
    finding = only(check_report(with_text(consistent(), 4, text)), "文字-4")
    assert finding.severity == "warning"
    assert finding.section == (4,)


def test_section_five_with_a_sentence_passes():
    report = with_text(consistent(), 4, "答复文书格式不统一，已制定统一模板并培训经办人员。")
    assert by_rule(check_report(report), "文字-4") == []


def test_table_two_in_force_across_years_names_both_reports():
    previous = put(consistent(2023), "二", "行政规范性文件", rf.T2_IN_FORCE, 8)
    # this year: 3 issued, 1 repealed, 9 in force; 8 + 3 − 1 = 10
    finding = only(check_report(consistent(), previous), "跨年-2")
    assert finding.severity == "warning"
    assert "2023年报告现行有效件数 8" in finding.message
    assert "2024年报告现行有效件数为 9" in finding.message
    ok = put(consistent(2023), "二", "行政规范性文件", rf.T2_IN_FORCE, 7)
    assert by_rule(check_report(consistent(), ok), "跨年-2") == []


def test_a_cell_not_given_is_a_warning_and_unknown_to_the_sums():
    report = put(consistent(), "三", rf.T3_NEW, NAT, None)  # "/" in the published table
    findings = check_report(report)
    assert [(f.rule, f.severity, f.cells) for f in findings] == [
        ("表格-1", "warning", (("三", rf.T3_NEW, NAT),))
    ]
    assert "按未知处理" in findings[0].message


def test_a_missing_subtotal_and_a_not_given_subtotal_are_no_errors():
    report = consistent()
    for group in rf.T3_GROUP_ITEMS:
        report = put(report, "三", group, NAT, None)
    assert check_report(report) == []


def test_the_2019_trial_formats_other_outcomes_without_items_count_by_their_own_row():
    report = consistent()
    for (row, col), value in {
        (rf.T3_OTHER, NAT): 1,
        (rf.T3_OTHER, TOTAL): 1,
        (rf.T3_RESULT_TOTAL, NAT): 6,
        (rf.T3_RESULT_TOTAL, TOTAL): 8,
        (rf.T3_CARRIED_OUT, NAT): 0,
        (rf.T3_CARRIED_OUT, TOTAL): 0,
    }.items():
        report = put(report, "三", row, col, value)
    assert check_report(report) == []
    assert by_rule(check_report(put(report, "三", rf.T3_OTHER, NAT, 2)), "三-3")
