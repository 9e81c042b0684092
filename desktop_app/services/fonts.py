"""Font settings for the 字体设置 dialog: the font each role resolves to now, checking a candidate
file, and saving the user's choices (the dialog never reaches into desktop_app.export itself)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.errors import UserError
from desktop_app.export.fonts import (
    BUNDLED_BY_ROLE,
    ROLE_NAMES,
    FontFile,
    bundled,
    is_truetype,
    resolve_fonts,
)
from desktop_app.settings import FONT_ROLES, Settings

if TYPE_CHECKING:
    from desktop_app.services.context import Services

# A face for a Chinese document must draw these; a Latin-only TrueType file would print boxes.
_SAMPLE_CHARS = "政府信息公开工作年度报告"


@dataclass(frozen=True)
class RoleStatus:
    """What the export would use for one role; `fallback` is the Chinese note when it is not the
    proper face (empty when it is, or when the user's own file is used)."""

    role: str
    role_name: str
    path: Path
    label: str
    fallback: str
    from_settings: bool


def role_names() -> dict[str, str]:
    """The user-facing roles in dialog order, role → Chinese name."""
    return {role: ROLE_NAMES[role] for role in FONT_ROLES}


def resolved_roles(user: dict[str, str]) -> list[RoleStatus]:
    """Resolve like the PDF export does (settings → Windows → Linux → bundled). Scans fc-list and
    reads font files: slow enough (~0.2 s) to belong on a background thread."""
    fonts = resolve_fonts(user)
    out = []
    for role in FONT_ROLES:
        found = fonts.roles[role]
        chosen = user.get(role)
        from_settings = chosen is not None and bool(chosen) and Path(chosen) == found.file.path
        label = found.file.label or found.file.path.name
        out.append(
            RoleStatus(
                role, ROLE_NAMES[role], found.file.path, label, found.fallback, from_settings
            )
        )
    return out


# The face each role should have, and the look of each bundled stand-in, in words users know.
_PROPER_FACE = {
    "title": "方正小标宋",
    "body": "仿宋",
    "heading1": "黑体",
    "heading2": "楷体",
    "table": "仿宋",
}
_BUNDLED_LOOK = {"song": "宋体", "kai": "楷体", "hei": "黑体"}


def plain_font_notes(statuses: list[RoleStatus]) -> list[str]:
    """For each role printed with a stand-in font: which font was missing, what is used instead
    and what the reader will see, in plain words (empty when every proper face is there)."""
    notes = []
    for status in statuses:
        if not status.fallback:
            continue
        part = status.role_name.split("（")[0]
        proper = _PROPER_FACE[status.role]
        face = BUNDLED_BY_ROLE[status.role]
        if status.path == bundled(face).path and _BUNDLED_LOOK[face] != proper:
            seen = f"是{_BUNDLED_LOOK[face]}样式，不是{proper}，字形看起来略有不同"
        else:
            seen = f"与{proper}字形相同或相近"
        notes.append(
            f"{part}应使用{proper}字体，本机没有找到，这次改用“{status.label}”。"
            f"读者看到的{part}{seen}；文字、字号和排版都不变。"
        )
    return notes


def check_font_file(role: str, path: str | Path) -> Path:
    """The file as a usable font for `role`, or UserError naming the role and what to choose."""
    name = ROLE_NAMES[role]
    file = Path(path)
    if not file.is_file():
        raise UserError(f"{name}：找不到文件 {file}，请重新选择字体文件")
    if not is_truetype(FontFile(file)):
        raise UserError(
            f"{name}：{file.name} 不是可嵌入 PDF 的 TrueType 字体（OpenType/CFF 轮廓或非字体文件"
            "无法使用），请选择 .ttf 文件或含 TrueType 轮廓的 .ttc 文件"
        )
    cmap = _cmap(file)
    missing = [ch for ch in _SAMPLE_CHARS if ord(ch) not in cmap]
    if missing:
        raise UserError(
            f"{name}：{file.name} 不含汉字（缺少“{''.join(missing[:4])}”等字），"
            "请选择中文字体，如仿宋_GB2312、方正小标宋简体、黑体或楷体"
        )
    return file


def _cmap(file: Path) -> set[int]:
    from fontTools.ttLib import TTFont as FtFont  # noqa: PLC0415 - the dialog only, not exports

    font = FtFont(str(file), fontNumber=0, lazy=True)
    try:
        return set(font.getBestCmap() or {})
    finally:
        font.close()


def load_fonts(services: Services) -> dict[str, str]:
    return dict(Settings.load(services.paths.settings_file).fonts)


def save_fonts(services: Services, fonts: dict[str, str]) -> None:
    """Replace only the font choices; the other settings are re-read so nothing else is lost."""
    settings = Settings.load(services.paths.settings_file)
    settings.fonts = {role: fonts[role] for role in FONT_ROLES if fonts.get(role)}
    settings.save(services.paths.settings_file)
