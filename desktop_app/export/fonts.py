"""Fonts by role for the PDF export: settings → Windows → Linux → bundled; per-run fallback."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from desktop_app.paths import AppPaths
from desktop_app.settings import FONT_ROLES

PAGE_NUMBER = "page_number"  # internal role: 4号 宋体 page numbers, not a user setting
ROLE_NAMES = {
    "title": "标题（小标宋）",
    "body": "正文（仿宋）",
    "heading1": "一级标题（黑体）",
    "heading2": "二级标题（楷体）",
    "table": "表格（仿宋）",
    PAGE_NUMBER: "页码（宋体）",
}
_FANGSONG = (("FS_GB2312.ttf", 0), ("仿宋_GB2312.ttf", 0), ("simfang.ttf", 0))
_SONG = (("simsun.ttc", 0), ("simsun.ttf", 0))
# Windows file names per role, best first.
WINDOWS_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    "title": (("FZXBSJW.TTF", 0), ("FZXBSK.TTF", 0), ("方正小标宋简体.ttf", 0)),
    "body": _FANGSONG,
    "heading1": (("simhei.ttf", 0),),
    "heading2": (("KAI_GB2312.ttf", 0), ("楷体_GB2312.ttf", 0), ("simkai.ttf", 0)),
    "table": _FANGSONG,
    PAGE_NUMBER: _SONG,
}
# fontconfig family names per role (Linux), best first.
LINUX_FAMILIES: dict[str, tuple[str, ...]] = {
    "title": ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "FZXiaoBiaoSong-B05"),
    "body": ("FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋"),
    "heading1": ("SimHei", "黑体", "WenQuanYi Micro Hei"),
    "heading2": ("KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "LXGW WenKai", "AR PL KaitiM GB"),
    "table": ("FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋"),
    PAGE_NUMBER: ("SimSun", "宋体", "AR PL SungtiL GB"),
}
BUNDLED = {
    "song": ("gbsn00lp.ttf", 0, "AR PL SungtiL GB（文鼎简报宋，内置）"),
    "kai": ("gkai00mp.ttf", 0, "AR PL KaitiM GB（文鼎简中楷，内置）"),
    "hei": ("wqy-microhei.ttc", 0, "WenQuanYi Micro Hei（文泉驿微米黑，内置）"),
}
# Bundled face per role when nothing on the machine fits; 仿宋 and 小标宋 have no open substitute.
BUNDLED_BY_ROLE = {
    "title": "song",
    "body": "song",
    "heading1": "hei",
    "heading2": "kai",
    "table": "song",
    PAGE_NUMBER: "song",
}
# Fonts with (nearly) full CJK coverage, tried for characters the role's font lacks.
FULL_COVERAGE_WINDOWS = (("simsun.ttc", 0), ("simhei.ttf", 0), ("simfang.ttf", 0))


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0
    label: str = ""


@dataclass(frozen=True)
class RoleFont:
    """The font chosen for a role; `fallback` says (in Chinese) why it is not the proper face."""

    role: str
    name: str  # ReportLab registration name
    file: FontFile
    fallback: str = ""


@dataclass
class FontSet:
    """Resolved fonts by role plus the ordered per-character fallback chain."""

    roles: dict[str, RoleFont]
    chain: tuple[RoleFont, ...]
    missing: dict[str, None] = field(default_factory=dict)  # ordered set of uncovered characters

    def name(self, role: str) -> str:
        return self.roles[role].name

    @property
    def fallbacks(self) -> list[str]:
        return [f.fallback for f in self.roles.values() if f.fallback]

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """Split text into (font, text) runs: the role's font, else the first chain font with it."""
        primary = self.roles[role].name
        covered = _cmap(primary)
        if covered.issuperset(map(ord, text)):  # most text: the role's font has every character
            return [(primary, text)] if text else []
        out: list[tuple[str, str]] = []
        for ch in text:
            font = primary if ord(ch) in covered else self._font_for(ch, primary)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def _font_for(self, ch: str, primary: str) -> str:
        if ch.isspace() or has_char(primary, ch):
            return primary
        for candidate in self.chain:
            if has_char(candidate.name, ch):
                return candidate.name
        self.missing[ch] = None  # drawn with the primary font (a box) and reported, never dropped
        return primary


@lru_cache(maxsize=64)
def _cmap(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415 - see register

    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]  # a registered TTFont


def has_char(name: str, ch: str) -> bool:
    return ord(ch) in _cmap(name)


def is_truetype(file: FontFile) -> bool:
    """ReportLab embeds TrueType outlines only; OpenType/CFF files are skipped."""
    try:
        tables = _sfnt_tables(file.path, file.index)
    except (OSError, struct.error):  # unreadable or cut short: the file simply does not qualify
        return False
    return {b"glyf", b"cmap"} <= tables


def _sfnt_tables(path: Path, index: int) -> set[bytes]:
    """The table tags of face `index` in a .ttf/.ttc file, read from its directory alone (what
    fontTools would parse; reading 1 KB here keeps fontTools off the export's start-up)."""
    with path.open("rb") as stream:
        head = stream.read(12)
        if head[:4] == b"ttcf":  # a collection; a single face ignores the index, as fontTools does
            (faces,) = struct.unpack(">I", head[8:12])
            if not 0 <= index < faces:
                return set()
            stream.seek(12 + 4 * index)
            (offset,) = struct.unpack(">I", stream.read(4))
            stream.seek(offset)
            head = stream.read(12)
        if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
            return set()
        (count,) = struct.unpack(">H", head[4:6])
        directory = stream.read(16 * count)
        return {directory[i : i + 4] for i in range(0, len(directory) - 15, 16)}


@lru_cache(maxsize=32)
def register(path: str, index: int) -> str:
    """Register a face once per process under a name derived from the file's content and the
    subfont index: the bundled and the system copy of one font are the same face."""
    # ReportLab once a font is registered, not with this module: the window lists the roles' fonts
    # (font settings, report tab) and starts without ReportLab
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415

    from desktop_app.export import font_cache  # noqa: PLC0415

    cache = font_cache_dir()
    name = f"DD{font_cache.content_id(Path(path), cache)[:10]}{index}"
    if name not in _registered:
        pdfmetrics.registerFont(font_cache.load(name, Path(path), index, cache))
        _registered.add(name)
    return name


_registered: set[str] = set()


def font_cache_dir() -> Path:
    return AppPaths.resolve().cache_dir / "fonts"


def windows_font_dirs() -> list[Path]:
    dirs = []
    if windir := os.environ.get("WINDIR"):
        dirs.append(Path(windir) / "Fonts")
    if local := os.environ.get("LOCALAPPDATA"):  # fonts installed for one user only (Windows 10+)
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [d for d in dirs if d.is_dir()]


def _find_windows(names: tuple[tuple[str, int], ...]) -> list[FontFile]:
    found = []
    for folder in windows_font_dirs():
        lower = {p.name.lower(): p for p in folder.iterdir()}
        for fname, index in names:
            if p := lower.get(fname.lower()):
                found.append(FontFile(p, index, p.name))
    return found


_listing: subprocess.Popen[str] | None = None  # fc-list started ahead, not read yet


def _start_fc_list() -> subprocess.Popen[str] | None:
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        return subprocess.Popen(
            [exe, "--format", "%{file}\t%{index}\t%{family}\n"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
    except OSError:
        return None


def list_system_fonts_ahead() -> None:
    """Start fontconfig's listing of the system fonts now, to be read when fonts are resolved:
    meanwhile it runs on another core (≈ 30 ms a command-line export otherwise waits for)."""
    global _listing
    if _listing is None and not _fc_list.cache_info().currsize:
        _listing = _start_fc_list()


@lru_cache(maxsize=1)
def _fc_list() -> tuple[tuple[str, int, tuple[str, ...]], ...]:
    """(file, index, family names) of every font fontconfig knows; empty without fc-list."""
    global _listing
    listing, _listing = _listing or _start_fc_list(), None
    if listing is None:
        return ()
    try:
        out, _ = listing.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        listing.kill()
        listing.communicate()
        return ()
    rows = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1].isdigit():
            rows.append((parts[0], int(parts[1]), tuple(f.strip() for f in parts[2].split(","))))
    return tuple(rows)


def _find_linux(families: tuple[str, ...]) -> list[FontFile]:
    found = []
    for family in families:
        for path, index, names in _fc_list():
            if family in names:
                found.append(FontFile(Path(path), index, family))
    return found


def bundled(face: str) -> FontFile:
    fname, index, label = BUNDLED[face]
    path = resources.files("desktop_app.resources") / "fonts" / fname
    return FontFile(Path(str(path)), index, label)


def _pick(candidates: list[FontFile]) -> FontFile | None:
    return next((c for c in candidates if c.path.is_file() and is_truetype(c)), None)


def _resolve_role(role: str, user: dict[str, str], notes: list[str]) -> RoleFont:
    if path := user.get(role):
        chosen = _pick([FontFile(Path(path), 0, Path(path).name)])
        if chosen:
            return RoleFont(role, register(str(chosen.path), 0), chosen)
        notes.append(
            f"{ROLE_NAMES[role]}：设置中的字体文件 {path} 不存在或不是 TrueType 字体，"
            "已改用其他字体"
        )
    chosen = _pick(_find_windows(WINDOWS_FILES[role]) + _find_linux(LINUX_FAMILIES[role]))
    if chosen:
        return RoleFont(role, register(str(chosen.path), chosen.index), chosen, _join(notes))
    chosen = bundled(BUNDLED_BY_ROLE[role])
    reason = f"{ROLE_NAMES[role]}：本机没有合适的字体，已改用{chosen.label}"
    return RoleFont(role, register(str(chosen.path), chosen.index), chosen, _join([*notes, reason]))


def _join(notes: list[str]) -> str:
    return "；".join(notes)


def resolve_fonts(user: dict[str, str] | None = None) -> FontSet:
    """Resolve every role; `user` maps a role to a font file the user chose in the settings."""
    user = user or {}
    roles = {}
    for role in (*FONT_ROLES, PAGE_NUMBER):
        roles[role] = _resolve_role(role, user, [])
    chain_files = [f for f in _find_windows(FULL_COVERAGE_WINDOWS) if is_truetype(f)] + [
        bundled("hei")
    ]
    chain = tuple(RoleFont("fallback", register(str(f.path), f.index), f) for f in chain_files)
    return FontSet(roles, chain)
