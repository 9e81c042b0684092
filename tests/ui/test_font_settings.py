"""The 字体设置 dialog: choosing, rejecting and resetting fonts per role, and the PDF using them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
import shiboken6
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from desktop_app.domain.report_format import FORMAT_2021
from desktop_app.services import annual_reports
from desktop_app.settings import Settings
from desktop_app.ui import font_settings, tasks
from desktop_app.ui.font_settings import FontSettingsDialog

FONTS = Path(__file__).resolve().parents[2] / "desktop_app" / "resources" / "fonts"


@pytest.fixture
def kai(tmp_path) -> Path:
    """A copy of the bundled 楷体 in a folder of its own, as if the user had installed it there."""
    folder = tmp_path / "我的字体"
    folder.mkdir()
    return Path(shutil.copy(FONTS / "gkai00mp.ttf", folder / "标题字体.ttf"))


@pytest.fixture
def open_dialog(qtbot, services, monkeypatch):
    """A dialog whose file chooser returns `picked[0]`; waits until the first resolve is shown."""
    picked: list[str] = [""]
    monkeypatch.setattr(font_settings, "choose_font_file", lambda _parent, _title: picked[0])

    def make() -> tuple[FontSettingsDialog, list[str]]:
        dialog = FontSettingsDialog(services)
        qtbot.addWidget(dialog)
        wait(qtbot, dialog)
        return dialog, picked

    return make


def wait(qtbot, dialog: FontSettingsDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)


def saved_fonts(services) -> dict[str, str]:
    return Settings.load(services.paths.settings_file).fonts


def latin_only_font(path: Path) -> Path:
    """A valid TrueType file with only the letter A: usable outlines, but no Chinese."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({ord("A"): "A"})
    pen = TTGlyphPen(None)
    for x, y in ((0, 0), (500, 700), (1000, 0)):
        (pen.moveTo if (x, y) == (0, 0) else pen.lineTo)((x, y))
    pen.closePath()
    glyph = pen.glyph()
    builder.setupGlyf({".notdef": glyph, "A": glyph})
    builder.setupHorizontalMetrics({".notdef": (1000, 0), "A": (1000, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "OnlyA", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def test_rows_show_every_role_and_the_fallback_note(open_dialog):
    dialog, _ = open_dialog()
    assert list(dialog.rows) == ["title", "body", "heading1", "heading2", "table"]
    title = dialog.statuses["title"]
    assert dialog.rows["title"].font.text().startswith(title.label)
    # Whatever this machine has, a fallback note is shown exactly when the resolver gave one.
    for role, status in dialog.statuses.items():
        assert dialog.rows[role].note.isVisibleTo(dialog) == bool(status.fallback)
        assert dialog.rows[role].note.text() == status.fallback


def test_choosing_a_file_saves_it_and_the_next_resolve_uses_it(qtbot, open_dialog, services, kai):
    dialog, picked = open_dialog()
    before = dialog.statuses["title"]
    picked[0] = str(kai)
    dialog.rows["title"].choose.click()
    wait(qtbot, dialog)
    assert saved_fonts(services) == {}  # nothing is written before 确定
    assert dialog.statuses["title"].path == kai != before.path
    assert dialog.rows["title"].font.text().endswith("（已选择）")
    assert not dialog.rows["title"].note.isVisibleTo(dialog)
    assert dialog.rows["title"].reset.isEnabled()
    dialog.accept()
    wait(qtbot, dialog)
    assert saved_fonts(services) == {"title": str(kai)}
    reopened, _ = open_dialog()  # a fresh dialog resolves from the saved settings
    assert reopened.statuses["title"].path == kai
    assert reopened.statuses["title"].from_settings
    assert reopened.statuses["body"] == dialog.statuses["body"]


def test_non_font_file_shows_the_message_and_saves_nothing(qtbot, open_dialog, services, tmp_path):
    bad = tmp_path / "说明.ttf"
    bad.write_text("这不是字体", encoding="utf-8")
    dialog, picked = open_dialog()
    picked[0] = str(bad)
    dialog.rows["body"].choose.click()
    wait(qtbot, dialog)
    note = dialog.rows["body"].note
    assert note.isVisibleTo(dialog)
    assert "正文" in note.text()
    assert "TrueType" in note.text()
    assert "请选择 .ttf" in note.text()
    assert dialog.fonts == {}
    dialog.accept()
    wait(qtbot, dialog)
    assert saved_fonts(services) == {}


def test_a_latin_only_font_is_refused_for_a_chinese_role(qtbot, open_dialog, services, tmp_path):
    dialog, picked = open_dialog()
    picked[0] = str(latin_only_font(tmp_path / "onlya.ttf"))
    dialog.rows["heading1"].choose.click()
    wait(qtbot, dialog)
    assert "一级标题" in dialog.rows["heading1"].note.text()
    assert "不含汉字" in dialog.rows["heading1"].note.text()
    assert dialog.fonts == {}


def test_restore_automatic_removes_the_entry(qtbot, open_dialog, services, kai):
    Settings(fonts={"title": str(kai), "body": str(kai)}, last_folder="D:/报告").save(
        services.paths.settings_file
    )
    dialog, _ = open_dialog()
    assert dialog.statuses["body"].path == kai
    dialog.rows["body"].reset.click()
    wait(qtbot, dialog)
    assert dialog.statuses["body"].path != kai
    assert not dialog.rows["body"].reset.isEnabled()
    dialog.accept()
    wait(qtbot, dialog)
    saved = Settings.load(services.paths.settings_file)
    assert saved.fonts == {"title": str(kai)}
    assert saved.last_folder == "D:/报告"  # the other settings survive


def test_cancel_leaves_the_settings_untouched(qtbot, open_dialog, services, kai, tmp_path):
    Settings(fonts={"body": str(kai)}).save(services.paths.settings_file)
    before = services.paths.settings_file.read_bytes()
    dialog, picked = open_dialog()
    picked[0] = str(shutil.copy(FONTS / "gbsn00lp.ttf", tmp_path / "宋体.ttf"))
    dialog.rows["title"].choose.click()
    wait(qtbot, dialog)
    dialog.rows["body"].reset.click()
    wait(qtbot, dialog)
    dialog.reject()
    assert services.paths.settings_file.read_bytes() == before


def title_font(pdf_path: Path) -> str:
    """The font of the title: the largest characters on page 1 (subset prefix removed)."""
    with pdfplumber.open(pdf_path) as pdf:
        chars = pdf.pages[0].chars
    biggest = max(c["size"] for c in chars)
    names = {c["fontname"].split("+", 1)[-1] for c in chars if c["size"] == biggest}
    assert len(names) == 1, names
    return names.pop()


def test_the_pdf_export_embeds_the_chosen_font(qtbot, open_dialog, services, kai, tmp_path):
    report = annual_reports.create(services, 2025, FORMAT_2021)
    chosen_name = str(TTFont(str(kai), lazy=True)["name"].getDebugName(6))
    before = annual_reports.preview_pdf(services, report, "filing", tmp_path / "前.pdf")
    assert title_font(before.path) != chosen_name
    dialog, picked = open_dialog()
    picked[0] = str(kai)
    dialog.rows["title"].choose.click()
    wait(qtbot, dialog)
    dialog.accept()
    wait(qtbot, dialog)
    after = annual_reports.preview_pdf(services, report, "filing", tmp_path / "后.pdf")
    assert title_font(after.path) == chosen_name
    assert not any(note.startswith("标题") for note in after.fallbacks)


def test_the_settings_menu_opens_the_dialog(window, monkeypatch):
    opened: list[FontSettingsDialog] = []
    monkeypatch.setattr(FontSettingsDialog, "exec", lambda self: opened.append(self) or 0)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "工具(&T)")
    action = next(a for a in menu.actions() if a.text() == "字体设置…")
    action.trigger()
    assert len(opened) == 1
    assert opened[0].windowTitle() == "字体设置"
    assert opened[0].parent() is window


def test_a_saved_file_that_is_gone_is_reported_and_can_be_reset(
    qtbot, open_dialog, services, tmp_path
):
    gone = tmp_path / "已删除的仿宋.ttf"
    Settings(fonts={"body": str(gone)}).save(services.paths.settings_file)
    dialog, _ = open_dialog()
    note = dialog.rows["body"].note
    assert note.isVisibleTo(dialog)
    assert str(gone) in note.text()
    assert dialog.statuses["body"].path != gone
    assert dialog.rows["body"].reset.isEnabled()
    dialog.rows["body"].reset.click()
    wait(qtbot, dialog)
    assert str(gone) not in dialog.rows["body"].note.text()
    dialog.accept()
    wait(qtbot, dialog)
    assert saved_fonts(services) == {}


def test_closing_the_dialog_while_it_still_looks_for_fonts_is_harmless(qtbot, services):
    dialog = FontSettingsDialog(services)
    assert dialog.resolving
    shiboken6.delete(dialog)  # what deleteLater does once the user closed it
    qtbot.waitUntil(lambda: not tasks.pending(), timeout=15_000)  # the late result goes nowhere


def test_nothing_can_be_chosen_or_saved_before_the_settings_are_read(qtbot, services, kai):
    """A choice made before the saved ones arrive would save over them."""
    Settings(fonts={"body": str(kai)}).save(services.paths.settings_file)
    dialog = FontSettingsDialog(services)
    qtbot.addWidget(dialog)
    assert dialog.busy  # the settings file is read in the background, with the fonts
    assert not any(row.choose.isEnabled() for row in dialog.rows.values())
    wait(qtbot, dialog)
    assert dialog.fonts == {"body": str(kai)}
    assert all(row.choose.isEnabled() for row in dialog.rows.values())
    assert dialog.rows["body"].reset.isEnabled()
    assert not dialog.rows["title"].reset.isEnabled()
