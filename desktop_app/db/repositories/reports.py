"""Annual reports: one row per revision; a signed revision is never written again."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.db.engine import Database
from desktop_app.db.errors import NotFoundError, UserError
from desktop_app.db.models_reports import ReportCellRow, ReportPdfRow, ReportRow
from desktop_app.db.repositories.agency import lock_numbering
from desktop_app.domain.annual_report import (
    SIGNED,
    SIGNER_MAX,
    AnnualReport,
    CatalogData,
    Cell,
    SignOff,
    content_hash,
    decimal_text,
    report_problems,
    sections_from_json,
    sections_to_json,
)
from desktop_app.domain.limits import character_problem, text_problem


class ReportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def latest(self, agency_id: int, year: int) -> AnnualReport | None:
        """The newest revision of a year's report, or None when there is none."""
        with self._db.session() as session:
            row = session.scalar(
                select(ReportRow)
                .options(selectinload(ReportRow.cells))
                .where(ReportRow.agency_id == agency_id, ReportRow.year == year)
                .order_by(ReportRow.revision.desc())
                .limit(1)
            )
            return None if row is None else _to_domain(row)

    def revisions(self, agency_id: int, year: int) -> list[AnnualReport]:
        with self._db.session() as session:
            rows = session.scalars(
                select(ReportRow)
                .options(selectinload(ReportRow.cells))
                .where(ReportRow.agency_id == agency_id, ReportRow.year == year)
                .order_by(ReportRow.revision)
            )
            return [_to_domain(r) for r in rows]

    def years(self, agency_id: int) -> list[int]:
        with self._db.session() as session:
            return list(
                session.scalars(
                    select(ReportRow.year)
                    .where(ReportRow.agency_id == agency_id)
                    .distinct()
                    .order_by(ReportRow.year)
                )
            )

    def create(self, agency_id: int, report: AnnualReport) -> AnnualReport:
        _check(report)
        with self._db.session() as session:
            lock_numbering(session, agency_id)  # another instance creating the same year waits
            taken = session.scalar(
                select(func.count())
                .select_from(ReportRow)
                .where(ReportRow.agency_id == agency_id, ReportRow.year == report.year)
            )
            if taken:
                raise UserError(
                    f"{report.year} 年度的报告已存在，请直接打开编辑（或先删除草稿后再新建）"
                )
            row = ReportRow(agency_id=agency_id, year=report.year, revision=1, status=report.status)
            _write(session, row, report)
            session.add(row)
            session.flush()
            return _to_domain(row)

    def save(self, report: AnnualReport) -> AnnualReport:
        """Write a draft's content; a signed revision is read-only."""
        _check(report)
        with self._db.session() as session:
            row = _locked_row(session, report.id)
            if row.status == SIGNED:
                raise UserError("该报告已签发，只读；如需修改请先“重新打开”生成新修订版")
            _write(session, row, report)
            row.status = report.status
            session.flush()
            return _to_domain(row)

    def sign(self, report: AnnualReport, sign_off: SignOff, checked: str) -> AnnualReport:
        """Write the report as signed, in one transaction, if the stored revision is still the
        one that was checked (`checked` = its content hash); else nothing is written."""
        _check(report)
        if found := text_problem(sign_off.signer, SIGNER_MAX):
            raise UserError(f"签发人{found}")
        if found := character_problem(sign_off.reason, multiline=True):
            raise UserError(f"签发理由{found}")
        with self._db.session() as session:
            row = _locked_row(session, report.id)
            stored = _to_domain(row)
            if stored.status == SIGNED or content_hash(stored) != checked:
                raise UserError(
                    "报告在签发前已被修改或已签发（可能是在另一台电脑上），请查看最新内容、重新检查后再签发"
                )
            _write(session, row, report)
            row.status, row.signer, row.signed_on = SIGNED, sign_off.signer, sign_off.signed_on
            row.content_hash, row.sign_reason = sign_off.content_hash, sign_off.reason
            session.flush()
            return _to_domain(row)

    def reopen(self, report_id: int, status: str) -> AnnualReport:
        """A new revision copying a signed one; the signed revision stays as it was."""
        with self._db.session() as session:
            old = _locked_row(session, report_id)
            if old.status != SIGNED:
                raise UserError("只有已签发的报告需要重新打开；草稿可以直接编辑")
            newest = session.scalar(
                select(func.max(ReportRow.revision)).where(
                    ReportRow.agency_id == old.agency_id, ReportRow.year == old.year
                )
            )
            row = ReportRow(
                agency_id=old.agency_id, year=old.year, revision=newest + 1, status=status
            )
            _write(session, row, _to_domain(old))
            session.add(row)
            session.flush()
            return _to_domain(row)

    def link_catalog_entry(self, report_id: int, entry_id: int) -> None:
        with self._db.session() as session:
            _row(session, report_id).catalog_entry_id = entry_id

    def catalog_entry_id(self, report_id: int) -> int | None:
        with self._db.session() as session:
            return _row(session, report_id).catalog_entry_id

    def record_pdf(self, report_id: int, copy: str, path: str, sha256: str) -> None:
        with self._db.session() as session:
            _row(session, report_id)
            session.add(ReportPdfRow(report_id=report_id, copy=copy, path=path, sha256=sha256))

    def pdfs(self, report_id: int) -> list[tuple[str, str, str]]:
        """(copy, path, sha256) of every PDF exported from a revision, oldest first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(ReportPdfRow)
                .where(ReportPdfRow.report_id == report_id)
                .order_by(ReportPdfRow.id)
            )
            return [(r.copy, r.path, r.sha256) for r in rows]


def _row(session: Session, report_id: int | None) -> ReportRow:
    row = session.get(ReportRow, report_id) if report_id is not None else None
    if row is None:
        raise NotFoundError(f"报告 {report_id} 不存在")
    return row


def _locked_row(session: Session, report_id: int | None) -> ReportRow:
    """A revision read again after locking its agency, so a concurrent save, sign or reopen waits.

    Without it a save that read "草稿" just before another instance signed would overwrite the
    signed revision, and two reopens would both pick the same revision number.
    """
    row = _row(session, report_id)
    lock_numbering(session, row.agency_id)
    session.refresh(row)
    return row


def _write(session: Session, row: ReportRow, report: AnnualReport) -> None:
    row.format, row.title, row.closing_date = report.format, report.title, report.closing_date
    row.body_json = json.dumps(
        {
            "lead": list(report.lead),
            "sections": sections_to_json(report.sections),
            "catalog": asdict(report.catalog),
        },
        ensure_ascii=False,
    )
    if row.id is not None:
        row.cells.clear()
        session.flush()  # delete the old cells before inserting rows with the same keys
    row.cells.extend(
        ReportCellRow(
            table_key=t,
            row_label=r,
            col_label=c,
            value=decimal_text(cell.value),
            source=cell.source,
            reason=cell.reason,
        )
        for (t, r, c), cell in report.cells.items()
    )


def _to_domain(row: ReportRow) -> AnnualReport:
    body = json.loads(row.body_json)
    sign_off = (
        SignOff(row.signer, row.signed_on, row.content_hash or "", row.sign_reason)
        if row.status == SIGNED and row.signer and row.signed_on
        else None
    )
    return AnnualReport(
        id=row.id,
        year=row.year,
        format=row.format,
        title=row.title,
        revision=row.revision,
        lead=tuple(body.get("lead", ())),
        sections=sections_from_json(body["sections"]),
        catalog=CatalogData(**body.get("catalog", {})),
        closing_date=row.closing_date,
        status=row.status,
        sign_off=sign_off,
        cells={
            (c.table_key, c.row_label, c.col_label): Cell(
                None if c.value is None else Decimal(c.value), c.source, c.reason
            )
            for c in row.cells
        },
    )


def _check(report: AnnualReport) -> None:
    """Nothing beyond the field limits reaches the database, whichever way it came."""
    if problems := report_problems(report):
        raise UserError("；".join(problems[:5]))
