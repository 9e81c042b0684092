"""Benchmark data at scale: a catalog made by make_catalog.py, copied onto itself in SQL up to N rows.

Usage: .venv/bin/python bench/grow_catalog.py BASE.sqlite OUT.sqlite N
Generating a million entries through add_many takes a quarter of an hour and gigabytes; copying
the invented rows (each copy's 索引号 given a suffix, its 生成日期 kept) takes a minute, and the
triggers of 0460 and 0470 index the copies for search as any insert.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from pathlib import Path

from desktop_app.domain.catalog_grams import grams

_COPIED = (
    "agency_id, title, doc_number, publisher, generated_on, published_on, disclosure_form, "
    "period, period_end, scope, node_id, genre, keywords, summary, validity, validity_date, "
    "version, modified_by, created_at, updated_at"
)


def grow(base: Path, out: Path, count: int) -> float:
    started = time.perf_counter()
    shutil.copyfile(base, out)
    with sqlite3.connect(out) as db:
        db.create_function("catalog_grams", 4, grams, deterministic=True)  # 0470's triggers
        (have,) = db.execute("SELECT count(*) FROM catalog_entry").fetchone()
        (top,) = db.execute("SELECT max(id) FROM catalog_entry").fetchone()
        copy = 0
        while have < count:
            copy += 1
            take = min(top, count - have)
            db.execute(
                f"INSERT INTO catalog_entry (index_no, {_COPIED}) "
                f"SELECT index_no || '-c{copy}', {_COPIED} FROM catalog_entry "
                "WHERE id <= ? ORDER BY id LIMIT ?",
                (top, take),
            )
            have += take
    return time.perf_counter() - started


if __name__ == "__main__":
    base, out, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    print(f"{n} 条目录已写入 {out}，用时 {grow(base, out, n):.1f} 秒")
