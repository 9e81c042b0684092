"""Cleaning the lines of a report's plain text before they are read as headings and paragraphs.

Text saved from a web page holds one paragraph per line; text extracted from a PDF (pdftotext)
holds one printed line per line, page numbers between the pages and the table cells one per line.
This module drops the page numbers, sets the table lines aside (they are no text of the author's)
and joins the printed lines of a paragraph again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from desktop_app.domain import report_format as rf

PAGE_END = "\f"  # pdftotext ends every page with a form feed
# -3-   — 3 —   - 3 -   －3－ : a page number between dashes, nothing else on the line.
_PAGE_NUMBER = re.compile(r"[-—–－―]{1,2}\s*\d{1,3}\s*[-—–－―]{1,2}")
# The 签发人 line a filing copy prints above the title: the document's head, not its text.
_SIGNER_LINE = re.compile(r"签\s*发\s*人\s*[:：]\s*\S{1,20}")
# A table row of numbers: counts, amounts with thousands separators, and the not-given marks.
_NUMBERS = re.compile(r"(?:[\d,，.]+|[/／\-—–－])(?:\s+(?:[\d,，.]+|[/／\-—–－]))*")
_AMOUNT = re.compile(r"[\d,，.]+万?元")  # a fee or purchase amount in a table cell
# How close to the longest printed line a line must come to be "full" (continued on the next).
_FULL_SLACK = 2.5
_INDENT = 1.75  # a first line is indented by two characters: never wider than this short of full
_FIRST_INDENT = 2.0  # the indent a paragraph's first line is short of the measure
_SENTENCE_ENDS = ("。", "！", "？", "：", ":", "；")
_COMMAS = ("，", ",", "、")
# A printed page line holds 20–40 characters; a web paragraph is longer, a short text shorter.
_PRINTED_LINE = (20, 45)
# How alike a line must be to an official row label to be taken for it with a typo in it
# (2.其他法律行政止公开); the import lists such a label for confirmation.
LABEL_LIKENESS = 0.8
_LABEL_LIKE = re.compile(r"(?:\d{1,2}\.)?[^\d。；;！？!?]+")


def _table_texts() -> tuple[str, ...]:
    labels = [rf.T3_NOTE, rf.T3_APPLICANT_HEADER, rf.T3_LEGAL_GROUP, rf.T3_TOTAL]
    labels += [*rf.T3_ROWS, *rf.T3_COLUMNS, rf.TABLE2_CONTENT_HEADER]
    for block in rf.TABLE2_BLOCKS:
        labels += [block.article, *block.rows, *block.columns]
    labels += [rf.T4_REVIEW, rf.T4_LITIGATION, rf.T4_DIRECT, rf.T4_AFTER_REVIEW, *rf.T4_COLUMNS]
    labels += [*rf.TABLE2_TRIAL_COLUMNS, *rf.TABLE2_TRIAL_ROWS]
    return tuple(compact(label) for label in labels)


def compact(text: str) -> str:
    """Text compared without spaces and with half-width brackets, commas and quotes as printed."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).replace("“", '"').replace("”", '"')


_TABLE_TEXTS = _table_texts()
_ROW_LABELS = tuple(
    compact(row)
    for row in (*rf.T3_DATA_ROWS, *(r for block in rf.TABLE2_BLOCKS for r in block.rows))
)


def near_row_label(key: str) -> tuple[str, float] | None:
    """The official row label (compacted) nearest to a compacted `key` and how alike they are,
    when they are alike enough to be the same label with a typo (or the same)."""
    if key in _ROW_LABELS:
        return key, 1.0
    best, ratio = "", 0.0
    for label in _ROW_LABELS:
        matcher = SequenceMatcher(None, key, label)
        # the quick upper bounds first: most lines are far from every label
        if matcher.real_quick_ratio() < LABEL_LIKENESS or matcher.quick_ratio() < LABEL_LIKENESS:
            continue
        if (alike := matcher.ratio()) > ratio:
            best, ratio = label, alike
    return (best, ratio) if ratio >= LABEL_LIKENESS else None


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.fullmatch(line.strip()))


def stripped(line: str) -> str:
    """A line without the whitespace at its ends; a table row copied from a web page keeps the
    tabs of its empty cells at the end (blank cells are *not given*, never dropped)."""
    text = line.strip()
    if "\t" in line.strip(" \u3000\r\n") and is_table_line(text):
        return line.strip(" \u3000\r\n").lstrip("\t")
    return text


def is_signer_line(line: str) -> bool:
    return bool(_SIGNER_LINE.fullmatch(line.strip()))


def is_table_line(line: str) -> bool:
    """A cell of one of the official tables: numbers, or an official label (or a piece of one
    wrapped inside its cell)."""
    text = line.strip()
    if _NUMBERS.fullmatch(text):
        return True
    row = re.fullmatch(r"(.*?\S)\s{2,}(\S.*)", text)  # a row in one line: label, then numbers
    if row and _NUMBERS.fullmatch(row.group(2)) and is_table_line(row.group(1)):
        return True
    tail = text.split()[-3:]
    if len(tail) == 3 and all(_NUMBERS.fullmatch(t) for t in tail) and re.search(r"\s{2}", text):
        return True  # a row's numbers after a label broken over lines (pdftotext -layout)
    if _label_pieces(text):
        return True
    key = compact(text)
    if len(key) < 2:
        return False
    if any(
        key == label or (len(key) >= 4 and key in label) or label.startswith(key)
        for label in _TABLE_TEXTS
    ):
        return True
    # a row label printed with a typo, alone on its line (its numbers follow on their own lines);
    # no sentence of the text: a label holds no number but its item's, and no full stop
    return (
        6 <= len(key) <= 40 and bool(_LABEL_LIKE.fullmatch(key)) and near_row_label(key) is not None
    )


def _label_pieces(text: str) -> bool:
    """Header cells side by side, or a short piece of a label wrapped in its cell (理结果).

    Among two header pieces or more, or three cells or more, a single character of a label is
    one too: a narrow column wraps its header a character or two a line (结果 结果 其他 尚未 总,
    or 结 结 其 尚 when the header is set upright).
    """
    tokens = text.split()
    if len(tokens) == 1 and len(compact(text)) > 3:
        return False
    pieces = [_label_piece(t) for t in tokens]
    numbers = [bool(_NUMBERS.fullmatch(t) or _AMOUNT.fullmatch(t)) for t in tokens]
    if sum(pieces) >= 2 or len(tokens) >= 3:
        pieces = [p or _label_piece(t, shortest=1) for p, t in zip(pieces, tokens, strict=True)]
    return any(pieces) and all(p or n for p, n in zip(pieces, numbers, strict=True))


def _label_piece(token: str, shortest: int = 2) -> bool:
    """Two characters or more of an official table label (结果 of 结果维持, 益组织 of 社会公益组织)."""
    key = compact(token)
    return len(key) >= shortest and any(key in label for label in _TABLE_TEXTS)


def width(line: str) -> float:
    """Printed width in full-width characters (half-width ones count a half)."""
    return sum(0.5 if unicodedata.east_asian_width(ch) in "NaH" else 1.0 for ch in line)


@dataclass(frozen=True)
class CleanLines:
    lines: list[str]  # paragraphs and headings, each a whole line again
    table_lines: list[str]  # the table cells set aside, in order


def clean_lines(
    lines: list[str], starts_block: Callable[[str], bool], printed: bool = False
) -> CleanLines:
    """Drop page numbers, set table lines aside, join the printed lines of a paragraph.

    `starts_block` tells a line that begins a heading; a line before one is never continued.
    `printed`: the lines are known to come from a page (a PDF), however few of them are full.
    """
    text_lines: list[str] = []
    table_lines: list[str] = []
    for line in lines:
        if is_page_number(line):
            continue
        (table_lines if is_table_line(line) else text_lines).append(line)
    return CleanLines(_joined(text_lines, starts_block, printed), table_lines)


def _printed_measure(
    lines: list[str], printed: bool, starts_block: Callable[[str], bool]
) -> float | None:
    """The width of a full printed line when the text was extracted from a page, else None.

    Known when `printed`; else when many lines are full, or (a short text) when a full line
    breaks off inside a sentence and the paragraph goes on on the next line, as text saved
    from a web page never does.
    """
    widths = [width(line) for line in lines if width(line) >= 10]
    if not widths:
        return None
    measure = max(widths)
    if not _PRINTED_LINE[0] <= measure <= _PRINTED_LINE[1]:
        return None
    if printed:
        return measure
    full = [w for w in widths if w >= measure - _FULL_SLACK]
    if len(widths) >= 3 and len(full) * 5 >= len(widths) * 2:
        return measure
    broken = (
        _breaks_off(line) and width(line) >= measure - _FULL_SLACK - _FIRST_INDENT
        for line, following in zip(lines, lines[1:], strict=False)
        if not starts_block(line) and not starts_block(following)
    )
    return measure if any(broken) else None


def _breaks_off(line: str) -> bool:
    """A line ending inside a sentence: on a character or a comma."""
    return unicodedata.category(line[-1]) == "Lo" or line.endswith(_COMMAS)


def _joined(lines: list[str], starts_block: Callable[[str], bool], printed: bool) -> list[str]:
    measure = _printed_measure(lines, printed, starts_block)
    if measure is None:
        return lines
    out: list[str] = []
    first = True  # the line before began its paragraph (and is indented)
    for i, line in enumerate(lines):
        if i and _continues(lines[i - 1], line, measure, first) and not starts_block(line):
            out[-1] += line
            first = False
        else:
            out.append(line)
            first = True
    return out


def _continues(line: str, following: str, measure: float, first: bool) -> bool:
    """Whether `following` goes on with the paragraph of a printed `line`.

    A line short of the measure ends its paragraph; a `first` line of a paragraph is full short
    of its indent (pdftotext drops the indent). A full line ending a sentence ends it too when
    the next line is short of the measure by the two-character indent of a first line.
    """
    if width(line) < measure - _FULL_SLACK - (_FIRST_INDENT if first else 0):
        return False
    if line.endswith(_SENTENCE_ENDS):
        return width(following) > measure - _INDENT
    return True
