"""A target file another program holds open (Windows: Excel, a PDF reader) → a Chinese message
naming the file and what to do; the old file stays as it was.

On Windows, replacing a file that another program opened without FILE_SHARE_DELETE fails with
PermissionError (WinError 32/5); os.replace raises exactly that here. scripts/windows-smoke.sh
provokes the real sharing violation under Wine.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from desktop_app.cli import run

REAL_REPLACE = os.replace


@pytest.fixture
def held_open(monkeypatch):
    """Make os.replace onto the given file fail as Windows does while another program holds it."""

    def hold(path):
        def replace(src, dst, *args, **kwargs):
            if os.fspath(dst) == os.fspath(path):
                raise PermissionError(
                    13, "另一个程序正在使用此文件，进程无法访问。", os.fspath(dst)
                )
            return REAL_REPLACE(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", replace)

    return hold


def test_report_pdf_open_in_a_reader(tmp_path, capsys, held_open):
    db = str(tmp_path / "d.sqlite")
    assert run(["--db", db, "--data-dir", str(tmp_path / "data"), "demo"]) == 0
    target = tmp_path / "年度 报告.pdf"
    target.write_bytes(b"%PDF the copy the reader shows")
    held_open(target)
    year = str(dt.date.today().year - 1)  # the demo's newest annual report
    capsys.readouterr()
    code = run(
        ["--db", db, "report", "export", "--year", year, "--copy", "filing", "--out", str(target)]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert str(target) in err
    assert "其他程序中打开" in err
    assert "请关闭该文件" in err
    assert "Traceback" not in err
    assert target.read_bytes() == b"%PDF the copy the reader shows"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(f"{target.name}.")]  # no staging


def test_catalog_csv_open_in_excel(tmp_path, capsys, held_open):
    db = str(tmp_path / "d.sqlite")
    assert run(["--db", db, "--data-dir", str(tmp_path / "data"), "demo"]) == 0
    target = tmp_path / "目录 导出.csv"
    target.write_text("旧内容", encoding="utf-8")
    held_open(target)
    capsys.readouterr()
    code = run(["--db", db, "catalog", "export", str(target)])
    err = capsys.readouterr().err
    assert code == 1
    assert str(target) in err
    assert "其他程序中打开" in err
    assert target.read_text(encoding="utf-8") == "旧内容"
