"""GB/T 9704 page geometry and the 22 × 28 grid: CJK line breaking, Tc justification, flowable."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from desktop_app.export.fonts import FontSet
from desktop_app.export.platypus import Flowable

PAGE_W, PAGE_H = A4
TYPE_LEFT, TYPE_TOP = 28 * mm, 37 * mm  # 订口 and 天头
TYPE_W, TYPE_H = 156 * mm, 225 * mm  # 版心
LINES, CHARS = 22, 28
PITCH_Y = TYPE_H / LINES  # line pitch of the grid
PITCH_X = TYPE_W / CHARS  # character pitch: 28 × 16 pt would overflow the 156 mm measure
SIZE_3 = 16.0  # 3号
SIZE_2 = 22.0  # 2号
SIZE_4 = 14.0  # 4号
GRID_CS = PITCH_X - SIZE_3  # character spacing (Tc) that puts a full-width character on the pitch
EPS = 0.01

# Kinsoku: characters a line may not start with, and ones it may not end with.
NO_START = set("，。、；：？！）」』》】〕〉”’…—·%‰,.;:?!)]}")
NO_END = set("（「『《【〔〈“‘([{")


@dataclass(frozen=True)
class Line:
    """One grid line: runs of (font name, text) drawn from x with character spacing cs."""

    runs: tuple[tuple[str, str], ...]
    size: float = SIZE_3
    x: float = 0.0
    cs: float = GRID_CS

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.runs)


def _glyphs(
    fonts: FontSet, pieces: tuple[tuple[str, str], ...], size: float
) -> list[tuple[str, str, float]]:
    """(character, font, width) of each character of the (text, role) pieces."""
    return [
        (ch, font, width(ch, size))
        for text, role in pieces
        for font, run in fonts.runs(text, role)
        for width in (getFont(font).stringWidth,)  # what stringWidth() looks up per call
        for ch in run
    ]


def _runs(glyphs: list[tuple[str, str, float]]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for ch, font, _ in glyphs:
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return tuple(out)


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _break_at(glyphs: list[tuple[str, str, float]], start: int, end: int) -> int:
    """Move a break back so no line starts/ends with forbidden punctuation or splits a number."""
    b = end
    while b > start + 1:
        nxt, prev = glyphs[b][0], glyphs[b - 1][0]
        if nxt in NO_START or prev in NO_END or (_is_word(nxt) and _is_word(prev)):
            b -= 1
        else:
            return b
    return end  # a line of nothing but unbreakable text: break where it overflows


def break_lines(
    fonts: FontSet,
    text: str,
    role: str,
    size: float = SIZE_3,
    indent: float = 0.0,
    measure: float = TYPE_W,
    justify: bool = True,
    pieces: tuple[tuple[str, str], ...] = (),
) -> list[Line]:
    """Fill lines on the character pitch; all but the last line are justified to the measure.

    `pieces` ((text, role), …) replace text and role for a line set in more than one face."""
    glyphs = _glyphs(fonts, pieces or ((text, role),), size)
    cs_grid = PITCH_X * size / SIZE_3 - size
    lines, start, x = [], 0, indent
    while start < len(glyphs):
        used, end = 0.0, start
        while end < len(glyphs) and used + glyphs[end][2] + cs_grid <= measure - x + EPS:
            used += glyphs[end][2] + cs_grid
            end += 1
        end = max(end, start + 1)
        if end < len(glyphs):
            end = _break_at(glyphs, start, end)
        part = glyphs[start:end]
        cs = cs_grid
        if justify and end < len(glyphs) and len(part) > 1:
            cs = (measure - x - sum(g[2] for g in part)) / (len(part) - 1)
        lines.append(Line(_runs(part), size, x, cs))
        start, x = end, 0.0
    return lines


def line_width(line: Line) -> float:
    """Width from the first glyph's left edge to the last glyph's right edge."""
    n = sum(len(t) for _, t in line.runs)
    return sum(stringWidth(t, f, line.size) for f, t in line.runs) + line.cs * max(n - 1, 0)


def place(line: Line, align: str, inset: float = 0.0) -> Line:
    """A line aligned in the measure: "center", or "right" with an inset from the right edge."""
    width = line_width(line)
    x = (TYPE_W - width) / 2 if align == "center" else TYPE_W - inset - width
    return Line(line.runs, line.size, x, line.cs)


def _subset_pieces(canv: object, font_name: str, run: str) -> list[str]:
    """The run cut where ReportLab switches to another 256-glyph subset of a TrueType font."""
    font = getFont(font_name)
    if not getattr(font, "_dynamicFont", False):
        return [run]
    pieces, start = [], 0
    for _subset, encoded in font.splitString(run, canv._doc):  # type: ignore[attr-defined]  # noqa: SLF001 - a TTFont, the PDF's document
        pieces.append(run[start : start + len(encoded)])
        start += len(encoded)
    return pieces


class GridLines(Flowable):
    """Lines on the page grid: snaps its top to the next grid line, splits between lines."""

    def __init__(self, lines: list[Line], head: int = 1, tail: int = 1) -> None:
        """`head` lines stay together at the top (headings with their first text line),
        `tail` at the end
        (the last body line with the 落款)."""
        super().__init__()
        self.lines = lines
        self.head, self.tail = head, tail
        self._offset = 0.0

    def _snap(self, avail_height: float) -> float:
        used = TYPE_H - avail_height
        offset = (-used) % PITCH_Y
        return 0.0 if offset < EPS or PITCH_Y - offset < EPS else offset

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._offset = self._snap(ah)
        self.width, self.height = TYPE_W, self._offset + len(self.lines) * PITCH_Y
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        fit = min(int((ah - self._snap(ah)) / PITCH_Y + EPS), len(self.lines) - self.tail)
        if fit < max(self.head, 1):
            return []
        if fit >= len(self.lines):
            return [self]
        return [
            GridLines(self.lines[:fit]),
            GridLines(self.lines[fit:], 1, min(self.tail, len(self.lines) - fit)),
        ]

    def draw(self) -> None:
        canv = self.canv
        for i, line in enumerate(self.lines):
            if not line.runs:
                continue
            # Baseline: glyphs centred in the grid cell (CJK faces reach 0.12 em below it).
            y = (
                self.height
                - self._offset
                - (i + 1) * PITCH_Y
                + (PITCH_Y - line.size) / 2
                + 0.12 * line.size
            )
            text = canv.beginText(line.x, y)
            text.setCharSpace(line.cs)
            x = line.x
            for font, run in line.runs:
                text.setFont(font, line.size)
                for piece in _subset_pieces(canv, font, run):
                    # Each piece placed where the grid puts it: readers disagree on whether the
                    # character spacing follows the last glyph before a change of font subset.
                    text.setTextOrigin(x, y)
                    text.textOut(piece)
                    x += stringWidth(piece, font, line.size) + line.cs * len(piece)
            canv.drawText(text)
