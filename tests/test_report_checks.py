"""The reconciliation checker: every rule passes on a consistent report and fails with numbers."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import (
    SIGNED,
    AnnualReport,
    Cell,
    Section,
    new_report,
)
from desktop_app.domain.report_checks import Finding, check_report

AGENCY = "青溪县应急管理局"
NAT, FIRM, TOTAL = rf.T3_NATURAL, rf.T3_LEGAL[0], rf.T3_TOTAL
SECRET = rf.T3_GROUP_ITEMS[rf.T3_REFUSED][0]
NOT_HELD = rf.T3_GROUP_ITEMS[rf.T3_UNABLE][0]
REVIEW = rf.T4_GROUPS[0]

# A small consistent year, typed by hand (only non-zero cells; missing cells count as 0):
# 自然人 5 new + 1 carried in = 2 disclosed + 1 partly + 1 refused + 1 unable + 1 carried out;
# 商业企业 2 new = 2 disclosed.
CONSISTENT_T3 = {
    (rf.T3_NEW, NAT): 5,
    (rf.T3_NEW, FIRM): 2,
    (rf.T3_NEW, TOTAL): 7,
    (rf.T3_CARRIED_IN, NAT): 1,
    (rf.T3_CARRIED_IN, TOTAL): 1,
    (rf.T3_DISCLOSED, NAT): 2,
    (rf.T3_DISCLOSED, FIRM): 2,
    (rf.T3_DISCLOSED, TOTAL): 4,
    (rf.T3_PARTLY, NAT): 1,
    (rf.T3_PARTLY, TOTAL): 1,
    (rf.T3_REFUSED, NAT): 1,
    (rf.T3_REFUSED, TOTAL): 1,
    (SECRET, NAT): 1,
    (SECRET, TOTAL): 1,
    (rf.T3_UNABLE, NAT): 1,
    (rf.T3_UNABLE, TOTAL): 1,
    (NOT_HELD, NAT): 1,
    (NOT_HELD, TOTAL): 1,
    (rf.T3_RESULT_TOTAL, NAT): 5,
    (rf.T3_RESULT_TOTAL, FIRM): 2,
    (rf.T3_RESULT_TOTAL, TOTAL): 7,
    (rf.T3_CARRIED_OUT, NAT): 1,
    (rf.T3_CARRIED_OUT, TOTAL): 1,
}
CONSISTENT_T4 = {(REVIEW, "结果维持"): 1, (REVIEW, "结果纠正"): 1, (REVIEW, "总计"): 2}
CONSISTENT_T2 = {
    ("规章", rf.T2_ISSUED): 0,
    ("行政规范性文件", rf.T2_ISSUED): 3,
    ("行政规范性文件", rf.T2_REPEALED): 1,
    ("行政规范性文件", rf.T2_IN_FORCE): 9,
    ("行政许可", rf.T2_DECISIONS): 12,
    ("行政事业性收费", rf.T2_FEE_AMOUNT): Decimal("1.2345"),
}
TEXTS = {
    0: ("本年度局机关共收到政府信息公开申请7件，均按期答复。", "全年主动公开政府信息86条。"),
    1: ("通过县政府门户网站发布各类安全生产信息。",),
    4: ("一起行政复议案件结果纠正，原因是答复书未告知救济途径，现已修订答复模板。",),
    5: ("本年度未收取信息处理费。",),
}


def consistent(year: int = 2024) -> AnnualReport:
    report = new_report(AGENCY, year, rf.FORMAT_2021)
    sections = tuple(replace(s, paragraphs=TEXTS.get(i, ())) for i, s in enumerate(report.sections))
    report = replace(report, sections=sections)
    for table, values in (("三", CONSISTENT_T3), ("四", CONSISTENT_T4), ("二", CONSISTENT_T2)):
        for (row, col), value in values.items():
            report = put(report, table, row, col, value)
    return report


def put(report: AnnualReport, table: str, row: str, col: str, value) -> AnnualReport:
    number = None if value is None else Decimal(value)
    return report.with_cell((table, row, col), Cell(number))


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def only(findings: list[Finding], rule: str) -> Finding:
    matching = by_rule(findings, rule)
    assert len(matching) == 1, findings
    return matching[0]


def test_consistent_report_has_no_findings():
    assert check_report(consistent()) == []


def test_a_zero_typed_cell_is_the_same_as_an_empty_one():
    report = put(consistent(), "三", rf.T3_NEW, "科研机构", 0)
    assert check_report(put(report, "三", rf.T3_OTHER, NAT, None)) == []


def test_a_new_report_warns_of_its_empty_tables_once_and_of_each_section_without_text():
    report = new_report(AGENCY, 2024, rf.FORMAT_2021)
    findings = check_report(report)
    assert findings[0] == Finding("表格-0", "warning", (), "表格尚未填写")
    # 二、三、四 may hold only their tables; the others need words
    assert [(f.rule, f.section) for f in findings[1:]] == [
        ("文字-0", (0,)),
        ("文字-0", (4,)),
        ("文字-0", (5,)),
    ]
    assert findings[1].message == "“一、总体情况”还没有正文，请填写"
    assert all(f.severity == "warning" for f in findings)


def test_an_empty_sub_section_is_a_warning_and_a_written_one_is_not():
    report = consistent()
    first = replace(
        report.sections[0],
        children=(Section("主动公开", ("略。",)), Section("依申请公开", ("  ",))),
    )
    report = replace(report, sections=(first, *report.sections[1:]))
    finding = only(check_report(report), "文字-0")
    assert finding.section == (0, 1)
    assert finding.message == "“（二）依申请公开”还没有正文，请填写或删除这一小节"
    assert by_rule(check_report(consistent()), "文字-0") == []


def test_rule_1_total_column_is_the_sum_of_applicant_columns():
    findings = check_report(put(consistent(), "三", rf.T3_NEW, TOTAL, 8))
    finding = only(findings, "三-1")
    assert finding.severity == "error"
    assert finding.message.startswith(f"{rf.T3_NEW} 总计 应为 7")
    assert "实为 8" in finding.message
    assert finding.cells[0] == ("三", rf.T3_NEW, TOTAL)
    assert ("三", rf.T3_NEW, NAT) in finding.cells


def test_rule_2_group_row_is_the_sum_of_its_items():
    report = put(consistent(), "三", rf.T3_GROUP_ITEMS[rf.T3_REFUSED][3], FIRM, 2)
    report = put(report, "三", rf.T3_REFUSED, FIRM, 0)  # a subtotal given, and wrong
    report = put(report, "三", rf.T3_RESULT_TOTAL, FIRM, 2)
    report = put(report, "三", rf.T3_CARRIED_OUT, FIRM, -2)
    finding = only(check_report(report), "三-2")
    assert finding.message.startswith(f"{rf.T3_REFUSED} {FIRM} 应为 2")
    assert "实为 0" in finding.message
    assert finding.cells[0] == ("三", rf.T3_REFUSED, FIRM)
    assert len(finding.cells) == 1 + 8


def test_a_missing_subtotal_is_no_error():
    """The template prints no numbers for （三）…（六）: an imported report has none."""
    report = consistent()
    for group in rf.T3_GROUP_ITEMS:
        for col in rf.T3_COLUMNS:
            report = put(report, "三", group, col, None)
    assert check_report(report) == []


def test_rule_2_checks_every_group():
    report = consistent()
    for group in (rf.T3_UNABLE, rf.T3_NOT_HANDLED, rf.T3_OTHER):
        report = put(report, "三", group, rf.T3_LEGAL[4], 3)
        report = put(report, "三", rf.T3_GROUP_ITEMS[group][0], rf.T3_LEGAL[4], 0)
    targets = {f.cells[0] for f in by_rule(check_report(report), "三-2")}
    assert targets == {
        ("三", g, rf.T3_LEGAL[4]) for g in (rf.T3_UNABLE, rf.T3_NOT_HANDLED, rf.T3_OTHER)
    }


def test_rule_3_result_total_is_the_sum_of_results():
    finding = only(check_report(put(consistent(), "三", rf.T3_RESULT_TOTAL, NAT, 4)), "三-3")
    assert finding.message == f"{rf.T3_RESULT_TOTAL} {NAT} 应为 5（（一）至（六）之和），实为 4"


def test_rule_4_received_equals_handled_plus_carried_over():
    report = put(consistent(), "三", rf.T3_CARRIED_OUT, NAT, 2)
    report = put(report, "三", rf.T3_CARRIED_OUT, TOTAL, 2)
    findings = by_rule(check_report(report), "三-4")
    assert [f.cells[0][2] for f in findings] == [NAT, TOTAL]
    assert "6" in findings[0].message
    assert "7" in findings[0].message
    assert ("三", rf.T3_CARRIED_OUT, NAT) in findings[0].cells


@pytest.mark.parametrize(
    ("table", "row", "col", "value"),
    [
        ("三", rf.T3_DISCLOSED, rf.T3_LEGAL[2], "-1"),
        ("三", rf.T3_CARRIED_OUT, rf.T3_LEGAL[1], "0.5"),
        ("四", rf.T4_GROUPS[2], "尚未审结", "-2"),
    ],
)
def test_rule_5_numbers_are_non_negative_integers(table, row, col, value):
    findings = by_rule(check_report(put(consistent(), table, row, col, value)), "三-5")
    assert [f.cells for f in findings] == [((table, row, col),)]
    assert findings[0].message == f"{row} {col} 应为非负整数，实为 {value}"


def test_table_4_total_is_the_sum_of_its_results():
    report = put(consistent(), "四", rf.T4_GROUPS[1], "其他结果", 2)
    finding = only(check_report(report), "四-1")
    assert finding.message.startswith(f"{rf.T4_GROUPS[1]} 总计 应为 2")
    assert "实为 0" in finding.message


@pytest.mark.parametrize(
    ("col", "value", "bad"),
    [
        (rf.T2_FEE_AMOUNT, "1.23456", True),
        (rf.T2_FEE_AMOUNT, "-0.5", True),
        (rf.T2_FEE_AMOUNT, "0.0001", False),
        (rf.T2_FEE_AMOUNT, "3.10000", False),
    ],
)
def test_table_2_fee_is_non_negative_with_four_decimals(col, value, bad):
    report = put(consistent(), "二", "行政事业性收费", col, value)
    findings = by_rule(check_report(report), "二-2")
    assert bool(findings) == bad
    if bad:
        assert findings[0].message.endswith(f"实为 {value}")


def test_table_2_counts_are_non_negative_integers():
    report = put(consistent(), "二", "行政处罚", rf.T2_DECISIONS, "2.5")
    finding = only(check_report(report), "二-2")
    assert finding.message == f"行政处罚 {rf.T2_DECISIONS} 应为非负整数，实为 2.5"


def test_in_force_lower_than_this_years_net_issue_is_a_warning():
    report = put(consistent(), "二", "行政规范性文件", rf.T2_IN_FORCE, 1)
    finding = only(check_report(report), "二-1")
    assert finding.severity == "warning"
    assert "为 1" in finding.message
    assert "2" in finding.message  # 3 issued − 1 repealed
    report = put(consistent(), "二", "行政规范性文件", rf.T2_IN_FORCE, 2)
    assert by_rule(check_report(report), "二-1") == []


def previous_year(status: str, carried_out: int) -> AnnualReport:
    report = consistent(2023)
    report = put(report, "三", rf.T3_CARRIED_OUT, NAT, carried_out)
    return replace(report, status=status)


@pytest.mark.parametrize(("status", "severity"), [(SIGNED, "error"), ("待审核", "warning")])
def test_carried_in_must_equal_last_years_carried_out(status, severity):
    findings = by_rule(check_report(consistent(), previous_year(status, 3)), "跨年-1")
    assert len(findings) == 1
    assert findings[0].severity == severity
    assert findings[0].cells == (("三", rf.T3_CARRIED_IN, NAT),)
    assert "应为 3（2023年报告" in findings[0].message
    assert findings[0].message.endswith("实为 1")


def test_carried_in_matching_last_year_passes():
    assert by_rule(check_report(consistent(), previous_year(SIGNED, 1)), "跨年-1") == []


def test_carried_in_is_not_compared_with_an_older_report():
    old = replace(previous_year(SIGNED, 3), year=2022)
    assert by_rule(check_report(consistent(), old), "跨年-1") == []


def test_section_copied_from_last_year_is_a_warning_even_with_the_year_changed():
    previous = consistent(2023)
    text = "2023年，我局修订了2022年制定的信息发布审核制度。"
    previous = replace(previous, sections=(replace(previous.sections[0], paragraphs=(text,)),))
    copied = "2024年，我局修订了 2023年制定的信息发布审核制度。"
    report = consistent()
    report = replace(report, sections=(replace(report.sections[0], paragraphs=(copied,)),))
    finding = only(check_report(report, previous), "文字-1")
    assert finding.severity == "warning"
    assert "一、总体情况" in finding.message
    assert "2023年" in finding.message


def test_rewritten_and_empty_sections_are_not_copies():
    previous = consistent(2023)  # same texts as this year in sections 一 二 五 六, 三 四 empty
    changed = consistent()
    changed = replace(
        changed,
        sections=tuple(
            replace(s, paragraphs=(f"本年新写的第{i}段。",))
            for i, s in enumerate(changed.sections[:2])
        )
        + changed.sections[2:4],
    )
    assert len(by_rule(check_report(consistent(), previous), "文字-1")) == 4
    assert by_rule(check_report(changed, previous), "文字-1") == []


def with_section_one(report: AnnualReport, *paragraphs: str) -> AnnualReport:
    first = replace(
        report.sections[0],
        paragraphs=paragraphs[:1],
        children=(Section("依申请公开", paragraphs[1:]),),
    )
    return replace(report, sections=(first, *report.sections[1:]))


def test_section_one_quoting_another_number_of_new_requests_is_a_warning():
    report = with_section_one(
        consistent(), "全年主动公开政府信息120条。", "本年度新收政府信息公开申请9件，均已办结。"
    )
    finding = only(check_report(report), "文字-2")
    assert finding.severity == "warning"
    assert "9" in finding.message
    assert "7" in finding.message
    assert finding.cells == (("三", rf.T3_NEW, TOTAL),)


def test_section_one_saying_no_requests_while_the_table_has_some():
    report = with_section_one(consistent(), "本年度未收到政府信息公开申请。")
    assert "7" in only(check_report(report), "文字-2").message


def test_matching_or_unrelated_numbers_in_section_one_pass():
    report = with_section_one(
        consistent(),
        "主动公开政府信息120条，其中通知公告15件。",
        "共收到依申请公开申请7件，其中自然人申请5件。",
    )
    assert by_rule(check_report(report), "文字-2") == []


def test_corrected_result_needs_an_explanation_in_section_five():
    report = consistent()
    silent = replace(
        report,
        sections=(
            *report.sections[:4],
            replace(report.sections[4], paragraphs=("加强培训。",)),
            report.sections[5],
        ),
    )
    finding = only(check_report(silent), "文字-3")
    assert finding.cells == (("四", REVIEW, "结果纠正"),)
    assert f"{REVIEW} 1 件" in finding.message
    assert "五、存在的主要问题及改进情况" in finding.message
    assert by_rule(check_report(report), "文字-3") == []


def test_free_form_report_gets_only_text_warnings():
    previous = replace(
        new_report(AGENCY, 2008, rf.FORMAT_FREE),
        sections=(Section("基本做法", ("成立领导小组。",)),),
    )
    report = replace(
        new_report(AGENCY, 2009, rf.FORMAT_FREE),
        sections=(Section("基本做法", ("成立领导小组。",)),),
    )
    findings = check_report(report, previous)
    assert [f.rule for f in findings] == ["文字-1"]
