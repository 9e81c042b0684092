"""Reading a published report as an office finds it on a site: PDF, DOCX, HTML or plain text.

Each reader returns the text outside the tables, one line per printed line or paragraph, and
the rows of every table in reading order; what they mean is decided in the domain
(report_import_text, report_import_tables). A catalog block set as a table (索引号 …) becomes
catalog lines of the text, as the text import reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.report_import_text import CATALOG_LABELS
from desktop_app.domain.report_text_lines import PAGE_END
from desktop_app.errors import UserError
from desktop_app.services.table_reader import decode_text

if TYPE_CHECKING:
    from docx.table import _Row

Row = list[str | None]
_CATALOG = re.compile(rf"^({'|'.join(CATALOG_LABELS)})\s*[:：]?$")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
KINDS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "text"}


@dataclass
class DocumentContent:
    lines: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    printed: bool = False  # lines are a PDF's printed lines (a paragraph spans several)

    def add_table(self, rows: list[Row]) -> None:
        """A table's rows; a catalog block's rows go to the text as catalog lines."""
        for row in rows:
            cells = [(c or "").strip() for c in row if c is not None]
            if any(_CATALOG.match(c) for c in cells):
                self.lines.insert(0, " | ".join(_catalog_cell(c) for c in cells))
            else:
                self.rows.append(row)


def _catalog_cell(text: str) -> str:
    return f"{text.rstrip(':：')}:" if _CATALOG.match(text) else text


def read_document(path: Path) -> DocumentContent:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise UserError(
            f"{path.name}：不支持的文件类型，请选择 PDF、Word（.docx）、网页（.html）或文本（.txt）文件"
        )
    try:
        return {"pdf": _pdf, "docx": _docx, "html": _html, "text": _text}[kind](path)
    except UserError:
        raise
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}：{exc.strerror}") from None
    except Exception as exc:  # noqa: BLE001 - a damaged file in any of four formats
        raise UserError(
            f"{path.name}：文件无法解析（{type(exc).__name__}），请确认文件未损坏"
        ) from None


def _pdf(path: Path) -> DocumentContent:
    import pdfplumber  # noqa: PLC0415 - loaded only for a PDF

    content = DocumentContent(printed=True)
    pages: list[list[str]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            for table in tables:
                content.add_table(table.extract())
            boxes = [table.bbox for table in tables]
            outside = page.filter(partial(_outside, boxes))  # filters lazily: bind this page's
            pages.append((outside.extract_text() or "").splitlines())
    content.lines += [line for page in _without_running_headers(pages) for line in page]
    return content


def _without_running_headers(pages: list[list[str]]) -> list[list[str]]:
    """Pages without the line that tops every page but the first (a running header)."""
    tops = [page[0].strip() for page in pages[1:] if page]
    if len(tops) < 2 or len(set(tops)) != 1:
        return pages
    header = tops[0]
    return [
        page[1:] if page and page[0].strip() == header and i else page
        for i, page in enumerate(pages)
    ]


def _outside(boxes: list[tuple[float, float, float, float]], obj: dict[str, Any]) -> bool:
    return not _inside(obj, boxes)


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _docx(path: Path) -> DocumentContent:
    import docx  # noqa: PLC0415 - loaded only for a Word file
    from docx.table import Table  # noqa: PLC0415
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    document = docx.Document(str(path))
    content = DocumentContent()
    text: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text.append(Paragraph(element, document).text)
        elif tag == "tbl":
            content.add_table([_docx_row(row) for row in Table(element, document).rows])
    content.lines += text
    return content


def _docx_row(row: _Row) -> Row:
    """A row's cells once each: python-docx repeats a cell spanning several grid columns."""
    cells: Row = []
    seen: list[object] = []
    for cell in row.cells:
        if any(cell._tc is s for s in seen):  # noqa: SLF001 - the cell's XML element is its identity
            continue
        seen.append(cell._tc)  # noqa: SLF001
        cells.append(cell.text)
    return cells


def _html(path: Path) -> DocumentContent:
    data = path.read_bytes()
    declared = _CHARSET.search(data[:4096])
    try:
        text = data.decode(declared.group(1).decode("ascii")) if declared else None
    except (LookupError, UnicodeDecodeError):
        text = None
    if text is None:
        text = decode_text(data)[1]
    reader = _HtmlReader()
    reader.feed(text)
    reader.close()
    content = DocumentContent()
    for table in reader.tables:
        content.add_table(table)
    content.lines += reader.lines
    return content


class _HtmlReader(HTMLParser):
    """Text lines of the block elements outside tables, and the rows of each table."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"}
    )
    SKIPPED = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.tables: list[list[Row]] = []
        self._line = ""
        self._open_tables: list[list[Row]] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag == "table":
            self._end_line()
            self._open_tables.append([])
        elif tag == "tr" and self._open_tables:
            self._open_tables[-1].append([])
        elif tag in ("td", "th") and self._open_tables and self._open_tables[-1]:
            self._open_tables[-1][-1].append("")
        elif tag in self.BLOCKS and not self._open_tables:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "table" and self._open_tables:
            self.tables.append(self._open_tables.pop())
        elif tag in self.BLOCKS and not self._open_tables:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._open_tables:
            rows = self._open_tables[-1]
            if rows and rows[-1]:
                rows[-1][-1] = (rows[-1][-1] or "") + data.strip()
        else:
            self._line += re.sub(r"\s*\n\s*", "", data)  # the page source's line breaks

    def close(self) -> None:
        super().close()
        self._end_line()

    def _end_line(self) -> None:
        if self._line.strip():
            self.lines.append(self._line.strip())
        self._line = ""


def _text(path: Path) -> DocumentContent:
    text = decode_text(path.read_bytes())[1]
    return DocumentContent(text.splitlines(), printed=PAGE_END in text)
