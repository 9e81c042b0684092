"""`report sign --catalog` killed with SIGKILL at several points leaves the report either unsigned
and uncatalogued or signed and catalogued; `report catalog` lists a signed report left out; an
exported PDF is recorded in the step that gives it its name. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.cli import run
from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import SIGNED
from desktop_app.domain.report_seal import INTACT
from desktop_app.services import annual_reports as ar
from desktop_app.services import report_integrity

# Runs `report sign --catalog` in a child that SIGKILLs itself at a chosen point.
KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from contextlib import contextmanager
    from sqlalchemy.orm import Session
    from desktop_app.cli import run
    from desktop_app.db.engine import Database
    from desktop_app.db.repositories.catalog import CatalogRepository
    from desktop_app.db.repositories.reports import ReportRepository

    url, point, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
    calls = {"n": 0}

    def kill_at(owner, name, after=False):
        original = getattr(owner, name)
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if not after and calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            result = original(*args, **kwargs)
            if after and calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        setattr(owner, name, wrapper)

    if point == "flush":
        kill_at(Session, "flush")
    elif point == "after-sign":
        kill_at(ReportRepository, "sign", after=True)
    elif point == "after-entry":
        kill_at(CatalogRepository, "add", after=True)
    else:  # just before the transaction commits, or just after
        transaction = Database.transaction

        @contextmanager
        def dying(self):
            with transaction(self):
                yield
                if point == "commit":
                    os.kill(os.getpid(), signal.SIGKILL)
            os.kill(os.getpid(), signal.SIGKILL)

        Database.transaction = dying
    sys.exit(run(["--db", url, "report", "sign", "--year", "2024", "--signer", "张主任",
                  "--reason", "测试", "--catalog"]))
    """
)
# (where, which call, signed afterwards)
POINTS = [
    ("flush", 1, False),  # writing the report's cells
    ("after-sign", 1, False),
    ("flush", 3, False),  # writing the catalog entry and its 索引号 counter
    ("after-entry", 1, False),
    ("commit", 1, False),
    ("after-commit", 1, True),
]


def _state(services) -> tuple[bool, int | None, int]:
    """(signed, linked catalog entry, entries in the catalog)."""
    report = ar.current(services, 2024)
    linked = services.reports.catalog_entry_id(report.id)
    return report.status == SIGNED, linked, services.catalog.count()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize(("point", "nth", "signed_after"), POINTS)
def test_sign_and_catalog_survive_a_kill_together_or_not_at_all(any_db, point, nth, signed_after):
    ar.create(any_db, 2024, rf.FORMAT_FREE)
    child = subprocess.run(
        [sys.executable, "-c", KILLER, any_db.db.url, point, str(nth)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    signed, linked, entries = _state(any_db)
    assert signed is signed_after
    if signed:
        assert linked is not None
        assert entries == 1
    else:
        assert (linked, entries) == (None, 0)  # no 索引号 used up by an unlinked entry either
        ar.sign(any_db, 2024, "张主任", reason="测试", create_catalog_entry=True)
        assert _state(any_db)[1:] == (any_db.catalog.all()[0].id, 1)
    [entry] = any_db.catalog.all()
    assert entry.index_no.endswith(f"/{dt.date.today().year}-00001")
    assert ar.history(any_db, 2024)[0].integrity.status == INTACT


def test_report_catalog_lists_a_signed_report_left_out(any_db, capsys):
    ar.create(any_db, 2024, rf.FORMAT_FREE)
    ar.sign(any_db, 2024, "张主任", reason="测试", on=dt.date(2025, 1, 20))
    assert any_db.catalog.count() == 0
    code = run(["--db", any_db.db.url, "report", "catalog", "--year", "2024"])
    out = capsys.readouterr().out
    assert code == 0
    assert "已登记到公开目录" in out
    index_no = out.strip().splitlines()[-1]
    assert index_no == any_db.catalog.all()[0].index_no
    assert run(["--db", any_db.db.url, "report", "catalog", "--year", "2024"]) == 0
    assert "已在公开目录中" in capsys.readouterr().out
    assert any_db.catalog.count() == 1


def test_report_catalog_refuses_an_unsigned_report(any_db, capsys):
    ar.create(any_db, 2024, rf.FORMAT_FREE)
    assert run(["--db", any_db.db.url, "report", "catalog", "--year", "2024"]) == 1
    assert "还没有签发" in capsys.readouterr().err
    assert any_db.catalog.count() == 0


@pytest.mark.parametrize("renamed", [True, False])
def test_an_export_killed_before_it_was_settled_is_resolved_at_the_next_history_read(
    any_db, tmp_path, monkeypatch, renamed
):
    """Recorded as pending, then killed just before (or just after) the rename: the next read of
    the history keeps the record when the file is in place and drops it when it is not."""
    ar.create(any_db, 2024, rf.FORMAT_FREE)
    ar.sign(any_db, 2024, "张主任", reason="测试")
    out = tmp_path / "年报.pdf"

    class Killed(BaseException):
        pass

    real_replace = os.replace

    def replace_then_die(src, dst):
        if Path(dst) != out.resolve():  # the exporter's own staging rename
            return real_replace(src, dst)
        if renamed:
            real_replace(src, dst)
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(report_integrity.os, "replace", replace_then_die)
        patch.setattr(report_integrity.Path, "unlink", lambda *_a, **_k: None)  # nor cleans up
        with pytest.raises(Killed):
            ar.export_pdf(any_db, 2024, "filing", out)
    assert report_integrity.staging_path(out).exists() is not renamed
    assert len(any_db.reports.pending_pdfs()) == 1
    pdfs = ar.history(any_db, 2024)[0].pdfs
    assert any_db.reports.pending_pdfs() == []
    if renamed:
        assert [p[1] for p in pdfs] == [str(out.resolve())]
    else:
        assert pdfs == []
        assert not report_integrity.staging_path(out).exists()
