"""Signed revisions proven unchanged on every read, and exported PDFs recorded as they land.

Every read of a signed revision (opening, check, history, export, reopen, JSON export) recomputes
its content hash and part digests and checks the seal with the key outside the database
(services/seal_key.py); export and reopen stop on a mismatch, check reports it as an error.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.annual_report import AnnualReport, Seal, SignOff
from desktop_app.domain.report_seal import (
    TAMPERED,
    UNSEALED,
    UNVERIFIABLE,
    Integrity,
    make_seal,
    verify,
)
from desktop_app.errors import UserError
from desktop_app.hashing import file_sha256
from desktop_app.services.seal_key import KEY_FILE_ENV, key_file, signing_key, verifying_key

if TYPE_CHECKING:
    from desktop_app.domain.report_checks import Finding
    from desktop_app.services.context import Services

RULE = "签封-1"
STAGING_SUFFIX = ".export"  # a finished PDF waits under this name until it is recorded


def integrity(services: Services, report: AnnualReport) -> Integrity:
    stored = report.sign_off.seal if report.sign_off else None
    verdict = verify(report, stored, verifying_key(services))
    if verdict.status != UNVERIFIABLE:
        return verdict
    advice = (
        f"。请把签发时所用的密钥文件复制为 {key_file(services)}，"
        f"或用 settings.json 的 seal_key_file（或环境变量 {KEY_FILE_ENV}）指定本单位的密钥文件"
    )
    return replace(verdict, note=verdict.note + advice)


def seal(services: Services, report: AnnualReport, sign_off: SignOff) -> Seal:
    """The seal of `report` as it will be stored with `sign_off`."""
    return make_seal(signing_key(services), replace(report, sign_off=sign_off))


def guard(services: Services, report: AnnualReport, action: str) -> None:
    """Refuse `action` on a signed revision that is not proven unchanged."""
    verdict = integrity(services, report)
    if verdict.refuses:
        advice = (
            "。请用备份或已导出的 PDF 核对原文，并请管理员检查数据库"
            if verdict.status == TAMPERED
            else ""
        )
        raise UserError(
            f"{report.year} 年度报告第 {report.revision} 版{verdict.message}，已停止{action}{advice}"
        )


def findings(services: Services, report: AnnualReport) -> list[Finding]:
    """The checker's view: a mismatch is an error, a report signed before seals a note."""
    # the checker's module (and its text rules' patterns) only here: `report export` needs none
    from desktop_app.domain.report_checks import ERROR, WARNING, Finding  # noqa: PLC0415

    verdict = integrity(services, report)
    if verdict.refuses:
        return [Finding(RULE, ERROR, (), verdict.message)]
    if verdict.status == UNSEALED:
        return [Finding(RULE, WARNING, (), verdict.message)]
    return []


# ---- exported PDFs ----------------------------------------------------------------------------
def staging_path(out: Path) -> Path:
    return out.with_name(f"{out.name}{STAGING_SUFFIX}")


def publish_pdf(
    services: Services, report_id: int, copy: str, staged: Path, out: Path, sha256: str, draft: bool
) -> None:
    """Record the export, then put the file under its name, then mark the record settled.

    A kill between the steps leaves a pending record that `settle_pending_pdfs` resolves by
    hashing the file at the path: there, it is kept; not there, it is dropped.
    """
    try:
        pdf_id = services.reports.record_pdf(report_id, copy, str(out), sha256, draft=draft)
        try:
            os.replace(staged, out)
        except OSError:  # not under its name (a full disk, a file open elsewhere): not exported
            services.reports.settle_pdf(pdf_id, in_place=False)
            raise
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    services.reports.settle_pdf(pdf_id, in_place=True)


def settle_pending_pdfs(services: Services) -> None:
    for pdf_id, path, sha256 in services.reports.pending_pdfs():
        target = Path(path)
        in_place = target.is_file() and file_sha256(target) == sha256
        if not in_place:
            staging_path(target).unlink(missing_ok=True)
        services.reports.settle_pdf(pdf_id, in_place)
