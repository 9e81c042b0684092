"""Edges of the export's helpers that a normal export never reaches: a deferred pattern's first
use, a table whose span runs off the grid, fonts on Windows and fontconfig that fails or hangs."""

from __future__ import annotations

import re
import subprocess

import pytest

from desktop_app.export import fonts, platypus
from desktop_app.export.document import Cell, Table
from desktop_app.export.pdf_table import grid_of


def test_a_deferred_pattern_compiles_on_first_use_and_matches_as_compiled():
    deferred = platypus.DeferredPattern(r"[\u4e00-\uffff]+", re.IGNORECASE)
    assert deferred.findall("2024年 政府信息公开") == ["年", "政府信息公开"]
    assert deferred.pattern == r"[\u4e00-\uffff]+"


def test_importing_the_paragraph_module_twice_keeps_re_compile():
    platypus._import_paragraph_module()
    platypus._import_paragraph_module()  # already imported: nothing to do
    assert re.compile is platypus._compile


def test_a_span_beyond_the_table_names_its_row():
    table = Table(
        rows=((Cell("甲"), Cell("乙")), (Cell("丙", colspan=3),)), header_rows=1, col_widths=(1, 1)
    )
    with pytest.raises(ValueError, match="表格第 2 行"):
        grid_of(table)


def test_windows_font_folders_include_the_per_user_one(tmp_path, monkeypatch):
    system = tmp_path / "Windows" / "Fonts"
    user = tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts"
    system.mkdir(parents=True)
    user.mkdir(parents=True)
    (user / "SimSun.TTC").write_bytes(b"")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert fonts.windows_font_dirs() == [system, user]
    found = fonts._find_windows((("simsun.ttc", 0), ("simhei.ttf", 0)))
    assert [(f.path, f.index) for f in found] == [(user / "SimSun.TTC", 0)]


def test_a_font_file_cut_short_does_not_qualify(tmp_path):
    cut = tmp_path / "cut.ttf"
    cut.write_bytes(b"\x00\x01\x00\x00\x00")
    assert not fonts.is_truetype(fonts.FontFile(cut, 0, "cut.ttf"))


def test_without_fontconfig_there_are_no_system_fonts(monkeypatch):
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    monkeypatch.setattr(fonts, "_listing", None)
    fonts._fc_list.cache_clear()
    try:
        assert fonts._start_fc_list() is None
        assert fonts._fc_list() == ()
    finally:
        fonts._fc_list.cache_clear()


def test_fontconfig_that_cannot_start_gives_no_fonts(tmp_path, monkeypatch):
    not_a_program = tmp_path / "fc-list"
    not_a_program.write_text("not a program")  # found on the path, but cannot be executed
    monkeypatch.setattr(fonts.shutil, "which", lambda name: str(not_a_program))
    assert fonts._start_fc_list() is None


def test_fontconfig_that_hangs_is_stopped_and_gives_no_fonts(monkeypatch):
    hung = subprocess.Popen(["sleep", "60"], stdout=subprocess.PIPE, text=True)
    real_communicate = hung.communicate

    def communicate(timeout=None):  # the 20 s limit made short: the path after it is the same
        return real_communicate(timeout=0.2 if timeout else None)

    monkeypatch.setattr(hung, "communicate", communicate)
    monkeypatch.setattr(fonts, "_listing", hung)
    fonts._fc_list.cache_clear()
    try:
        assert fonts._fc_list() == ()
        assert hung.poll() is not None  # killed, not left running
    finally:
        fonts._fc_list.cache_clear()
