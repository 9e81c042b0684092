"""Benchmark: where a catalog import's CPU time goes, phase by phase, without a profiler (which
inflates the many small calls of the per-row Python).

Run: .venv/bin/python bench/bench_import_phases.py [ROWS]   (default 50,000; run from bench/)
The rows are made by make_catalog and exported as by `catalog export`, then imported into a fresh
SQLite file while each phase's CPU time is summed by a wrapper (≈ 0.3 µs a call: the claims, once
a row, read ≈ 0.015 s high at 50,000 rows). Nested phases are indented under their phase.
"""

from __future__ import annotations

import functools
import inspect
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from make_catalog import AGENCY, make

import desktop_app.db.bulk_insert as bulk_insert
import desktop_app.db.repositories.catalog as repository
import desktop_app.services.catalog_import as catalog_import
from desktop_app.app import open_services
from desktop_app.export.catalog_table import export_catalog

PHASES: dict[str, float] = {}


def timed(owner: Any, name: str, label: str) -> None:
    """Sum the CPU time of owner.name (a function, method, classmethod or staticmethod)."""
    raw = inspect.getattr_static(owner, name)
    kind = type(raw) if isinstance(raw, classmethod | staticmethod) else None
    function = raw.__func__ if kind else raw
    PHASES[label] = 0.0  # printed in this order

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            PHASES[label] += time.process_time() - started

    setattr(owner, name, kind(wrapper) if kind else wrapper)


def main(count: int) -> None:
    timed(catalog_import, "read_catalog_file", "read the file")
    timed(catalog_import, "read_sheet", "  calamine: the sheet with the header")
    timed(catalog_import, "check_rows", "check the rows")
    timed(catalog_import, "_duplicate_problems", "索引号 repeated in the file")
    timed(repository.CatalogRepository, "import_entries", "save (one transaction)")
    timed(repository._BulkNumbers, "__init__", "  read the 索引号 held")
    timed(repository._BulkNumbers, "claim", "  claim the file's 索引号")
    timed(bulk_insert.BulkInsert, "add", "  insert (executemany)")
    timed(bulk_insert.BulkInsert, "finish", "  fill both search indexes")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make(folder / "source.sqlite", count)
        services = open_services(str(folder / "source.sqlite"), folder / "data")
        try:
            export_catalog(services.catalog.all(), folder / "catalog.xlsx")
        finally:
            services.close()
        services = open_services(str(folder / "import.sqlite"), folder / "data")
        try:
            services.agencies.create(*AGENCY)
            services.classification.seed_default()
            PHASES.update(dict.fromkeys(PHASES, 0.0))  # making the source catalog used some
            wall, cpu = time.perf_counter(), time.process_time()
            result = catalog_import.import_catalog(services, folder / "catalog.xlsx")
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finally:
            services.close()
    assert not result.problems, result.problems[:3]
    print(f"{result.imported:,} rows imported: wall {wall:.2f} s, CPU {cpu:.2f} s")
    for label, seconds in PHASES.items():
        print(f"  {label:42s} {seconds:6.3f} s CPU")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
