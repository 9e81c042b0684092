"""文件 → 备份数据… in the real main window, with only the save dialog (and error box) replaced."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from contextlib import closing

from desktop_app.domain.catalog import EntryDraft
from desktop_app.settings import Settings
from desktop_app.ui import backup_action, tasks


def _backup_action(win):
    file_menu = win.menuBar().actions()[0].menu()
    (action,) = [a for a in file_menu.actions() if a.text() == "备份数据…"]
    return action


def test_backup_from_the_file_menu(qtbot, window, services, agency, tmp_path, monkeypatch):
    services.catalog.add(
        agency.id, EntryDraft(title="窗口备份的条目", generated_on=dt.date(2024, 3, 1))
    )
    folder = tmp_path / "上次的文件夹"
    folder.mkdir()
    Settings(last_folder=str(folder)).save(services.paths.settings_file)
    asked = []

    def choose(_parent, suggested):
        asked.append(suggested)
        return suggested

    monkeypatch.setattr(backup_action, "choose_backup_file", choose)
    action = _backup_action(window)
    action.trigger()  # the folder used last is looked up in the background
    expected = folder / f"政府信息公开工作台备份-{dt.date.today():%Y%m%d}.zip"
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert asked == [str(expected)]
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("已备份到"), timeout=10_000
    )
    assert str(expected) in window.statusBar().currentMessage()
    assert "目录 1 条" in window.statusBar().currentMessage()
    assert action.isEnabled()
    with zipfile.ZipFile(expected) as archive:
        archive.extractall(tmp_path / "restored")
    with closing(sqlite3.connect(tmp_path / "restored" / "desk.sqlite")) as connection:
        titles = connection.execute("SELECT title FROM catalog_entry").fetchall()
    assert titles == [("窗口备份的条目",)]
    assert Settings.load(services.paths.settings_file).last_folder == str(folder)


def test_a_failed_backup_says_why_and_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "已删除的文件夹" / "备份.zip"
    monkeypatch.setattr(
        backup_action, "choose_backup_file", lambda _parent, _suggested: str(target)
    )
    errors = []
    monkeypatch.setattr(
        backup_action, "show_error", lambda _parent, title, text: errors.append((title, text))
    )
    _backup_action(window).trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert errors[0][0] == "备份失败"
    assert "文件夹不存在" in errors[0][1]
    assert window.statusBar().currentMessage() == "备份失败，没有写入文件"
    assert not target.parent.exists()


def test_cancelling_the_dialog_does_nothing(qtbot, window, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(
        backup_action,
        "choose_backup_file",
        lambda _parent, suggested: asked.append(suggested) or "",
    )
    _backup_action(window).trigger()
    qtbot.waitUntil(lambda: bool(asked) and not tasks.pending(), timeout=10_000)
    assert window.statusBar().currentMessage() == ""
    assert _backup_action(window).isEnabled()
