"""Parsed TrueType faces kept on disk between runs.

ReportLab reads every glyph's metrics out of a CJK font each time it loads one (0.1–0.3 s a face, most
of a command-line export). What it extracted is stored here once, keyed by the file's path, size and
modification time and by ReportLab's version, and read back in milliseconds; the font's bytes are not
copied (they are read from the font file, which subsetting needs anyway), nor is the glyph → characters
map, which only text shaping reads: it is rebuilt from the character → glyph map when first asked
for (storing it, one small list per glyph, made reading an entry three times slower). The cache is
only a shortcut: an unreadable or stale entry is parsed again, and a folder that cannot be written is
ignored.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from functools import cached_property
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from desktop_app.hashing import file_sha256
from desktop_app.staged import staged

log = logging.getLogger(__name__)

# Attributes rebuilt on load instead of stored: the file's bytes, a per-document state, a lambda,
# a map derived from another.
_FONT_TRANSIENT = ("face", "state")
_FACE_TRANSIENT = ("_ttf_data", "_pdfScale", "glyphToChar")
_FORMAT = 2  # of an entry's contents: 2 = without glyphToChar


def content_id(path: Path, cache_dir: Path | None) -> str:
    """SHA-256 of the font file, remembered beside the cached faces: the same face installed twice
    (bundled and in the system) is then loaded and embedded once."""
    entry = _entry(path, 0, cache_dir, ".sha256")
    if entry is not None:
        try:
            return entry.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            pass
    digest = file_sha256(path)
    if entry is not None:
        _write(entry, digest.encode("ascii"))
    return digest


def load(name: str, path: Path, index: int, cache_dir: Path | None) -> TTFont:
    """The font `name` of face `index` in `path`, from the cache when it holds this file's face."""
    entry = _entry(path, index, cache_dir, ".face")
    if entry is not None and (cached := _read(entry)) is not None:
        return _rebuild(name, *cached, path)
    font = TTFont(name, str(path), subfontIndex=index)
    if entry is not None:
        font_state = {k: v for k, v in vars(font).items() if k not in _FONT_TRANSIENT}
        face_state = {k: v for k, v in vars(font.face).items() if k not in _FACE_TRANSIENT}
        _write(entry, pickle.dumps((font_state, face_state), protocol=pickle.HIGHEST_PROTOCOL))
    return font


def _entry(path: Path, index: int, cache_dir: Path | None, suffix: str) -> Path | None:
    if cache_dir is None:
        return None
    stat = path.stat()
    key = (
        f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{index}|{reportlab.Version}|{_FORMAT}"
    )
    return cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}{suffix}"


def _read(entry: Path) -> tuple[dict, dict] | None:
    try:
        with entry.open("rb") as stream:
            return pickle.load(stream)  # our own file in the user's cache folder
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged entry is parsed again and rewritten
        log.warning("font cache entry %s unreadable; parsing the font again", entry)
        return None


def _write(entry: Path, data: bytes) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with staged(entry) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        log.info("font cache not written (%s); fonts will be parsed on every run", exc)


class _CachedFace(TTFontFace):
    """A face read back from the cache."""

    @cached_property
    def glyphToChar(self) -> dict[int, list[int]]:  # noqa: N802 - ReportLab's attribute
        """Each glyph's characters, in the order ReportLab's parser lists them."""
        glyph_to_char: dict[int, list[int]] = {}
        for char, glyph in self.charToGlyph.items():
            glyph_to_char.setdefault(glyph, []).append(char)
        return glyph_to_char


def _rebuild(name: str, font_state: dict, face_state: dict, path: Path) -> TTFont:
    """A TTFont as ReportLab's constructor leaves it, from the attributes it extracted."""
    face = object.__new__(_CachedFace)
    vars(face).update(face_state)
    face._ttf_data = path.read_bytes()  # type: ignore[attr-defined]  # ReportLab's own field
    scale = 1000 / face.unitsPerEm
    face._pdfScale = (  # type: ignore[attr-defined]  # as ReportLab's constructor sets it
        (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    )
    font = object.__new__(TTFont)
    vars(font).update(font_state)
    font.fontName, font.face, font.state = name, face, WeakKeyDictionary()
    return font
