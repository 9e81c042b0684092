"""Settings survive a save/load round trip and a broken file never stops the program."""

from desktop_app.settings import Settings


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
