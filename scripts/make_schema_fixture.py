"""Developer tool: write tests/fixtures/schema_<rev>.sqlite, a small database of an old schema version.

Usage: .venv/bin/python scripts/make_schema_fixture.py 0001
       .venv/bin/python scripts/make_schema_fixture.py 0300_attachment_content   (when it is the head)

The file is made once per released schema version and committed; tests/test_migrations.py checks that
it still upgrades to head with its rows intact. 0001's rows are written with plain SQL (not the current
ORM models, which follow the newest schema); the head of a release is filled by that release's own
`demo` (entries, requests with applicants and appeals, signed and draft reports), run before the next
migration is added. Regenerating an old fixture later is rarely needed.
"""

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from desktop_app.db.migrate import SCHEMA_HEAD, _config

# What the 0001 schema holds: one agency, a two-level tree, two entries (one withdrawn, one with a
# legacy 索引号), the serial counter and one attachment row.
ROWS_0001 = """
INSERT INTO agency (id, name, code, index_pattern) VALUES
  (1, '青溪县应急管理局', '11330727775738086F', '{code}/{year}-{serial:05d}');
INSERT INTO class_node (id, parent_id, name, position) VALUES
  (1, NULL, '法定主动公开内容', 0), (2, 1, '统计信息', 0);
INSERT INTO catalog_entry (id, agency_id, index_no, title, doc_number, publisher, generated_on,
  published_on, disclosure_form, period, period_end, scope, node_id, genre, keywords, summary,
  validity, validity_date) VALUES
  (1, 1, '11330727775738086F/2023-00001', '2023年安全生产统计', '青应急〔2023〕4号', '青溪县应急管理局',
   '2023-02-01', '2023-02-03', '主动公开', '长期公开', NULL, '面向社会', 2, '统计数据', '统计 安全生产',
   '全年安全生产情况。', '有效', NULL),
  (2, 1, 'QXYJ-2019-0042', '旧版防汛预案', '', '青溪县应急管理局', '2019-05-06', NULL, '主动公开',
   '长期公开', NULL, '面向社会', NULL, '方案', '', '', '废止', '2022-01-01');
INSERT INTO index_serial (agency_id, year, last_serial) VALUES (1, 2023, 1);
INSERT INTO attachment (id, entry_id, filename, stored_name, sha256, size) VALUES
  (1, 1, '统计表.xlsx', 'aaaabbbbccccdddd.xlsx',
   'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 0);
"""
ROWS = {"0001": ROWS_0001}


def make(revision: str, target: Path) -> None:
    target.unlink(missing_ok=True)
    if revision in ROWS:
        engine = create_engine(f"sqlite:///{target}")
        config = _config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        engine.dispose()
        with sqlite3.connect(target) as db:
            db.executescript(ROWS[revision])
    else:
        if revision != SCHEMA_HEAD:
            sys.exit(f"{revision} is not the head ({SCHEMA_HEAD}): check out that release first")
        with tempfile.TemporaryDirectory() as data:
            command_line = ["--db", str(target), "--data-dir", data, "demo"]
            subprocess.run([sys.executable, "-m", "desktop_app", *command_line], check=True)
    with sqlite3.connect(target) as db:
        db.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        db.execute("VACUUM")


if __name__ == "__main__":
    rev = sys.argv[1]
    out = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / f"schema_{rev}.sqlite"
    make(rev, out)
    print(f"wrote {out}")
