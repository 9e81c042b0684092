"""Export the report `Document` to an official-format PDF (GB/T 9704-2012): data in, file out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop_app.domain.catalog import FIELD_LABELS
from desktop_app.export import grid as g
from desktop_app.export.document import (
    COPIES,
    COPY_FILING,
    COPY_WEB,
    DRAFT_MARK,
    Cell,
    Closing,
    Document,
    Heading,
    Paragraph,
    Table,
)
from desktop_app.export.fonts import PAGE_NUMBER, FontSet, resolve_fonts
from desktop_app.export.pdf_table import render_table
from desktop_app.export.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
)
from desktop_app.export.platypus import Table as RLTable
from desktop_app.export.signing import Certificate, sign_pdf
from desktop_app.hashing import file_sha256
from desktop_app.staged import staged

HEADING_ROLES = {1: "heading1", 2: "heading2"}  # levels 3 and 4 are set in the body's 仿宋
PAGE_NUMBER_GAP = 7 * mm  # 一字线 7 mm under the 版心
# Blank lines above the sealed copy's 落款: the seal's top lies within one line of the body.
SEAL_LINES = 2


@dataclass(frozen=True)
class PdfExportResult:
    path: Path
    sha256: str
    pages: int
    fallbacks: tuple[str, ...]
    missing_chars: tuple[str, ...]
    signed: bool = False


def _blank(n: int = 1) -> g.GridLines:
    return g.GridLines([g.Line(()) for _ in range(n)])


def title_lines(fonts: FontSet, title: str) -> list[g.Line]:
    """The title in 2号, centred; a long title in balanced lines, shorter above (trapezoid)."""
    one = g.break_lines(fonts, title, "title", g.SIZE_2, justify=False)
    if len(one) == 1:
        return [g.place(one[0], "center")]
    n = len(one)
    glyphs = g.break_lines(fonts, title, "title", g.SIZE_2, measure=1e9, justify=False)[0]
    total = g.line_width(glyphs)
    lines, rest = [], title
    for k in range(n, 1, -1):
        target = total * (1 / k) if k == n else g.line_width(_single(fonts, rest)) / k
        cut = _balanced_cut(fonts, rest, target)
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return [g.place(_single(fonts, t), "center") for t in lines]


def _single(fonts: FontSet, text: str) -> g.Line:
    return g.break_lines(fonts, text, "title", g.SIZE_2, measure=1e9, justify=False)[0]


def _balanced_cut(fonts: FontSet, text: str, target: float) -> int:
    """Cut nearest to `target`, not inside a number, not before closing punctuation."""
    best, best_score = 1, float("inf")
    for cut in range(1, len(text)):
        prev, nxt = text[cut - 1], text[cut]
        if nxt in g.NO_START or prev in g.NO_END or (g._is_word(prev) and g._is_word(nxt)):  # noqa: SLF001 - grid's word test
            continue
        width = g.line_width(_single(fonts, text[:cut]))
        score = abs(width - target) + (0 if width <= target + g.PITCH_X else 1000)
        if prev in "局府会委院年的于":  # breaking after a name or the year reads with sense
            score -= g.PITCH_X * 1.5
        if score < best_score:
            best, best_score = cut, score
    return best


def _text_lines(fonts: FontSet, text: str, role: str, justify: bool = True) -> list[g.Line]:
    return g.break_lines(fonts, text, role, indent=2 * g.PITCH_X, justify=justify)


def _paragraph_lines(fonts: FontSet, block: Paragraph) -> list[g.Line]:
    """A paragraph; a run-in heading opens it in its heading font, on the same lines."""
    if not block.run_in:
        return _text_lines(fonts, block.text, "body")
    role = HEADING_ROLES.get(block.level, "body")
    pieces = ((block.run_in, role), (block.text, "body"))
    return g.break_lines(fonts, "", "body", indent=2 * g.PITCH_X, pieces=pieces)


def closing_lines(fonts: FontSet, closing: Closing, sealed: bool) -> list[g.Line]:
    """落款 and 成文日期 placed as GB/T 9704 says for a sealed and an unsealed copy."""
    date = f"{closing.date.year}年{closing.date.month}月{closing.date.day}日"
    agency_line = g.break_lines(fonts, closing.agency, "body", justify=False)[0]
    date_line = g.break_lines(fonts, date, "body", justify=False)[0]
    aw, dw = g.line_width(agency_line), g.line_width(date_line)
    if sealed:
        date_x = g.TYPE_W - 4 * g.PITCH_X - dw
        agency_x = date_x + (dw - aw) / 2
    else:
        agency_x = g.TYPE_W - 2 * g.PITCH_X - aw
        date_x = agency_x + 2 * g.PITCH_X
        if (
            date_x + dw > g.TYPE_W - 2 * g.PITCH_X
        ):  # a longer date takes the inset; the name moves left
            date_x = g.TYPE_W - 2 * g.PITCH_X - dw
            agency_x = date_x - 2 * g.PITCH_X
    return [
        g.Line(agency_line.runs, g.SIZE_3, agency_x, agency_line.cs),
        g.Line(date_line.runs, g.SIZE_3, date_x, date_line.cs),
    ]


def _header_block(fonts: FontSet, doc: Document) -> list[Flowable]:
    h = doc.catalog_header
    if h is None:
        return []
    pairs = [
        (FIELD_LABELS[k], getattr(h, k))
        for k in (
            "index_no",
            "disclosure_form",
            "doc_number",
            "period",
            "publisher",
            "generated_on",
        )
    ]
    rows = tuple(
        (
            Cell(pairs[i][0]),
            Cell(pairs[i][1], align="left"),
            Cell(pairs[i + 1][0]),
            Cell(pairs[i + 1][1], align="left"),
        )
        for i in range(0, 6, 2)
    )
    return [render_table(Table(rows, 0, (1.0, 2.6, 1.0, 1.4)), fonts), _blank()]


def _front(doc: Document, fonts: FontSet) -> tuple[list[Flowable], list[g.Line]]:
    """Flowables before the title; the title lines (+ a blank line) go with the first block."""
    flow: list[Flowable] = []
    if doc.copy == COPY_WEB:
        flow += _header_block(fonts, doc)
    if doc.copy == COPY_FILING and doc.signer:
        # 签发人 in 3号仿宋, the name in 3号楷体, right-aligned with a one-character inset.
        runs = (*fonts.runs("签发人：", "body"), *fonts.runs(doc.signer, "heading2"))
        flow += [g.GridLines([g.place(g.Line(runs), "right", g.PITCH_X)]), _blank()]
    return flow, [*title_lines(fonts, doc.title), g.Line(())]


def story(doc: Document, fonts: FontSet) -> list[Flowable]:
    """Grid text (headings kept with their first text line), tables, the 落款 kept with the body."""
    flow, pending = _front(doc, fonts)
    for block in doc.blocks:
        if isinstance(block, Heading):
            role = HEADING_ROLES.get(block.level, "body")
            pending += _text_lines(fonts, block.text, role)
        elif isinstance(block, Paragraph):
            lines = _paragraph_lines(fonts, block)
            flow.append(g.GridLines(pending + lines, head=len(pending) + 1))
            pending = []
        elif isinstance(block, Table):
            flow += _table_with_heading(render_table(block, fonts), block.header_rows, pending)
            pending = []
        else:
            raise TypeError(f"不支持的内容块：{type(block).__name__}")
    if pending:
        flow.append(g.GridLines(pending, head=len(pending)))
    if doc.closing:
        flow = _with_closing(flow, fonts, doc.closing, doc.copy == COPY_FILING)
    return flow


def _table_with_heading(table: RLTable, header_rows: int, heading: list[g.Line]) -> list[Flowable]:
    """A table, with any heading above it kept together with its header and first two data rows."""
    if not heading:
        return [Spacer(1, 2), table]
    table.wrap(g.TYPE_W, g.TYPE_H)
    first_rows = sum(table._rowHeights[: header_rows + 2])  # type: ignore[attr-defined]  # noqa: SLF001 - measured row heights
    need = (len(heading) + 1) * g.PITCH_Y + first_rows
    return [CondPageBreak(need), g.GridLines(heading, head=len(heading)), Spacer(1, 2), table]


def _with_closing(
    flow: list[Flowable], fonts: FontSet, closing: Closing, sealed: bool
) -> list[Flowable]:
    """The 落款 never stands alone: the last body line and the seal's space go with it."""
    tail = [g.Line(()) for _ in range(SEAL_LINES if sealed else 1)] + closing_lines(
        fonts, closing, sealed
    )
    last = flow[-1] if flow else None
    if isinstance(last, g.GridLines):
        flow[-1] = g.GridLines(last.lines + tail, head=last.head, tail=len(tail) + 1)
        return flow
    return [*flow, g.GridLines(tail, head=len(tail))]


DRAFT_GREY = 0.85  # light enough to read the text through, dark enough to see on any printer


class _ReportDoc(BaseDocTemplate):
    def __init__(
        self, path: str | IO[bytes], fonts: FontSet, draft: bool = False, **kw: Any
    ) -> None:
        self.fonts, self.draft = fonts, draft
        frame = Frame(
            g.TYPE_LEFT,
            g.PAGE_H - g.TYPE_TOP - g.TYPE_H,
            g.TYPE_W,
            g.TYPE_H,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        super().__init__(
            path,
            pagesize=(g.PAGE_W, g.PAGE_H),
            invariant=1,
            initialFontName=fonts.name("body"),
            initialFontSize=g.SIZE_3,
            **kw,
        )
        self.addPageTemplates(
            [PageTemplate("page", [frame], onPage=self._draft_mark, onPageEnd=self._page_number)]
        )

    def _draft_mark(self, canv: Canvas, doc: object) -> None:
        """Under the text of every page of an unsigned report: a large diagonal 草稿."""
        if not self.draft:
            return
        canv.saveState()
        canv.setFillGray(DRAFT_GREY)
        canv.setFont(self.fonts.name("title"), 150)
        canv.translate(g.PAGE_W / 2, g.PAGE_H / 2)
        canv.rotate(45)
        canv.drawCentredString(0, -50, DRAFT_MARK)
        canv.restoreState()

    def _page_number(self, canv: Canvas, doc: object) -> None:
        number = canv.getPageNumber()
        text = f"— {number} —"
        font = self.fonts.name(PAGE_NUMBER)
        width = stringWidth(text, font, g.SIZE_4)
        inset = g.SIZE_4  # one character of the 4号 page number
        left = g.TYPE_LEFT
        x = left + g.TYPE_W - inset - width if number % 2 else left + inset
        # The dash sits about 0.35 em above the baseline; put it 7 mm under the 版心.
        y = g.PAGE_H - g.TYPE_TOP - g.TYPE_H - PAGE_NUMBER_GAP - 0.35 * g.SIZE_4
        canv.setFont(font, g.SIZE_4)
        canv.drawString(x, y, text)


def _resolve(fonts: FontSet | dict[str, str] | None) -> FontSet:
    if isinstance(fonts, FontSet):
        fonts.missing.clear()
        return fonts
    return resolve_fonts(fonts)


def export_report_pdf(
    document: Document,
    path: Path | str,
    fonts: FontSet | dict[str, str] | None = None,
    certificate: Certificate | None = None,
) -> PdfExportResult:
    """Write the PDF to path (via a staging file); the web copy is post-processed to PDF/A-2b,
    and with a certificate the result is signed (PAdES) before it replaces path."""
    if document.copy not in COPIES:
        raise ValueError(
            f"未知的文本类型“{document.copy}”：应为存档打印版（filing）或网站公开版（web）"
        )
    path = Path(path)
    fontset = _resolve(fonts)
    meta = {
        "title": document.pdf_title,
        "author": document.author,
        "subject": document.pdf_subject,
        "keywords": document.pdf_keywords,
        "creator": "政府信息公开工作台",
        "producer": "政府信息公开工作台",
    }
    with staged(path) as tmp:
        doc = _ReportDoc(str(tmp), fontset, document.draft, **meta)
        doc.build(story(document, fontset))
        pages = doc.page
        if document.copy == COPY_WEB:
            # pikepdf and Pillow load only for the web copy: the filing copy starts faster.
            from desktop_app.export.pdfa import make_pdfa  # noqa: PLC0415

            make_pdfa(tmp, document)
        if certificate is not None:
            sign_pdf(tmp, tmp, certificate)  # in place: path only ever gets the signed file
    digest = file_sha256(path)
    fallbacks, missing = tuple(fontset.fallbacks), tuple(fontset.missing)
    return PdfExportResult(path, digest, pages, fallbacks, missing, certificate is not None)
