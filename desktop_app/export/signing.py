"""Sign an exported PDF (PAdES baseline) with the user's PKCS#12 certificate file, using pyHanko."""

from __future__ import annotations

import os
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers


class SigningError(Exception):
    """The certificate file cannot be used; the message is Chinese and says what to check."""


def sign_pdf(src: Path | str, dst: Path | str, cert_file: Path | str, password: str | None) -> None:
    """Write a signed copy of src to dst (via *.tmp); a bad file or password: Chinese message."""
    signer = signers.SimpleSigner.load_pkcs12(
        pfx_file=str(cert_file), passphrase=password.encode("utf-8") if password else None
    )
    if signer is None:
        raise SigningError(
            f"证书文件 {cert_file} 无法读取：请检查文件是否为 PKCS#12（.p12/.pfx）以及密码是否正确"
        )
    dst = Path(dst)
    tmp = dst.with_name(dst.name + ".tmp")
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    try:
        with open(src, "rb") as inp, open(tmp, "wb") as out:
            signers.sign_pdf(IncrementalPdfFileWriter(inp), meta, signer=signer, output=out)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
