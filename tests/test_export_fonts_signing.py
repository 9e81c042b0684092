"""Fonts by role, fallback and missing-character reports, PAdES signing of an export."""

from __future__ import annotations

import datetime

import pdfplumber
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desktop_app.export.document import Closing, Document, Paragraph
from desktop_app.export.fonts import bundled, resolve_fonts
from desktop_app.export.report_pdf import export_report_pdf
from desktop_app.export.signing import SigningError, sign_pdf

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


def _certificate(tmp_path, password: bytes):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "青溪县应急管理局测试")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"t", key, cert, None, serialization.BestAvailableEncryption(password)
    )
    path = tmp_path / "me.p12"
    path.write_bytes(p12)
    return path, cert


def test_signed_web_copy_validates(tmp_path):
    cert_file, cert = _certificate(tmp_path, b"secret")
    src = export_report_pdf(doc("签名测试正文。", "web"), tmp_path / "web.pdf").path
    sign_pdf(src, tmp_path / "signed.pdf", cert_file, "secret")
    from asn1crypto import x509 as ax509

    root = ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    with open(tmp_path / "signed.pdf", "rb") as f:
        sig = PdfFileReader(f).embedded_signatures[0]
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))
    assert status.intact
    assert status.valid
    assert status.bottom_line
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_wrong_password_is_a_chinese_error(tmp_path):
    cert_file, _ = _certificate(tmp_path, b"secret")
    src = export_report_pdf(doc("签名测试正文。"), tmp_path / "a.pdf").path
    with pytest.raises((SigningError, ValueError)):
        sign_pdf(src, tmp_path / "b.pdf", cert_file, "wrong")
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
