"""Reading an existing plain-text annual report (copied from a government site) into a report.

Line by line: an optional breadcrumb (>> …), the catalog header (索引号: … 生成日期:), an optional
title, lead paragraphs, numbered headings 一、 （一） 1. （1） building the section tree, and at the
end the agency's signature and the closing date. The author's text is kept character for
character: only the whitespace around each line is dropped. Heading numbers are kept as written,
and a heading followed by text on its line stays run-in (the first sentence of its paragraph).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, CatalogData, Section, default_title
from desktop_app.domain.dates import parse_date
from desktop_app.domain.report_text_lines import (
    PAGE_END,
    clean_lines,
    is_page_number,
    is_signer_line,
    stripped,
)

CATALOG_LABELS = {
    "索引号": "index_no",
    "公开形式": "disclosure_form",
    "文号": "doc_number",
    "公开时限": "period",
    "发布机构": "publisher",
    "生成日期": "generated_on",
}
_LABEL = re.compile(rf"({'|'.join(CATALOG_LABELS)})\s*[:：]")
_CATALOG_LINE = re.compile(rf"[|\s]*(?:{'|'.join(CATALOG_LABELS)})\s*[:：]")
_CATALOG_SEPARATORS = " \t\u3000|"
_TITLE = re.compile(r"[^。，；]{4,80}(?:年度报告|工作报告)")
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度?")
_TITLE_SUBJECT = re.compile(r"(?:关于)?(?:政府信息公开|政务公开).*$")
_CN = "[一二三四五六七八九十]+"
# Heading numbers by level; 1、 and half-width brackets are common in pasted texts. At most two
# digits, so a line starting with a year (2011、2012年…) stays a paragraph.
_HEADINGS = (
    re.compile(rf"{_CN}、"),
    re.compile(rf"[（(]{_CN}[）)]"),
    re.compile(r"\d{1,2}(?:[.．](?!\d)|、)"),
    re.compile(r"[（(]\d{1,2}[）)]"),
)
# A heading ends at the first full stop or colon (kept with it); what follows on the line is the
# rest of its first paragraph.
_HEADING_END = re.compile(r"[。：:！？]")
_CLOSING = re.compile(r"(.*?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
_SIGNATURE_ENDINGS = (
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "院",
    "政府",
    "中心",
    "所",
    "站",
    "队",
    "处",
)
_SENTENCE_MARKS = re.compile(r"[。，；：:,;！？]")


@dataclass
class _Node:
    level: int
    number: str
    heading: str
    run_in: bool
    paragraphs: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def frozen(self) -> Section:
        children = tuple(c.frozen() for c in self.children)
        return Section(self.heading, tuple(self.paragraphs), children, self.number, self.run_in)


@dataclass(frozen=True)
class TextImport:
    report: AnnualReport
    table_lines: tuple[str, ...]  # cells of the official tables found between the paragraphs


def parse_report_text(text: str, year: int, agency_name: str) -> AnnualReport:
    """A free-form report from plain text; ValueError with a Chinese message when there is none."""
    return read_report_text(text, year, agency_name).report


def read_report_text(text: str, year: int, agency_name: str, printed: bool = False) -> TextImport:
    """The report and the table lines set aside from its text (see report_text_lines);
    `printed`: the text was extracted from a PDF, line by printed line (pdftotext ends each
    page with a form feed: such a text is printed lines whatever its length)."""
    printed = printed or PAGE_END in text
    lines = _lines(text)
    if not lines:
        raise ValueError("报告文字为空：请粘贴或选择含有报告正文的文本文件")
    # The header first: a long catalog line is no printed line to go on with the title.
    catalog, title, body = _header(lines)
    cleaned = clean_lines(body, lambda line: _split_heading(line) is not None, printed)
    body = cleaned.lines
    body, closing_date = _closing(body, agency_name)
    if not body:
        raise ValueError("没有找到报告正文：文本只有目录信息或标题")
    lead, sections = _sections(body)
    report = AnnualReport(
        year=year,
        format=rf.FORMAT_FREE,
        title=title or default_title(agency_name, year),
        sections=sections,
        lead=lead,
        closing_date=closing_date,
        catalog=catalog,
    )
    return TextImport(report, tuple(cleaned.table_lines))


def report_title(text: str) -> str:
    """The title the report's text opens with; "" when it has none."""
    return _header(_lines(text))[1]


def title_agency_year(title: str) -> tuple[str, int] | None:
    """`青溪县民政局2023年政府信息公开工作年度报告` (or `2023年度青溪县民政局…`) → the agency's
    name and the year; None when the title does not give both."""
    year = _TITLE_YEAR.search(title)
    if year is None:
        return None
    name = _TITLE_SUBJECT.sub("", title[: year.start()] + title[year.end() :]).strip(" 　的")
    return (name, int(year.group(1))) if name else None


def _lines(text: str) -> list[str]:
    """The text's non-blank lines without page numbers and signer lines."""
    lines = (stripped(line) for line in text.lstrip("\ufeff").splitlines())
    furniture = (is_page_number, is_signer_line)
    return [ln for ln in lines if ln and not any(f(ln) for f in furniture)]


def _header(lines: list[str]) -> tuple[CatalogData, str, list[str]]:
    """Breadcrumb, catalog lines and title at the top; returns them and the remaining lines."""
    fields_: dict[str, str] = {}
    title = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        two = line + lines[i + 1] if i + 1 < len(lines) else ""
        if ">>" in line:
            pass
        elif _CATALOG_LINE.match(line):
            fields_.update(_catalog_fields(line))
        elif not title and _is_title(line):
            title = line
        elif not title and _is_title(two):  # a printed title set on two lines
            title, i = two, i + 1
        else:
            return CatalogData(**fields_), title, lines[i:]
        i += 1
    return CatalogData(**fields_), title, []


def _is_title(line: str) -> bool:
    return bool(_TITLE.fullmatch(line)) and _level(line) is None


def _catalog_fields(line: str) -> dict[str, str]:
    """'索引号: | 113…/2022-1 | 公开形式: | 主动公开 |' or '索引号：113…  公开形式：主动公开'."""
    matches = list(_LABEL.finditer(line))
    found = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(line)
        found[CATALOG_LABELS[match.group(1)]] = line[match.end() : end].strip(_CATALOG_SEPARATORS)
    return found


def _closing(body: list[str], agency_name: str) -> tuple[list[str], dt.date | None]:
    """The closing date on the last line, and the signature line before it (both dropped)."""
    if not body:
        return body, None
    match = _CLOSING.fullmatch(body[-1])
    if not match:
        return body, None
    try:
        closing_date = parse_date(match.group(2))
    except ValueError:
        return body, None
    signature = match.group(1)
    if signature and not _is_signature(signature, agency_name):
        return body, None
    body = body[:-1]
    if not signature and body and _is_signature(body[-1], agency_name):
        body = body[:-1]
    return body, closing_date


def _is_signature(line: str, agency_name: str) -> bool:
    if len(line) > 40 or _SENTENCE_MARKS.search(line) or _level(line) is not None:
        return False
    return line in agency_name or agency_name in line or line.endswith(_SIGNATURE_ENDINGS)


def _level(line: str) -> int | None:
    """The heading level (1–4) of a line starting with a heading number, else None."""
    for level, pattern in enumerate(_HEADINGS, start=1):
        if pattern.match(line):
            return level
    return None


@dataclass(frozen=True)
class _HeadingLine:
    level: int
    number: str  # as written, with any space after it
    heading: str  # up to and including the stop that ends it
    rest: str  # the text after the heading on the same line: the heading is run-in


def _split_heading(line: str) -> _HeadingLine | None:
    """A line starting with a heading number split into its parts, else None."""
    level = _level(line)
    if level is None or (head := _HEADINGS[level - 1].match(line)) is None:
        return None
    number = re.match(r"\s*", line[head.end() :])
    cut = head.end() + (number.end() if number else 0)
    text = line[cut:]
    end = _HEADING_END.search(text)
    heading, rest = (text[: end.end()], text[end.end() :]) if end else (text, "")
    if not heading.strip(" 。：:！？"):
        return None
    return _HeadingLine(level, line[:cut], heading, rest)


def _sections(body: list[str]) -> tuple[tuple[str, ...], tuple[Section, ...]]:
    """Lead paragraphs and the section tree; a heading nests under the nearest higher level."""
    lead: list[str] = []
    roots: list[_Node] = []
    open_nodes: list[_Node] = []  # the path from a root to the current section
    for line in body:
        parts = _split_heading(line)
        if parts is None:
            (open_nodes[-1].paragraphs if open_nodes else lead).append(line)
            continue
        while open_nodes and open_nodes[-1].level >= parts.level:
            open_nodes.pop()
        run_in = bool(parts.rest)
        node = _Node(
            parts.level, parts.number, parts.heading, run_in, [parts.rest] if run_in else []
        )
        (open_nodes[-1].children if open_nodes else roots).append(node)
        open_nodes.append(node)
    return tuple(lead), tuple(node.frozen() for node in roots)
