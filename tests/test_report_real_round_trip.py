"""Real free-form report text (tests/real_printed_pages.py) round-trips: import of the page as
pdftotext gives it → filing PDF → pdftotext → import again gives the same paragraphs in the same
order, the headings with their numbers (only the width of their brackets may change), a run-in
heading still run-in, no table line turned into a paragraph, and a table under its own section."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.report_import_tables import place_lines
from desktop_app.domain.report_import_text import parse_report_text, read_report_text
from desktop_app.services import annual_reports as ar
from tests import real_printed_pages as real
from tests.test_report_verbatim import body_lines

PAGES = {
    "文登区人民政府办公室2022第9页": (real.WENDENG_OFFICE_2022_PAGE_9, 2022),
    "文登区信访局2022第8页": (real.WENDENG_PETITIONS_2022_PAGE_8, 2022),
    "文登区审计局2020第9页": (real.WENDENG_AUDIT_2020_PAGE_9, 2020),
}
RUN_IN = "1.民生实事项目全过程公开。"
BRACKET_WIDTH = str.maketrans("()", "（）")


def filed(services, tmp_path: Path, page: tuple[str, ...], year: int):
    source = tmp_path / "pdftotext.txt"
    source.write_text("\n".join(page) + "\n\f", encoding="utf-8")  # one printed page
    report = ar.import_report(services, source, year).report
    ar.sign(services, year, "李明", reason="测试")
    pdf = tmp_path / "filing.pdf"
    ar.export_pdf(services, year, "filing", pdf)
    return report, pdf


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.mark.parametrize("name", PAGES)
def test_a_real_pages_paragraphs_come_back_from_the_filing_pdf_in_order(services, tmp_path, name):
    page, year = PAGES[name]
    report, pdf = filed(services, tmp_path, page, year)
    assert all(line in "".join(page) for line in body_lines(report))  # verbatim, lines joined
    again = parse_report_text(pdftotext(pdf), year, "青溪县")
    assert body_lines(again) == [
        line.translate(BRACKET_WIDTH) if line.startswith("(") else line
        for line in body_lines(report)
    ]


def test_a_real_run_in_heading_stays_run_in_through_the_filing_pdf(services, tmp_path):
    page, year = PAGES["文登区人民政府办公室2022第9页"]
    _, pdf = filed(services, tmp_path, page, year)
    with pdfplumber.open(pdf) as opened:
        chars = [c for p in opened.pages for c in p.chars]
    text = "".join(c["text"] for c in chars)
    start = text.index(RUN_IN)
    heading = chars[start : start + len(RUN_IN)]
    body = chars[start + len(RUN_IN) : start + len(RUN_IN) + 2]
    assert "".join(c["text"] for c in body) == "建立"
    assert round(body[0]["top"]) == round(heading[-1]["top"])  # on the heading's line
    assert {c["fontname"] for c in heading}.isdisjoint({c["fontname"] for c in body})
    innovation = parse_report_text(pdftotext(pdf), year, "青溪县").sections[1]
    (whole_process,) = innovation.children
    assert (whole_process.number + whole_process.heading, whole_process.run_in) == (RUN_IN, True)


def test_a_real_pages_table_follows_its_own_section_and_no_other_table_is_added(services, tmp_path):
    """The page starts at section 四: its table 四 (15 zeros) is printed under 四, not under the
    page's second heading, and no empty table 二 or 三 is made up."""
    page, year = PAGES["文登区审计局2020第9页"]
    _, pdf = filed(services, tmp_path, page, year)
    text = pdftotext(pdf)
    four, five = text.index(page[1]), text.index(page[15])
    assert text[four:five].split().count("0") == 15
    assert "第二十条" not in text
    assert "申请人情况" not in text
    printed = place_lines(list(read_report_text(text, year, "青溪县").table_lines))
    assert printed.cells == {("四", g, c): 0 for g in rf.T4_GROUPS for c in rf.T4_COLUMNS}
