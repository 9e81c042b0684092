"""The program's file dialogs list the open database's folder without touching its files: another
program writing meanwhile must not find the database unused (and delete its WAL file under it)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel

from desktop_app.app import open_services
from desktop_app.domain.catalog import EntryDraft
from desktop_app.ui import file_dialogs

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks only")


def test_browsing_the_data_folder_leaves_the_database_locked(qtbot, tmp_path):
    db, data = tmp_path / "desk.sqlite", tmp_path / "data"
    services = open_services(str(db), data)
    try:
        agency = services.agencies.create("青溪县应急管理局", "11330727775738086F")
        first = services.catalog.add(
            agency.id, EntryDraft(title="窗口保存一", generated_on=dt.date(2024, 3, 5))
        )
        assert (tmp_path / "desk.sqlite-wal").exists()

        dialog = file_dialogs.file_dialog(
            None, "导入目录", str(tmp_path), "", QFileDialog.FileMode.ExistingFile
        )
        qtbot.addWidget(dialog)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        model = dialog.findChild(QFileSystemModel)
        folder = model.index(str(tmp_path))

        def listed() -> set[str]:
            return {model.index(row, 0, folder).data() for row in range(model.rowCount(folder))}

        qtbot.waitUntil(lambda: {"desk.sqlite", "desk.sqlite-wal", "desk.sqlite-shm"} <= listed())
        for row in range(model.rowCount(folder)):  # what the view draws: icon and 类型 per file
            model.data(model.index(row, 0, folder), Qt.ItemDataRole.DecorationRole)
            model.data(model.index(row, 2, folder))

        # Another program (the command line) saves while the window keeps its connection.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop_app",
                "--db",
                str(db),
                "--data-dir",
                str(data),
                "catalog",
                "add",
                "--title",
                "命令行保存",
                "--generated",
                "2024-03-06",
                "--form",
                "主动公开",
                "--period",
                "长期公开",
            ],
            check=True,
            capture_output=True,
        )
        # It saw the window's connection: the WAL file it would delete as the last user is there.
        assert (tmp_path / "desk.sqlite-wal").exists()
        second = services.catalog.add(
            agency.id, EntryDraft(title="窗口保存二", generated_on=dt.date(2024, 3, 7))
        )
    finally:
        services.close()
    reader = open_services(str(db), data)
    try:
        saved = {e.title: e.index_no for e in reader.catalog.all()}
    finally:
        reader.close()
    assert set(saved) == {"窗口保存一", "命令行保存", "窗口保存二"}
    assert len(set(saved.values())) == 3
    assert saved["窗口保存一"] == first.index_no
    assert saved["窗口保存二"] == second.index_no
