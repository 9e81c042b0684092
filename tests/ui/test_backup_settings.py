"""设置 → 自动备份…: the folder and the rotation counts saved in the settings; a folder that is
not there is refused under its field."""

from __future__ import annotations

from desktop_app.settings import Settings
from desktop_app.ui import backup_settings
from desktop_app.ui.auto_backup import AutoBackup
from desktop_app.ui.backup_settings import BackupSettingsDialog


def opened(qtbot, services, parent=None) -> BackupSettingsDialog:
    dialog = BackupSettingsDialog(services, parent)
    qtbot.addWidget(dialog)
    assert dialog.reading_note.text() == "正在读取备份设置…"  # the file is read in the background
    qtbot.waitUntil(lambda: not dialog.reading)
    return dialog


def saved(qtbot, dialog) -> None:
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)  # checked and written in the background


def test_saved_settings_are_used_by_the_next_backup(qtbot, window, services, tmp_path, monkeypatch):
    drive = tmp_path / "第二块硬盘"
    drive.mkdir()
    monkeypatch.setattr(backup_settings, "choose_folder", lambda _p, _start: str(drive))
    dialog = opened(qtbot, services, window)
    assert dialog.folder.placeholderText().endswith(str(tmp_path / "data" / "backups"))
    assert (dialog.daily.value(), dialog.weekly.value(), dialog.monthly.value()) == (7, 4, 12)

    dialog.browse()
    dialog.daily.setValue(10)
    dialog.monthly.setValue(24)
    saved(qtbot, dialog)

    stored = Settings.load(services.paths.settings_file)
    assert (stored.backup_folder, stored.backups_daily, stored.backups_weekly) == (
        str(drive),
        10,
        4,
    )
    assert stored.backups_monthly == 24
    automatic = AutoBackup(window)
    qtbot.waitUntil(lambda: not automatic.pending)
    assert automatic.label.toolTip() == f"自动备份位置：{drive}"
    automatic.start()
    qtbot.waitUntil(lambda: any(drive.glob("自动备份-*.zip")), timeout=20_000)


def test_a_folder_that_is_not_there_is_refused(qtbot, window, services, tmp_path):
    dialog = opened(qtbot, services, window)
    dialog.folder.setText(str(tmp_path / "未连接的网络文件夹"))
    saved(qtbot, dialog)
    assert dialog.errors["backup_folder"].isVisibleTo(dialog)
    assert "不存在或无法访问" in dialog.errors["backup_folder"].text()
    assert Settings.load(services.paths.settings_file).backup_folder == ""


def test_a_count_another_window_changed_meanwhile_is_refused(qtbot, services):
    dialog = opened(qtbot, services)
    elsewhere = Settings.load(services.paths.settings_file)
    elsewhere.backups_daily = 14
    elsewhere.save(services.paths.settings_file)
    dialog.daily.setValue(30)
    saved(qtbot, dialog)
    assert dialog.result() == 0  # still open, the typed value kept
    assert "保留每日备份" in dialog.general_error.text()
    assert "已被另一个窗口于" in dialog.general_error.text()
    assert dialog.daily.value() == 30
    assert Settings.load(services.paths.settings_file).backups_daily == 14
