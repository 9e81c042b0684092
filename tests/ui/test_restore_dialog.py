"""文件 → 恢复备份… in the real window: the list of backups, verify, confirm, restore, reopen."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.services.backup import backup
from desktop_app.ui import restore_dialog
from desktop_app.ui.restore_dialog import RestoreDialog
from tests.test_backup import _add
from tests.test_backup_verify import _flip_snapshot_byte, _rewrite


def _titles(services) -> set[str]:
    with services.db.engine.connect() as connection:
        return {t for (t,) in connection.exec_driver_sql("SELECT title FROM catalog_entry")}


def _menu_action(window, text):
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text() == text)


def test_the_list_shows_each_backup_with_its_date_and_counts(
    qtbot, window, services, agency, tmp_path
):
    folder = tmp_path / "data" / "backups"
    folder.mkdir(parents=True)
    _add(services, agency, "一")
    backup(services, folder / "较早.zip")
    _add(services, agency, "二", "三")
    newer = backup(services, folder / "较新.zip")
    (folder / "不是备份.zip").write_bytes(b"junk")

    dialog = RestoreDialog(services, lambda _s: None, window)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()  # until the folder is listed
    assert "备份位置：正在读取…" in dialog.note.text()  # the settings name it, read with the list
    qtbot.waitUntil(lambda: not dialog.loading)  # the folder is listed in the background
    assert f"备份位置：{folder}\n" in dialog.note.text()

    rows = [
        [dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
        for r in range(dialog.table.rowCount())
    ]
    assert [row[1:4] + [row[5]] for row in rows] == [
        ["3", "0", "0", "较新.zip"],
        ["1", "0", "0", "较早.zip"],
        ["", "", "", "不是备份.zip"],
    ]
    assert rows[0][0].startswith(f"{dt.date.today():%Y-%m-%d} ")
    assert rows[2][0] == "无法读取"
    assert rows[0][4].endswith(" MB")
    assert dialog.listed[0].path == newer.path
    assert dialog.table.selectionModel().selectedRows()[0].row() == 0


def test_restore_from_the_dialog_reopens_on_the_backup(
    qtbot, window, services, agency, tmp_path, monkeypatch
):
    assert _menu_action(window, "恢复备份…") is not None
    folder = tmp_path / "data" / "backups"
    folder.mkdir(parents=True)
    _add(services, agency, "备份里的条目")
    backup(services, folder / "b.zip")
    _add(services, agency, "之后新增的条目")
    questions, reopened = [], []
    monkeypatch.setattr(
        restore_dialog, "confirm", lambda _p, _t, text: questions.append(text) or True
    )
    dialog = RestoreDialog(services, reopened.append, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading)  # the folder is listed in the background

    dialog.restore_button.click()
    qtbot.waitUntil(lambda: bool(reopened), timeout=30_000)

    [new_services] = reopened
    try:
        assert _titles(new_services) == {"备份里的条目"}
    finally:
        new_services.close()
    assert "备份已校验无误" in questions[0]
    assert "目录 1 条" in questions[0]
    assert any(p.name.startswith("恢复前自动备份-") for p in folder.iterdir())


def test_a_damaged_backup_is_refused_and_nothing_changes(
    qtbot, window, services, agency, tmp_path, monkeypatch
):
    _add(services, agency, "原有条目")
    made = backup(services, tmp_path / "good.zip")
    damaged = _rewrite(made.path, _flip_snapshot_byte)
    errors = []
    monkeypatch.setattr(restore_dialog, "show_error", lambda _p, title, text: errors.append(text))
    monkeypatch.setattr(restore_dialog, "choose_other_file", lambda _p, _f: str(damaged))
    monkeypatch.setattr(restore_dialog, "confirm", lambda *_a: pytest.fail("not asked"))
    dialog = RestoreDialog(services, lambda _s: pytest.fail("not reopened"), window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading)  # the folder is listed in the background

    dialog.other_button.click()
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)

    assert "未通过校验" in errors[0]
    assert dialog.buttons.isEnabled()
    assert _titles(services) == {"原有条目"}


def test_declining_changes_nothing(qtbot, window, services, agency, tmp_path, monkeypatch):
    _add(services, agency, "原有条目")
    made = backup(services, tmp_path / "good.zip")
    _add(services, agency, "之后的条目")
    monkeypatch.setattr(restore_dialog, "choose_other_file", lambda _p, _f: str(made.path))
    monkeypatch.setattr(restore_dialog, "confirm", lambda *_a: False)
    dialog = RestoreDialog(services, lambda _s: pytest.fail("not reopened"), window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading)  # the folder is listed in the background

    dialog.other_button.click()
    qtbot.waitUntil(lambda: "已取消恢复" in dialog.note.text(), timeout=30_000)
    assert _titles(services) == {"原有条目", "之后的条目"}


@pytest.mark.qt_log_ignore("propagateSizeHints")  # a shown top-level window, offscreen
def test_the_window_reopens_on_the_restored_database(qtbot, services, db_path, tmp_path):
    import shiboken6

    from desktop_app.app import open_services
    from desktop_app.ui import launch
    from desktop_app.ui.main_window import MainWindow

    old = MainWindow(services)  # not given to qtbot: reopening deletes it
    old.show()
    old.start_loading()
    qtbot.waitUntil(lambda: old.loaded, timeout=10_000)
    restored = open_services(str(db_path), tmp_path / "data")
    try:
        old.reopen(restored)
        [new] = launch._open_windows
        qtbot.addWidget(new)
        qtbot.waitUntil(lambda: new.loaded, timeout=10_000)
        assert new.services is restored
        assert new.isVisible()
        qtbot.waitUntil(lambda: not shiboken6.isValid(old))  # closed and deleted
    finally:
        restored.close()
