"""Hostile spreadsheet files made on the spot: a zip bomb and a sheet claiming billions of cells."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_ROW = b'<row><c t="inlineStr"><is><t>' + b"A" * 200 + b"</t></is></c></row>"


def _workbook_bytes(header: list[str]) -> bytes:
    workbook = Workbook()
    workbook.active.append(header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(path: Path, header: list[str], write_sheet) -> Path:
    """A real workbook (Excel opens it) whose sheet XML `write_sheet(stream)` writes instead."""
    with (
        zipfile.ZipFile(io.BytesIO(_workbook_bytes(header))) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                target.writestr(item, source.read(item))
    return path


def zip_bomb(path: Path, header: list[str], unpacked_mb: int = 256) -> Path:
    """An xlsx of well under a megabyte whose one sheet unpacks to `unpacked_mb` MB of rows."""

    def sheet(stream) -> None:
        stream.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://')
        stream.write(b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        chunk = _ROW * (2**20 // len(_ROW))
        for _ in range(unpacked_mb):
            stream.write(chunk)
        stream.write(b"</sheetData></worksheet>")

    return _rewrite(path, header, sheet)


def huge_dimension(path: Path, header: list[str]) -> Path:
    """A small sheet whose <dimension> says A1:XFD1048576, so every row would be padded to 16,384
    cells."""

    def sheet(stream) -> None:
        stream.write(
            b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
            b"<sheetData>" + _ROW * 3 + b"</sheetData></worksheet>"
        )

    return _rewrite(path, header, sheet)
