"""Catalog import from .xlsx/.csv: read the file, check every row, then save all rows (or the valid ones).

Public API (safe to call from a background thread; it opens its own sessions):

- `read_catalog_file(path, progress=None) -> ParsedFile`: the header mapped to fields, the raw rows.
- `import_catalog(services, path, skip_invalid=False, progress=None, create_categories=False)
  -> ImportResult`; raises ImportRefused (rows with problems, nothing saved), ImportCancelled or
  another UserError.
- `missing_categories(problems)`: the 主题分类 paths the refused rows name that the tree lacks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.db.repositories.catalog import ImportedEntry
from desktop_app.domain.catalog import (
    FIELD_LABELS,
    VALIDITIES,
    WITHDRAWN,
    EntryDraft,
    validate_draft,
)
from desktop_app.domain.classification import PATH_SEPARATOR, node_name_problem, split_path
from desktop_app.domain.limits import date_problem
from desktop_app.errors import UserError, ValidationError
from desktop_app.export.catalog_table import COLUMNS
from desktop_app.progress import Progress
from desktop_app.services.table_reader import (
    HEADER_SEARCH_ROWS,
    ImportCancelled,
    Sheet,
    cell_date,
    cell_text,
    check_suffix,
    csv_rows,
    data_rows,
    is_blank,
    read_errors,
    read_sheet,
)

if TYPE_CHECKING:
    from desktop_app.services.context import Services

# Header names people use besides the ones of FIELD_LABELS (which are always accepted).
ALIASES = {
    "index_no": ("索引编号",),
    "title": ("标题", "名称", "信息标题", "文件名称", "文件标题"),
    "doc_number": ("发文字号", "文件编号", "发文文号"),
    "publisher": ("发布单位", "发文机关", "发文单位", "发布机关"),
    "generated_on": ("成文日期", "形成日期", "生成时间"),
    "published_on": ("公开日期", "发布时间"),
    "disclosure_form": ("公开方式",),
    "period_end": ("截止日期", "公开截止时间"),
    "node_path": ("分类", "所属分类", "信息分类", "目录分类"),
    "genre": ("体裁", "文种"),
    "keywords": ("主题词", "关键字"),
    "summary": ("内容摘要", "摘要", "概述"),
    "validity": ("效力", "效力状态"),
    "validity_date": ("失效日期", "废止日期", "失效废止日期"),
}
IMPORT_FIELDS = COLUMNS  # what export writes is what import reads
DATE_FIELDS = ("generated_on", "published_on", "period_end", "validity_date")
_TEXT_FIELDS = tuple(name for name in IMPORT_FIELDS if name not in DATE_FIELDS)
REQUIRED_COLUMNS = ("title", "generated_on")
WHOLE_ROW = "整行"
_CHECK_REPORT_EVERY = 500


def _header_key(text: str) -> str:
    """Compare headers without spaces, required-marks, colons or a trailing （说明）."""
    text = re.sub(r"[\s\u3000*＊:：]", "", text).replace("／", "/")
    return re.sub(r"[（(][^）)]*[）)]$", "", text)


_HEADER_FIELDS = {
    _header_key(name): name_field
    for name_field in IMPORT_FIELDS
    for name in (FIELD_LABELS[name_field], *ALIASES.get(name_field, ()))
}


@dataclass(frozen=True)
class RowProblem:
    """Why one cell (or row) of the file cannot be imported; row_number as the spreadsheet shows it."""

    row_number: int
    column: str
    reason: str
    missing_category: str = ""  # the 主题分类 path the tree lacks, when that is the problem

    def __str__(self) -> str:
        return f"第 {self.row_number} 行 【{self.column}】 {self.reason}"


@dataclass(frozen=True)
class RawRow:
    row_number: int
    values: dict[str, object]  # field name → cell value (str, or date/number from xlsx)
    extra_cells: int = 0  # non-empty cells under no header: usually an unquoted comma


@dataclass
class ParsedFile:
    """A file's rows keyed by field, and how its header was understood."""

    path: Path
    columns: dict[str, str]  # field name → header text as written in the file
    ignored_columns: list[str]
    rows: list[RawRow]
    encoding: str = ""  # csv only

    def column(self, field_name: str) -> str:
        """The name to show for a field: the file's own header when it has one."""
        return self.columns.get(field_name, FIELD_LABELS[field_name])


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int
    problems: list[RowProblem] = field(default_factory=list)


class ImportRefused(ValidationError):
    """The file has invalid rows and skip_invalid was not set: nothing was saved.

    `problems` is the list of RowProblem; the message names the first few.
    """

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(problems)
        shown = "；".join(str(p) for p in problems[:5])
        more = f"等共 {len(problems)} 处" if len(problems) > 5 else ""
        self.args = (
            f"文件中有错误，没有导入任何条目：{shown}{more}。"
            "请修改后重新导入，或选择只导入正确的行",
        )


# -- reading --------------------------------------------------------------------------------------
def read_catalog_file(path: str | Path, progress: Progress | None = None) -> ParsedFile:
    """Read an .xlsx or .csv catalog file; UserError (Chinese) when it cannot be read at all.

    `progress(rows_read, 0)` is called now and then while reading (total unknown, hence 0);
    returning False cancels with ImportCancelled.
    """
    path = Path(path)
    suffix = check_suffix(path)
    with read_errors(path):
        if suffix == ".csv":
            encoding, lines = csv_rows(path)
            return _parse(path, encoding, lines, progress)
        # The first sheet with a recognisable header, else the first sheet (its error names it).
        rows = read_sheet(path, _has_header).iter_rows()
        return _parse(path, "", enumerate(rows, start=1), progress)


def _has_header(sheet: Sheet) -> bool:
    return any(_is_header(row) for row in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS))


def _is_header(row: tuple[object, ...]) -> bool:
    keys = {_header_key(str(cell)) for cell in row if cell is not None}
    return any(_HEADER_FIELDS.get(key) == "title" for key in keys)


def _parse(
    path: Path,
    encoding: str,
    lines: Iterator[tuple[int, tuple[object, ...]]],
    progress: Progress | None,
) -> ParsedFile:
    header_number, header = _find_header(lines)
    columns, positions, ignored = _map_header(header)
    unlabelled = [i for i, cell in enumerate(header) if is_blank(cell)]
    width = len(header)
    names, pick = tuple(positions), itemgetter(*positions.values())  # two columns at least
    rows = []
    for number, cells in data_rows(lines, progress):
        if len(cells) == width and not unlabelled:  # an xlsx row always, a csv row mostly
            rows.append(RawRow(number, dict(zip(names, pick(cells), strict=True))))
            continue
        values = {name: cells[i] for name, i in positions.items() if i < len(cells)}
        outside = [cells[i] for i in unlabelled if i < len(cells)] + list(cells[width:])
        extra = sum(not is_blank(cell) for cell in outside)
        rows.append(RawRow(number, values, extra))
    if not rows:
        raise UserError(f"{path.name} 中第 {header_number} 行表头之下没有数据行")
    return ParsedFile(path, columns, ignored, rows, encoding)


def _find_header(lines: Iterator[tuple[int, tuple[object, ...]]]) -> tuple[int, tuple[object, ...]]:
    for number, cells in lines:
        if _is_header(cells):
            return number, cells
        if number >= HEADER_SEARCH_ROWS:
            break
    expected = "、".join(FIELD_LABELS[name] for name in IMPORT_FIELDS)
    raise UserError(
        f"找不到表头：文件前 {HEADER_SEARCH_ROWS} 行中应有一行列名，至少包括“信息名称”（或“标题”）和"
        f"“生成日期”（或“成文日期”）。可用的列名：{expected}。如果表头显示为乱码，请另存为 UTF-8 编码的 CSV"
    )


def _map_header(header: tuple[object, ...]) -> tuple[dict[str, str], dict[str, int], list[str]]:
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for i, cell in enumerate(header):
        text = "" if cell is None else str(cell).strip()
        name = _HEADER_FIELDS.get(_header_key(text))
        if name is None:
            if text:
                ignored.append(text)
            continue
        if name in columns:
            raise UserError(
                f"表头中“{columns[name]}”和“{text}”是同一列（{FIELD_LABELS[name]}），请删去一列"
            )
        columns[name], positions[name] = text, i
    if missing := [FIELD_LABELS[name] for name in REQUIRED_COLUMNS if name not in columns]:
        raise UserError(f"表头缺少必填的列：{'、'.join(missing)}")
    return columns, positions, ignored


# -- checking -------------------------------------------------------------------------------------
def check_row(
    parsed: ParsedFile, row: RawRow, known_paths: Container[str] | None = None
) -> tuple[ImportedEntry | None, list[RowProblem]]:
    """The entry a row describes, or None and every problem of the row.

    With `known_paths` (the tree's "a/b/c" paths) a 主题分类 outside the tree is a problem: a
    mistyped category must not quietly become a new node. None lets the import create it.
    """
    problems: list[RowProblem] = []

    def problem(name: str, reason: str, missing_category: str = "") -> None:
        column = parsed.column(name) if name else WHOLE_ROW
        problems.append(RowProblem(row.row_number, column, reason, missing_category))

    if row.extra_cells:
        problem(
            "",
            f"有 {row.extra_cells} 个有内容的单元格不在任何列名之下，可能某个单元格中的逗号没有加引号，请核对",
        )
    values = row.values
    # An unreadable date is reported once; "不能为空" after it would only confuse.
    dates, unreadable = _row_dates(values, problem)
    text = {name: cell_text(values.get(name)) for name in _TEXT_FIELDS}
    draft = _row_draft(text, dates)
    for found in validate_draft(draft):
        if found.field in unreadable:
            continue
        value = text.get(found.field, "")
        shown = f"“{value}”：" if found.field in ("disclosure_form", "period") and value else ""
        problem(found.field, f"{shown}{found.message}")
    path, bad_names = _tree_path(text["node_path"])
    for part, reason in bad_names:
        problem("node_path", f"“{part}”：{reason}")
    if path and not bad_names and known_paths is not None and path not in known_paths:
        problem("node_path", f"没有这个主题分类：{path}；请先在分类树中新建，或改正拼写", path)
    validity = text["validity"] or "有效"
    found_validity = _validity_problem(validity, dates["validity_date"], draft.generated_on)
    if found_validity and found_validity[0] not in unreadable:
        problem(*found_validity)
    if problems:
        return None, problems
    return ImportedEntry(draft, path, validity, dates["validity_date"]), []


@lru_cache(maxsize=4096)
def _tree_path(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A 主题分类 cell as the tree's "a/b/c" path, and its badly named parts with the reason
    (a file names the same few paths over and over: each is checked once)."""
    parts = split_path(text)
    bad = tuple((part, reason) for part in parts if (reason := node_name_problem(part)))
    return PATH_SEPARATOR.join(parts), bad


def _row_dates(
    values: dict[str, object], problem: Callable[[str, str], None]
) -> tuple[dict[str, dt.date | None], set[str]]:
    """The row's dates, and the fields whose cell is not blank yet no date (each reported here)."""
    dates: dict[str, dt.date | None] = {}
    unreadable: set[str] = set()
    for name in DATE_FIELDS:
        try:
            dates[name] = cell_date(values.get(name))
        except ValueError as exc:
            dates[name] = None
            unreadable.add(name)
            problem(name, str(exc))
    return dates, unreadable


def _row_draft(text: dict[str, str], dates: dict[str, dt.date | None]) -> EntryDraft:
    """Blank choice cells take the usual defaults; an end date alone means 限期公开."""
    period = text["period"] or ("限期公开" if dates["period_end"] else "长期公开")
    return EntryDraft.normalized_of(
        title=text["title"],
        generated_on=dates["generated_on"],
        index_no=text["index_no"],
        disclosure_form=text["disclosure_form"] or "主动公开",
        period=period,
        period_end=dates["period_end"],
        doc_number=text["doc_number"],
        publisher=text["publisher"],
        published_on=dates["published_on"],
        scope=text["scope"],
        genre=text["genre"],
        keywords=text["keywords"],
        summary=text["summary"],
    )


def _validity_problem(
    validity: str, on: dt.date | None, generated_on: dt.date | None
) -> tuple[str, str] | None:
    """(field, reason) when 有效性 and its date do not fit together."""
    if validity not in VALIDITIES:
        return "validity", f"“{validity}”不是有效值，应为 {'、'.join(VALIDITIES)} 之一"
    if validity not in WITHDRAWN:
        return ("validity_date", "有效的条目不应填写失效/废止日期，请清空") if on else None
    if on is None:
        return "validity_date", f"有效性为“{validity}”，须填写{validity}日期"
    if problem := date_problem(on):
        return "validity_date", problem
    if generated_on and on < generated_on:
        return "validity_date", f"{validity}日期早于生成日期 {generated_on}，请核对"
    return None


def _duplicate_problems(parsed: ParsedFile) -> tuple[list[RowProblem], dict[str, int]]:
    """索引号 repeated within the file, and the row each 索引号 first appears in.

    Rows with other problems count too, so fixing those does not reveal a new error later.
    """
    column = parsed.column("index_no")
    first_row: dict[str, int] = {}
    problems = []
    for row in parsed.rows:
        number, index_no = row.row_number, cell_text(row.values.get("index_no"))
        if not index_no:
            continue
        if index_no in first_row:
            problems.append(
                RowProblem(number, column, f"索引号 {index_no} 与第 {first_row[index_no]} 行重复")
            )
        else:
            first_row[index_no] = number
    return problems, first_row


def _taken_problems(
    parsed: ParsedFile, first_row: dict[str, int], taken: Iterable[str]
) -> list[RowProblem]:
    """索引号 already held by a saved entry (numbers are never reused), at each one's first row."""
    column = parsed.column("index_no")
    return [
        RowProblem(
            first_row[index_no],
            column,
            f"索引号 {index_no} 已被数据库中的条目使用，索引号不能重复使用",
        )
        for index_no in sorted(taken)
    ]


def check_rows(
    parsed: ParsedFile,
    progress: Callable[[int], None] | None = None,
    known_paths: Container[str] | None = None,
) -> tuple[dict[int, ImportedEntry], list[RowProblem]]:
    """Valid entries by row number, and each row's own problems (索引号 aside: `_duplicate_problems`
    and `_taken_problems` look at the file as a whole)."""
    entries: dict[int, ImportedEntry] = {}
    problems: list[RowProblem] = []
    for done, row in enumerate(parsed.rows, start=1):
        entry, found = check_row(parsed, row, known_paths)
        if entry is not None:
            entries[row.row_number] = entry
        problems += found
        if progress is not None and done % _CHECK_REPORT_EVERY == 0:
            progress(done)
    return entries, problems


def _settled(
    entries: dict[int, ImportedEntry], problems: list[RowProblem], duplicates: list[RowProblem]
) -> tuple[list[ImportedEntry], list[RowProblem]]:
    """The entries of the rows whose 索引号 is neither repeated nor taken, in the file's order, and
    every problem sorted by row."""
    dropped = {duplicate.row_number for duplicate in duplicates}
    kept = [entries[number] for number in sorted(entries) if number not in dropped]
    return kept, sorted(problems + duplicates, key=lambda p: p.row_number)


# -- importing ------------------------------------------------------------------------------------
def missing_categories(problems: list[Any]) -> list[str]:
    """The 主题分类 paths rows named that the tree lacks, each once, sorted."""
    return sorted({p.missing_category for p in problems if getattr(p, "missing_category", "")})


def import_catalog(
    services: Services,
    path: str | Path,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    create_categories: bool = False,
) -> ImportResult:
    """Import a catalog file into the current agency's catalog, all rows in one transaction.

    Every row is checked first. With problems and not `skip_invalid`, raises ImportRefused
    (a ValidationError whose `problems` are RowProblem) and saves nothing; with `skip_invalid`
    the valid rows are saved and the problems returned. A 主题分类 path missing from the tree is
    a row problem unless the user chose `create_categories`: then the missing nodes are created
    (and audited) in the same transaction. Imported 索引号 are kept verbatim.

    `progress(done, total)`: total is 0 while the file is read (size unknown: show a busy bar),
    then 2 × rows: the first half while rows are checked, the second while they are saved.
    Returning False cancels with ImportCancelled (a UserError); nothing is then saved.
    """
    agency = services.agencies.current()
    parsed = read_catalog_file(path, progress)
    total = 2 * len(parsed.rows)

    def report(done: int) -> None:
        if progress is not None and not progress(done, total):
            raise ImportCancelled

    known = None if create_categories else {n.path for n in services.classification.nodes()}
    entries, problems = check_rows(parsed, report, known)
    duplicates, first_row = _duplicate_problems(parsed)
    report(len(parsed.rows))
    items, found = _settled(entries, problems, duplicates)
    # The 索引号 are looked up in the database once: for a file refused whatever the database
    # holds, by a query (the refusal names every problem at once); else inside the saving
    # transaction, in the numbers it reads anyway and holds (no other save can take one meanwhile).
    if found and not skip_invalid:
        taken = services.catalog.taken_index_nos(list(first_row))
        duplicates += _taken_problems(parsed, first_row, taken)
        raise ImportRefused(_settled(entries, problems, duplicates)[1])

    def settle(held: Callable[[str], bool]) -> list[ImportedEntry]:
        nonlocal items, found
        if taken := _taken_problems(parsed, first_row, filter(held, first_row)):
            items, found = _settled(entries, problems, duplicates + taken)
            if not skip_invalid:
                raise ImportRefused(found)
        return items

    def report_saved(done: int, _items: int) -> bool:
        report(len(parsed.rows) + done)
        return True  # report() raises to cancel

    saved = services.catalog.import_entries(
        agency.id, items, report_saved, create_categories, settle=settle
    )
    return ImportResult(imported=saved, skipped=len(parsed.rows) - saved, problems=found)
