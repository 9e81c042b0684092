"""Letters to applicants as PDF in the GB/T 9704 letter layout, on the report's grid and fonts.

Title in 2号 centred, the 文号 centred under it, the addressee flush left, the body on the 22 × 28
grid with a two-character indent, the 落款 laid out for a seal (its space left free) and the date.
Output is deterministic (ReportLab's invariant mode): the same letter renders to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from desktop_app.export import grid as g
from desktop_app.export.document import Closing
from desktop_app.export.fonts import FontSet
from desktop_app.export.platypus import Flowable
from desktop_app.export.report_pdf import _ReportDoc, _resolve, _with_closing, title_lines


@dataclass(frozen=True)
class LetterPage:
    title: str
    number: str  # 文号
    addressee: str  # “张三：”
    paragraphs: tuple[str, ...]
    agency: str
    date: dt.date


def letter_story(page: LetterPage, fonts: FontSet) -> list:
    number = g.break_lines(fonts, page.number, "body", justify=False)
    head = [*title_lines(fonts, page.title), *(g.place(line, "center") for line in number)]
    head += [g.Line(()), *g.break_lines(fonts, page.addressee, "body")]
    flow: list[Flowable] = [g.GridLines(head, head=len(head))]
    for text in page.paragraphs:
        flow.append(g.GridLines(g.break_lines(fonts, text, "body", indent=2 * g.PITCH_X)))
    return _with_closing(flow, fonts, Closing(page.agency, page.date), sealed=True)


def render_letter_pdf(page: LetterPage, fonts: FontSet | dict[str, str] | None = None) -> bytes:
    """The letter's PDF bytes; the caller stores them (frozen) and writes them out on export."""
    fontset = _resolve(fonts)
    out = io.BytesIO()
    doc = _ReportDoc(
        out,
        fontset,
        title=f"{page.title}（{page.number}）",
        author=page.agency,
        subject=page.title,
        keywords="",
        creator="政府信息公开工作台",
        producer="政府信息公开工作台",
    )
    doc.build(letter_story(page, fontset))
    if fontset.missing:
        raise ValueError(
            f"以下字符在已选字体中都没有，打印会显示为方框：{''.join(fontset.missing)}；"
            "请在 设置 → 字体设置 中选择覆盖这些字符的字体，或修改文书内容"
        )
    return out.getvalue()
