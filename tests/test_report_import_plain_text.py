"""Tables 二/三/四 read from plain text: pdftotext of our own PDF (with and without -layout) and
a real report's tables as copied from its web page (cells separated by tabs, empty ones kept)."""

from __future__ import annotations

import subprocess

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.report_checks import ERROR, check_report
from desktop_app.domain.report_import_tables import LabelMatch, place_lines
from desktop_app.domain.report_text_lines import is_table_line
from desktop_app.services import annual_reports as ar
from tests import published_reports as pub
from tests import real_reports as real
from tests.test_report_real_corpus import printed_cells


@pytest.fixture(scope="module")
def published_pdf(tmp_path_factory):
    return pub.write_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf")


@pytest.mark.parametrize("layout", [False, True], ids=["pdftotext", "pdftotext-layout"])
def test_pdftotext_of_our_pdf_fills_every_cell(services, published_pdf, tmp_path, layout):
    text = tmp_path / "report.txt"
    options = ["-layout"] if layout else []
    subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(published_pdf), str(text)], check=True
    )
    result = ar.import_report(services, text, pub.YEAR)
    report = result.report
    assert report.format == rf.FORMAT_2021
    assert {key: report.value(*key) for key in pub.expected_cells()} == pub.expected_cells()
    assert result.unplaced == ()
    # the typo label is placed in reading order too, and shown once for confirmation
    assert result.matches == (LabelMatch(pub.TYPO, pub.OFFICIAL),)
    assert f"请核对：表格中的“{pub.TYPO}”按“{pub.OFFICIAL}”读入" in result.notes()
    # no table cell became a paragraph or heading, and the text's numbers agree with the tables
    texts = [t for s in report.sections for t in (s.heading, *s.paragraphs)]
    assert not any(
        any(word in t for word in ("9,487", "信息内容", "结果维持", pub.TYPO)) for t in texts
    )
    rules = [(f.rule, f.cells[0]) for f in check_report(report) if f.severity == ERROR]
    assert rules == [
        ("三-3", ("三", rf.T3_RESULT_TOTAL, pub.NAT)),
        ("三-3", ("三", rf.T3_RESULT_TOTAL, pub.TOTAL)),
    ]


def test_a_real_reports_tables_copied_as_text_are_read_with_their_blank_cells(services, tmp_path):
    published = real.SHANGHAI_OFFICE_2019
    path = tmp_path / "copied.txt"
    path.write_text(real.copied_text(published), encoding="utf-8")
    result = ar.import_report(services, path, published.year)
    expected = printed_cells(published)
    assert {key: result.report.value(*key) for key in expected} == expected
    assert result.missing_tables == ("二",)  # its 2019 trial table 二 is not read: not given
    assert set(result.not_given) == {
        key for key, value in expected.items() if value is None and key[1] not in rf.T3_GROUP_ITEMS
    } | {("二", row, col) for row, col in rf.table2_cells()}
    assert all(result.report.unknown(key) for key in result.report.cells if key[0] == "二")
    assert sum("2019 年试行格式的表二" in note for note in result.unplaced) == 6
    assert [f for f in check_report(result.report) if f.severity == ERROR] == []


def test_a_row_of_numbers_after_a_label_in_plain_text_is_a_table_row():
    lines = [
        "第二十条第（一）项",
        "规章   1   0   5",
        "行政规范性文件   3   1   20",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "一、本年新收政府信息公开申请数量  7  1  0  0  0  0  8",
    ]
    placed = place_lines(lines)
    assert placed.cells[("二", "行政规范性文件", rf.T2_IN_FORCE)] == 20
    assert placed.cells[("三", rf.T3_NEW, rf.T3_TOTAL)] == 8


def test_reading_order_confirms_a_typo_label_but_not_the_pieces_of_wrapped_labels():
    """Table 四 read in reading order (its header words on their own lines): the pieces of
    labels wrapped in their cells are official text, a word near a row label is a typo."""
    rows = [
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉 复议后起诉",
        "结果 结果 其他 尚未 总计",
        "维持 纠正 结果 审结",
        "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0",
    ]
    placed = place_lines(rows)
    assert placed.cells[("四", rf.T4_GROUPS[0], rf.T4_COLUMNS[0])] == 1
    assert placed.matches == []
    typo = "2.其他法律行政止公开"
    lines = [
        "（本列数据的勾稽关系为：第一项加第",
        "二项之和，等于第三项加第四项之和） 自然人 商业",
        "不予 1.属于国家秘密",
        typo,
        *(["0"] * (len(rf.T3_PRINTED_ROWS) * len(rf.T3_COLUMNS))),
    ]
    placed = place_lines(lines)
    assert placed.cells[("三", rf.T3_CARRIED_OUT, rf.T3_TOTAL)] == 0
    assert placed.matches == [LabelMatch(typo, rf.T3_GROUP_ITEMS[rf.T3_REFUSED][1])]


def test_a_sentence_near_a_row_label_stays_text():
    """A label with a typo alone on its line is a table line; a sentence as near to a label,
    with its number in it, stays text."""
    assert is_table_line("2.其他法律行政止公开")
    assert not is_table_line("一、本年新收政府信息公开申请数量为5件")
