"""Reading the .xlsx and .csv files people make in Excel or WPS: encodings, workbooks, cell values.

Every failure to read becomes a UserError in Chinese that says what to do about it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app.domain.dates import parse_date
from desktop_app.errors import UserError
from desktop_app.export.spreadsheet import FORMULA_STARTS
from desktop_app.progress import Progress

SUFFIXES = (".xlsx", ".csv")
HEADER_SEARCH_ROWS = 10  # the header may sit below a title line or two
READ_REPORT_EVERY = 1000  # rows read between two progress reports
# Bounds that keep memory in check whatever a file claims; a register or catalog of 100,000
# rows stays far below each. An xlsx is a zip: its directory tells the unpacked sizes (zipfile
# never yields more than it declares), the sheet's <dimension> how many cells a reader will pad
# every row to.
MAX_UNPACKED_BYTES = 200 * 2**20
MAX_CELLS = 5_000_000
MAX_CSV_BYTES = 100 * 2**20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("已取消导入，没有保存任何内容")


def check_suffix(path: Path) -> str:
    """The file's suffix in lower case; UserError for anything but .xlsx or .csv."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = "，请在 Excel 中另存为 .xlsx" if suffix in (".xls", ".et", ".ods") else ""
        raise UserError(
            f"不支持的文件类型“{suffix or path.name}”：只能导入 .xlsx 或 .csv 文件{hint}"
        )
    return suffix


@contextmanager
def read_errors(path: Path) -> Iterator[None]:
    """Turn what opening and reading a file can raise into a UserError naming the file."""
    try:
        yield
    except FileNotFoundError:
        raise UserError(f"找不到文件：{path}") from None
    except PermissionError:
        raise UserError(f"无法读取 {path}：没有权限，或文件正被其他程序独占打开") from None
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{exc.strerror or exc}") from None
    except csv.Error as exc:
        raise UserError(
            f"{path.name} 不是有效的 CSV 文件（{exc}），请在 Excel 中另存为 CSV 后再导入"
        ) from None


def read_sheet(path: Path, accept: Callable[[Sheet], bool] | None = None) -> Sheet:
    """The workbook's first sheet that `accept` takes (its first sheet when none does, or without
    `accept`), read by python-calamine (Rust): about ten times faster than openpyxl's read-only
    mode on a 50,000-row catalog (bench/bench_xlsx.py).

    calamine reads a sheet whole, so the sheets are read in order only until one is taken: a sheet
    after it is never read (an appendix of 100,000 rows, or a part calamine cannot read, costs
    nothing); one before it is read and dropped. No file stays open once it returns.
    """
    from python_calamine import CalamineError, CalamineWorkbook  # noqa: PLC0415 - xlsx only

    try:
        check_workbook_size(path)
        book = CalamineWorkbook.from_path(str(path))
        try:
            first: Sheet | None = None
            for index in range(len(book.sheet_names)):
                sheet = Sheet(book.get_sheet_by_index(index))
                if accept is None or accept(sheet):
                    return sheet
                if first is None:
                    first = sheet
            if first is None:
                raise UserError(f"{path.name} 中没有工作表，请检查是否选错了文件")
            return first
        finally:
            book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, CalamineError) as exc:
        raise UserError(
            f"无法读取 {path.name}：文件已损坏或不是 Excel 工作簿（{exc}）；"
            "如果文件设置了打开密码，请先取消密码"
        ) from None


class Sheet:
    """Rows as openpyxl's values_only mode gave them: a tuple per row from column A (calamine
    starts at the first used column), None for an empty cell, whole numbers as int."""

    def __init__(self, sheet: Any) -> None:  # a CalamineSheet, read into memory
        self._sheet = sheet
        self.name: str = sheet.name

    def iter_rows(self, max_row: int | None = None) -> Iterator[tuple[Any, ...]]:
        if self._sheet.start is None:  # an empty sheet
            return
        lead = (None,) * self._sheet.start[1]
        for number, row in enumerate(self._sheet.iter_rows(), start=1):
            if max_row is not None and number > max_row:
                return
            if float in set(map(type, row)):  # rare in a catalog or register: numbers typed
                yield lead + tuple(map(_value, row))
            else:
                yield lead + tuple([None if cell == "" else cell for cell in row])


def _value(cell: object) -> object:
    if cell == "":
        return None
    if type(cell) is float and cell.is_integer():
        return int(cell)
    return cell


def check_workbook_size(path: Path) -> None:
    """UserError for a workbook that would unpack to more than MAX_UNPACKED_BYTES or whose
    sheets span more than MAX_CELLS cells (a "zip bomb"), read from the zip directory and the
    first bytes of each sheet, so it takes milliseconds whatever the file holds."""
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > MAX_UNPACKED_BYTES:
            raise UserError(
                f"{path.name} 解压后有 {unpacked / 2**20:,.0f} MB，超过可导入的 "
                f"{MAX_UNPACKED_BYTES // 2**20} MB（文件可能已损坏或被恶意构造）；"
                "请在 Excel 中删去多余内容后另存为新的 .xlsx，或分成几个文件导入"
            )
        for entry in entries:
            if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                with archive.open(entry) as sheet:
                    cells = _dimension_cells(sheet.read(4096))
                if cells > MAX_CELLS:
                    raise UserError(
                        f"{path.name} 的工作表范围有 {cells:,} 个单元格，超过可导入的 "
                        f"{MAX_CELLS:,} 个；请在 Excel 中删除表格下方和右侧多余的行列后另存再导入"
                    )


def _dimension_cells(head: bytes) -> int:
    """Cells of a sheet's <dimension ref="A1:P300">; 0 when the sheet does not say."""
    match = _DIMENSION.search(head)
    if not match or not match[3]:
        return 0
    first_col, first_row = _column_number(match[1] or b"A"), int(match[2] or 1)
    columns = _column_number(match[3]) - first_col + 1
    return max(columns, 1) * max(int(match[4]) - first_row + 1, 1)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def csv_rows(path: Path) -> tuple[str, Iterator[tuple[int, tuple[object, ...]]]]:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise UserError(
            f"{path.name} 有 {size / 2**20:,.0f} MB，超过可导入的 {MAX_CSV_BYTES // 2**20} MB；"
            "请分成几个文件导入"
        )
    encoding, text = decode_text(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return encoding, (
        (number, tuple(_unneutralised(cell) for cell in row))
        for number, row in enumerate(reader, start=1)
    )


def _unneutralised(cell: str) -> str:
    """A cell our csv export protected against formulas ('=…) reads back as it was typed."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def decode_text(data: bytes) -> tuple[str, str]:
    """(encoding, text) of a csv or text file: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030 from older Excel."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return encoding, data.decode(encoding)
    for encoding in ("utf-8", "gb18030"):  # GB18030 reads every GBK/GB2312 file
        try:
            return encoding, data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # noqa: PLC0415 - rarely needed, slow to import

    best = from_bytes(data).best()
    if best is None:
        raise UserError(
            "无法识别文件的编码，请另存为 UTF-8 编码（Excel 中选“CSV UTF-8（逗号分隔）”）后再导入"
        )
    return best.encoding, str(best)


def is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(cell: object) -> str:
    if type(cell) is str:  # most cells: checked first, as every cell of an import comes here
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a number typed into a text column, e.g. a serial
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(" ")
    return str(cell).strip()


_TRAILING_MIDNIGHT = re.compile(r"\s+0{1,2}:00(:00)?$")  # "2024-03-05 00:00:00" from other tools


def cell_date(cell: object) -> dt.date | None:
    """A date cell (xlsx) or text (parse_date); ValueError with a Chinese reason."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = _TRAILING_MIDNIGHT.sub("", cell_text(cell))
    return parse_date(text) if text else None


def data_rows(
    lines: Iterator[tuple[int, tuple[object, ...]]], progress: Progress | None
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The numbered rows below the header that hold anything; `progress(rows read, 0)` now and
    then, and ImportCancelled when it answers False."""
    for number, cells in lines:
        if progress is not None and number % READ_REPORT_EVERY == 0 and not progress(number, 0):
            raise ImportCancelled
        if not all(is_blank(cell) for cell in cells):
            yield number, cells
