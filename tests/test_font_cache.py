"""Font faces cached on disk: the same PDF from a cached face as from a parsed one, damaged or
unwritable caches fall back to parsing, and one face installed twice is registered once."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from desktop_app.export import font_cache, fonts

SONG = fonts.bundled("song").path
TEXT = "政府信息公开工作年度报告 2024 年，全文 12 页。"


def pdf_with(font) -> bytes:
    pdfmetrics.registerFont(font)
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.setFont(font.fontName, 16)
    page.drawString(72, 720, TEXT)
    page.save()
    return out.getvalue()


def test_a_cached_face_prints_the_same_pdf_as_a_parsed_one(tmp_path):
    cache = tmp_path / "cache"
    parsed = font_cache.load("CacheTestA", SONG, 0, cache)
    assert len(list(cache.glob("*.face"))) == 1
    cached = font_cache.load("CacheTestB", SONG, 0, cache)
    assert cached.face is not parsed.face
    assert pdf_with(parsed).replace(b"CacheTestA", b"CacheTestB") == pdf_with(cached)
    assert cached.stringWidth(TEXT, 12) == parsed.stringWidth(TEXT, 12)


def test_a_damaged_entry_is_parsed_again_and_rewritten(tmp_path):
    cache = tmp_path / "cache"
    font_cache.load("CacheTestC", SONG, 0, cache)
    (entry,) = cache.glob("*.face")
    entry.write_bytes(b"not a pickle")
    font = font_cache.load("CacheTestC", SONG, 0, cache)
    assert font.face.charToGlyph[ord("政")]
    assert entry.read_bytes() != b"not a pickle"


def test_a_cache_folder_that_cannot_be_written_is_ignored(tmp_path):
    blocked = tmp_path / "file-in-the-way"
    blocked.write_text("")
    font = font_cache.load("CacheTestD", SONG, 0, blocked / "fonts")
    assert font.face.charToGlyph[ord("政")]
    assert font_cache.content_id(SONG, blocked / "fonts") == font_cache.content_id(SONG, None)


def test_a_changed_font_file_is_not_answered_from_the_cache(tmp_path):
    cache, copy = tmp_path / "cache", tmp_path / "font.ttf"
    shutil.copy(SONG, copy)
    before = font_cache.content_id(copy, cache)
    shutil.copy(fonts.bundled("kai").path, copy)
    assert font_cache.content_id(copy, cache) != before
    assert font_cache.load("CacheTestE", copy, 0, cache).face.familyName != (
        font_cache.load("CacheTestF", SONG, 0, cache).face.familyName
    )


def test_one_face_in_two_places_is_registered_once(tmp_path):
    copy = Path(tmp_path / "elsewhere" / SONG.name)
    copy.parent.mkdir()
    shutil.copy(SONG, copy)
    assert fonts.register(str(copy), 0) == fonts.register(str(SONG), 0)


def test_a_cached_face_maps_each_glyph_back_to_its_characters(tmp_path):
    """Text shaping asks which character a glyph shows; the cache rebuilds that map on demand."""
    cache = tmp_path / "cache"
    hei = fonts.bundled("hei")
    parsed = font_cache.load("CacheTestE", hei.path, hei.index, cache)
    cached = font_cache.load("CacheTestF", hei.path, hei.index, cache)
    assert "glyphToChar" not in vars(cached.face)  # not read from the entry
    rebuilt, original = cached.face.glyphToChar, parsed.face.glyphToChar
    assert {c for chars in rebuilt.values() for c in chars} == set(cached.face.charToGlyph)
    assert all(rebuilt[g][0] == original[g][0] for g in rebuilt)
    assert cached.face.glyphToChar is rebuilt  # built once


def test_system_fonts_listed_ahead_are_the_ones_listed_when_asked():
    """`report export` starts fontconfig's listing early and reads it when resolving fonts."""
    fonts._fc_list.cache_clear()
    asked = fonts._fc_list()
    fonts._fc_list.cache_clear()
    fonts.list_system_fonts_ahead()
    started = fonts._listing
    assert (started is not None) == (shutil.which("fc-list") is not None)
    assert fonts._fc_list() == asked
    assert fonts._listing is None  # read once, not left running
    if started is not None:
        assert started.returncode == 0
    fonts.list_system_fonts_ahead()  # the listing is known: nothing is started again
    assert fonts._listing is None
