"""Real printed pages extracted as text (tests/real_printed_pages.py): the lines a page broke are
joined again, every character kept, however short the text, and table lines set aside."""

from __future__ import annotations

import datetime as dt

from desktop_app.domain import report_format as rf
from desktop_app.domain.report_import_tables import place_lines
from desktop_app.domain.report_import_text import read_report_text
from desktop_app.services import annual_reports as ar
from desktop_app.services.report_documents import read_document
from tests import real_printed_pages as real

PETITIONS = "威海市文登区信访局"
OFFICE = "威海市文登区人民政府办公室"


def test_a_real_page_is_read_back_to_its_paragraphs_and_its_table_lines():
    page = real.WENDENG_PETITIONS_2022_PAGE_8
    read = read_report_text("\n".join(page), 2022, PETITIONS)
    four, five = read.report.sections
    assert (four.number, four.heading, four.paragraphs) == ("四、", page[0][2:], ())
    assert five.paragraphs == real.WENDENG_PETITIONS_2022_SECTION_5
    # table 四's header, its words wrapped one column a line (总 over 计), is no paragraph
    assert read.table_lines == page[1:7]


def test_a_table_header_set_upright_is_set_aside_and_its_numbers_placed():
    page = real.WENDENG_AUDIT_2020_PAGE_9
    read = read_report_text("\n".join(page), 2020, "威海市文登区审计局")
    four, five = read.report.sections
    assert four.paragraphs == ("".join(page[2:4]),)
    assert five.paragraphs == ("".join(page[16:20]), "".join(page[20:24]))
    assert read.table_lines == (page[0], *page[4:15])
    placed = place_lines(list(read.table_lines))
    assert placed.cells == {
        **{("三", rf.T3_CARRIED_OUT, col): 0 for col in rf.T3_COLUMNS},
        **{("四", group, col): 0 for group in rf.T4_GROUPS for col in rf.T4_COLUMNS},
    }
    assert (placed.matches, placed.unplaced) == ([], [])


def test_a_short_text_of_a_printed_page_is_joined_too():
    """Two paragraphs of three printed lines: too few lines to tell a page by how many are full,
    but a full line breaking off inside a sentence is no paragraph of a web page."""
    page = real.WENDENG_PETITIONS_2022_PAGE_8
    read = read_report_text("\n".join(page[13:18]), 2022, PETITIONS)
    assert read.report.lead == (
        "".join(page[13:16]),
        "".join(page[16:18]),
    )


def test_the_last_page_of_a_real_report_keeps_its_run_in_headings_and_its_closing():
    page = real.WENDENG_OFFICE_2022_PAGE_9
    report = read_report_text("\n".join(page), 2022, OFFICE).report
    proposals, innovation, other = report.sections
    assert proposals.paragraphs == ("".join(page[1:5]),)
    (whole_process,) = innovation.children
    assert (whole_process.number, whole_process.heading) == ("1.", "民生实事项目全过程公开。")
    assert whole_process.paragraphs == ("".join(page[6:10])[len("1.民生实事项目全过程公开。") :],)
    assert other.paragraphs == ("无。",)
    assert report.closing_date == dt.date(2023, 1, 16)


def test_a_pdftotext_file_is_printed_lines_by_its_form_feeds(services, tmp_path):
    """Pdftotext ends each page with a form feed: the file is known for printed lines, and two
    pages of one short paragraph each are joined."""
    page = real.WENDENG_PETITIONS_2022_PAGE_8
    path = tmp_path / "pdftotext.txt"
    path.write_text("\n".join(page[8:10]) + "\n\f" + "\n".join(page[16:18]) + "\n\f", "utf-8")
    assert read_document(path).printed
    web = tmp_path / "web.txt"
    web.write_text("\n".join(page[8:10]), encoding="utf-8")
    assert not read_document(web).printed
    result = ar.import_report(services, path, 2022)
    assert result.report.lead == (
        "".join(page[8:10]),
        "".join(page[16:18]),
    )


def test_paragraphs_saved_from_a_web_page_stay_as_they_are():
    web = [
        "总结我局本年度政府信息公开工作,公开信息数量明显增加,公开形式更加规范,仍存在以下问题:",
        "一是组织建设仍需改进。",
        "针对以上问题,我局从以下几个方面着手,继续深入推进政府信息公开工作:",
    ]
    assert read_report_text("\n".join(web), 2022, PETITIONS).report.lead == tuple(web)
