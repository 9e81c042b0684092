"""Tables 二/三/四 read from plain text: pdftotext of our own PDF (with and without -layout) and
a real report's tables as copied from its web page (cells separated by tabs, empty ones kept)."""

from __future__ import annotations

import subprocess

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.report_checks import ERROR, check_report
from desktop_app.domain.report_import_tables import place_lines
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
    # no table cell became a paragraph, and the text's numbers still agree with the tables
    assert not any(
        any(word in p for word in ("9,487", "信息内容", "结果维持"))
        for s in report.sections
        for p in s.paragraphs
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
    assert not any(key[0] == "二" for key in result.report.cells)  # the 2019 trial table 二
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
