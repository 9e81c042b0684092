"""Sign an exported PDF (PAdES baseline) with the user's PKCS#12 certificate file, using pyHanko."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.staged import staged


class SigningError(Exception):
    """The certificate file cannot be used; the message is Chinese and says what to check."""


@dataclass(frozen=True)
class Certificate:
    """The user's PKCS#12 file (.p12/.pfx) and its password."""

    path: Path
    password: str | None = None


def sign_pdf(src: Path | str, dst: Path | str, certificate: Certificate) -> None:
    """Write a signed copy of src to dst (staged; dst may be src); a bad file or password: Chinese
    message."""
    # pyHanko takes a while to import; only signing pays for it.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415
    from pyhanko.sign import fields, signers  # noqa: PLC0415

    password = certificate.password.encode("utf-8") if certificate.password else None
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            pfx_file=str(certificate.path), passphrase=password
        )
    except (OSError, ValueError):
        signer = None  # pyHanko raises for a wrong password and logs-and-returns None for others
    if signer is None:
        raise SigningError(
            f"证书文件 {certificate.path} 无法读取：请检查文件是否为 PKCS#12（.p12/.pfx）以及密码是否正确"
        )
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    with staged(Path(dst)) as tmp, open(src, "rb") as inp, open(tmp, "wb") as out:
        signers.sign_pdf(IncrementalPdfFileWriter(inp), meta, signer=signer, output=out)
