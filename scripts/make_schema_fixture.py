"""Developer tool: write tests/fixtures/schema_<rev>.sqlite, a small database of an old schema version.

Usage: .venv/bin/python scripts/make_schema_fixture.py --missing     (every revision without one)
       .venv/bin/python scripts/make_schema_fixture.py 0100_requests  (one revision, made again)

A fixture is the database a release of that schema left behind: the newest commit whose migrations
end at the revision (first on the main line, else on a merged branch) is unpacked from git into a
temporary folder and its own `demo` fills a fresh file (entries, requests with applicants and
appeals, reports, letters, as far as that release had them). 0001 predates `demo`: its rows are
written with plain SQL. tests/test_migrations.py checks that each fixture upgrades to head with
every row and column intact, and names any revision that has no fixture yet.
"""

from __future__ import annotations

import ast
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from functools import cache
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = "desktop_app/db/migrations/versions"
FIXTURES = ROOT / "tests" / "fixtures"

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


def fixture_path(revision: str) -> Path:
    return FIXTURES / f"schema_{revision}.sqlite"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def _links_in(source: str) -> tuple[str, str | None]:
    """(revision, down_revision) that a migration file's source declares."""
    values = {}
    for node in ast.parse(source).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            values[target.id] = ast.literal_eval(node.value)
    return values["revision"], values.get("down_revision")


@cache
def _links(blob: str) -> tuple[str, str | None]:
    """(revision, down_revision) of one migration file, by its git blob id."""
    return _links_in(_git("cat-file", "-p", blob))


def chain_at(commit: str) -> list[str]:
    """The revisions of `commit`, newest first (empty unless they form one line)."""
    listing = _git("ls-tree", commit, f"{VERSIONS}/").split("\n")
    return _chain(dict(_links(line.split()[2]) for line in listing if line.endswith(".py")))


def _chain(down_of: dict[str, str | None]) -> list[str]:
    heads = set(down_of) - set(down_of.values())
    if len(heads) != 1:
        return []
    chain = [heads.pop()]
    while (down := down_of.get(chain[-1])) is not None:
        chain.append(down)
    return chain


def current_chain() -> list[str]:
    """The checked-out revisions, newest first."""
    paths = (ROOT / VERSIONS).glob("*.py")
    return _chain(dict(_links_in(path.read_text(encoding="utf-8")) for path in paths))


def commit_with_head(revision: str) -> str | None:
    """The newest commit whose schema ends at `revision` by the same migrations as today's (a
    branch may have chained it onto another parent before the merge): main line first."""
    chain = current_chain()
    wanted = chain[chain.index(revision) :]
    for first_parent in (True, False):
        commits = _git("rev-list", *(["--first-parent"] if first_parent else []), "HEAD").split()
        for commit in commits:
            if chain_at(commit) == wanted:
                return commit
    return None


def revisions() -> list[str]:
    """Every revision id of the checked-out migrations, oldest first."""
    return current_chain()[::-1]


def _demo_at(commit: str, target: Path) -> None:
    """Run that commit's own `demo` (its code, this environment's libraries) into `target`."""
    with tempfile.TemporaryDirectory() as work:
        tree = Path(work) / "tree"
        archive = subprocess.run(
            ["git", "archive", commit, "desktop_app"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        env = {**os.environ, "PYTHONPATH": str(tree)}
        command = [sys.executable, "-m", "desktop_app", "--db", str(target)]
        command += ["--data-dir", str(Path(work) / "data"), "demo"]
        subprocess.run(command, cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL)


def _rows_0001(target: Path) -> None:
    from alembic import command  # noqa: PLC0415 - only for the one SQL-filled revision
    from sqlalchemy import create_engine  # noqa: PLC0415

    from desktop_app.db.migrate import _config  # noqa: PLC0415

    engine = create_engine(f"sqlite:///{target}")
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    with sqlite3.connect(target) as db:
        db.executescript(ROWS["0001"])


def _upgraded(revision: str, target: Path) -> None:
    """No commit ever ended at `revision` with today's parents (merged branches were re-chained):
    the fixture of the revision below, upgraded to it by today's migrations."""
    below = current_chain()[current_chain().index(revision) + 1]
    if not fixture_path(below).exists():
        make(below, fixture_path(below))
    shutil.copyfile(fixture_path(below), target)
    from alembic import command  # noqa: PLC0415 - only for this case
    from sqlalchemy import create_engine  # noqa: PLC0415

    from desktop_app.db.migrate import _config  # noqa: PLC0415

    engine = create_engine(f"sqlite:///{target}")
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
    print(f"{revision}: no commit ends there; made from schema_{below}.sqlite, upgraded")


def make(revision: str, target: Path) -> None:
    target.unlink(missing_ok=True)
    if revision in ROWS:
        _rows_0001(target)
    elif (commit := commit_with_head(revision)) is not None:
        _demo_at(commit, target)
    else:
        _upgraded(revision, target)
    with sqlite3.connect(target) as db:
        db.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        db.execute("VACUUM")
    with sqlite3.connect(target) as db:
        [(made,)] = db.execute("SELECT version_num FROM alembic_version").fetchall()
    if made != revision:
        target.unlink()
        sys.exit(f"{revision}: the demo of its commit left schema {made}; no fixture written")


def main(argv: list[str]) -> None:
    if argv == ["--missing"]:
        wanted = [rev for rev in revisions() if not fixture_path(rev).exists()]
    elif len(argv) == 1 and not argv[0].startswith("-"):
        wanted = argv
    else:
        sys.exit(__doc__)
    for revision in wanted:
        make(revision, fixture_path(revision))
        print(f"wrote {fixture_path(revision).relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
