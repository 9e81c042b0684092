"""Benchmark: reading and writing a 50,000-row catalog as .xlsx — python-calamine against openpyxl
read-only, XlsxWriter against openpyxl write-only, and the whole catalog import against just reading
the file (goal: import ≤ 1.5 × the read).

Run: .venv/bin/python bench/bench_xlsx.py [ROWS] [--import-only]  (the last: our export read and
imported only, for the growth table)
The same rows are written three ways: by openpyxl's write-only mode (what `catalog export` used),
by `catalog export` now (XlsxWriter, streamed, inline strings) and with a shared-strings table, as
Excel saves its files (XlsxWriter's default mode: no Excel on the benchmark machine). The last two
are then read and imported. Each time is the best of two runs, in this process.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from make_catalog import AGENCY, make

from desktop_app.app import open_services
from desktop_app.export.catalog_table import COLUMNS, HEADER
from desktop_app.export.catalog_table import export_catalog as export_ours
from desktop_app.services.catalog_import import import_catalog


def best(action, runs: int = 2) -> float:
    return min(timed(action)[0] for _ in range(runs))


def timed(action) -> tuple[float, float]:
    """Wall and CPU time (user + system) of one call: on a shared machine the CPU time is steadier."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def read_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return sum(1 for _ in workbook.get_sheet_by_index(0).iter_rows())
    finally:
        workbook.close()


def write_openpyxl(path: Path, rows: list[list]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("公开目录")
    sheet.append(HEADER)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str) and value:
                value = WriteOnlyCell(sheet, value=value)
                value.data_type = "s"
            cells.append(value or None)
        sheet.append(cells)
    workbook.save(path)


def write_xlsxwriter(path: Path, rows: list[list]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": False})
    sheet = workbook.add_worksheet("公开目录")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif hasattr(value, "isoformat"):
                sheet.write_datetime(r, c, value, dates)
            else:
                sheet.write_number(r, c, value)
    workbook.close()


def import_time(path: Path, folder: Path, name: str) -> tuple[float, float]:
    services = open_services(str(folder / f"{name}.sqlite"), folder / "data")
    try:
        services.agencies.create(*AGENCY)
        services.classification.seed_default()
        results = []
        elapsed = timed(lambda: results.append(import_catalog(services, path)))
        assert not results[0].problems, results[0].problems[:3]
        return elapsed
    finally:
        services.close()


def main(count: int, import_only: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make(folder / "source.sqlite", count)
        services = open_services(str(folder / "source.sqlite"), folder / "data")
        try:
            entries = services.catalog.all()
        finally:
            services.close()
        rows = [[getattr(e, name) for name in COLUMNS] for e in entries]
        before, ours = folder / "openpyxl.xlsx", folder / "ours.xlsx"
        excel_like = folder / "excel_like.xlsx"
        print(f"{len(rows):,} catalog rows, {len(HEADER)} columns")
        writers = (
            ("openpyxl write-only (before)", lambda: write_openpyxl(before, rows)),
            ("ours: XlsxWriter, streamed", lambda: export_ours(entries, ours)),
            ("XlsxWriter, shared strings", lambda: write_xlsxwriter(excel_like, rows)),
        )
        if import_only:
            export_ours(entries, ours)
            writers = ()
        for label, write in writers:
            print(f"write  {label:30s} {best(write):6.2f} s")
        for label, path in (("ours", ours), ("Excel-like", excel_like)):
            if import_only and path != ours:
                continue
            size = path.stat().st_size / 2**20
            anchor = [timed(lambda path=path: read_calamine(path)) for _ in range(2)]
            whole, whole_cpu = import_time(path, folder, label)
            anchor += [timed(lambda path=path: read_calamine(path)) for _ in range(2)]  # after
            fast, after = min(anchor[:2]), min(anchor[2:])
            read_cpu = min(cpu for _, cpu in anchor)
            slow = (
                ""
                if import_only
                else (f"openpyxl read-only {best(lambda path=path: read_openpyxl(path)):6.2f} s, ")
            )
            print(
                f"read   {label:10s} {size:5.1f} MB: {slow}calamine {fast[0]:6.2f} s "
                f"(after the import {after[0]:6.2f} s); catalog import {whole:6.2f} s "
                f"= {whole / min(fast[0], after[0]):.1f}× calamine's read (goal ≤ 1.5×); "
                f"CPU: import {whole_cpu:.2f} s, calamine {read_cpu:.2f} s "
                f"= {whole_cpu / read_cpu:.1f}×; load {os.getloadavg()[0]:.1f}"
            )


if __name__ == "__main__":
    arguments = [arg for arg in sys.argv[1:] if arg != "--import-only"]
    main(int(arguments[0]) if arguments else 50_000, "--import-only" in sys.argv)
