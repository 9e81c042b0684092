"""Rows out to a spreadsheet: .xlsx, or .csv in UTF-8 with BOM, chosen by the file's suffix.

The file is written beside the target and renamed, so a failed or cancelled export never leaves half
a file in place of an old one.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
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
    import xlsxwriter  # noqa: PLC0415 - only needed for xlsx

    # XlsxWriter writes twice as fast as openpyxl's write-only mode (bench/bench_xlsx.py). Rows go to
    # disk as they come (constant_memory, inline strings): a shared-strings table would hold every
    # cell until the end, some 1.5 GB for a million catalog entries.
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = workbook.add_worksheet(sheet_name)
    sheet.freeze_panes(1, 0)
    for i in range(len(header)):
        sheet.set_column(i, i, widths[i] if i < len(widths) else DEFAULT_WIDTH)
    sheet.write_row(0, 0, header, workbook.add_format({"bold": True}))
    dates = {
        dt.datetime: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        dt.date: workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    finished = True
    try:
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                _write_xlsx_cell(sheet, number, column, value, dates)
    except Cancelled:
        finished = False
    # Closed even when cancelled: closing removes XlsxWriter's temporary files; the caller drops
    # the partial target.
    workbook.close()
    return finished


# Control characters cannot be stored in xlsx (the set openpyxl refuses).
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")


def _write_xlsx_cell(sheet, row: int, column: int, value: object, dates: dict) -> None:
    if value is None or value == "":
        return  # an empty cell, not an empty string
    if isinstance(value, str):
        # Always a string cell: a leading "=" never becomes a formula.
        sheet.write_string(row, column, _ILLEGAL_CHARACTERS.sub("", value))
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, dt.date):  # numbers stay numbers, dates become date cells
        kind = dt.datetime if isinstance(value, dt.datetime) else dt.date
        sheet.write_datetime(row, column, value, dates[kind])
    else:
        sheet.write_number(row, column, value)
