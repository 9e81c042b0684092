"""Catalog entries out to a spreadsheet (.xlsx, or .csv in UTF-8 with BOM) that import reads back.

Public API: `export_catalog(entries, path, progress=None) -> bool`. Pure: entries in, file out.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from desktop_app.domain.catalog import FIELD_LABELS, CatalogEntry

# Column order of the file; the header row is FIELD_LABELS of these (import maps them back).
COLUMNS = (
    "index_no",
    "title",
    "doc_number",
    "publisher",
    "generated_on",
    "published_on",
    "disclosure_form",
    "period",
    "period_end",
    "scope",
    "node_path",
    "genre",
    "keywords",
    "summary",
    "validity",
    "validity_date",
)
HEADER = tuple(FIELD_LABELS[name] for name in COLUMNS)
_WIDTHS = {
    "index_no": 28,
    "title": 50,
    "doc_number": 20,
    "publisher": 20,
    "node_path": 30,
    "keywords": 20,
    "summary": 60,
}
_REPORT_EVERY = 500

Progress = Callable[[int, int], bool]


def export_catalog(
    entries: Sequence[CatalogEntry], path: str | Path, progress: Progress | None = None
) -> bool:
    """Write `entries` to `path`; the format follows the suffix (.xlsx or .csv).

    The file is written to `<path>.tmp` and renamed, so a failed or cancelled export never leaves
    half a file in place of an old one. `progress(done, total)` may return False to cancel; the
    result is then False and nothing is written. Raises ValueError (Chinese message) for another
    suffix, OSError when the file cannot be written (e.g. it is open in Excel).
    """
    path = Path(path)
    writers = {".xlsx": _write_xlsx, ".csv": _write_csv}
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise ValueError(
            f"不支持的导出格式“{path.suffix or path.name}”：文件名应以 .xlsx 或 .csv 结尾"
        )
    tmp = path.with_name(f"{path.name}.tmp")
    try:
        finished = writer(_rows(entries, progress), tmp)
        if finished:
            os.replace(tmp, path)
        return finished
    finally:
        tmp.unlink(missing_ok=True)


class _Cancelled(Exception):
    pass


def _rows(entries: Sequence[CatalogEntry], progress: Progress | None) -> Iterator[list]:
    for done, entry in enumerate(entries, start=1):
        yield [getattr(entry, name) for name in COLUMNS]
        due = done % _REPORT_EVERY == 0 or done == len(entries)
        if progress is not None and due and not progress(done, len(entries)):
            raise _Cancelled


def _write_csv(rows: Iterator[list], target: Path) -> bool:
    # The BOM makes Excel (zh-CN) open the file as UTF-8 instead of GBK.
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        try:
            for row in rows:
                writer.writerow(
                    [
                        "" if v is None else v.isoformat() if isinstance(v, dt.date) else v
                        for v in row
                    ]
                )
        except _Cancelled:
            return False
    return True


def _write_xlsx(rows: Iterator[list], target: Path) -> bool:
    from openpyxl import Workbook  # noqa: PLC0415 - only needed for xlsx
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("公开目录")
    sheet.freeze_panes = "A2"
    for i, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 12)
    bold = Font(bold=True)
    sheet.append([_styled(WriteOnlyCell(sheet, value=label), bold) for label in HEADER])

    def cell(value):
        if value == "":
            return None  # an empty cell, not an empty string
        if not isinstance(value, str):
            return value
        # Control characters cannot be stored in xlsx; a leading "=" would turn text into a formula.
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not text.startswith("="):
            return text
        text_cell = WriteOnlyCell(sheet, value=text)
        text_cell.data_type = "s"
        return text_cell

    finished = True
    try:
        for row in rows:
            sheet.append([cell(value) for value in row])
    except _Cancelled:
        finished = False
    # Saved even when cancelled: saving is what closes openpyxl's streams and temporary files;
    # the caller deletes the partial target.
    workbook.save(target)
    return finished


def _styled(cell, font):
    cell.font = font
    return cell
