"""Request register import and export (.xlsx / .csv), checked like the catalog import.

- `import_requests(services, path, skip_invalid=False, progress=None) -> ImportResult`: every
  problem as row, column, reason; nothing is saved unless every row is valid (or `skip_invalid`).
- `export_requests(requests, path, applicants=None, progress=None) -> bool`: applicant details are
  written only when the caller passes them, which the CLI does only on `--with-applicants`.
File reading is table_reader's; the problem/result types are the catalog import's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.domain.deadlines import (
    CONSULT_END,
    CONSULT_START,
    CORRECTION_NOTICE,
    CORRECTION_RECEIVED,
    EXTENDED,
    ClockEvent,
)
from desktop_app.domain.requests import (
    Applicant,
    Request,
    RequestDraft,
    normalize_outcome,
    validate_applicant,
    validate_request,
)
from desktop_app.errors import UserError
from desktop_app.export.spreadsheet import tracked, write_table
from desktop_app.progress import Progress
from desktop_app.services.catalog_import import (
    ImportRefused,
    ImportResult,
    RowProblem,
)
from desktop_app.services.table_reader import (
    HEADER_SEARCH_ROWS,
    ImportCancelled,
    cell_date,
    cell_text,
    check_suffix,
    csv_rows,
    data_rows,
    read_errors,
    read_sheet,
)

if TYPE_CHECKING:
    from desktop_app.services.context import Services

# Header of the file, in order; import also accepts ALIASES and ignores 状态 (it is derived).
MAIN_COLUMNS = (
    "编号",
    "收到日期",
    "渠道",
    "申请人类型",
    "申请内容",
    "补正通知日期",
    "收到补正日期",
    "征求第三方意见日期",
    "第三方意见返回日期",
    "批准延期日期",
    "办结日期",
    "办理结果",
    "信息处理费",
    "备注",
    "状态",
)
APPLICANT_COLUMNS = {
    "申请人": "name",
    "证件号码": "id_number",
    "联系电话": "phone",
    "通信地址": "address",
    "电子邮箱": "email",
}
# Column widths in the xlsx, in the order of MAIN_COLUMNS then APPLICANT_COLUMNS.
_WIDTHS = (12, 12, 8, 12, 50, 14, 14, 18, 18, 14, 12, 24, 10, 30, 8, 12, 20, 14, 40, 24)
EVENT_COLUMNS = {
    "补正通知日期": CORRECTION_NOTICE,
    "收到补正日期": CORRECTION_RECEIVED,
    "征求第三方意见日期": CONSULT_START,
    "第三方意见返回日期": CONSULT_END,
    "批准延期日期": EXTENDED,
}
_EVENT_COLUMN_OF = {kind: column for column, kind in EVENT_COLUMNS.items()}
ALIASES = {
    "申请日期": "收到日期",
    "收到申请日期": "收到日期",
    "答复日期": "办结日期",
    "处理结果": "办理结果",
    "答复结果": "办理结果",
    "申请方式": "渠道",
    "申请渠道": "渠道",
    "申请人姓名": "申请人",
    "申请人名称": "申请人",
    "申请人类别": "申请人类型",
    "序号": "编号",
    "电话": "联系电话",
}
REQUIRED = ("收到日期", "申请人类型", "申请内容")
_KNOWN = {*MAIN_COLUMNS, *APPLICANT_COLUMNS}
_DATE_SEPARATORS = re.compile(r"[；;、\n]")


# -- import ---------------------------------------------------------------------------------------
def import_requests(
    services: Services,
    path: str | Path,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """`progress(done, total)` as in the catalog import: (rows read, 0) while the file is read,
    then (rows, rows) once they are checked; returning False cancels with ImportCancelled before
    anything is saved (the saving is one transaction)."""
    repository = RequestRepository(services.db)
    header, rows = read_rows(Path(path), progress)
    checked, problems = check_rows(header, rows, repository.taken_numbers)
    if problems and not skip_invalid:
        raise ImportRefused(problems)
    if progress is not None and not progress(len(rows), len(rows)):
        raise ImportCancelled
    repository.add_many(services.agencies.current().id, checked)
    return ImportResult(len(checked), len({p.row_number for p in problems}), problems)


def read_rows(
    path: Path, progress: Progress | None = None
) -> tuple[dict[str, str], list[tuple[int, dict[str, object]]]]:
    """(column → header as written, [(row number, column → cell)]) of an .xlsx or .csv file."""
    with read_errors(path):
        if check_suffix(path) == ".csv":
            return _rows(csv_rows(path)[1], progress)
        lines = enumerate(read_sheet(path).iter_rows(), start=1)
        return _rows(lines, progress)


def _rows(
    lines: Iterator[tuple[int, tuple[object, ...]]], progress: Progress | None
) -> tuple[dict[str, str], list[tuple[int, dict[str, object]]]]:
    for number, cells in lines:
        names = [_column(cell) for cell in cells]
        if "收到日期" in names:
            break
        if number >= HEADER_SEARCH_ROWS:
            raise UserError(
                f"找不到表头：前 {HEADER_SEARCH_ROWS} 行中应有一行列名，至少包括"
                f"{'、'.join(REQUIRED)}；可用的列名：{'、'.join([*MAIN_COLUMNS, *APPLICANT_COLUMNS])}"
            )
    else:
        raise UserError("文件是空的，请检查是否选错了文件")
    if missing := [name for name in REQUIRED if name not in names]:
        raise UserError(f"表头缺少必填的列：{'、'.join(missing)}")
    header = {name: str(cells[i]).strip() for i, name in enumerate(names) if name}
    rows = [
        (n, {name: row[i] for i, name in enumerate(names) if name and i < len(row)})
        for n, row in data_rows(lines, progress)
    ]
    return header, rows


def _column(cell: object) -> str:
    text = re.sub(r"[\s\u3000*＊:：]", "", "" if cell is None else str(cell))
    text = ALIASES.get(text, text)
    return text if text in _KNOWN else ""


def check_rows(
    header: Mapping[str, str],
    rows: list[tuple[int, dict[str, object]]],
    taken: Callable[[Iterable[str]], set[str]],
) -> tuple[list[tuple[RequestDraft, Applicant]], list[RowProblem]]:
    """Checked rows and every problem; `taken(numbers)` says which 编号 the database already holds."""
    checked: list[tuple[RequestDraft, Applicant]] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    numbers = [cell_text(values.get("编号")) for _, values in rows]
    held = taken([n for n in numbers if n])
    for (row_number, values), number in zip(rows, numbers, strict=True):
        row_problems = []
        if number and number in held:
            row_problems.append(
                RowProblem(
                    row_number, header["编号"], f"编号 {number} 已在台账中，请改用其他编号或留空"
                )
            )
        elif number in seen:
            row_problems.append(
                RowProblem(row_number, header["编号"], f"编号 {number} 与第 {seen[number]} 行重复")
            )
        if number:
            seen.setdefault(number, row_number)
        item, cell_problems = check_row(header, row_number, values)
        row_problems += cell_problems
        if row_problems:
            problems += row_problems
        else:
            checked.append(item)
    return checked, problems


def check_row(
    header: Mapping[str, str], row_number: int, values: Mapping[str, object]
) -> tuple[tuple[RequestDraft, Applicant], list[RowProblem]]:
    """The request and applicant a row describes, and the row's problems."""
    problems: list[RowProblem] = []

    def problem(column: str, reason: str) -> None:
        problems.append(RowProblem(row_number, header.get(column, column), reason))

    dates = {}
    for column in ("收到日期", "办结日期"):
        try:
            dates[column] = cell_date(values.get(column))
        except ValueError as exc:
            problem(column, str(exc))
    events = []
    for column, kind in EVENT_COLUMNS.items():
        for text in filter(
            None, (t.strip() for t in _DATE_SEPARATORS.split(cell_text(values.get(column))))
        ):
            try:
                if (on := cell_date(text)) is not None:  # None only for an empty cell
                    events.append(ClockEvent(kind, on))
            except ValueError as exc:
                problem(column, str(exc))
    outcome = normalize_outcome(cell_text(values.get("办理结果")))
    if outcome is None:
        problem(
            "办理结果",
            f"“{cell_text(values.get('办理结果'))}”不是年度报告表三中的办理结果，请按表三的写法填写"
            "（如“予以公开”“部分公开”“本机关不掌握相关政府信息”）",
        )
    fee = _fee(values.get("信息处理费"), problem)
    draft = RequestDraft(
        received_on=dates.get("收到日期"),
        applicant_type=cell_text(values.get("申请人类型")),
        content=cell_text(values.get("申请内容")),
        channel=cell_text(values.get("渠道")),
        answered_on=dates.get("办结日期"),
        outcome=outcome or "",
        fee=fee,
        remarks=cell_text(values.get("备注")),
        number=cell_text(values.get("编号")),
        events=tuple(events),
    ).normalized()
    reported = {p.column for p in problems}
    for found in validate_request(draft):
        column = _EVENT_COLUMN_OF.get(found.field, found.field)
        if (
            header.get(column, column) not in reported
        ):  # one reason per cell: the first is the cause
            problem(column, found.message)
    applicant = Applicant(
        **{key: cell_text(values.get(column)) for column, key in APPLICANT_COLUMNS.items()}
    )
    for found in validate_applicant(applicant):
        problem(found.field, found.message)
    return (draft, applicant), problems


def _fee(cell: object, problem: Callable[[str, str], None]) -> Decimal:
    text = cell_text(cell).replace("元", "").replace(",", "")
    if not text:
        return Decimal(0)
    try:
        return Decimal(text)  # the limits (range, 2 decimals, NaN) are validate_request's
    except InvalidOperation:
        problem("信息处理费", f"“{text}”不是金额，请填写数字（单位：元）")
        return Decimal(0)


# -- export ---------------------------------------------------------------------------------------
def export_requests(
    requests: Sequence[Request],
    path: str | Path,
    applicants: Mapping[int, Applicant] | None = None,
    progress: Progress | None = None,
) -> bool:
    """Write the register (.xlsx or .csv by suffix); applicant columns only when `applicants` is
    given. False when `progress` cancelled it: nothing is then written."""
    header = [*MAIN_COLUMNS, *(APPLICANT_COLUMNS if applicants is not None else ())]
    rows = (_export_row(r, applicants) for r in tracked(requests, progress))
    return write_table(path, "依申请公开台账", header, rows, _WIDTHS)


def _export_row(request: Request, applicants: Mapping[int, Applicant] | None) -> list[object]:
    events = {
        column: "；".join(e.on.isoformat() for e in request.events if e.kind == kind)
        for column, kind in EVENT_COLUMNS.items()
    }
    row: list[object] = [
        request.number,
        request.received_on,
        request.channel,
        request.applicant_type,
        request.content,
        *events.values(),
        request.answered_on,
        request.outcome,
        request.fee,
        request.remarks,
        request.status,
    ]
    if applicants is not None:
        applicant = applicants.get(request.id, Applicant())
        row += [getattr(applicant, key) for key in APPLICANT_COLUMNS.values()]
    return row
