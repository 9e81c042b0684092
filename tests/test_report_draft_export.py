"""A draft's PDF says 草稿 on every page and in its metadata, is recorded as a draft, and is never
listed under the signed revision; a signed revision's PDF carries no such mark."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import Section
from desktop_app.services import annual_reports as ar

LONG_TEXT = "本年度，我局按照条例要求做好政府信息公开工作，" * 40


@pytest.fixture
def draft(any_db):
    """A free-form report long enough for three pages or more."""
    report = ar.create(any_db, 2024, rf.FORMAT_FREE)
    sections = (Section("总体情况", tuple(LONG_TEXT for _ in range(6))),)
    return ar.save(any_db, replace(report, sections=sections))


def _mark(page) -> set[str]:
    """The characters set far larger than any heading: the watermark."""
    return {c["text"] for c in page.chars if c["size"] > 100}


def _grey_share(pdf, page: int, tmp_path) -> float:
    """Share of the page's centre painted in the watermark's light grey (rendered without
    anti-aliasing, so the text is pure black on white and only the mark is grey)."""
    stem = tmp_path / f"page{page}"
    page_args = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", "-r", "30", "-aa", "no", "-aaVector", "no", *page_args, "-png", "-singlefile"]
        + [str(pdf), str(stem)],
        check=True,
    )
    image = Image.open(f"{stem}.png").convert("L")
    w, h = image.size
    centre = image.crop((w // 4, h // 3, 3 * w // 4, 2 * h // 3))
    pixels = list(centre.get_flattened_data())
    return sum(1 for p in pixels if 200 <= p <= 230) / len(pixels)


@pytest.mark.parametrize("copy", ["filing", "web"])
def test_a_draft_pdf_is_marked_on_every_page_and_in_its_metadata(any_db, draft, tmp_path, copy):
    out = tmp_path / "draft.pdf"
    result = ar.export_pdf(any_db, 2024, copy, out)
    assert result.pages >= 3
    with pdfplumber.open(out) as pdf:
        assert all(_mark(page) == {"草", "稿"} for page in pdf.pages)
    for page in range(1, result.pages + 1):
        assert _grey_share(out, page, tmp_path) > 0.03
    with pikepdf.open(out) as pdf:
        assert str(pdf.docinfo["/Title"]).endswith("（草稿）")
        assert "草稿" in str(pdf.docinfo["/Keywords"])
        assert "草稿" in str(pdf.docinfo["/Subject"])
        if copy == "web":  # PDF/A: the XMP says the same
            assert pdf.open_metadata()["dc:title"].endswith("（草稿）")


def test_a_draft_export_is_never_listed_under_the_signed_revision(any_db, draft, tmp_path):
    ar.export_pdf(any_db, 2024, "filing", tmp_path / "draft.pdf")
    assert [p[1] for p in ar.history(any_db, 2024)[0].pdfs] == [str(tmp_path / "draft.pdf")]
    ar.sign(any_db, 2024, "张主任", reason="测试")
    assert ar.history(any_db, 2024)[0].pdfs == []
    signed = tmp_path / "signed.pdf"
    result = ar.export_pdf(any_db, 2024, "filing", signed)
    assert ar.history(any_db, 2024)[0].pdfs == [("filing", str(signed), result.sha256)]
    with pdfplumber.open(signed) as pdf:
        assert not any(_mark(page) for page in pdf.pages)
    assert _grey_share(signed, 1, tmp_path) < 0.01
    with pikepdf.open(signed) as pdf:
        assert "草稿" not in str(pdf.docinfo["/Title"])
