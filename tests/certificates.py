"""A throw-away signing certificate for the PAdES tests, and the check that a signature holds."""

from __future__ import annotations

import datetime
from pathlib import Path

from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def make_certificate(tmp_path: Path, password: bytes) -> tuple[Path, x509.Certificate]:
    """A self-signed signing certificate in a password-protected .p12 file."""
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


def validate(pdf: Path, cert: x509.Certificate):
    """The status of the PDF's only signature, trusting `cert` as root; and its /SubFilter."""
    root = ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    with open(pdf, "rb") as f:
        sig = PdfFileReader(f).embedded_signatures[0]
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))
        return status, sig.sig_object["/SubFilter"]
