"""Published 2021-format reports made for the import tests: invented numbers, one arithmetic
error in table 三 (（七）总计 of 自然人 one too many) and one typo in a label, as real reports have.

The same report is written as a PDF (our exporter), a Word file (python-docx) and a GBK web page,
with the cells as offices print them: thousands separators, 万元, and "/" or "—" for not given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from html import escape
from pathlib import Path

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, Cell, Section
from desktop_app.export import document as doc
from desktop_app.export.official_tables import table_four, table_three, table_two
from desktop_app.export.report_pdf import export_report_pdf

YEAR = 2023
AGENCY = "青溪县市场监督管理局"
TYPO, OFFICIAL = "2.其他法律行政止公开", rf.T3_GROUP_ITEMS[rf.T3_REFUSED][1]
NAT, FIRM, TOTAL = rf.T3_NATURAL, rf.T3_LEGAL[0], rf.T3_TOTAL
# Not given in the document: blank, "/" or "—".
NOT_GIVEN = {("二", "行政强制", rf.T2_DECISIONS): "—", ("三", rf.T3_CARRIED_IN, FIRM): "/"}
# As printed, where it differs from the plain number.
PRINTED = {
    ("三", rf.T3_NEW, NAT): "9,487",
    ("三", rf.T3_NEW, TOTAL): "9,489",
    ("二", "行政许可", rf.T2_DECISIONS): "1,234",
}

_T3 = {  # (row, column) → count; every other cell of table 三 is 0
    (rf.T3_NEW, NAT): 9487,
    (rf.T3_NEW, FIRM): 2,
    (rf.T3_NEW, TOTAL): 9489,
    (rf.T3_CARRIED_IN, NAT): 12,
    (rf.T3_CARRIED_IN, TOTAL): 12,
    (rf.T3_DISCLOSED, NAT): 9000,
    (rf.T3_DISCLOSED, FIRM): 2,
    (rf.T3_DISCLOSED, TOTAL): 9002,
    (rf.T3_PARTLY, NAT): 300,
    (rf.T3_PARTLY, TOTAL): 300,
    (rf.T3_GROUP_ITEMS[rf.T3_REFUSED][0], NAT): 3,
    (rf.T3_GROUP_ITEMS[rf.T3_REFUSED][0], TOTAL): 3,
    (OFFICIAL, NAT): 4,
    (OFFICIAL, TOTAL): 4,
    (rf.T3_GROUP_ITEMS[rf.T3_UNABLE][0], NAT): 150,
    (rf.T3_GROUP_ITEMS[rf.T3_UNABLE][0], TOTAL): 150,
    (rf.T3_GROUP_ITEMS[rf.T3_NOT_HANDLED][1], NAT): 20,
    (rf.T3_GROUP_ITEMS[rf.T3_NOT_HANDLED][1], TOTAL): 20,
    (rf.T3_GROUP_ITEMS[rf.T3_OTHER][2], NAT): 10,
    (rf.T3_GROUP_ITEMS[rf.T3_OTHER][2], TOTAL): 10,
    (rf.T3_RESULT_TOTAL, NAT): 9488,  # the published error: the outcomes add up to 9487
    (rf.T3_RESULT_TOTAL, FIRM): 2,
    (rf.T3_RESULT_TOTAL, TOTAL): 9490,
    (rf.T3_CARRIED_OUT, NAT): 11,
    (rf.T3_CARRIED_OUT, TOTAL): 11,
}
_T2 = {
    ("规章", rf.T2_ISSUED): 1,
    ("规章", rf.T2_REPEALED): 0,
    ("规章", rf.T2_IN_FORCE): 5,
    ("行政规范性文件", rf.T2_ISSUED): 3,
    ("行政规范性文件", rf.T2_REPEALED): 1,
    ("行政规范性文件", rf.T2_IN_FORCE): 20,
    ("行政许可", rf.T2_DECISIONS): 1234,
    ("行政处罚", rf.T2_DECISIONS): 56,
    ("行政强制", rf.T2_DECISIONS): 7,  # printed as "—"
    ("行政事业性收费", rf.T2_FEE_AMOUNT): Decimal("1.5"),
}
_T4 = {(rf.T4_GROUPS[0], "结果维持"): 1, (rf.T4_GROUPS[1], "结果纠正"): 1}
TEXT = {
    0: ("本年度共收到政府信息公开申请9489件，上年结转12件，全部依法答复。",),
    1: ("全年通过门户网站主动公开各类信息1,520条。",),
    2: ("申请量较上年有所增加，主要集中在食品经营许可信息。",),
    3: ("行政复议1件，行政诉讼1件。",),
    4: (
        "一是答复文书格式不够统一，二是个别答复未引用条款。已统一答复模板，对经办人员开展培训，行政诉讼中被纠正的一件已重新答复。",
    ),
    5: ("本年度未收取信息处理费。",),
}


def expected_cells() -> dict[tuple[str, str, str], Decimal | None]:
    """Every printed cell of tables 二, 三 and 四 as the import must read it."""
    cells: dict[tuple[str, str, str], Decimal | None] = {}
    for row, col in rf.table2_cells():
        cells[("二", row, col)] = Decimal(_T2[(row, col)])
    for row in rf.T3_PRINTED_ROWS:
        for col in rf.T3_COLUMNS:
            cells[("三", row, col)] = Decimal(_T3.get((row, col), 0))
    for group in rf.T4_GROUPS:
        parts = [_T4.get((group, c), 0) for c in rf.T4_COLUMNS[:4]]
        for col, value in zip(rf.T4_COLUMNS, [*parts, sum(parts)], strict=True):
            cells[("四", group, col)] = Decimal(value)
    return {key: (None if key in NOT_GIVEN else value) for key, value in cells.items()}


def report() -> AnnualReport:
    sections = tuple(Section(heading, TEXT[i]) for i, heading in enumerate(rf.SECTIONS_2021))
    cells = {key: Cell(value) for key, value in expected_cells().items() if value is not None}
    return AnnualReport(
        YEAR,
        rf.FORMAT_2021,
        f"{AGENCY}{YEAR}年政府信息公开工作年度报告",
        sections,
        cells=cells,
        closing_date=dt.date(YEAR + 1, 1, 20),
    )


_MARK = 900_000  # a number no cell holds: stands for a cell printed specially


def tables() -> dict[str, doc.Table]:
    """Tables 二/三/四 as printed: separators, not-given marks and the typo in a label."""
    special = [*PRINTED, *NOT_GIVEN]
    texts = {str(_MARK + i): {**PRINTED, **NOT_GIVEN}[key] for i, key in enumerate(special)}
    values: dict[str, dict[str, dict[str, object]]] = {"二": {}, "三": {}, "四": {}}
    for key, value in expected_cells().items():
        shown = _MARK + special.index(key) if key in special else value
        values[key[0]].setdefault(key[1], {})[key[2]] = shown
    built = {
        "二": table_two(values["二"]),
        "三": table_three(values["三"]),
        "四": table_four(values["四"]),
    }

    def printed(cell: doc.Cell) -> doc.Cell:
        text = TYPO if cell.text == OFFICIAL else texts.get(cell.text, cell.text)
        return replace(cell, text=text)

    return {
        key: replace(table, rows=tuple(tuple(printed(c) for c in row) for row in table.rows))
        for key, table in built.items()
    }


def document() -> doc.Document:
    blocks: list[doc.Block] = []
    printed = tables()
    for i, section in enumerate(report().sections):
        blocks.append(doc.Heading(1, "一二三四五六"[i] + "、" + section.heading))
        blocks += [doc.Paragraph(p) for p in section.paragraphs]
        if 1 <= i <= 3:
            blocks.append(printed["二三四"[i - 1]])
    return doc.Document(
        report().title, tuple(blocks), doc.Closing(AGENCY, dt.date(YEAR + 1, 1, 20)), "filing"
    )


CATALOG = doc.CatalogHeader(
    "11330727775738086F/2024-00012",
    "主动公开",
    "青市监〔2024〕1号",
    "长期公开",
    "县市场监管局",
    "2024-01-20",
)


def write_pdf(path: Path, copy: str = "filing") -> Path:
    """The filing copy, or the web copy with its catalog header block."""
    header = CATALOG if copy == "web" else None
    export_report_pdf(replace(document(), copy=copy, catalog_header=header), path)
    return path


def _placed(table: doc.Table) -> list[tuple[int, int, doc.Cell]]:
    """(row, column, cell) of every cell of a print table on its full grid."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            placed.append((r, c, cell))
            c += cell.colspan
    return placed


def _blocks():
    """The document's blocks: ("title"|"heading"|"paragraph", text) or ("table", doc.Table)."""
    printed = tables()
    yield "title", report().title
    for i, section in enumerate(report().sections):
        yield "heading", "一二三四五六"[i] + "、" + section.heading
        for paragraph in section.paragraphs:
            yield "paragraph", paragraph
        if 1 <= i <= 3:
            yield "table", printed["二三四"[i - 1]]
    yield "paragraph", AGENCY
    yield "paragraph", f"{YEAR + 1}年1月20日"


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, content in _blocks():
        if kind != "table":
            document.add_paragraph(content)
            continue
        grid = document.add_table(rows=len(content.rows), cols=len(content.col_widths))
        for r, c, cell in _placed(content):
            target = grid.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(grid.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            target.text = cell.text
    document.save(str(path))
    return path


def write_html(path: Path, encoding: str = "gbk") -> Path:
    """A web page as county sites publish it: breadcrumb, catalog block, the report."""
    parts = [
        f'<html><head><meta charset="{encoding}"><title>{escape(report().title)}</title>',
        "<style>td { border: 1px solid }</style></head><body>",
        "<div class='crumb'>&gt;&gt; 政务公开 | &gt;&gt; 信息公开目录 | &gt;&gt; 年度报告</div>",
        "<table><tr><td>索引号:</td><td>11330727775738086F/2024-00012</td>",
        "<td>公开形式:</td><td>主动公开</td></tr>",
        "<tr><td>发布机构:</td><td>县市场监管局</td><td>生成日期:</td><td>2024-01-20</td></tr></table>",
    ]
    for kind, content in _blocks():
        if kind == "table":
            parts.append("<table>")
            for row in content.rows:
                parts.append("<tr>")
                for cell in row:
                    span = f' rowspan="{cell.rowspan}" colspan="{cell.colspan}"'
                    parts.append(f"<td{span}>{escape(cell.text)}</td>")
                parts.append("</tr>")
            parts.append("</table>")
        elif kind == "heading":
            parts.append(f"<p><strong>{escape(content)}</strong></p>")
        else:
            tag = "h1" if kind == "title" else "p"
            # the page source breaks a long paragraph over lines: not the author's line breaks
            text = escape(content)
            parts.append(f"<{tag}>{text[:12]}\n      {text[12:]}</{tag}>")
    parts.append("<script>var visits = 12;</script></body></html>")
    path.write_bytes("\n".join(parts).encode(encoding))
    return path
