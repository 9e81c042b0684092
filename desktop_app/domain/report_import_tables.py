"""Placing the rows of a published report's tables into the cells of tables 二, 三 and 四.

A row is known by its label (the last text cell before its numbers), matched to the nearest
official label: a label that differs by a typo is placed and listed for confirmation. Table 四
has no row labels: its one row of fifteen numbers is placed by position. A blank cell or one
holding `/`, `-` or `—` is *not given* (None), never 0. Every row with numbers that finds no
place is listed, so nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import CellKey
from desktop_app.domain.report_text_lines import compact, near_row_label

NOT_GIVEN = frozenset({"", "/", "／", "-", "－", "—", "——", "–", "―"})
_THOUSANDS = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_WAN = re.compile(r"(.+?)\s*万元?")
_YUAN = re.compile(r"(.+?)\s*元")
T4_NUMBERS = len(rf.T4_GROUPS) * len(rf.T4_COLUMNS)


class NotANumber(ValueError):
    """A cell's text is neither a number nor a not-given mark."""


def cell_value(text: str | None, fee: bool = False) -> Decimal | None:
    """The number of a cell; None when not given. `9,487` → 9487; in the fee column `1.2万元`
    → 1.2 and `12000元` → 1.2 (the column is in 万元)."""
    raw = (text or "").strip().replace(" ", "")
    if raw in NOT_GIVEN:
        return None
    scale = Decimal(1)
    if fee and (wan := _WAN.fullmatch(raw)):
        raw = wan.group(1)
    elif fee and (yuan := _YUAN.fullmatch(raw)):
        raw, scale = yuan.group(1), Decimal("0.0001")
    if _THOUSANDS.fullmatch(raw):
        raw = raw.replace(",", "").replace("，", "")
    if not _PLAIN.fullmatch(raw):
        raise NotANumber(text)
    try:
        return Decimal(raw) * scale
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise NotANumber(text) from exc


def _is_value(text: str) -> bool:
    try:
        cell_value(text, fee=True)
    except NotANumber:
        return False
    return True


@dataclass(frozen=True)
class _Target:
    table: str
    row: str
    columns: tuple[str, ...]


def _targets() -> dict[str, _Target]:
    """Official row label (compacted) → where its numbers go."""
    found = {}
    for block in rf.TABLE2_BLOCKS:
        for row in block.rows:
            found[compact(row)] = _Target("二", row, block.columns)
    for row in rf.T3_DATA_ROWS:
        found[compact(row)] = _Target("三", row, rf.T3_COLUMNS)
    return found


_TARGETS = _targets()
_HEADER_TEXTS = frozenset(
    compact(t)
    for t in (
        rf.T3_NOTE,
        rf.T3_APPLICANT_HEADER,
        rf.T3_LEGAL_GROUP,
        rf.T3_RESULTS,
        *rf.T3_COLUMNS,
        rf.TABLE2_CONTENT_HEADER,
        *(b.article for b in rf.TABLE2_BLOCKS),
        *(c for b in rf.TABLE2_BLOCKS for c in b.columns),
        rf.T4_REVIEW,
        rf.T4_LITIGATION,
        rf.T4_DIRECT,
        rf.T4_AFTER_REVIEW,
        *rf.T4_COLUMNS,
        *rf.T3_GROUP_ITEMS,  # a group label spanning its items comes with the first item's row
    )
)


_OFFICIAL_TEXTS = (*_TARGETS, *_HEADER_TEXTS, *(compact(row) for row in rf.T3_ROWS))
_CONTENT_HEADER = compact(rf.TABLE2_CONTENT_HEADER)
_TRIAL_COLUMNS = tuple(compact(c) for c in rf.TABLE2_TRIAL_COLUMNS)


@dataclass(frozen=True)
class LabelMatch:
    found: str  # as printed in the document
    official: str


@dataclass
class TableImport:
    cells: dict[CellKey, Decimal | None] = field(default_factory=dict)
    matches: list[LabelMatch] = field(default_factory=list)  # typos placed: to be confirmed
    unplaced: list[str] = field(default_factory=list)  # rows (or cells) that found no place
    trial_table_two: bool = False  # under a table 二 header of the 2019 trial format

    @property
    def tables(self) -> set[str]:
        return {key[0] for key in self.cells}

    def add(self, other: TableImport) -> None:
        """Another reading's cells where this one has none, and its notes."""
        self.cells |= {k: v for k, v in other.cells.items() if k not in self.cells}
        self.matches += other.matches
        self.unplaced += other.unplaced


def nearest_label(text: str) -> tuple[str, float] | None:
    """The official row label nearest to `text` and how alike they are (1.0 = the same)."""
    return near_row_label(compact(text))


def rows_of_lines(lines: list[str]) -> list[list[str]]:
    """Table rows from text lines holding one or more cells each (a PDF's text, line by line):
    a label opens a row (a label wrapped in its cell goes on over the next line), the numbers
    that follow fill it."""
    rows: list[list[str]] = []
    for line in lines:
        if "\t" in line:  # cells copied from a web page: empty ones kept
            rows.append([cell.strip() for cell in line.strip(" ").split("\t")])
            continue
        tokens = line.split()
        if not tokens:
            continue
        if not _is_value(tokens[0]):
            label, tokens = line.strip(), []
            split = re.fullmatch(r"(.*?\S)\s+((?:\S+\s*)+)", line.strip())
            if split and all(_is_value(t) for t in split.group(2).split()):
                label, tokens = split.group(1), split.group(2).split()
            previous = rows[-1] if rows else None
            if previous and len(previous) == 1 and not _complete(previous[0]):
                previous[0] += label
                previous += tokens
            else:
                rows.append([label, *tokens])
        elif rows:
            rows[-1] += tokens
        else:
            rows.append(tokens)
    return rows


def _complete(label: str) -> bool:
    key = compact(label)
    return key in _TARGETS or key in _HEADER_TEXTS


def place_rows(rows: Sequence[Sequence[str | None]]) -> TableImport:
    """Cells of tables 二/三/四 from the rows of every table of a document, in reading order."""
    result = TableImport()
    for row in rows:
        cells = [(c or "").strip() for c in row if c is not None]
        if not any(cells):
            continue
        _place_row(cells, result)
    return result


def _place_row(cells: list[str], result: TableImport) -> None:
    header = compact("".join(cells))
    if header.startswith(_CONTENT_HEADER):  # a table 二 header: which format's columns follow
        result.trial_table_two = any(column in header for column in _TRIAL_COLUMNS)
        return
    labels = [i for i, c in enumerate(cells) if c and not _is_value(c)]
    if not labels:
        _place_table_four(cells, result)
        return
    last = labels[-1]
    label, numbers = cells[last], cells[last + 1 :]
    if not numbers and all(compact(cells[i]) in _HEADER_TEXTS for i in labels):
        return  # a header row of the template
    found = nearest_label(label)
    if found is None and compact(label) in _HEADER_TEXTS and len(numbers) == T4_NUMBERS:
        _place_table_four(numbers, result)  # table 四's numbers right below its header labels
        return
    if found is None:
        if any(numbers):
            result.unplaced.append(f"未识别的表格行：{' | '.join(cells)}")
        return
    target = _TARGETS[found[0]]
    if target.table == "二" and result.trial_table_two:
        result.unplaced.append(
            f"“{label}”一行属于 2019 年试行格式的表二，栏目与 2021 年格式不同，未读入："
            f"{' | '.join(numbers)}"
        )
        return
    _place_numbers(target, label, numbers, found[1] < 1.0, result)


def _place_numbers(
    target: _Target, label: str, numbers: list[str], typo: bool, result: TableImport
) -> None:
    keys = [(target.table, target.row, col) for col in target.columns]
    where = f"{target.row}（表{target.table}）"
    while len(numbers) > len(keys) and not numbers[0]:
        numbers = numbers[1:]  # an empty label cell between the label and the numbers
    if len(numbers) != len(keys):
        result.unplaced.append(
            f"“{label}”一行有 {len(numbers)} 个数，{where}应有 {len(keys)} 个：{' | '.join(numbers)}"
        )
        return
    if keys[0] in result.cells:
        result.unplaced.append(
            f"“{label}”一行重复出现，{where}已由前面的一行填写：{' | '.join(numbers)}"
        )
        return
    if typo:  # shown as printed, less the line breaks of its cell
        result.matches.append(LabelMatch(re.sub(r"\s*\n\s*", "", label), target.row))
    for key, text in zip(keys, numbers, strict=True):
        try:
            result.cells[key] = cell_value(text, fee=key[2] == rf.T2_FEE_AMOUNT)
        except NotANumber:
            result.unplaced.append(f"{target.row} {key[2]}：“{text}”不是数字")


def _place_table_four(cells: list[str], result: TableImport) -> None:
    if len(cells) != T4_NUMBERS:
        result.unplaced.append(f"未识别的表格行：{' | '.join(cells)}")
        return
    keys = [("四", g, c) for g in rf.T4_GROUPS for c in rf.T4_COLUMNS]
    if keys[0] in result.cells:
        result.unplaced.append(f"表四的数字行重复出现：{' | '.join(cells)}")
        return
    for key, text in zip(keys, cells, strict=True):
        result.cells[key] = cell_value(text)


# ---- tables from plain text (pdftotext with or without -layout, text copied from a page) -------
_TABLE_STARTS = (  # a line holding one of these opens the table (its first header cell)
    ("二", compact(rf.TABLE2_BLOCKS[0].article[:4])),  # 第二十条
    ("三", compact(rf.T3_APPLICANT_HEADER)),
    ("三", compact(rf.T3_NOTE[1:6])),  # 本列数据的 (the note wraps in its cell)
    ("四", compact(rf.T4_REVIEW)),
)
# Every printed cell of a table in reading order: row by row, left to right.
_READING_ORDER = {
    "二": [("二", row, col) for row, col in rf.table2_cells()],
    "三": [("三", row, col) for row in rf.T3_PRINTED_ROWS for col in rf.T3_COLUMNS],
    "四": [("四", group, col) for group in rf.T4_GROUPS for col in rf.T4_COLUMNS],
}


def place_lines(lines: list[str]) -> TableImport:
    """Cells of tables 二/三/四 from text lines. A table's rows are read by their labels; when
    that leaves cells out (labels wrapped across lines, pdftotext's column layout) and the table
    holds exactly as many numbers as the template has cells, they are placed in reading order."""
    result = TableImport()
    for table, segment in _segments(lines):
        by_label = place_rows(rows_of_lines(segment))
        wanted = _READING_ORDER[table]
        if all(key in by_label.cells for key in wanted) or not _by_position(segment, wanted):
            result.add(by_label)
            continue
        for key, text in zip(wanted, _values(segment), strict=True):
            result.cells[key] = cell_value(text, fee=key[2] == rf.T2_FEE_AMOUNT)
        result.matches += _typo_labels(segment)
    return result


def _typo_labels(lines: list[str]) -> list[LabelMatch]:
    """Labels printed with a typo among a table's lines, when its numbers are placed in reading
    order: a word of a line that is no piece of an official text yet near an official row label.
    The pieces of labels wrapped in their cells are official text, so they are never taken."""
    found = []
    for line in lines:
        for word in line.split():
            key = compact(word)
            if _is_value(word) or any(key in text for text in _OFFICIAL_TEXTS):
                continue
            if (near := nearest_label(word)) and near[1] < 1.0:
                found.append(LabelMatch(word, _TARGETS[near[0]].row))
    return found


def _segments(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The lines of each table, by the header line that opens it; the lines before any are
    read with table 二's (a table without its header)."""
    segments: list[tuple[str, list[str]]] = []
    for line in lines:
        key = compact(line)
        opened = next((t for t, start in _TABLE_STARTS if start in key), None)
        if opened and (not segments or segments[-1][0] != opened):
            segments.append((opened, []))
        elif not segments:
            segments.append(("二", []))
        segments[-1][1].append(line)
    return segments


def _values(lines: list[str]) -> list[str]:
    return [token for line in lines for token in line.split() if _is_value(token)]


def _by_position(lines: list[str], wanted: list[CellKey]) -> bool:
    return len(_values(lines)) == len(wanted)
