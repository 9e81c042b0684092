"""Importing a published 2021-format report (PDF, Word, GBK web page): every number of tables
二/三/四 read, not-given cells kept as such, the typo label placed and shown, and the checker
finding exactly the arithmetic error the document contains."""

from __future__ import annotations

import pytest

from desktop_app.cli import run
from desktop_app.domain import report_format as rf
from desktop_app.domain.report_checks import check_report
from desktop_app.domain.report_import_tables import LabelMatch
from desktop_app.errors import UserError
from desktop_app.services import annual_reports as ar
from tests import published_reports as pub

WRITERS = {
    "pdf": pub.write_pdf,
    "docx": pub.write_docx,
    "html": pub.write_html,
}
NOT_GIVEN_KEYS = (("三", rf.T3_CARRIED_IN, pub.FIRM), ("二", "行政强制", rf.T2_DECISIONS))


@pytest.fixture(scope="module", params=sorted(WRITERS))
def published(request, tmp_path_factory):
    kind = request.param
    return WRITERS[kind](tmp_path_factory.mktemp(kind) / f"report.{kind}")


def test_every_cell_of_the_three_tables_is_read(services, published):
    result = ar.import_report(services, published, pub.YEAR)
    report = result.report
    assert report.format == rf.FORMAT_2021
    expected = pub.expected_cells()
    read = {key: report.value(*key) for key in expected}
    assert read == expected
    assert read[("三", rf.T3_NEW, pub.NAT)] == 9487  # printed 9,487
    assert (
        read[("二", "行政事业性收费", rf.T2_FEE_AMOUNT)]
        == pub._T2[("行政事业性收费", rf.T2_FEE_AMOUNT)]
    )


def test_not_given_cells_stay_not_given_and_are_listed(services, published):
    result = ar.import_report(services, published, pub.YEAR)
    assert sorted(result.not_given) == sorted(NOT_GIVEN_KEYS)
    for key in NOT_GIVEN_KEYS:
        assert result.report.value(*key) is None  # never a silent 0


def test_a_typo_label_is_placed_by_the_nearest_official_label_and_shown(services, published):
    result = ar.import_report(services, published, pub.YEAR)
    assert result.matches == (LabelMatch(pub.TYPO, pub.OFFICIAL),)
    assert result.unplaced == ()
    assert f"请核对：表格中的“{pub.TYPO}”按“{pub.OFFICIAL}”读入" in result.notes()


def test_the_checker_finds_exactly_the_published_arithmetic_error(services, published):
    """The outcomes of 自然人 add up to 9487; the report printed 9488 (and 9490 in 总计)."""
    report = ar.import_report(services, published, pub.YEAR).report
    findings = [(f.rule, f.severity, f.cells[0]) for f in check_report(report)]
    assert findings == [
        ("三-3", "error", ("三", rf.T3_RESULT_TOTAL, pub.NAT)),
        ("三-3", "error", ("三", rf.T3_RESULT_TOTAL, pub.TOTAL)),
        # the numbers the text quotes agree with the tables; the cells not given are listed
        ("表格-1", "warning", ("二", "行政强制", rf.T2_DECISIONS)),
        ("表格-1", "warning", ("三", rf.T3_CARRIED_IN, pub.FIRM)),
    ]


def test_the_text_is_kept_verbatim_with_the_six_sections(services, published):
    report = ar.import_report(services, published, pub.YEAR).report
    assert report.title == pub.report().title
    assert [s.heading for s in report.sections] == list(rf.SECTIONS_2021)
    assert [s.paragraphs for s in report.sections] == [pub.TEXT[i] for i in range(6)]
    assert str(report.closing_date) == f"{pub.YEAR + 1}-01-20"


def test_the_web_pages_catalog_block_goes_to_the_catalog_data(services, tmp_path):
    report = ar.import_report(services, pub.write_html(tmp_path / "r.htm"), pub.YEAR).report
    assert report.catalog.index_no == "11330727775738086F/2024-00012"
    assert report.catalog.publisher == "县市场监管局"
    assert "visits" not in str(report.sections)  # the page's script is no text


def test_a_utf8_page_reads_the_same(services, tmp_path):
    report = ar.import_report(services, pub.write_html(tmp_path / "r.html", "utf-8"), 2020).report
    assert report.value("三", rf.T3_NEW, pub.NAT) == 9487


def test_cli_prints_the_matches_and_the_not_given_cells(db_path, services, tmp_path, capsys):
    path = pub.write_docx(tmp_path / "r.docx")
    assert run(["--db", str(db_path), "report", "import", str(path), "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert "2021 年格式" in out
    assert f"请核对：表格中的“{pub.TYPO}”按“{pub.OFFICIAL}”读入" in out
    assert f"未给出数字（空白或“/”）：表二 行政强制 {rf.T2_DECISIONS}" in out


def test_a_file_of_another_kind_is_refused_with_the_kinds_named(services, tmp_path):
    path = tmp_path / "report.xls"
    path.write_bytes(b"\0")
    with pytest.raises(UserError, match="PDF、Word"):
        ar.import_report(services, path, 2023)


def test_a_correct_published_report_gives_no_error(services, tmp_path, monkeypatch):
    for (row, col), value in {
        (rf.T3_RESULT_TOTAL, pub.NAT): 9487,
        (rf.T3_RESULT_TOTAL, pub.TOTAL): 9489,
        (rf.T3_CARRIED_OUT, pub.NAT): 12,
        (rf.T3_CARRIED_OUT, pub.TOTAL): 12,
    }.items():
        monkeypatch.setitem(pub._T3, (row, col), value)
    report = ar.import_report(services, pub.write_pdf(tmp_path / "ok.pdf"), pub.YEAR).report
    assert report.value("三", rf.T3_RESULT_TOTAL, pub.NAT) == 9487
    assert [f.rule for f in check_report(report)] == ["表格-1", "表格-1"]


def test_a_running_header_on_every_page_is_no_text():
    from desktop_app.services.report_documents import _without_running_headers

    header = "青溪县市场监督管理局2023年政府信息公开工作年度报告"
    pages = [[header, "一、总体情况"], [header, "正文一"], [header, "正文二"]]
    assert _without_running_headers(pages) == [[header, "一、总体情况"], ["正文一"], ["正文二"]]
    different = [["甲"], ["乙", "x"], ["丙", "y"]]
    assert _without_running_headers(different) == different


def test_a_web_copy_pdfs_catalog_block_goes_to_the_catalog_data(services, tmp_path):
    result = ar.import_report(services, pub.write_pdf(tmp_path / "web.pdf", "web"), pub.YEAR)
    catalog = result.report.catalog
    assert (catalog.index_no, catalog.disclosure_form, catalog.doc_number) == (
        pub.CATALOG.index_no,
        "主动公开",
        pub.CATALOG.doc_number,
    )
    assert result.report.title == pub.report().title
    assert {key: result.report.value(*key) for key in pub.expected_cells()} == pub.expected_cells()
