"""Rows out to a spreadsheet: .xlsx, or .csv in UTF-8 with BOM, chosen by the file's suffix.

The file is written beside the target and renamed, so a failed or cancelled export never leaves half
a file in place of an old one.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from desktop_app.progress import Progress
from desktop_app.staged import staged, write_problem

DEFAULT_WIDTH = 12


class Cancelled(Exception):
    """Raised by a row iterator to stop the export; nothing is written."""


T = TypeVar("T")


def tracked(items: Sequence[T], progress: Progress | None, every: int = 500) -> Iterator[T]:
    """The items, reporting `progress` every `every` items and at the end; a False answer stops
    the export with Cancelled."""
    for done, item in enumerate(items, start=1):
        yield item
        due = done % every == 0 or done == len(items)
        if progress is not None and due and not progress(done, len(items)):
            raise Cancelled


def write_table(
    path: str | Path,
    sheet: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] = (),
) -> bool:
    """Write header and rows (str, number, date or None cells) to path; False when cancelled.

    Raises ValueError with a Chinese message for a suffix other than .xlsx/.csv and when the file
    cannot be written (folder missing, file open in Excel …).
    """
    path = Path(path)
    writers = {".xlsx": _write_xlsx, ".csv": _write_csv}
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise ValueError(
            f"不支持的导出格式“{path.suffix or path.name}”：文件名应以 .xlsx 或 .csv 结尾"
        )
    try:
        with staged(path) as tmp:
            if not writer(tmp, sheet, header, rows, widths):
                raise Cancelled  # the staged file is dropped; path keeps what it had
    except Cancelled:
        return False
    except OSError as exc:
        raise ValueError(write_problem(exc, path)) from None
    return True


# A text cell starting with one of these is a formula to Excel and WPS (=HYPERLINK(…) runs);
# OWASP's advice is a leading apostrophe. Only text is touched: numbers the program writes (a fee)
# stay numbers, and a text such as "-5" or "+86 …" gets the apostrophe like any other.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralised(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def _write_csv(target: Path, _sheet, header, rows, _widths) -> bool:
    # The BOM makes Excel (zh-CN) open the file as UTF-8 instead of GBK.
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        try:
            for row in rows:
                writer.writerow([_csv_value(v) for v in row])
        except Cancelled:
            return False
    return True


def _write_xlsx(target: Path, sheet_name, header, rows, widths) -> bool:
    from openpyxl import Workbook  # noqa: PLC0415 - only needed for xlsx
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "A2"
    for i in range(len(header)):
        width = widths[i] if i < len(widths) else DEFAULT_WIDTH
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    bold = Font(bold=True)
    heading = [WriteOnlyCell(sheet, value=label) for label in header]
    for label_cell in heading:
        label_cell.font = bold
    sheet.append(heading)

    def cell(value):
        if value is None or value == "":
            return None  # an empty cell, not an empty string
        if not isinstance(value, str):
            return value  # numbers stay numbers, dates become date cells
        # Control characters cannot be stored in xlsx; a leading "=" would turn text into a formula.
        text_cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        text_cell.data_type = "s"
        return text_cell

    finished = True
    try:
        for row in rows:
            sheet.append([cell(value) for value in row])
    except Cancelled:
        finished = False
    # Saved even when cancelled: saving is what closes openpyxl's streams and temporary files;
    # the caller deletes the partial target.
    workbook.save(target)
    return finished
