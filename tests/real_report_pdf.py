"""A real report's tables printed as it printed them (tests/real_reports.py): its own rows and
labels, its blank cells left blank, the merges of the official layout, in a PDF made with our
exporter (ruled tables, as offices publish them). Our text under each heading, none of theirs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from desktop_app.export import document as doc
from desktop_app.export.report_pdf import export_report_pdf
from tests import real_reports as real

_ITEM = re.compile(r"\d+\.")  # 1.属于国家秘密: an item under a group label
_GROUP = re.compile(r"（[三四五六]）")  # a group label spanning its items
_T3_SPAN = {"一": 3, "二": 3, "四": 3}  # 一、二、四、 label rows span the three label columns


def _numbers(cells: list[str]) -> list[doc.Cell]:
    return [doc.Cell(c, align="right") for c in cells]


def _table_two(rows: list[list[str]]) -> doc.Table:
    """Four columns: an article row spans them; a row with fewer cells widens its last."""
    out = []
    for row in rows:
        cells = [doc.Cell(c) for c in row]
        cells[-1] = doc.Cell(row[-1], colspan=5 - len(row))
        out.append(tuple(cells))
    return doc.Table(tuple(out), header_rows=0, col_widths=(2.0, 1.0, 1.0, 1.0))


def _table_three(rows: list[list[str]]) -> doc.Table:
    header = (
        (doc.Cell(rows[0][0], colspan=3, rowspan=3), doc.Cell(rows[0][1], colspan=7)),
        (
            doc.Cell(rows[1][0], rowspan=2),
            doc.Cell(rows[1][1], colspan=5),
            doc.Cell(rows[1][2], rowspan=2),
        ),
        tuple(doc.Cell(c) for c in rows[2]),
    )
    body = rows[3:]
    results = [r for r in body if r[0][0] not in _T3_SPAN]
    out = []
    for i, row in enumerate(body):
        label, rest = row[0], row[1:]
        if label[0] in _T3_SPAN:
            out.append((doc.Cell(label, colspan=3, align="left"), *_numbers(rest)))
            continue
        lead = []
        if label == results[0][0] and not _ITEM.match(label):  # 三、本年度办理结果 spans them
            lead = [doc.Cell(label, rowspan=len(results))]
            label, rest = rest[0], rest[1:]
        if _GROUP.match(label) and _ITEM.match(rest[0]):
            items = 1 + sum(1 for _ in _items(body[i + 1 :]))
            out.append(
                (*lead, doc.Cell(label, rowspan=items), doc.Cell(rest[0]), *_numbers(rest[1:]))
            )
        elif _ITEM.match(label):
            out.append((doc.Cell(label, align="left"), *_numbers(rest)))
        else:
            out.append((*lead, doc.Cell(label, colspan=2, align="left"), *_numbers(rest)))
    return doc.Table((*header, *out), header_rows=3, col_widths=(1.0, 1.0, 3.4, *([1.0] * 7)))


def _items(rows: list[list[str]]):
    for row in rows:
        if not _ITEM.match(row[0]):
            return
        yield row


def _table_four(rows: list[list[str]]) -> doc.Table:
    top, middle, bottom, data = rows
    header = (
        (doc.Cell(top[0], colspan=5), doc.Cell(top[1], colspan=10)),
        (
            *(doc.Cell(c, rowspan=2) for c in middle[:5]),
            doc.Cell(middle[5], colspan=5),
            doc.Cell(middle[6], colspan=5),
        ),
        tuple(doc.Cell(c) for c in bottom[5:]),
    )
    return doc.Table(
        (*header, tuple(doc.Cell(c) for c in data)), header_rows=3, col_widths=(1.0,) * 15
    )


def tables(report: real.RealReport) -> list[doc.Table | None]:
    """Tables 二, 三 and 四 from the report's rows, split where each table's header opens; None
    for a table the rows do not reach."""
    firsts = ("第二十条第（一）项", real.T3_HEADER[0][0], real.T4_HEADER[0][0])
    heads = [r[0] for r in report.rows]
    starts = [heads.index(first) for first in firsts if first in heads]
    parts = [
        [list(r) for r in report.rows[a:b]]
        for a, b in zip(starts, [*starts[1:], len(report.rows)], strict=True)
    ]
    builders = (_table_two, _table_three, _table_four)
    return [build(part) for build, part in zip(builders, parts, strict=False)] + [None] * (
        3 - len(parts)
    )


def write_pdf(report: real.RealReport, path: Path) -> Path:
    blocks: list[doc.Block] = []
    printed = tables(report)
    for i, heading in enumerate(real.HEADINGS):
        blocks += [
            doc.Heading(1, f"{'一二三四五六'[i]}、{heading}"),
            doc.Paragraph("（正文从略。）"),
        ]
        if 1 <= i <= 3 and (table := printed[i - 1]) is not None:
            blocks.append(table)
    title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    closing = doc.Closing(report.agency, dt.date(report.year + 1, 1, 31))
    export_report_pdf(doc.Document(title, tuple(blocks), closing, doc.COPY_FILING), path)
    return path
