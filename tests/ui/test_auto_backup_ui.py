"""Automatic backups in the window: the status-bar notice, the day's first backup, the one at close."""

from __future__ import annotations

import datetime as dt

from desktop_app.services.auto_backup import automatic_backups
from desktop_app.services.backup_verify import verify
from desktop_app.settings import Settings
from desktop_app.ui.auto_backup import WARNING_STYLE, AutoBackup
from tests.test_backup import _add


def _folder(tmp_path):
    return tmp_path / "data" / "backups"


def test_a_week_without_a_backup_is_a_warning(qtbot, window, tmp_path):
    folder = _folder(tmp_path)
    folder.mkdir(parents=True)
    old = dt.datetime.now() - dt.timedelta(days=9)
    (folder / f"自动备份-{old:%Y%m%d-%H%M%S}.zip").write_bytes(b"")
    automatic = AutoBackup(window)
    assert automatic.pending  # the folder is listed in the background
    qtbot.waitUntil(lambda: not automatic.pending)
    assert automatic.label.text() == "已 9 天没有备份，请检查备份位置"
    assert automatic.label.styleSheet() == WARNING_STYLE
    assert automatic.label.isVisible() == window.isVisible()


def test_the_first_start_of_a_day_backs_up_and_says_so(qtbot, window, services, agency, tmp_path):
    _add(services, agency, "今天第一次打开前的条目")
    automatic = AutoBackup(window)
    qtbot.waitUntil(lambda: not automatic.pending)
    assert automatic.label.text() == "还没有备份"

    automatic.start()
    qtbot.waitUntil(lambda: automatic.label.text().startswith("上次备份：今天"), timeout=20_000)
    [made] = automatic_backups(_folder(tmp_path)).values()
    assert verify(made).counts["entries"] == 1
    assert automatic.label.styleSheet() == ""

    qtbot.waitUntil(lambda: not automatic.pending)
    automatic.start()  # a second start the same day: nothing more
    qtbot.waitUntil(lambda: not automatic.pending)
    assert automatic.label.text().startswith("上次备份：今天")
    assert len(automatic_backups(_folder(tmp_path))) == 1


def test_closing_backs_up_only_after_changes(qtbot, window, services, agency, tmp_path):
    automatic = AutoBackup(window)
    automatic.at_close()
    assert automatic_backups(_folder(tmp_path)) == {}

    _add(services, agency, "关闭前新增的条目")
    automatic.at_close()
    [made] = automatic_backups(_folder(tmp_path)).values()
    assert verify(made).counts["entries"] == 1


def test_a_failed_backup_shows_in_the_status_bar(qtbot, window, services, tmp_path):
    Settings(backup_folder=str(tmp_path / "未连接的网络文件夹")).save(services.paths.settings_file)
    automatic = AutoBackup(window)
    automatic.start()
    qtbot.waitUntil(lambda: automatic.label.text().startswith("自动备份失败"), timeout=20_000)
    assert "无法访问" in automatic.label.text()
    assert automatic.label.styleSheet() == WARNING_STYLE
