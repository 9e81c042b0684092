"""Font settings as the 字体设置 dialog uses them: checking a chosen file, what each role resolves
to, the plain-words notes for stand-in fonts, and saving only the font choices."""

from __future__ import annotations

import json

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from desktop_app.errors import UserError
from desktop_app.export.fonts import bundled
from desktop_app.services import fonts
from desktop_app.settings import FONT_ROLES, Settings


def latin_only_font(tmp_path):
    """A real TrueType file holding only Latin letters (cut from the bundled 宋体)."""
    font = TTFont(str(bundled("song").path))
    cutter = subset.Subsetter()
    cutter.populate(text="ABCxyz")
    cutter.subset(font)
    path = tmp_path / "latin.ttf"
    font.save(str(path))
    return path


def text_named_ttf(tmp_path):
    path = tmp_path / "说明.ttf"
    path.write_text("not a font", "utf-8")
    return path


def test_a_chinese_truetype_file_is_accepted_as_it_is():
    kai = bundled("kai").path
    assert fonts.check_font_file("heading2", str(kai)) == kai


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: tmp / "不存在.ttf", "找不到文件"),
        (text_named_ttf, "TrueType"),
        (latin_only_font, "不含汉字"),
    ],
    ids=["missing", "not a font", "no Chinese"],
)
def test_an_unusable_font_file_is_refused_naming_the_role_and_the_fix(tmp_path, make, says):
    with pytest.raises(UserError) as refused:
        fonts.check_font_file("body", make(tmp_path))
    message = str(refused.value)
    assert message.startswith("正文（仿宋）：")
    assert says in message
    assert "请" in message


def test_a_file_chosen_in_the_settings_is_used_for_its_role_without_a_note():
    kai = bundled("kai").path
    statuses = {status.role: status for status in fonts.resolved_roles({"body": str(kai)})}
    assert list(statuses) == list(FONT_ROLES)
    assert list(fonts.role_names()) == list(FONT_ROLES)
    body = statuses["body"]
    assert (body.path, body.from_settings, body.fallback) == (kai, True, "")
    assert body.role_name == "正文（仿宋）"
    assert not statuses["title"].from_settings


def test_a_missing_chosen_file_falls_back_and_says_so(tmp_path):
    gone = tmp_path / "被删除的仿宋.ttf"
    body = fonts.resolved_roles({"body": str(gone)})[FONT_ROLES.index("body")]
    assert not body.from_settings
    assert body.path != gone
    assert str(gone) in body.fallback


def test_notes_say_which_font_is_missing_and_what_readers_see():
    song = bundled("song")
    hei_elsewhere = bundled("hei").path.with_name("elsewhere.ttc")
    statuses = [
        fonts.RoleStatus("title", "标题（小标宋）", song.path, song.label, "没有小标宋", False),
        fonts.RoleStatus(
            "heading1", "一级标题（黑体）", hei_elsewhere, "某黑体", "没有黑体", False
        ),
        fonts.RoleStatus("table", "表格（仿宋）", song.path, song.label, "", False),
    ]
    title, heading = fonts.plain_font_notes(statuses)
    assert "标题应使用方正小标宋字体" in title
    assert f"改用“{song.label}”" in title
    assert "是宋体样式，不是方正小标宋" in title
    assert "一级标题应使用黑体字体" in heading
    assert "与黑体字形相同或相近" in heading
    assert fonts.plain_font_notes(statuses[2:]) == []


def test_saving_fonts_keeps_the_other_settings_and_drops_empty_choices(services):
    settings_file = services.paths.settings_file
    settings = Settings.load(settings_file)
    settings.last_folder = "D:/公开"
    settings.backups_daily = 3
    settings.save(settings_file)

    kai = str(bundled("kai").path)
    fonts.save_fonts(services, {"heading2": kai, "body": "", "unknown": kai})

    assert fonts.load_fonts(services) == {"heading2": kai}
    on_disk = json.loads(settings_file.read_text("utf-8"))
    assert (on_disk["last_folder"], on_disk["backups_daily"]) == ("D:/公开", 3)
