"""Annual-report use cases: create, import, check, sign, reopen, fill from data, export PDF and JSON."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from desktop_app.db.errors import UserError
from desktop_app.domain import report_format as rf
from desktop_app.domain.agency import Agency
from desktop_app.domain.annual_report import (
    COMPUTED,
    DRAFT,
    IN_REVIEW,
    OVERRIDDEN,
    SIGNED,
    AnnualReport,
    CatalogData,
    Cell,
    CellKey,
    SignOff,
    content_hash,
    new_report,
    numbered,
    transition_problem,
)
from desktop_app.domain.catalog import CatalogEntry, EntryDraft
from desktop_app.domain.classification import ANNUAL_REPORT_NODE
from desktop_app.domain.report_checks import Finding, check_report
from desktop_app.domain.report_exchange import ExchangeError, report_from_json, report_to_json
from desktop_app.domain.report_import_text import parse_report_text
from desktop_app.domain.request_stats import table3, table4
from desktop_app.export import document as doc
from desktop_app.export.official_tables import table_four, table_three, table_two
from desktop_app.export.report_pdf import PdfExportResult, export_report_pdf
from desktop_app.export.signing import Certificate, SigningError
from desktop_app.jsonfile import write_json
from desktop_app.services.fonts import load_fonts
from desktop_app.services.table_reader import decode_text

ERROR = "error"


# ---- reading ----------------------------------------------------------------------------------
def current(services, year: int) -> AnnualReport:
    report = services.reports.latest(services.agencies.current().id, year)
    if report is None:
        raise UserError(f"没有 {year} 年度的报告，请先用“新建报告”或导入")
    return report


def report_revision(services, year: int, number: int | None = None) -> AnnualReport:
    """A revision of the year's report (signed ones stay readable after a reopen); None = newest."""
    if number is None:
        return current(services, year)
    for report in services.reports.revisions(services.agencies.current().id, year):
        if report.revision == number:
            return report
    raise UserError(f"{year} 年度报告没有第 {number} 版，请用 report history 查看已有版本")


@dataclass(frozen=True)
class RevisionRecord:
    """A revision and the PDFs exported from it: (copy, path, SHA-256), oldest first."""

    report: AnnualReport
    pdfs: list[tuple[str, str, str]]


def history(services, year: int) -> list[RevisionRecord]:
    """Every revision of the year's report, oldest first, with its exported PDFs."""
    reports = services.reports.revisions(services.agencies.current().id, year)
    if not reports:
        raise UserError(f"没有 {year} 年度的报告，请先用“新建报告”或导入")
    return [RevisionRecord(r, services.reports.pdfs(r.id)) for r in reports]


def previous(services, report: AnnualReport) -> AnnualReport | None:
    return services.reports.latest(services.agencies.current().id, report.year - 1)


def check(services, year: int) -> list[Finding]:
    report = current(services, year)
    return check_report(report, previous(services, report)) + register_discrepancies(
        services, report
    )


def register_discrepancies(services, report: AnnualReport) -> list[Finding]:
    """Signed computed cells that the register no longer gives (a request edited after signing)."""
    if not report.read_only or report.format != rf.FORMAT_2021:
        return []
    fresh = _register_tables(services, report.year)
    return [
        Finding(
            "台账-1",
            "warning",
            (key,),
            f"{key[1]} {key[2]}：签发时为 {cell.value}，台账现为 {fresh.get(key, Decimal(0))}，请核实是否需要重新打开报告",
        )
        for key, cell in report.cells.items()
        if cell.source == COMPUTED
        and key[0] in ("三", "四")
        and fresh.get(key, Decimal(0)) != cell.value
    ]


def _register_tables(services, year: int) -> dict[CellKey, Decimal]:
    computed: dict[CellKey, Decimal] = {}
    three = table3(services.requests.stat_records(year), year)
    four = table4(services.requests.appeals(), year)
    for key, table in (("三", three), ("四", four)):
        for row, columns in table.counts.items():
            computed.update({(key, row, col): Decimal(value) for col, value in columns.items()})
    return computed


# ---- creating ---------------------------------------------------------------------------------
def create(services, year: int, fmt: str) -> AnnualReport:
    """A new report; a 2021-format one carries 二、上年结转 from last year's 四、结转下年度继续办理."""
    if fmt not in rf.FORMATS:
        raise UserError(f"报告格式应为 {' 或 '.join(rf.FORMATS)}")
    agency = services.agencies.current()
    report = new_report(agency.name, year, fmt)
    last = services.reports.latest(agency.id, year - 1)
    if fmt == rf.FORMAT_2021 and last is not None:
        for col in rf.T3_COLUMNS:
            value = last.value("三", rf.T3_CARRIED_OUT, col)
            if value is not None:
                report = report.with_cell(("三", rf.T3_CARRIED_IN, col), Cell(value, COMPUTED))
    return services.reports.create(agency.id, report)


def import_text(services, path: Path, year: int) -> AnnualReport:
    _, text = decode_text(_read(path))
    agency = services.agencies.current()
    try:
        report = parse_report_text(text, year, agency.name)
    except ValueError as exc:
        raise UserError(f"{path.name}：{exc}") from None
    return services.reports.create(agency.id, report)


class DraftExists(UserError):
    """The year already has a draft that an import would replace."""

    def __init__(self, year: int) -> None:
        super().__init__(f"{year} 年度已有报告草稿，导入会用文件内容替换它")
        self.year = year


def import_json(services, path: Path, replace_draft: bool = True) -> AnnualReport:
    """Import an exchange file as a draft (replacing the year's draft, or DraftExists when
    `replace_draft` is false); numbers that break the rules are kept for `check`."""
    try:
        data = json.loads(_read(path).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path.name} 不是有效的 JSON 文件：{exc}") from None
    try:
        report, _name, code = report_from_json(data)
    except ExchangeError as exc:
        raise UserError("；".join(exc.problems)) from None
    agency = services.agencies.current()
    if code and code != agency.code:
        raise UserError(f"文件属于机构代码 {code}，与本数据库的机关（{agency.code}）不一致，未导入")
    existing = services.reports.latest(agency.id, report.year)
    if existing is None:
        return services.reports.create(agency.id, report)
    if existing.read_only:
        raise UserError(f"{report.year} 年度报告已签发，请先重新打开生成新修订版再导入")
    if not replace_draft:
        raise DraftExists(report.year)
    return services.reports.save(replace(report, id=existing.id, revision=existing.revision))


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}：{exc.strerror}") from None


# ---- editing ----------------------------------------------------------------------------------
def save(services, report: AnnualReport) -> AnnualReport:
    return services.reports.save(report)


def set_cell(
    services, report: AnnualReport, key: CellKey, value: Decimal | None, reason: str = ""
) -> AnnualReport:
    """Type a value; changing a computed value is an override and needs a reason."""
    old = report.cells.get(key)
    if old is not None and old.source in (COMPUTED, OVERRIDDEN) and value != old.value:
        if not reason.strip():
            raise UserError(f"{key[1]} {key[2]} 是自动计算的数值，修改时请填写修正原因")
        cell = Cell(value, OVERRIDDEN, reason.strip())
    else:
        cell = Cell(value, old.source if old else "typed", old.reason if old else "")
    return save(services, report.with_cell(key, cell))


def submit(services, year: int) -> AnnualReport:
    report = current(services, year)
    if problem := transition_problem(report, IN_REVIEW):
        raise UserError(problem)
    return services.reports.save(replace(report, status=IN_REVIEW))


def sign(
    services,
    year: int,
    signer: str,
    reason: str = "",
    on: dt.date | None = None,
    create_catalog_entry: bool = False,
) -> tuple[AnnualReport, CatalogEntry | None]:
    """Sign a report (a draft passes through 待审核); errors of the checker need a recorded reason."""
    report = current(services, year)
    if not signer.strip():
        raise UserError("签发人不能为空")
    if report.status == SIGNED:
        raise UserError(f"{year} 年度报告已于 {report.sign_off.signed_on} 签发")
    errors = [f for f in check_report(report, previous(services, report)) if f.severity == ERROR]
    if errors and not reason.strip():
        listed = "；".join(f.message for f in errors[:3])
        raise UserError(
            f"报告有 {len(errors)} 处错误，不能签发（{listed}）。请先修正，或填写签发理由后再签发"
        )
    on = on or dt.date.today()
    final = replace(report, closing_date=report.closing_date or on)
    sign_off = SignOff(signer.strip(), on, content_hash(final), reason.strip())
    signed = services.reports.sign(final, sign_off, checked=content_hash(report))
    entry = catalog_entry_for(services, signed) if create_catalog_entry else None
    return signed, entry


def catalog_entry_for(services, report: AnnualReport) -> CatalogEntry:
    """List a signed report in the catalog under 政府信息公开年度报告 (once per revision)."""
    existing = services.reports.catalog_entry_id(report.id)
    if existing is not None:
        return services.catalog.get(existing)
    agency = services.agencies.current()
    node_id = services.classification.ensure_path(ANNUAL_REPORT_NODE)
    entry = services.catalog.add(
        agency.id,
        EntryDraft(
            title=report.title,
            generated_on=report.sign_off.signed_on,
            published_on=report.sign_off.signed_on,
            publisher=agency.name,
            node_id=node_id,
            genre="工作报告",
            keywords="政府信息公开 年度报告",
            summary=f"{report.year}年度政府信息公开工作情况",
        ),
    )
    services.reports.link_catalog_entry(report.id, entry.id)
    return entry


def catalog_data(services, report: AnnualReport) -> CatalogData:
    """The catalog header of a report: as imported with it, else that of its catalog entry."""
    entry_id = services.reports.catalog_entry_id(report.id)
    if report.catalog.index_no or entry_id is None:
        return report.catalog
    entry = services.catalog.get(entry_id)
    return CatalogData(
        entry.index_no,
        entry.disclosure_form,
        entry.doc_number,
        entry.period,
        entry.publisher,
        entry.generated_on.isoformat(),
    )


def reopen(services, year: int) -> AnnualReport:
    report = current(services, year)
    return services.reports.reopen(report.id, DRAFT)


# ---- filling from data ------------------------------------------------------------------------
def fill(services, year: int) -> AnnualReport:
    """Tables 三 and 四 from the register, table 二's first block from the catalog; overrides stay."""
    report = current(services, year)
    if report.read_only:
        raise UserError(f"{year} 年度报告已签发，只读；如需重新计算请先重新打开")
    if report.format != rf.FORMAT_2021:
        raise UserError("自由格式的报告没有统计表，无需填充")
    computed = _register_tables(services, year)
    computed.update(catalog_table_two(services.catalog.all(), year))
    for key, value in computed.items():
        old = report.cells.get(key)
        if old is None or old.source != OVERRIDDEN:
            report = report.with_cell(key, Cell(value, COMPUTED))
    return services.reports.save(report)


def catalog_table_two(entries: list[CatalogEntry], year: int) -> dict[CellKey, Decimal]:
    """规章 / 行政规范性文件: issued in the year, repealed in the year, in force on 31 December."""
    end = dt.date(year, 12, 31)
    out: dict[CellKey, Decimal] = {}
    for genre in rf.TABLE2_CATALOG_GENRES:
        mine = [e for e in entries if e.genre == genre]
        issued = sum(1 for e in mine if e.generated_on.year == year)
        repealed = sum(
            1 for e in mine if e.withdrawn and e.validity_date and e.validity_date.year == year
        )
        in_force = sum(
            1
            for e in mine
            if e.generated_on <= end
            and not (e.withdrawn and e.validity_date and e.validity_date <= end)
        )
        out[("二", genre, rf.T2_ISSUED)] = Decimal(issued)
        out[("二", genre, rf.T2_REPEALED)] = Decimal(repealed)
        out[("二", genre, rf.T2_IN_FORCE)] = Decimal(in_force)
    return out


# ---- output -----------------------------------------------------------------------------------
def export_json(services, year: int, out: Path) -> Path:
    agency = services.agencies.current()
    data = report_to_json(current(services, year), agency.name, agency.code)
    write_json(out, data)
    return out


def export_pdf(
    services,
    year: int,
    copy: str,
    out: Path,
    certificate: Certificate | None = None,
    revision: int | None = None,
) -> PdfExportResult:
    """Write a copy of a revision (default: the newest) as PDF, signed with the certificate when
    given, and record its SHA-256 with that revision."""
    report = report_revision(services, year, revision)
    result = _write_pdf(services, report, copy, Path(out), certificate)
    services.reports.record_pdf(report.id, copy, str(Path(out).resolve()), result.sha256)
    return result


def preview_pdf(services, report: AnnualReport, copy: str, out: Path) -> PdfExportResult:
    """The PDF `export_pdf` would write for the report as it stands, unsigned and not recorded:
    a preview is not a published copy."""
    return _write_pdf(services, report, copy, Path(out))


def _write_pdf(
    services, report: AnnualReport, copy: str, out: Path, certificate: Certificate | None = None
) -> PdfExportResult:
    if copy not in doc.COPIES:
        raise UserError(
            f"副本类型应为 {' 或 '.join(doc.COPIES)}（filing = 存档打印版，web = 网站公开版）"
        )
    fonts = load_fonts(services)
    report = replace(report, catalog=catalog_data(services, report))
    document = report_to_document(report, services.agencies.current(), copy)
    try:
        return export_report_pdf(document, out, fonts or None, certificate)
    except SigningError as exc:
        raise UserError(str(exc)) from exc
    except PermissionError as exc:  # Windows: a PDF reader holding the old file (sharing violation)
        raise UserError(
            f"无法写入 {out}：该文件正被其他程序（如 PDF 阅读器、WPS）打开，或没有写入权限。"
            "请关闭该文件后重试，或另存为其他文件名"
        ) from exc
    except OSError as exc:
        raise UserError(f"无法写入 {out}：{exc.strerror or exc}") from exc


def report_to_document(report: AnnualReport, agency: Agency, copy: str) -> doc.Document:
    """The print document of a report: numbered headings, paragraphs, the official tables, 落款."""
    blocks: list[doc.Block] = [doc.Paragraph(p) for p in report.lead]
    tables = _tables(report) if report.format == rf.FORMAT_2021 else {}
    for item in numbered(report.sections):
        blocks.append(doc.Heading(item.level, item.heading))
        blocks += [doc.Paragraph(p) for p in item.section.paragraphs]
        if item.level == 1 and item.path[0] in tables:
            blocks.append(tables[item.path[0]])
    signer = report.sign_off.signer if report.sign_off and copy == doc.COPY_FILING else None
    header = None
    if copy == doc.COPY_WEB:
        c = report.catalog
        header = doc.CatalogHeader(
            c.index_no,
            c.disclosure_form or "主动公开",
            c.doc_number,
            c.period or "长期公开",
            c.publisher or agency.name,
            c.generated_on,
        )
    return doc.Document(
        title=report.title,
        blocks=tuple(blocks),
        closing=doc.Closing(agency.name, report.closing_date) if report.closing_date else None,
        copy=copy,
        signer=signer,
        catalog_header=header,
        author=agency.name,
        subject=f"{report.year}年政府信息公开工作年度报告",
        keywords="政府信息公开,年度报告",
    )


def _tables(report: AnnualReport) -> dict[int, doc.Table]:
    """Sections 二, 三 and 四 (indexes 1–3) are followed by their official table."""

    def values(table: str) -> dict[str, dict[str, Decimal | None]]:
        out: dict[str, dict[str, Decimal | None]] = {}
        for (t, row, col), cell in report.cells.items():
            if t == table:
                out.setdefault(row, {})[col] = cell.value
        return out

    return {1: table_two(values("二")), 2: table_three(values("三")), 3: table_four(values("四"))}
