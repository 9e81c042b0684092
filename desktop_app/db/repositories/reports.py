"""Annual reports: one row per revision; a signed revision is never written again."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop_app.db import versioning
from desktop_app.db.audit import record, require
from desktop_app.db.engine import Database
from desktop_app.db.models_reports import ReportCellRow, ReportPdfRow, ReportRow
from desktop_app.db.repositories.agency import lock_numbering
from desktop_app.domain.annual_report import (
    SIGNED,
    SIGNER_MAX,
    AnnualReport,
    CatalogData,
    Cell,
    Seal,
    SignOff,
    content_hash,
    decimal_text,
    report_problems,
    sections_from_json,
    sections_to_json,
)
from desktop_app.domain.audit import CREATED, EDITED, EXPORTED, REOPENED, Change, changes
from desktop_app.domain.audit import SIGNED as SIGNED_ACTION
from desktop_app.domain.limits import character_problem, text_problem
from desktop_app.domain.users import CLERK, REVIEWER
from desktop_app.errors import NotFoundError, UserError

_ENTITY = "report"


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
        actor = require(self._db, CLERK)
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
            record(session, actor, _ENTITY, row.id, CREATED, _name(row))
            return _to_domain(row)

    def save(self, report: AnnualReport, action: str = EDITED) -> AnnualReport:
        """Write a draft's content; a signed revision is read-only. `action` names the edit in
        the audit trail (a fill from the register is 自动填表)."""
        actor = require(self._db, CLERK)
        _check(report)
        with self._db.session() as session:
            row = _locked_row(session, report.id)
            if row.status == SIGNED:
                raise UserError("该报告已签发，只读；如需修改请先“重新打开”生成新修订版")
            versioning.check(row, report.version, f"{row.year} 年度报告")
            before = _to_domain(row)
            _write(session, row, report)
            row.status = report.status
            versioning.stamp(row, actor)
            session.flush()
            saved = _to_domain(row)
            if edits := _changes(before, saved):
                record(session, actor, _ENTITY, row.id, action, _name(row), edits)
            return saved

    def sign(self, report: AnnualReport, sign_off: SignOff, checked: str) -> AnnualReport:
        """Write the report as signed, in one transaction, if the stored revision is still the
        one that was checked (`checked` = its content hash); else nothing is written."""
        actor = require(self._db, REVIEWER)
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
            versioning.stamp(row, actor)
            if sign_off.seal is not None:
                row.seal, row.seal_key_id = sign_off.seal.value, sign_off.seal.key_id
                row.seal_parts = json.dumps(sign_off.seal.parts, ensure_ascii=False, sort_keys=True)
            session.flush()
            detail = f"{_name(row)}，签发人 {sign_off.signer}，内容 SHA-256 {sign_off.content_hash}"
            if sign_off.reason:
                detail += f"，签发理由：{sign_off.reason}"
            record(
                session,
                actor,
                _ENTITY,
                row.id,
                SIGNED_ACTION,
                detail,
                _changes(stored, _to_domain(row)),
            )
            return _to_domain(row)

    def reopen(self, report_id: int, status: str) -> AnnualReport:
        """A new revision copying a signed one; the signed revision stays as it was."""
        actor = require(self._db, REVIEWER)
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
            detail = f"由第 {old.revision} 版生成第 {row.revision} 版"
            record(session, actor, _ENTITY, old.id, REOPENED, detail)
            record(session, actor, _ENTITY, row.id, CREATED, f"{_name(row)}，{detail}")
            return _to_domain(row)

    def link_catalog_entry(self, report_id: int, entry_id: int) -> None:
        actor = require(self._db, CLERK)
        with self._db.session() as session:
            row = _row(session, report_id)
            row.catalog_entry_id = entry_id
            record(session, actor, _ENTITY, report_id, EDITED, _name(row), [_linked(entry_id)])

    def catalog_entry_id(self, report_id: int) -> int | None:
        with self._db.session() as session:
            return _row(session, report_id).catalog_entry_id

    def record_pdf(self, report_id: int, copy: str, path: str, sha256: str, *, draft: bool) -> int:
        """Record an export as pending until `settle_pdf` says the file is in place (the audit
        event comes with that step: a file that never reached its name was not exported)."""
        with self._db.session() as session:
            _row(session, report_id)
            row = ReportPdfRow(
                report_id=report_id,
                copy=copy,
                path=path,
                sha256=sha256,
                draft=draft,
                pending=True,
            )
            session.add(row)
            session.flush()
            return row.id

    def pending_pdfs(self) -> list[tuple[int, str, str]]:
        """(id, path, sha256) of exports recorded but not yet known to be in place."""
        with self._db.session() as session:
            rows = session.scalars(select(ReportPdfRow).where(ReportPdfRow.pending.is_(True)))
            return [(r.id, r.path, r.sha256) for r in rows]

    def settle_pdf(self, pdf_id: int, in_place: bool) -> None:
        """Keep the record of a file that reached its name; drop that of one that never did."""
        with self._db.session() as session:
            row = session.get(ReportPdfRow, pdf_id)
            if row is None:
                return
            if in_place:
                row.pending = False
                self._record_export(session, row)
            else:
                session.delete(row)

    def _record_export(self, session: Session, pdf: ReportPdfRow) -> None:
        actor = self._db.user.name if self._db.user else ""  # exporting needs no particular role
        kind = "草稿 " if pdf.draft else ""
        detail = f"{_name(_row(session, pdf.report_id))}，{kind}{pdf.copy} 副本 {pdf.path}，SHA-256 {pdf.sha256}"
        record(session, actor, _ENTITY, pdf.report_id, EXPORTED, detail)

    def pdfs(self, report_id: int) -> list[tuple[str, str, str]]:
        """(copy, path, sha256) of the PDFs exported from a revision, oldest first: of a signed
        revision only those exported after signing, of a draft its draft exports."""
        with self._db.session() as session:
            signed = _row(session, report_id).status == SIGNED
            rows = session.scalars(
                select(ReportPdfRow)
                .where(
                    ReportPdfRow.report_id == report_id,
                    ReportPdfRow.pending.is_(False),
                    ReportPdfRow.draft.is_(not signed),
                )
                .order_by(ReportPdfRow.id)
            )
            return [(r.copy, r.path, r.sha256) for r in rows]


def _name(row: ReportRow) -> str:
    return f"{row.year} 年度报告第 {row.revision} 版"


def _linked(entry_id: int) -> Change:
    return Change("目录条目", None, str(entry_id))


def _audited(report: AnnualReport) -> tuple[dict[str, object], dict[str, str]]:
    """What an edit of a report may change, as values and labels: the header, each section's
    paragraphs by its heading path, each table cell by its official labels."""
    values: dict[str, object] = {
        "title": report.title,
        "closing_date": report.closing_date,
        "status": report.status,
        "lead": "\n".join(report.lead),
    }
    labels = {"title": "标题", "closing_date": "成文日期", "status": "状态", "lead": "导语"}

    def walk(sections, prefix: str) -> None:
        for section in sections:
            path = f"{prefix}/{section.heading}" if prefix else section.heading
            values[f"section {path}"] = "\n".join(section.paragraphs)
            labels[f"section {path}"] = f"正文“{path}”"
            walk(section.children, path)

    walk(report.sections, "")
    for (table, row, column), cell in sorted(report.cells.items()):
        key = f"cell {table} {row} {column}"
        values[key] = decimal_text(cell.value)
        labels[key] = f"表{table}“{row}”“{column}”"
    return values, labels


def _changes(before: AnnualReport, after: AnnualReport) -> tuple[Change, ...]:
    old, old_labels = _audited(before)
    new, new_labels = _audited(after)
    return changes(old, new, old_labels | new_labels)


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
    seal = (
        Seal(row.seal, row.seal_key_id or "", json.loads(row.seal_parts or "{}"))
        if row.seal
        else None
    )
    # A signed revision always has a sign-off, also when someone blanked its 签发人 or date in
    # the database: the seal check must see (and name) that, not a report without a signature.
    sign_off = (
        SignOff(row.signer or "", row.signed_on, row.content_hash or "", row.sign_reason, seal)
        if row.status == SIGNED
        else None
    )
    return AnnualReport(
        id=row.id,
        year=row.year,
        format=row.format,
        title=row.title,
        revision=row.revision,
        version=row.version,
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
