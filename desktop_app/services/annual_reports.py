"""Annual-report use cases: create, import, check, sign, reopen, fill from data, export PDF and JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.db.audit import require
from desktop_app.domain import report_format as rf
from desktop_app.domain.agency import Agency
from desktop_app.domain.annual_report import (
    COMPUTED,
    DRAFT,
    IN_REVIEW,
    OVERRIDDEN,
    SIGNED,
    SIGNER_MAX,
    AnnualReport,
    CatalogData,
    Cell,
    CellKey,
    NumberedSection,
    SignOff,
    content_hash,
    new_report,
    numbered,
    transition_problem,
)
from desktop_app.domain.audit import FILLED
from desktop_app.domain.catalog import CatalogEntry, EntryDraft
from desktop_app.domain.classification import ANNUAL_REPORT_NODE
from desktop_app.domain.fee_ledger import fee_sentence, with_fee_sentence
from desktop_app.domain.limits import number_problem, text_problem, year_problem
from desktop_app.domain.report_exchange import ExchangeError, report_from_json, report_to_json
from desktop_app.domain.report_seal import Integrity
from desktop_app.domain.table3_totals import with_dependent_totals
from desktop_app.domain.users import CLERK, REVIEWER
from desktop_app.errors import UserError
from desktop_app.export import document as doc
from desktop_app.export.official_tables import table_four, table_three, table_two
from desktop_app.export.signing import Certificate, SigningError
from desktop_app.jsonfile import write_json
from desktop_app.services import report_integrity
from desktop_app.services.fonts import load_fonts
from desktop_app.services.letters import check as check_letters
from desktop_app.services.letters import fee_ledger
from desktop_app.services.output import writing

if TYPE_CHECKING:
    from desktop_app.domain.report_checks import Finding
    from desktop_app.domain.report_import_tables import LabelMatch
    from desktop_app.export.report_pdf import PdfExportResult

# Checking, statistics and reading published reports are imported by the functions that use them:
# `report export` as a command then loads none of them (nor charset_normalizer behind table_reader).

if TYPE_CHECKING:
    from desktop_app.services.context import Services

ERROR = "error"


# ---- reading ----------------------------------------------------------------------------------
def current(services: Services, year: int) -> AnnualReport:
    report = services.reports.latest(services.agencies.current().id, year)
    if report is None:
        raise UserError(f"没有 {year} 年度的报告，请先用“新建报告”或导入")
    return report


def report_revision(services: Services, year: int, number: int | None = None) -> AnnualReport:
    """A revision of the year's report (signed ones stay readable after a reopen); None = newest."""
    if number is None:
        return current(services, year)
    for report in services.reports.revisions(services.agencies.current().id, year):
        if report.revision == number:
            return report
    raise UserError(f"{year} 年度报告没有第 {number} 版，请用 report history 查看已有版本")


@dataclass(frozen=True)
class RevisionRecord:
    """A revision, whether it is as signed, and the PDFs exported from it: (copy, path,
    SHA-256), oldest first."""

    report: AnnualReport
    pdfs: list[tuple[str, str, str]]
    integrity: Integrity


def history(services: Services, year: int) -> list[RevisionRecord]:
    """Every revision of the year's report, oldest first, with its exported PDFs."""
    reports = services.reports.revisions(services.agencies.current().id, year)
    if not reports:
        raise UserError(f"没有 {year} 年度的报告，请先用“新建报告”或导入")
    report_integrity.settle_pending_pdfs(services)
    return [
        RevisionRecord(
            r, services.reports.pdfs(r.saved_id), report_integrity.integrity(services, r)
        )
        for r in reports
    ]


def previous(services: Services, report: AnnualReport) -> AnnualReport | None:
    return services.reports.latest(services.agencies.current().id, report.year - 1)


def check(services: Services, year: int) -> list[Finding]:
    from desktop_app.domain.report_checks import check_report  # noqa: PLC0415

    report = current(services, year)
    return (
        report_integrity.findings(services, report)
        + check_report(report, previous(services, report))
        + register_discrepancies(services, report)
        + letter_warnings(services, year)
    )


def letter_warnings(services: Services, year: int) -> list[Finding]:
    """The register's letter checks for the year, as warnings: they concern letters, not the tables."""
    from desktop_app.domain.report_checks import Finding  # noqa: PLC0415

    return [
        Finding(f.rule, "warning", (), f"{f.request_number}：{f.message}")
        for f in check_letters(services, year)
    ]


def register_discrepancies(services: Services, report: AnnualReport) -> list[Finding]:
    """Signed computed cells that the register no longer gives (a request edited after signing)."""
    from desktop_app.domain.report_checks import Finding  # noqa: PLC0415

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


def _register_tables(services: Services, year: int) -> dict[CellKey, Decimal]:
    from desktop_app.domain.request_stats import table3_counts, table4_counts  # noqa: PLC0415

    computed: dict[CellKey, Decimal] = {}
    try:  # a request whose type or outcome the tables lack: the message names it and the fix
        three = table3_counts(services.requests.stat_groups(year), year)
        four = table4_counts(services.requests.appeal_groups(year), year)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    for key, table in (("三", three), ("四", four)):
        for row, columns in table.counts.items():
            computed.update({(key, row, col): Decimal(value) for col, value in columns.items()})
    return computed


# ---- creating ---------------------------------------------------------------------------------
def create(services: Services, year: int, fmt: str) -> AnnualReport:
    """A new report; a 2021-format one carries 二、上年结转 from last year's 四、结转下年度继续办理."""
    if fmt not in rf.FORMATS:
        raise UserError(f"报告格式应为 {' 或 '.join(rf.FORMATS)}")
    _check_year(year)
    agency = services.agencies.current()
    report = new_report(agency.name, year, fmt)
    last = services.reports.latest(agency.id, year - 1)
    if fmt == rf.FORMAT_2021 and last is not None:
        for col in rf.T3_COLUMNS:
            value = last.value("三", rf.T3_CARRIED_OUT, col)
            if value is not None:
                report = report.with_cell(("三", rf.T3_CARRIED_IN, col), Cell(value, COMPUTED))
    return services.reports.create(agency.id, report)


def _check_year(year: int) -> None:
    if problem := year_problem(year):
        raise UserError(f"报告年度{problem}")


@dataclass(frozen=True)
class ReportImport:
    """An imported published report and what the user should look at."""

    report: AnnualReport
    matches: tuple[LabelMatch, ...]  # table labels with a typo, placed by the nearest official one
    unplaced: tuple[str, ...]  # table rows or cells the import could not place
    not_given: tuple[CellKey, ...]  # cells blank or marked / - — in the document, or missing
    missing_tables: tuple[str, ...] = ()  # of 二/三/四, beside tables found: all not given

    def notes(self) -> list[str]:
        """What the user should look at, one line each."""
        notes = [f"请核对：表格中的“{m.found}”按“{m.official}”读入" for m in self.matches]
        notes += [f"未能放入报告：{text}" for text in self.unplaced]
        notes += [
            f"未找到表{t}：该表的数字都按未给出处理（不计为 0），请核对原文"
            for t in self.missing_tables
        ]
        notes += [
            f"未给出数字（空白或“/”）：表{t} {row} {col}"
            for t, row, col in self.not_given
            if t not in self.missing_tables
        ]
        return notes


def import_text(services: Services, path: Path, year: int) -> ReportImport:
    """An old plain-text report as a free-form report; table lines found in the text are not
    put into it, and listed (`report import` reads them into the tables)."""
    from desktop_app.domain.report_import_text import read_report_text  # noqa: PLC0415
    from desktop_app.services.table_reader import decode_text  # noqa: PLC0415

    _check_year(year)
    _, text = decode_text(_read(path))
    agency = services.agencies.current()
    try:
        read = read_report_text(text, year, agency.name)
    except ValueError as exc:
        raise UserError(f"{path.name}：{exc}") from None
    saved = services.reports.create(agency.id, read.report)
    set_aside = tuple(f"表格内容（未放入正文）：{line}" for line in read.table_lines)
    return ReportImport(saved, (), set_aside, ())


def import_report(services: Services, path: Path, year: int) -> ReportImport:
    """A published report (PDF, DOCX, HTML, text) as a new report of the year: the text verbatim,
    tables 二/三/四 from the document's tables (the 2021 format when it has them)."""
    _check_year(year)
    agency = services.agencies.current()
    read = read_published(Path(path), lambda _title: (agency.name, year))
    return replace(read, report=services.reports.create(agency.id, read.report))


def read_published(path: Path, whose: Callable[[str], tuple[str, int]]) -> ReportImport:
    """A published report read (not saved); `whose` gives the agency's name and the year from
    the document's title ("" when it has none), or raises UserError."""
    from desktop_app.domain.report_import_tables import (  # noqa: PLC0415
        place_lines,
        place_rows,
    )
    from desktop_app.domain.report_import_text import (  # noqa: PLC0415
        read_report_text,
        report_title,
    )
    from desktop_app.services.report_documents import read_document  # noqa: PLC0415

    content = read_document(path)
    text = "\n".join(content.lines)
    name, year = whose(report_title(text))
    try:
        read = read_report_text(text, year, name, content.printed)
    except ValueError as exc:
        raise UserError(f"{path.name}：{exc}") from None
    tables = place_rows(content.rows)
    tables.add(place_lines(list(read.table_lines)))
    # a group printed as one row (the 2019 trial format's （六）其他处理) has no items to give
    groups_printed = {key[1] for key in tables.cells if key[1] in rf.T3_GROUP_ITEMS}
    printed = [
        key
        for table in (rf.TABLE_KEYS if tables.cells else ())
        for key in ((table, r, c) for r, c in rf.CELLS_BY_TABLE[table]())
        if key[1] not in rf.T3_GROUP_ITEMS and rf.T3_GROUP_ITEM_OF.get(key[1]) not in groups_printed
    ]
    not_given = tuple(key for key in printed if tables.cells.get(key) is None)
    report = read.report
    if tables.cells:
        # a cell the document does not give (blank, "/", its row or its whole table missing) is
        # kept as not given, so the checks and a roll-up take it for unknown, never for 0
        cells = {key: Cell(tables.cells.get(key)) for key in (*tables.cells, *not_given)}
        report = replace(report, format=rf.FORMAT_2021, cells=cells)
    missing = tuple(t for t in rf.TABLE_KEYS if tables.cells and t not in tables.tables)
    return ReportImport(report, tuple(tables.matches), tuple(tables.unplaced), not_given, missing)


class DraftExists(UserError):
    """The year already has a draft that an import would replace."""

    def __init__(self, year: int) -> None:
        super().__init__(f"{year} 年度已有报告草稿，导入会用文件内容替换它")
        self.year = year


def import_json(services: Services, path: Path, replace_draft: bool = True) -> AnnualReport:
    """Import an exchange file as a draft (replacing the year's draft, or DraftExists when
    `replace_draft` is false); numbers that break the rules are kept for `check`."""
    try:
        data = json.loads(_read(path).decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, a number of 5,000 digits…
        raise UserError(f"{path.name} 不是有效的 JSON 文件：{str(exc)[:200]}") from None
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
    imported = replace(report, id=existing.id, revision=existing.revision, version=existing.version)
    return services.reports.save(imported)


MAX_REPORT_FILE_BYTES = 20 * 2**20  # a report, tables included, is a few hundred kilobytes


def _read(path: Path) -> bytes:
    try:
        if (size := Path(path).stat().st_size) > MAX_REPORT_FILE_BYTES:
            raise UserError(
                f"{Path(path).name} 有 {size / 2**20:,.0f} MB，不像是年度报告文件"
                f"（最多 {MAX_REPORT_FILE_BYTES // 2**20} MB），请检查是否选错了文件"
            )
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}：{exc.strerror}") from None


# ---- editing ----------------------------------------------------------------------------------
def save(services: Services, report: AnnualReport) -> AnnualReport:
    return services.reports.save(report)


def set_cell(
    services: Services, report: AnnualReport, key: CellKey, value: Decimal | None, reason: str = ""
) -> AnnualReport:
    """Type a value; changing a computed value is an override and needs a reason."""
    if problem := number_problem(value):
        raise UserError(f"{key[1]} {key[2]}：{problem}")
    old = report.cells.get(key)
    if old is not None and old.source in (COMPUTED, OVERRIDDEN) and value != old.value:
        if not reason.strip():
            raise UserError(f"{key[1]} {key[2]} 是自动计算的数值，修改时请填写修正原因")
        cell = Cell(value, OVERRIDDEN, reason.strip())
    else:
        cell = Cell(value, old.source if old else "typed", old.reason if old else "")
    return save(services, with_dependent_totals(report, report.with_cell(key, cell), key))


def submit(services: Services, year: int) -> AnnualReport:
    report = current(services, year)
    if problem := transition_problem(report, IN_REVIEW):
        raise UserError(problem)
    return services.reports.save(replace(report, status=IN_REVIEW))


def sign(
    services: Services,
    year: int,
    signer: str,
    reason: str = "",
    on: dt.date | None = None,
    create_catalog_entry: bool = False,
) -> tuple[AnnualReport, CatalogEntry | None]:
    """Sign a report (a draft passes through 待审核); errors of the checker need a recorded reason."""
    # Both roles are checked first: listing the signed report in the catalog is a clerk's write,
    # and a refusal after signing would leave it signed but not listed.
    require(services.db, REVIEWER)
    if create_catalog_entry:
        require(services.db, CLERK)
    report = current(services, year)
    if not signer.strip():
        raise UserError("签发人不能为空")
    if found := text_problem(signer.strip(), SIGNER_MAX):
        raise UserError(f"签发人{found}")
    if report.status == SIGNED:
        signed_on = report.sign_off.signed_on if report.sign_off else None
        raise UserError(f"{year} 年度报告已于 {signed_on or '此前'} 签发")
    from desktop_app.domain.report_checks import check_report  # noqa: PLC0415

    errors = [f for f in check_report(report, previous(services, report)) if f.severity == ERROR]
    if errors and not reason.strip():
        listed = "；".join(f.message for f in errors[:3])
        raise UserError(
            f"报告有 {len(errors)} 处错误，不能签发（{listed}）。请先修正，或填写签发理由后再签发"
        )
    on = on or dt.date.today()
    final = replace(report, closing_date=report.closing_date or on)
    sign_off = SignOff(signer.strip(), on, content_hash(final), reason.strip())
    sign_off = replace(sign_off, seal=report_integrity.seal(services, final, sign_off))
    with services.db.transaction():  # signed and catalogued, or neither
        signed = services.reports.sign(final, sign_off, checked=content_hash(report))
        entry = catalog_entry_for(services, signed) if create_catalog_entry else None
    return signed, entry


def catalog_signed(services: Services, year: int) -> tuple[AnnualReport, CatalogEntry, bool]:
    """The catalog entry of the year's newest signed revision, made now if it has none (a
    report signed without --catalog, or before signing and cataloguing were one step).
    Returns (report, entry, created)."""
    signed = [r for r in history(services, year) if r.report.read_only]
    if not signed:
        raise UserError(f"{year} 年度报告还没有签发，签发后才能列入公开目录")
    report = signed[-1].report
    report_integrity.guard(services, report, "登记公开目录")
    with services.db.transaction():
        created = services.reports.catalog_entry_id(report.saved_id) is None
        entry = catalog_entry_for(services, report)
    return report, entry, created


def catalog_entry_for(services: Services, report: AnnualReport) -> CatalogEntry:
    """List a signed report in the catalog under 政府信息公开年度报告 (once per revision)."""
    existing = services.reports.catalog_entry_id(report.saved_id)
    if existing is not None:
        return services.catalog.get(existing)
    agency = services.agencies.current()
    # None only in a database edited by hand: the entry's validation then names the date.
    signed_on = report.sign_off.signed_on if report.sign_off else None
    node_id = services.classification.ensure_path(ANNUAL_REPORT_NODE)
    entry = services.catalog.add(
        agency.id,
        EntryDraft(
            title=report.title,
            generated_on=signed_on,
            published_on=signed_on,
            publisher=agency.name,
            node_id=node_id,
            genre="工作报告",
            keywords="政府信息公开 年度报告",
            summary=f"{report.year}年度政府信息公开工作情况",
        ),
    )
    services.reports.link_catalog_entry(report.saved_id, entry.id)
    return entry


def catalog_data(services: Services, report: AnnualReport) -> CatalogData:
    """The catalog header of a report: as imported with it, else that of its catalog entry."""
    entry_id = services.reports.catalog_entry_id(report.saved_id)
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


def reopen(services: Services, year: int) -> AnnualReport:
    report = current(services, year)
    report_integrity.guard(services, report, "重新打开")
    return services.reports.reopen(report.saved_id, DRAFT)


# ---- filling from data ------------------------------------------------------------------------
def fill(services: Services, year: int) -> AnnualReport:
    """Tables 三 and 四 from the register, table 二's first block from the catalog; overrides stay."""
    report = current(services, year)
    if report.read_only:
        raise UserError(f"{year} 年度报告已签发，只读；如需重新计算请先重新打开")
    if report.format != rf.FORMAT_2021:
        raise UserError("自由格式的报告没有统计表，无需填充")
    computed = _register_tables(services, year)
    computed.update(
        catalog_table_two(services.catalog.genre_counts(year, rf.TABLE2_CATALOG_GENRES))
    )
    for key, value in computed.items():
        old = report.cells.get(key)
        if old is None or old.source != OVERRIDDEN:
            report = report.with_cell(key, Cell(value, COMPUTED))
    return services.reports.save(_with_fee_sentence(services, report), action=FILLED)


def _with_fee_sentence(services: Services, report: AnnualReport) -> AnnualReport:
    """Section 六 gets a sentence on the 信息处理费 from the fee ledger, unless it has one already."""
    sentence = fee_sentence(fee_ledger(services), report.year)
    sections = tuple(
        replace(s, paragraphs=with_fee_sentence(s.paragraphs, sentence))
        if s.heading == rf.SECTIONS_2021[-1]
        else s
        for s in report.sections
    )
    return replace(report, sections=sections)


def catalog_table_two(counts: dict[str, tuple[int, int, int]]) -> dict[CellKey, Decimal]:
    """规章 / 行政规范性文件: issued in the year, repealed in the year, in force on 31 December
    (counted by CatalogRepository.genre_counts)."""
    out: dict[CellKey, Decimal] = {}
    for genre in rf.TABLE2_CATALOG_GENRES:
        issued, repealed, in_force = counts[genre]
        out[("二", genre, rf.T2_ISSUED)] = Decimal(issued)
        out[("二", genre, rf.T2_REPEALED)] = Decimal(repealed)
        out[("二", genre, rf.T2_IN_FORCE)] = Decimal(in_force)
    return out


# ---- output -----------------------------------------------------------------------------------
def export_json(services: Services, year: int, out: Path) -> Path:
    agency = services.agencies.current()
    report = current(services, year)
    report_integrity.guard(services, report, "导出")
    data = report_to_json(report, agency.name, agency.code)
    out = Path(out)
    with writing(out):
        write_json(out, data)
    return out


def export_pdf(
    services: Services,
    year: int,
    copy: str,
    out: Path,
    certificate: Certificate | None = None,
    revision: int | None = None,
) -> PdfExportResult:
    """Write a copy of a revision (default: the newest) as PDF, signed with the certificate when
    given, and record its SHA-256 with that revision in the step that gives the file its name.
    A signed revision is exported only when proven unchanged; a draft's PDF is marked 草稿."""
    report = report_revision(services, year, revision)
    report_integrity.guard(services, report, "导出")
    out = Path(out).resolve()
    staging = report_integrity.staging_path(out)
    with writing(out, staging):
        result = _write_pdf(services, report, copy, staging, certificate)
        report_integrity.publish_pdf(
            services, report.saved_id, copy, staging, out, result.sha256, draft=not report.read_only
        )
    return replace(result, path=out)


def preview_pdf(services: Services, report: AnnualReport, copy: str, out: Path) -> PdfExportResult:
    """The PDF `export_pdf` would write for the report as it stands, unsigned and not recorded:
    a preview is not a published copy."""
    return _write_pdf(services, report, copy, Path(out))


def _write_pdf(
    services: Services,
    report: AnnualReport,
    copy: str,
    out: Path,
    certificate: Certificate | None = None,
) -> PdfExportResult:
    if copy not in doc.COPIES:
        raise UserError(
            f"副本类型应为 {' 或 '.join(doc.COPIES)}（filing = 存档打印版，web = 网站公开版）"
        )
    # ReportLab's layout only when a report is drawn: the window starts without it
    from desktop_app.export.report_pdf import export_report_pdf  # noqa: PLC0415

    fonts = load_fonts(services)
    report = replace(report, catalog=catalog_data(services, report))
    document = report_to_document(report, services.agencies.current(), copy)
    try:
        return export_report_pdf(document, out, fonts or None, certificate)
    except SigningError as exc:
        raise UserError(str(exc)) from exc


def report_to_document(report: AnnualReport, agency: Agency, copy: str) -> doc.Document:
    """The print document of a report: numbered headings, paragraphs, the official tables, 落款."""
    blocks: list[doc.Block] = [doc.Paragraph(p) for p in report.lead]
    tables = _tables(report) if report.format == rf.FORMAT_2021 else {}
    for item in numbered(report.sections):
        paragraphs = item.section.paragraphs
        if item.section.run_in:
            first = paragraphs[0] if paragraphs else ""
            blocks.append(doc.Paragraph(first, run_in=item.heading, level=item.level))
            paragraphs = paragraphs[1:]
        else:
            blocks.append(doc.Heading(item.level, item.heading))
        blocks += [doc.Paragraph(p) for p in paragraphs]
        if item.level == 1 and _official_place(item) in tables:
            blocks.append(tables[_official_place(item)])
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
        draft=not report.read_only,
        blocks=tuple(blocks),
        closing=doc.Closing(agency.name, report.closing_date) if report.closing_date else None,
        copy=copy,
        signer=signer,
        catalog_header=header,
        author=agency.name,
        subject=f"{report.year}年政府信息公开工作年度报告",
        keywords="政府信息公开,年度报告",
    )


def _official_place(item: NumberedSection) -> int:
    """Which of the template's six sections a heading is: by its number as printed (a report
    imported from a page that starts at 四 has 四 first), else by its place."""
    numeral = item.number.removesuffix("、")
    if item.number.endswith("、") and len(numeral) == 1 and numeral in _SIX:
        return _SIX.index(numeral)
    return item.path[0]


_SIX = "一二三四五六"


def _tables(report: AnnualReport) -> dict[int, doc.Table]:
    """Sections 二, 三 and 四 (indexes 1–3) are followed by their official table."""

    def values(table: str) -> dict[str, dict[str, Decimal | None]]:
        out: dict[str, dict[str, Decimal | None]] = {}
        for (t, row, col), cell in report.cells.items():
            if t == table:
                out.setdefault(row, {})[col] = cell.value
        return out

    return {1: table_two(values("二")), 2: table_three(values("三")), 3: table_four(values("四"))}
