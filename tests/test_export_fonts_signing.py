"""Fonts by role, fallback and missing-character reports, PAdES signing of an export."""

from __future__ import annotations

import datetime

import pdfplumber
import pytest

from desktop_app.export.document import Closing, Document, Paragraph
from desktop_app.export.fonts import bundled, resolve_fonts
from desktop_app.export.report_pdf import export_report_pdf
from desktop_app.export.signing import Certificate, SigningError, sign_pdf
from tests.certificates import make_certificate, validate

NO_FONT_HAS = "\U000f0001"  # a private-use code point: no font maps it


def doc(text: str, copy: str = "filing") -> Document:
    return Document(
        "测试报告", (Paragraph(text),), Closing("青溪县应急管理局", datetime.date(2024, 1, 5)), copy
    )


def test_user_setting_wins_and_bad_path_is_reported(tmp_path):
    kai = str(bundled("kai").path)
    fonts = resolve_fonts({"body": kai, "title": str(tmp_path / "nope.ttf")})
    assert fonts.roles["body"].file.path.name == "gkai00mp.ttf"
    assert not fonts.roles["body"].fallback
    assert "nope.ttf" in fonts.roles["title"].fallback
    assert any("标题" in f for f in fonts.fallbacks)


def test_rare_characters_use_a_fallback_font_and_unknown_ones_are_reported(tmp_path):
    fonts = resolve_fonts({"body": str(bundled("song").path)})
    rare = "镕喆堃珺昇彧啰瑄峣玥"
    runs = fonts.runs("朱" + rare, "body")
    assert runs[0] == (fonts.name("body"), "朱")
    assert runs[1][1] == rare
    result = export_report_pdf(doc(f"姓名：{rare}，代码{NO_FONT_HAS}。"), tmp_path / "a.pdf", fonts)
    assert result.missing_chars == (NO_FONT_HAS,)
    with pdfplumber.open(result.path) as pdf:
        text = "".join(c["text"] for c in pdf.pages[0].chars)
    assert f"姓名：{rare}，代码" in text  # the rare names copy back exactly
    # A character no font has is drawn as a box (no glyph, so no text either) and reported above.


def test_signed_web_copy_validates(tmp_path):
    cert_file, cert = make_certificate(tmp_path, b"secret")
    certificate = Certificate(cert_file, "secret")
    result = export_report_pdf(
        doc("签名测试正文。", "web"), tmp_path / "web.pdf", None, certificate
    )
    status, subfilter = validate(result.path, cert)
    assert result.signed
    assert status.intact
    assert status.valid
    assert status.bottom_line
    assert subfilter == "/ETSI.CAdES.detached"
    assert list(tmp_path.glob("*.building")) == []


def test_wrong_password_is_a_chinese_error(tmp_path):
    cert_file, _ = make_certificate(tmp_path, b"secret")
    src = export_report_pdf(doc("签名测试正文。"), tmp_path / "a.pdf").path
    with pytest.raises(SigningError, match="密码"):
        sign_pdf(src, tmp_path / "b.pdf", Certificate(cert_file, "wrong"))
    assert not (tmp_path / "b.pdf").exists()


def test_windows_font_folder_is_used(tmp_path, monkeypatch):
    fonts_dir = tmp_path / "Windows" / "Fonts"
    fonts_dir.mkdir(parents=True)
    (fonts_dir / "SIMFANG.TTF").write_bytes(bundled("kai").path.read_bytes())  # any TTF
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    fonts = resolve_fonts()
    assert fonts.roles["body"].file.path == fonts_dir / "SIMFANG.TTF"
    assert not fonts.roles["body"].fallback
    assert not any("正文" in f for f in fonts.fallbacks)


def test_ttc_subfont_index_is_honoured():
    from desktop_app.export.fonts import FontFile, is_truetype, register

    hei = bundled("hei")
    assert is_truetype(FontFile(hei.path, 1))
    assert register(str(hei.path), 0) != register(str(hei.path), 1)
    assert not is_truetype(FontFile(hei.path.with_name("README.md"), 0))


def test_only_truetype_outlines_qualify(tmp_path):
    """OpenType/CFF faces, files cut short and faces beyond a collection's end are not TrueType."""
    import struct

    from desktop_app.export.fonts import FontFile, is_truetype

    def sfnt(version: bytes, tags: list[bytes]) -> bytes:
        entries = b"".join(tag + bytes(12) for tag in tags)
        return version + struct.pack(">HHHH", len(tags), 0, 0, 0) + entries

    cff = tmp_path / "cff.otf"
    cff.write_bytes(sfnt(b"OTTO", [b"CFF ", b"cmap"]))
    glyphs = tmp_path / "glyphs.ttf"
    glyphs.write_bytes(sfnt(b"\x00\x01\x00\x00", [b"cmap", b"glyf", b"head"]))
    no_cmap = tmp_path / "no_cmap.ttf"
    no_cmap.write_bytes(sfnt(b"\x00\x01\x00\x00", [b"glyf", b"head"]))
    real = bundled("song").path
    cut = tmp_path / "cut.ttf"
    cut.write_bytes(real.read_bytes()[:40])
    assert is_truetype(FontFile(glyphs, 0))
    assert not is_truetype(FontFile(cff, 0))
    assert not is_truetype(FontFile(no_cmap, 0))
    assert not is_truetype(FontFile(cut, 0))
    assert is_truetype(FontFile(real, 0))
    hei = bundled("hei").path  # a collection of two faces
    assert not is_truetype(FontFile(hei, 2))
