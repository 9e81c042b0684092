"""Settings survive a save/load round trip and a broken file never stops the program."""

import datetime as dt

import pytest

from desktop_app.settings import Settings, SettingsChangedError


def test_round_trip(tmp_path):
    path = tmp_path / "cfg" / "settings.json"
    Settings(fonts={"body": "C:/Windows/Fonts/simfang.ttf"}, last_folder="D:/报告").save(path)
    loaded = Settings.load(path)
    assert loaded.fonts == {"body": "C:/Windows/Fonts/simfang.ttf"}
    assert loaded.last_folder == "D:/报告"


def test_missing_file_gives_defaults(tmp_path):
    assert Settings.load(tmp_path / "none.json") == Settings()


def test_broken_file_gives_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path) == Settings()


def test_unknown_keys_and_roles_are_dropped(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(
        '{"fonts": {"body": "a.ttf", "bogus": "b.ttf", "title": ""}, "future": 1}', encoding="utf-8"
    )
    assert Settings.load(path).fonts == {"body": "a.ttf"}


def test_two_windows_saving_different_fields_keep_both(tmp_path):
    path = tmp_path / "settings.json"
    Settings(backup_folder="D:/备份").save(path)
    first, second = Settings.load(path), Settings.load(path)
    first.last_folder = "D:/导出"
    first.save(path)
    second.backups_daily = 30
    second.save(path)
    stored = Settings.load(path)
    assert (stored.backup_folder, stored.last_folder, stored.backups_daily) == (
        "D:/备份",
        "D:/导出",
        30,
    )
    assert second.last_folder == "D:/导出"  # the saved copy now shows the file as written


def test_a_field_changed_by_another_window_meanwhile_is_refused(tmp_path):
    path = tmp_path / "settings.json"
    first, second = Settings.load(path), Settings.load(path)
    first.backup_folder = "E:/备份"
    first.save(path)
    second.backup_folder = "F:/备份"
    second.backups_weekly = 8
    with pytest.raises(SettingsChangedError) as exc_info:
        second.save(path)
    at = dt.datetime.fromtimestamp(path.stat().st_mtime)
    assert str(exc_info.value).startswith(f"设置（自动备份位置）已被另一个窗口于 {at:%H:%M} 修改")
    stored = Settings.load(path)
    assert (stored.backup_folder, stored.backups_weekly) == ("E:/备份", 4)  # nothing of second
    assert (second.backup_folder, second.backups_weekly) == ("F:/备份", 8)  # its typing kept
    again = Settings.load(path)  # reopened: the next save goes through
    again.backup_folder = "F:/备份"
    again.save(path)
    assert Settings.load(path).backup_folder == "F:/备份"


def test_the_same_change_made_twice_is_no_conflict(tmp_path):
    path = tmp_path / "settings.json"
    first, second = Settings.load(path), Settings.load(path)
    first.backups_monthly = second.backups_monthly = 24
    first.save(path)
    second.save(path)
    assert Settings.load(path).backups_monthly == 24
