"""Checks real reports need beyond the tables' own sums: numbers quoted in the text, a section 五
that says nothing, table 二 against last year's report, and cells the report does not give.

Rule ids: 文字-2 (a number in the text differs from its cell), 文字-4 (section 五 only 无 or
shorter than a sentence), 跨年-2 (现行有效件数 against last year's), 表格-1 (a cell not given).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, CellKey, decimal_text, numbered

WARNING = "warning"
_CLAUSE = re.compile(r"[^。；;，,！？!?]+")
_SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
_ASIDE = re.compile(r"[（(]([^（）()]*)[）)]")
_N = r"(\d[\d,，]*)\s*(?:件|起|宗|份)"  # "共收到8份政府信息公开申请"
_GAP = r"[^\d。；;，,]{0,20}?"
_REVIEW, _DIRECT, _AFTER = rf.T4_GROUPS
_T4_TOTAL = rf.T4_COLUMNS[-1]


@dataclass(frozen=True)
class _Quote:
    what: str  # how the message names the number
    pattern: re.Pattern[str]
    cells: tuple[CellKey, ...]  # the table cells whose sum the text quotes
    unless: tuple[str, ...] = ()  # a clause with one of these words quotes something else
    none: re.Pattern[str] | None = None  # wordings that say there were none


def _quotes() -> tuple[_Quote, ...]:
    total = rf.T3_TOTAL
    never = r"(?:未|没有|无)(?:发生|收到|接到|出现|受理)?[^\d。；;，,]{0,20}?"
    return (
        _Quote(
            "新收申请",
            # also the number first: "共收到8份政府信息公开申请"
            re.compile(
                rf"(?:收到|新收|受理|接收|接到){_GAP}申请{_GAP}{_N}"
                rf"|(?:收到|新收|受理|接收|接到)[了共]?\s*{_N}{_GAP}申请"
            ),
            (("三", rf.T3_NEW, total),),
            ("复议", "诉讼", "结转"),
            re.compile(r"(?:未|没有)(?:收到|接到|接收)[^\d。；;，,]{0,20}?申请"),
        ),
        _Quote(
            "上年结转",
            re.compile(rf"上一?年度?结转{_GAP}{_N}"),
            (("三", rf.T3_CARRIED_IN, total),),
        ),
        _Quote(
            "结转下年度",
            # also the number first: "另有72件申请…顺延到下年度答复"
            re.compile(
                rf"结转(?:至|到)?下一?年度?{_GAP}{_N}|{_N}{_GAP}(?:顺延|结转)(?:至|到)?下一?年度"
            ),
            (("三", rf.T3_CARRIED_OUT, total),),
            none=re.compile(r"(?:无|没有)(?:下一?年度?结转|结转(?:至|到)?下一?年度?)"),
        ),
        _Quote(
            "办结",
            re.compile(rf"(?:办结|答复){_GAP}{_N}"),
            (("三", rf.T3_RESULT_TOTAL, total),),
            ("复议", "诉讼", "结转"),
        ),
        _Quote(
            "行政复议",
            re.compile(rf"行政复议{_GAP}{_N}"),
            (("四", _REVIEW, _T4_TOTAL),),
            none=re.compile(rf"{never}行政复议"),
        ),
        _Quote(
            "行政诉讼",
            # "行政复议7件，诉讼9件": the second of the pair often drops its 行政
            re.compile(rf"(?:行政)?诉讼{_GAP}{_N}"),
            (("四", _DIRECT, _T4_TOTAL), ("四", _AFTER, _T4_TOTAL)),
            ("民事", "刑事"),
            re.compile(rf"{never}(?:行政复议[、和及与“”\"]*)?行政诉讼"),
        ),
        *_outcome_quotes(),
    )


def _outcome_quotes() -> tuple[_Quote, ...]:
    """How requests were answered: "予以公开及部分公开258件", "无法提供265件"…; a group's number
    is the sum of its items."""
    total = rf.T3_TOTAL
    both = r"予以公开(?:及|和|与|、)部分公开"
    return (
        _Quote(
            "予以公开及部分公开",
            re.compile(rf"{both}{_GAP}{_N}"),
            (("三", rf.T3_DISCLOSED, total), ("三", rf.T3_PARTLY, total)),
        ),
        _Quote(
            "予以公开",
            re.compile(rf"予以公开(?![及和与、]部分公开){_GAP}{_N}"),
            (("三", rf.T3_DISCLOSED, total),),
        ),
        _Quote(
            "部分公开",
            re.compile(rf"(?<!公开及)(?<!公开和)(?<!公开与)(?<!公开、)部分公开{_GAP}{_N}"),
            (("三", rf.T3_PARTLY, total),),
        ),
        *(
            _Quote(group[3:], re.compile(rf"{group[3:]}{_GAP}{_N}"), (("三", group, total),))
            for group in rf.T3_GROUP_ITEMS
        ),
    )


_QUOTES = _quotes()


@dataclass(frozen=True)
class TextFinding:
    rule: str
    cells: tuple[CellKey, ...]
    message: str
    section: tuple[int, ...] | None = None


def _n(value: Decimal) -> str:
    return decimal_text(value) or "0"


def _paragraphs(report: AnnualReport) -> Iterator[tuple[tuple[int, ...] | None, str]]:
    for paragraph in report.lead:
        yield None, paragraph
    for item in numbered(report.sections):
        for paragraph in item.section.paragraphs:
            yield item.path, paragraph


def quoted_numbers(report: AnnualReport) -> list[TextFinding]:
    """Numbers the text quotes (新收, 结转, 办结, 复议, 诉讼) that differ from their cells."""
    found = []
    for path, paragraph in _paragraphs(report):
        for sentence in _SENTENCE.findall(paragraph):
            for clause in _clauses(sentence):
                for quote, number in _numbers_in(clause):
                    found += _compare(report, quote, number, sentence.strip(), path)
    return found


def _clauses(sentence: str) -> Iterator[str]:
    """The sentence's clauses, a bracketed aside apart from the clause it interrupts:
    "答复805件（含上年度结转申请18件，…）" quotes 805 answered and 18 carried over."""
    for text in (_ASIDE.sub("", sentence), *_ASIDE.findall(sentence)):
        yield from _CLAUSE.findall(text)


def _numbers_in(clause: str) -> Iterator[tuple[_Quote, Decimal]]:
    for quote in _QUOTES:
        if any(word in clause for word in quote.unless):
            continue
        match = quote.pattern.search(clause)
        if match:
            number = next(group for group in match.groups() if group)
            yield quote, Decimal(re.sub(r"[,，]", "", number))
        elif quote.none is not None and quote.none.search(clause):
            yield quote, Decimal(0)


def _compare(
    report: AnnualReport,
    quote: _Quote,
    number: Decimal,
    sentence: str,
    path: tuple[int, ...] | None,
) -> list[TextFinding]:
    known = [_known(report, key) for key in quote.cells]
    table_value = sum((value for value, _ in known), Decimal(0))
    cells = "＋".join(f"表{t}“{row} {col}”" for t, row, col in quote.cells)
    if all(exact for _, exact in known):
        if table_value == number:
            return []
        message = (
            f"“{sentence}”中{quote.what}为 {_n(number)} 件，与{cells}的 {_n(table_value)} 不一致"
        )
    elif number < table_value:  # the cells given already add up to more than the text says
        message = (
            f"“{sentence}”中{quote.what}为 {_n(number)} 件，少于{cells}已给出的数字之和 "
            f"{_n(table_value)}（未给出的不计）"
        )
    else:
        return []  # the table does not give it all: nothing sure to compare with
    return [TextFinding("文字-2", quote.cells, message, path)]


def _known(report: AnnualReport, key: CellKey) -> tuple[Decimal, bool]:
    """A cell's value and True, or, when the table does not give it, the sum of the numbers its
    parts give (a group's items, a row's other columns) and whether those give them all."""
    cell = report.cells.get(key)
    if cell is not None and cell.value is not None:
        return cell.value, True
    table, row, col = key
    items = [i for i in rf.T3_GROUP_ITEMS.get(row, ()) if (table, i, col) in report.cells]
    if table == "三" and items:
        parts = [(table, item, col) for item in items]
    elif table == "三" and col == rf.T3_TOTAL:
        parts = [(table, row, c) for c in rf.T3_COLUMNS[:-1]]
    elif table == "四" and col == _T4_TOTAL:
        parts = [(table, row, c) for c in rf.T4_COLUMNS[:-1]]
    else:
        return Decimal(0), cell is None  # a cell the report leaves out of its tables: 0
    known = [_known(report, part) for part in parts]
    return sum((v for v, _ in known), Decimal(0)), all(exact for _, exact in known)


_NOTHING = re.compile(r"(?:无|暂无|没有|无\s*其他需要报告的事项)[。.]?")
_SHORTEST_SENTENCE = 10  # characters: "本年度无。" says nothing of problems or improvements


def empty_problems(report: AnnualReport) -> list[TextFinding]:
    """Section 五 that only says 无, or less than a sentence."""
    if report.format != rf.FORMAT_2021 or len(report.sections) < 5:
        return []
    section = report.sections[4]
    text = re.sub(r"\s+", "", "".join(section.paragraphs))
    if not text or section.children:
        return []  # an empty section is 文字-0's
    if _NOTHING.fullmatch(text) or len(text) < _SHORTEST_SENTENCE:
        message = f"“五、{section.heading}”只写了“{text}”：请写明存在的主要问题和改进情况"
        return [TextFinding("文字-4", (), message, (4,))]
    return []


def table_two_across_years(
    report: AnnualReport, previous: AnnualReport | None
) -> list[TextFinding]:
    """Last year's 现行有效件数 + this year's 制发 − 废止 should be this year's 现行有效件数."""
    if previous is None or previous.year != report.year - 1 or previous.format != rf.FORMAT_2021:
        return []
    found = []
    for row in rf.TABLE2_BLOCKS[0].rows:
        before = previous.value("二", row, rf.T2_IN_FORCE)
        keys = [("二", row, c) for c in (rf.T2_ISSUED, rf.T2_REPEALED, rf.T2_IN_FORCE)]
        issued, repealed, in_force = (report.value(*k) for k in keys)
        if before is None or issued is None or repealed is None or in_force is None:
            continue
        expected = before + issued - repealed
        if expected != in_force:
            message = (
                f"{row}：{previous.year}年报告{rf.T2_IN_FORCE} {_n(before)} ＋ {report.year}年报告"
                f"{rf.T2_ISSUED} {_n(issued)} － {rf.T2_REPEALED} {_n(repealed)} ＝ {_n(expected)}，"
                f"{report.year}年报告{rf.T2_IN_FORCE}为 {_n(in_force)}"
            )
            found.append(TextFinding("跨年-2", (keys[2], keys[0], keys[1]), message))
    return found


def printed_cells() -> list[CellKey]:
    """Every cell of tables 二/三/四 that the template prints (not the group subtotals)."""
    return [
        (table, row, col)
        for table, cells in rf.CELLS_BY_TABLE.items()
        for row, col in cells()
        if row not in rf.T3_GROUP_ITEMS
    ]


def not_given(report: AnnualReport) -> list[TextFinding]:
    """A cell the report holds without a number (blank, `/`, `-`, `—` in the document); a table
    none of whose cells has one (missing from the document) is one finding."""
    found = []
    for table in rf.TABLE_KEYS:
        keys = [key for key in printed_cells() if key[0] == table]
        unknown = [key for key in keys if report.unknown(key)]
        if unknown and unknown == keys:
            message = f"表{table} 没有给出任何数字（原文没有该表或未能读入），按未知处理"
            found.append(TextFinding("表格-1", tuple(keys), message))
            continue
        found += [
            TextFinding(
                "表格-1",
                (key,),
                f"表{key[0]} {key[1]} {key[2]} 没有给出数字（空白或“/”），按未知处理",
            )
            for key in unknown
        ]
    return found
