"""A free-form report keeps the author's text: import → filing PDF → pdftotext → import again.

Run-in headings stay run-in (heading face, then body face on the same line), heading numbers are
kept as written, page numbers and table cells of the extracted text are no paragraphs.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.units import mm

from desktop_app.domain.annual_report import numbered
from desktop_app.domain.report_import_text import parse_report_text, read_report_text
from desktop_app.services import annual_reports as ar

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE = FIXTURES / "report_run_in.txt"
RIGHT_EDGE = (28 + 156) * mm


def source_body() -> list[str]:
    """The fixture's body lines (breadcrumb, catalog block and closing date left out)."""
    return [line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines()[4:-1]]


def body_lines(report) -> list[str]:
    """The report's text in reading order, one line per paragraph, headings with their numbers."""
    lines = list(report.lead)
    for item in numbered(report.sections):
        section = item.section
        paragraphs = list(section.paragraphs)
        first = paragraphs.pop(0) if section.run_in else ""
        lines.append(section.number + section.heading + first)
        lines += paragraphs
    return lines


@pytest.fixture
def exported(services, tmp_path):
    report = ar.import_text(services, SOURCE, 2009).report
    ar.sign(services, 2009, "李明", reason="测试")  # as published: a draft's PDF is marked 草稿
    out = tmp_path / "filing.pdf"
    ar.export_pdf(services, 2009, "filing", out)
    return report, out


def test_import_keeps_every_character_and_the_run_in_headings(exported):
    report, _ = exported
    assert body_lines(report) == source_body()
    first = report.sections[0].children[0]
    assert (first.number, first.heading, first.run_in) == (
        "(一) ",
        "抓好组织,明确责任,为公开工作打下基础。",
        True,
    )
    assert first.paragraphs[0].startswith("召开局务会议专题研究公开工作")


def test_pdf_prints_the_run_in_heading_on_the_paragraphs_first_line(exported):
    _, pdf_path = exported
    with pdfplumber.open(pdf_path) as pdf:
        chars = [c for p in pdf.pages for c in p.chars]
    text = "".join(c["text"] for c in chars)
    start = text.index("（一） 抓好组织")
    heading = chars[start : start + len("（一） 抓好组织,明确责任,为公开工作打下基础。")]
    body = chars[start + len(heading) : start + len(heading) + 6]
    assert "".join(c["text"] for c in body) == "召开局务会议"
    # the body goes on on the line where the heading ends
    assert round(body[0]["top"]) == round(heading[-1]["top"])
    assert {c["fontname"] for c in heading[3:]}.isdisjoint({c["fontname"] for c in body})


def test_full_lines_end_at_the_right_edge_of_the_type_area(exported):
    """Half-width commas and quotes in a line change nothing: every full line is justified."""
    _, pdf_path = exported
    full = 0
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            rows: dict[float, list] = {}
            for c in page.chars:
                if 37 * mm - 1 < c["top"] and c["bottom"] < (37 + 225) * mm + 1:
                    rows.setdefault(round(c["top"], 1), []).append(c)
            lines = [sorted(cs, key=lambda c: c["x0"]) for _, cs in sorted(rows.items())]
            for this, after in zip(lines, lines[1:], strict=False):
                if after[0]["x0"] < 29 * mm and this[-1]["x1"] > RIGHT_EDGE - 10 * mm:
                    full += 1  # a paragraph continues on the next line: this one is full
                    assert this[-1]["x1"] == pytest.approx(RIGHT_EDGE, abs=0.3 * mm), "".join(
                        c["text"] for c in this
                    )
    assert full >= 12


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_text_extracted_from_the_pdf_reads_back_to_the_same_report(exported):
    report, pdf_path = exported
    extracted = pdftotext(pdf_path)
    assert "— 1 —" in extracted  # the page numbers are there, and must not become paragraphs
    again = parse_report_text(extracted, 2009, "青溪县")
    bracket_width = str.maketrans("()", "（）")
    assert body_lines(again) == [
        line.translate(bracket_width) if line.startswith("(") else line
        for line in body_lines(report)
    ]


def test_page_number_lines_are_dropped_and_broken_lines_joined():
    printed = [
        "一、主要做法",
        "（一）抓好组织,明确责任。召开局务会议专题研究公开工作,成立了",
        "局长任组长的领导小组,各股室明确一名联络员,把任务分解到股室",
        "-3-",
        "和岗位。",
        "全年没有收到依申请公开的申请,也没有因公开引发的行政复议和行",
        "— 4 —",
        "政诉讼。",
        "- 5 -",
        "（二）编好目录。",
    ]
    report = parse_report_text("\n".join(printed), 2009, "青溪县水利局")
    first, second = report.sections[0].children
    assert first.paragraphs == (
        "召开局务会议专题研究公开工作,成立了局长任组长的领导小组,各股室明确一名联络员,"
        "把任务分解到股室和岗位。",
        "全年没有收到依申请公开的申请,也没有因公开引发的行政复议和行政诉讼。",
    )
    assert (second.number, second.heading, second.run_in) == ("（二）", "编好目录。", False)


def test_table_rows_of_extracted_text_are_no_headings():
    text = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            "本年度共收到申请5件。",
            "（三）不予公开",
            "1.属于国家秘密",
            "0 0 0 0 0 0 0",
            "2.其他法律行政法规禁止公开",
            "0",
            "四、政府信息公开行政复议、行政诉讼情况",
            "本年度无行政复议和行政诉讼。",
        ]
    )
    result = read_report_text(text, 2023, "青溪县水利局")
    assert [(s.number, s.heading) for s in result.report.sections] == [
        ("三、", "收到和处理政府信息公开申请情况"),
        ("四、", "政府信息公开行政复议、行政诉讼情况"),
    ]
    assert result.report.sections[0].paragraphs == ("本年度共收到申请5件。",)
    assert result.table_lines == (
        "（三）不予公开",
        "1.属于国家秘密",
        "0 0 0 0 0 0 0",
        "2.其他法律行政法规禁止公开",
        "0",
    )


def test_table_lines_of_a_text_import_are_listed_not_dropped(services, db_path, tmp_path, capsys):
    from desktop_app.cli import run

    path = tmp_path / "2023.txt"
    text = "三、收到和处理政府信息公开申请情况\n本年度共收到申请5件。\n（三）不予公开\n1.属于国家秘密\n0\n"
    path.write_text(text, encoding="utf-8")
    result = ar.import_text(services, path, 2023)
    assert result.report.sections[0].paragraphs == ("本年度共收到申请5件。",)
    assert result.notes() == [
        "未能放入报告：表格内容（未放入正文）：（三）不予公开",
        "未能放入报告：表格内容（未放入正文）：1.属于国家秘密",
        "未能放入报告：表格内容（未放入正文）：0",
    ]
    assert run(["--db", str(db_path), "report", "import-text", str(path), "--year", "2022"]) == 0
    assert "未能放入报告：表格内容（未放入正文）：1.属于国家秘密" in capsys.readouterr().out
