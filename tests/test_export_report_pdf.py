"""Export the report to PDF, parse it back: page, 版心, grid, fonts, page numbers, tables, 落款."""

from __future__ import annotations

import datetime
import io
import time

import pdfplumber
import pikepdf
import pypdfium2
import pytest
from PIL import ImageCms
from reportlab.lib.units import mm

from desktop_app.domain import report_format as rf
from desktop_app.export import grid as g
from desktop_app.export.document import CatalogHeader, Closing, Document, Heading, Paragraph
from desktop_app.export.official_tables import number, table_four, table_three, table_two
from desktop_app.export.report_pdf import export_report_pdf

AGENCY = "青溪县应急管理局"
PITCH = 225 * mm / 22
# Sample text written for these tests; the rare names are outside GB2312.
PARAS = (
    "今年我局把公开工作当作日常业务来抓，年初排出清单，按季检查落实，做到件件有回音。",
    "防汛抗旱、安全生产执法检查和灾害救助资金发放情况都在网站专栏按月更新，群众查询更方便；"
    "联系人王镕、李喆、张堃、陈珺、刘昇、赵彧负责专栏维护，全年共更新信息312条。",
    "对收到的申请，我们逐件登记、限时办结，没有一件超期，也没有因公开引发行政复议。"
    "下一步我们将继续完善专栏目录，及时清理过期信息，加强对基层工作人员的培训指导，让公开工作更加规范有序。",
)


def build(copy: str, repeat: int = 3) -> Document:
    blocks = []
    for i, section in enumerate(rf.SECTIONS_2021):
        blocks.append(Heading(1, "一二三四五六"[i] + "、" + section))
        blocks.append(Heading(2, "（一）基本做法"))
        blocks += [Paragraph(p) for _ in range(repeat) for p in PARAS]
        if i == 1:
            blocks.append(
                table_two({"规章": {rf.T2_ISSUED: 2}, "行政事业性收费": {rf.T2_FEE_AMOUNT: 1.25}})
            )
        if i == 2:
            blocks.append(
                table_three(
                    {r: {c: n for n, c in enumerate(rf.T3_COLUMNS)} for r in rf.T3_DATA_ROWS}
                )
            )
        if i == 3:
            blocks.append(table_four({grp: {c: 0 for c in rf.T4_COLUMNS} for grp in rf.T4_GROUPS}))
    header = CatalogHeader(
        "11330727775738086F/2024-00003",
        "主动公开",
        "青应急〔2024〕3号",
        "长期公开",
        AGENCY,
        "2024-01-18",
    )
    return Document(
        f"{AGENCY}2023年政府信息公开工作年度报告",
        tuple(blocks),
        Closing(AGENCY, datetime.date(2024, 1, 18)),
        copy,
        signer="周建国",
        catalog_header=header,
        author=AGENCY,
        subject="2023年政府信息公开工作年度报告",
        keywords="政府信息公开,年度报告",
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    return {copy: export_report_pdf(build(copy), out / f"{copy}.pdf") for copy in ("filing", "web")}


def stream_text(path) -> str:
    """Every character in drawing order (keeps each table cell and grid line contiguous)."""
    with pdfplumber.open(path) as pdf:
        return "".join(c["text"] for p in pdf.pages for c in p.chars if c["top"] < (37 + 225) * mm)


def body_lines(page):
    """Text lines inside the 版心, grouped by baseline."""
    rows: dict[int, list] = {}
    for ch in page.chars:
        if ch["top"] < 37 * mm - 1 or ch["bottom"] > (37 + 225) * mm + 1:
            continue
        rows.setdefault(round(page.height - ch["matrix"][5], 1), []).append(ch)
    return [sorted(cs, key=lambda c: c["x0"]) for _, cs in sorted(rows.items())]


def test_page_size_and_type_area(exported):
    with pdfplumber.open(exported["filing"].path) as pdf:
        assert exported["filing"].pages == len(pdf.pages) >= 5
        for page in pdf.pages:
            assert page.width == pytest.approx(210 * mm, abs=0.5)
            assert page.height == pytest.approx(297 * mm, abs=0.5)
            inside = [c for c in page.chars if "—" not in c["text"] and c["bottom"] < 270 * mm]
            assert min(c["x0"] for c in inside) >= 28 * mm - 1 * mm
            assert max(c["x1"] for c in inside) <= (28 + 156) * mm + 1 * mm
            assert min(c["top"] for c in inside) >= 37 * mm - 1 * mm
            assert max(c["bottom"] for c in inside) <= (37 + 225) * mm + 1 * mm


def test_body_grid_22_lines_28_characters_justified(exported):
    full_lines = 0
    with pdfplumber.open(exported["filing"].path) as pdf:
        for page in pdf.pages:
            lines = [ln for ln in body_lines(page) if ln[0]["size"] == pytest.approx(16)]
            assert len(lines) <= 22
            for ln in lines:
                cells = sum(1 if ord(c["text"]) > 0x2E7F else 0.5 for c in ln)
                assert cells <= 28
                if (
                    cells == 28 and ln[0]["x0"] < 28 * mm + 1
                ):  # a full line of CJK: starts at the left edge, ends at the right edge
                    full_lines += 1
                    assert ln[-1]["x1"] == pytest.approx((28 + 156) * mm, abs=0.3 * mm)
            for ln in (
                lines
            ):  # every baseline lies on the grid: a whole number of pitches below the 版心 top
                base = page.height - ln[0]["matrix"][5] - 37 * mm
                steps = (base - (PITCH - 16) / 2 - 16 + 0.12 * 16) / PITCH
                assert steps == pytest.approx(round(steps), abs=0.02)
    assert full_lines > 10


def test_no_line_starts_with_closing_punctuation(exported):
    with pdfplumber.open(exported["filing"].path) as pdf:
        for page in pdf.pages:
            for ln in body_lines(page):
                assert ln[0]["text"] not in g.NO_START


def test_every_paragraph_present_in_order(exported):
    for result in exported.values():
        text = stream_text(result.path)
        pos = 0
        for block in build("web").blocks:
            if isinstance(block, (Heading, Paragraph)):
                found = text.find(block.text, pos)
                assert found >= 0, block.text
                pos = found + len(block.text)


def test_fonts_embedded_and_no_helvetica(exported):
    for result in exported.values():
        with pikepdf.open(result.path) as pdf:
            for page in pdf.pages:
                for font in page.Resources.Font.values():
                    desc = font.get("/FontDescriptor")
                    assert desc is not None, font.BaseFont
                    assert "/FontFile2" in desc, font.BaseFont  # embedded TrueType (subset)
                    assert "Helvetica" not in str(font.BaseFont)


def test_page_numbers_alternate_sides(exported):
    with pdfplumber.open(exported["filing"].path) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            chars = [c for c in page.chars if c["top"] > (37 + 225) * mm]
            assert "".join(c["text"] for c in chars).replace(" ", "") == f"—{n}—"
            dash = chars[0]
            assert dash["size"] == pytest.approx(14)
            assert (dash["top"] + dash["bottom"]) / 2 == pytest.approx(
                (37 + 225 + 7) * mm, abs=1.5 * mm
            )
            if n % 2:
                assert chars[-1]["x1"] == pytest.approx((28 + 156) * mm - 14, abs=1)
            else:
                assert chars[0]["x0"] == pytest.approx(28 * mm + 14, abs=1)


def test_table_labels_verbatim_and_headers_repeated(exported):
    with pdfplumber.open(exported["filing"].path) as pdf:
        pages = ["".join(c["text"] for c in p.chars) for p in pdf.pages]
    text = "".join(pages)
    labels = [
        *rf.T3_ROWS,
        *rf.T3_COLUMNS,
        rf.T3_NOTE,
        rf.T3_APPLICANT_HEADER,
        rf.T3_LEGAL_GROUP,
        rf.T4_REVIEW,
        rf.T4_LITIGATION,
        rf.T4_DIRECT,
        rf.T4_AFTER_REVIEW,
        *rf.T4_COLUMNS,
        rf.TABLE2_CONTENT_HEADER,
        *(b.article for b in rf.TABLE2_BLOCKS),
        rf.T2_FEE_AMOUNT,
    ]
    for label in labels:
        assert label in text, label
    # table 三 is longer than a page: its note header is printed again on the next page
    assert sum(rf.T3_NOTE in p for p in pages) >= 2
    assert "1.25" in text


def test_closing_unsealed_and_sealed(exported):
    positions = {}
    for copy, result in exported.items():
        with pdfplumber.open(result.path) as pdf:
            lines = body_lines(pdf.pages[-1])
        agency = next(ln for ln in reversed(lines) if "".join(c["text"] for c in ln) == AGENCY)
        date = lines[-1]
        body = lines[-3]  # the 落款 never stands alone on a page: the last body line comes with it
        assert body[0]["size"] == pytest.approx(16)
        assert "".join(c["text"] for c in body) in PARAS[-1]
        gap = (
            agency[0]["matrix"][5] - body[0]["matrix"][5]
        ) / PITCH  # in grid lines, downwards < 0
        assert gap == pytest.approx(
            -3 if copy == "filing" else -2, abs=0.02
        )  # seal space: 2 blank lines
        assert "".join(c["text"] for c in date) == "2024年1月18日"
        positions[copy] = agency, date
    right = (28 + 156) * mm
    agency, date = positions["web"]  # unsealed: date starts 2 characters right of the name, inset 2
    assert date[0]["x0"] == pytest.approx(agency[0]["x0"] + 2 * g.PITCH_X, abs=1)
    assert max(agency[-1]["x1"], date[-1]["x1"]) == pytest.approx(right - 2 * g.PITCH_X, abs=1)
    agency, date = positions["filing"]  # sealed: date inset 4, name centred over it
    assert date[-1]["x1"] == pytest.approx(right - 4 * g.PITCH_X, abs=1)
    assert (agency[0]["x0"] + agency[-1]["x1"]) / 2 == pytest.approx(
        (date[0]["x0"] + date[-1]["x1"]) / 2, abs=1
    )


def test_filing_has_signer_web_has_catalog_header_and_no_signer(exported):
    with pdfplumber.open(exported["filing"].path) as pdf:
        first = pdf.pages[0].extract_text().replace(" ", "")
    with pdfplumber.open(exported["filing"].path) as pdf:
        lines = {"".join(c["text"] for c in ln): ln for ln in body_lines(pdf.pages[0])}

    def face(line: str, i: int) -> str:
        return lines[line][i]["fontname"].split("+")[-1]

    # 签发人 in the body's 仿宋 face, the name in the 楷体 of level-2 headings
    assert face("签发人：周建国", 0) == face(PARAS[0][:26], 0)
    assert face("签发人：周建国", 4) == face("（一）基本做法", 3)
    assert face("签发人：周建国", 4) != face("签发人：周建国", 0)
    assert "签发人：周建国" in first
    assert "索引号" not in first
    web = stream_text(exported["web"].path)
    assert "周建国" not in web
    assert "索引号" in web
    assert "11330727775738086F/2024-00003" in web


def test_web_copy_is_pdfa_2b_with_metadata(exported):
    with pikepdf.open(exported["web"].path) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == f"{AGENCY}2023年政府信息公开工作年度报告"
        assert AGENCY in str(meta["dc:creator"])
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        icc = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))  # the pinned date left it readable
        assert ImageCms.getProfileDescription(profile).strip() == "sRGB built-in"
        assert str(pdf.docinfo["/Title"]) == meta["dc:title"]


@pytest.mark.parametrize("copy", ["filing", "web"])
def test_streams_are_flate_only(exported, copy):
    """No ASCII85 layer (a quarter larger, and the PDF/A pass would decode and recompress it);
    every stream compressed but the XMP packet, which PDF/A readers expect in the clear."""

    def names(stream: pikepdf.Stream) -> tuple[str, ...]:
        given = stream.get("/Filter")
        return tuple(map(str, given)) if isinstance(given, pikepdf.Array) else (str(given),)

    with pikepdf.open(exported[copy].path) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        filters = {names(o) for o in streams if o.get("/Type") != "/Metadata"}
        metadata = [o for o in streams if o.get("/Type") == "/Metadata"]
    assert filters == {("/FlateDecode",)}
    assert all("/Filter" not in o for o in metadata)
    assert len(metadata) == (copy == "web")


@pytest.mark.parametrize("copy", ["filing", "web"])
def test_deterministic_output(tmp_path, copy):
    a = export_report_pdf(build(copy, 1), tmp_path / "a.pdf")
    time.sleep(1.1)  # a clock read anywhere in the export (the web copy's ICC profile) shows
    b = export_report_pdf(build(copy, 1), tmp_path / "b.pdf")
    assert a.path.read_bytes() == b.path.read_bytes()
    assert not list(tmp_path.glob("*.tmp"))


def test_long_title_is_balanced(exported):
    with pdfplumber.open(exported["filing"].path) as pdf:
        title = [ln for ln in body_lines(pdf.pages[0]) if ln[0]["size"] == pytest.approx(22)]
    assert len(title) == 2
    widths = [ln[-1]["x1"] - ln[0]["x0"] for ln in title]
    assert widths[0] <= widths[1]
    assert widths[1] - widths[0] < 8 * g.PITCH_X
    for ln in title:  # centred
        assert (ln[0]["x0"] + ln[-1]["x1"]) / 2 == pytest.approx((28 + 78) * mm, abs=1)


def test_number_formatting():
    assert number(None) == ""
    assert number(3) == "3"
    assert number(1.5) == "1.5"
    assert number(0.12345) == "0.1235"


@pytest.mark.parametrize("lines", [14, 15, 16, 17, 18])
def test_heading_is_kept_with_the_table_below_it(tmp_path, lines):
    filler = Paragraph("报" * (28 * lines - 2))  # fills `lines` grid lines after the title
    heading = Heading(1, "四、" + rf.SECTIONS_2021[3])
    doc = Document("标题", (filler, heading, table_four({})), None, "filing")
    result = export_report_pdf(doc, tmp_path / "k.pdf")
    with pdfplumber.open(result.path) as pdf:
        pages = ["".join(c["text"] for c in p.chars) for p in pdf.pages]
    page_of_heading = next(i for i, t in enumerate(pages) if heading.text in t)
    assert rf.T4_REVIEW in pages[page_of_heading]
    assert rf.T4_COLUMNS[0] in pages[page_of_heading]


def test_unknown_copy_is_refused(tmp_path):
    with pytest.raises(ValueError, match="存档打印版"):
        export_report_pdf(Document("标题", (), None, "draft"), tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


def test_text_copies_back_exactly_with_pdfium(exported):
    pdf = pypdfium2.PdfDocument(exported["web"].path)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    flat = text.replace("\r\n", "").replace("\n", "")
    for para in PARAS:
        assert para in flat
    assert flat.index("— 1 —") > flat.index(PARAS[0])  # page number read after the page's text


def test_no_line_ends_with_opening_punctuation(exported):
    with pdfplumber.open(exported["web"].path) as pdf:
        for page in pdf.pages:
            for ln in body_lines(page):
                assert ln[-1]["text"] not in g.NO_END
