"""Table 三 printed as the official template: 25 rows of numbers, groups as spanning labels."""

from __future__ import annotations

import pdfplumber
import pytest

from desktop_app.domain import report_format as rf
from desktop_app.export.document import Document, Heading
from desktop_app.export.fonts import resolve_fonts
from desktop_app.export.official_tables import table_three
from desktop_app.export.pdf_table import cell_lines
from desktop_app.export.report_pdf import export_report_pdf


def row_value(row: str) -> int:
    """A number of its own for every stored row, so each printed number names its row."""
    return 1000 + rf.T3_DATA_ROWS.index(row)


@pytest.fixture(scope="module")
def pdf_words(tmp_path_factory):
    values = {row: {col: row_value(row) for col in rf.T3_COLUMNS} for row in rf.T3_DATA_ROWS}
    document = Document(
        "表三", (Heading(1, "三、收到和处理政府信息公开申请情况"), table_three(values)), None, "web"
    )
    path = tmp_path_factory.mktemp("t3") / "t3.pdf"
    export_report_pdf(document, path)
    with pdfplumber.open(path) as pdf:
        # a position on the whole document: (page, top)
        return [
            {**w, "top": (n, w["top"])}
            for n, page in enumerate(pdf.pages)
            for w in page.extract_words(keep_blank_chars=False)
        ]


def test_twenty_five_rows_of_numbers_and_none_for_the_groups(pdf_words):
    printed = {int(w["text"]) for w in pdf_words if w["text"].isdigit() and len(w["text"]) == 4}
    assert printed == {row_value(row) for row in rf.T3_PRINTED_ROWS}
    assert len(rf.T3_PRINTED_ROWS) == 25
    assert all(row_value(group) not in printed for group in rf.T3_GROUP_ITEMS)
    numbers = [w for w in pdf_words if w["text"].isdigit() and len(w["text"]) == 4]
    assert len(numbers) == 25 * 7


def test_a_group_label_sits_beside_its_items(pdf_words):
    def top_of(text: str) -> float:
        return next(w["top"] for w in pdf_words if w["text"].startswith(text))

    rows = {int(w["text"]): w["top"] for w in pdf_words if w["text"].isdigit()}
    for group, items in rf.T3_GROUP_ITEMS.items():
        above = rf.T3_DATA_ROWS[rf.T3_DATA_ROWS.index(group) - 1]  # the row before the group
        assert rows[row_value(above)] < top_of(group[:3]) <= rows[row_value(items[-1])]


@pytest.mark.parametrize("text", ["商业企业", "科研机构", "社会公益组织", "法律服务机构"])
def test_a_header_never_leaves_one_character_alone(text):
    font = resolve_fonts(None).name("table")
    for width in range(18, 60):  # every column width from under two to over five characters
        lines, size = cell_lines(text, font, float(width))
        assert "".join(lines) == text
        assert len(lines) == 1 or min(len(line) for line in lines) > 1, (width, lines, size)


def test_the_template_headers_break_between_words(pdf_words):
    words = [w["text"] for w in pdf_words]
    assert {"商业", "企业", "科研", "机构"} <= set(words)


@pytest.fixture(scope="module")
def pdf_chars(tmp_path_factory):
    values = {row: {col: 13810 for col in rf.T3_COLUMNS} for row in rf.T3_DATA_ROWS}
    document = Document("表三", (table_three(values),), None, "filing")
    path = tmp_path_factory.mktemp("t3chars") / "t3.pdf"
    export_report_pdf(document, path)
    with pdfplumber.open(path) as pdf:
        return [c for page in pdf.pages for c in page.chars]


def test_no_text_of_table_three_is_below_a_legible_size(pdf_chars):
    """The group labels in the narrow second column once shrank to 7.5 pt; five-digit counts
    in every number column too must keep the table's 10.5 pt."""
    table_chars = [c for c in pdf_chars if c["text"].strip() and c["size"] < 14]  # not the title
    assert len(table_chars) > 500
    assert min(round(c["size"], 1) for c in table_chars) >= 10.5
    text = "".join(c["text"] for c in pdf_chars)
    for group in rf.T3_GROUP_ITEMS:
        assert group in text  # （三）/不予/公开: the whole label, in reading order


def test_a_group_label_breaks_after_its_number():
    font = resolve_fonts(None).name("table")
    lines, size = cell_lines(rf.T3_REFUSED, font, 32.0)  # three characters wide
    assert (lines, size) == (["（三）", "不予", "公开"], 10.5)
