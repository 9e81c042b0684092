"""Reconciliation checker of the annual report: the spec's consistency rules as findings.

Each finding names a stable rule id, the cells involved and the numbers, in Chinese. A cell never
filled counts as 0; a cell given without a number (blank or `/` in an imported report, or emptied)
is unknown: a sum that needs it is not checked, and 表格-1 lists it. Rule ids: 三-1…三-5 (table 三
and the value rule for 三 and 四), 四-1 (table 四 sums), 二-1 (现行有效件数 warning), 二-2 (table 二
values), 跨年-1 (carried-over applications), 跨年-2 (table 二 against last year), 文字-0 (a section
without text), 文字-1 (text copied from last year), 文字-2 (the text quotes another number than
its cell), 文字-3 (纠正 unexplained), 文字-4 (section 五 says nothing), 表格-0 (a 2021-format report
whose tables are still empty), 表格-1 (a cell not given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import (
    SIGNED,
    AnnualReport,
    CellKey,
    Section,
    decimal_text,
    numbered,
)
from desktop_app.domain.limits import decimal_places
from desktop_app.domain.report_text_checks import (
    TextFinding,
    empty_problems,
    not_given,
    quoted_numbers,
    table_two_across_years,
)

ERROR, WARNING = "error", "warning"
ZERO = Decimal(0)
T4_CORRECTED = rf.T4_COLUMNS[1]  # 结果纠正
T4_PARTS, T4_TOTAL = rf.T4_COLUMNS[:4], rf.T4_COLUMNS[4]


def _result_parts(report: AnnualReport, col: str) -> list[CellKey]:
    """The cells whose sum is （七）总计: （一）, （二） and the groups' items, as the template has
    no numbers for the groups; a group given without items (the 2019 trial format's （六）) counts
    by its own row."""
    parts = [("三", rf.T3_DISCLOSED, col), ("三", rf.T3_PARTLY, col)]
    for group, items in rf.T3_GROUP_ITEMS.items():
        item_keys = [("三", item, col) for item in items]
        if report.value("三", group, col) is not None and not any(
            key in report.cells for key in item_keys
        ):
            parts.append(("三", group, col))
        else:
            parts += item_keys
    return parts


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" | "warning"
    cells: tuple[CellKey, ...]
    message: str
    section: tuple[int, ...] | None = None  # the section's path (0-based) for text rules


def check_report(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    """Every failed rule of the report, errors and warnings, in the order of the spec."""
    findings: list[Finding] = []
    if report.format == rf.FORMAT_2021:
        if not _has_numbers(report):
            findings.append(Finding("表格-0", WARNING, (), "表格尚未填写"))
        else:
            findings += _table3_rules(report)
            findings += _table4_rule(report)
            findings += _table2_rules(report)
            findings += _cross_year(report, previous)
            findings += _warnings(table_two_across_years(report, previous))
            findings += _warnings(quoted_numbers(report))
            findings += _correction_explained(report)
            findings += _warnings(not_given(report))
    findings += _empty_sections(report)
    findings += _warnings(empty_problems(report))
    findings += _copied_text(report, previous)
    return findings


# ---- helpers ---------------------------------------------------------------------------------
def _warnings(found: Iterable[TextFinding]) -> list[Finding]:
    return [Finding(f.rule, WARNING, f.cells, f.message, f.section) for f in found]


def _has_numbers(report: AnnualReport) -> bool:
    return any(
        report.value(table, row, col) is not None
        for table, cells in rf.CELLS_BY_TABLE.items()
        for row, col in cells()
    )


def _v(report: AnnualReport, table: str, row: str, col: str) -> Decimal:
    value = report.value(table, row, col)
    return ZERO if value is None else value


def _n(value: Decimal) -> str:
    return decimal_text(value) or "0"


def _sum_rule(
    report: AnnualReport, rule: str, target: CellKey, parts: Iterable[CellKey], what: str
) -> Finding | None:
    """An error when the target cell is not the sum of the parts; `what` says which sum."""
    parts = tuple(parts)
    if report.unknown(target):
        return None
    if any(report.unknown(key) for key in parts):
        return _exceeded(report, rule, target, parts, what)
    expected = sum((_v(report, *key) for key in parts), ZERO)
    actual = _v(report, *target)
    if expected == actual:
        return None
    _, row, col = target
    message = f"{row} {col} 应为 {_n(expected)}（{what}），实为 {_n(actual)}"
    return Finding(rule, ERROR, (target, *parts), message)


def _exceeded(
    report: AnnualReport, rule: str, target: CellKey, parts: tuple[CellKey, ...], what: str
) -> Finding | None:
    """With some parts not given the sum is unknown, but the parts given can already exceed the
    target (counts are never negative): an error a report with blank cells still shows."""
    given = [key for key in parts if not report.unknown(key)]
    known = sum((_v(report, *key) for key in given), ZERO)
    actual = _v(report, *target)
    if known <= actual:
        return None
    _, row, col = target
    message = f"{row} {col} 为 {_n(actual)}，小于已给出各项之和 {_n(known)}（{what}，其余未给出）"
    return Finding(rule, ERROR, (target, *given), message)


def _keep(found: Iterable[Finding | None]) -> list[Finding]:
    return [f for f in found if f is not None]


# ---- table 三 and 四 ---------------------------------------------------------------------------
def _table3_rules(report: AnnualReport) -> list[Finding]:
    t = "三"
    rule1 = (
        _sum_rule(
            report,
            "三-1",
            (t, row, rf.T3_TOTAL),
            ((t, row, c) for c in rf.APPLICANT_TYPES),
            "自然人与法人或其他组织各列之和",
        )
        for row in rf.T3_DATA_ROWS
    )
    rule2 = (
        _sum_rule(
            report,
            "三-2",
            (t, group, col),
            ((t, item, col) for item in items),
            f"{items[0]} 至 {items[-1]} 之和",
        )
        for group, items in rf.T3_GROUP_ITEMS.items()
        for col in rf.T3_COLUMNS
        # a missing subtotal is no error, nor a group without items (2019 trial format's （六）)
        if report.value(t, group, col) is not None
        and any((t, item, col) in report.cells for item in items)
    )
    rule3 = (
        _sum_rule(
            report,
            "三-3",
            (t, rf.T3_RESULT_TOTAL, col),
            _result_parts(report, col),
            "（一）至（六）之和",
        )
        for col in rf.T3_COLUMNS
    )
    return [*_keep(rule1), *_keep(rule2), *_keep(rule3), *_balance(report), *_values(report)]


def _balance(report: AnnualReport) -> list[Finding]:
    """Rule 4: 一 + 二 = （七）总计 + 四 in every column."""
    found = []
    for col in rf.T3_COLUMNS:
        incoming = (("三", rf.T3_NEW, col), ("三", rf.T3_CARRIED_IN, col))
        outgoing = (("三", rf.T3_RESULT_TOTAL, col), ("三", rf.T3_CARRIED_OUT, col))
        if any(report.unknown(key) for key in (*incoming, *outgoing)):
            continue
        received = sum((_v(report, *k) for k in incoming), ZERO)
        handled = sum((_v(report, *k) for k in outgoing), ZERO)
        if received != handled:
            message = (
                f"{col}：第一项加第二项之和为 {_n(received)}，第三项（七）总计加第四项之和为 "
                f"{_n(handled)}，两者应相等"
            )
            found.append(Finding("三-4", ERROR, (*incoming, *outgoing), message))
    return found


def _values(report: AnnualReport) -> list[Finding]:
    """Rule 5: the cells of tables 三 and 四 hold integers ≥ 0."""
    cells = [("三", r, c) for r, c in rf.table3_cells()] + [
        ("四", r, c) for r, c in rf.table4_cells()
    ]
    found = []
    for key in cells:
        value = report.value(*key)
        if value is not None and not _is_count(value):
            message = f"{key[1]} {key[2]} 应为非负整数，实为 {_n(value)}"
            found.append(Finding("三-5", ERROR, (key,), message))
    return found


def _is_count(value: Decimal) -> bool:
    return value >= 0 and value == value.to_integral_value()


def _table4_rule(report: AnnualReport) -> list[Finding]:
    return _keep(
        _sum_rule(
            report,
            "四-1",
            ("四", group, T4_TOTAL),
            (("四", group, c) for c in T4_PARTS),
            "结果维持、结果纠正、其他结果、尚未审结之和",
        )
        for group in rf.T4_GROUPS
    )


# ---- table 二 ----------------------------------------------------------------------------------
def _table2_rules(report: AnnualReport) -> list[Finding]:
    found = []
    for row, col in rf.table2_cells():
        value = report.value("二", row, col)
        if value is None:
            continue
        if col == rf.T2_FEE_AMOUNT:
            if value < 0 or decimal_places(value) > rf.T2_FEE_DECIMALS:
                message = f"{row} {col} 应为不超过四位小数的非负数，实为 {_n(value)}"
                found.append(Finding("二-2", ERROR, (("二", row, col),), message))
        elif not _is_count(value):
            message = f"{row} {col} 应为非负整数，实为 {_n(value)}"
            found.append(Finding("二-2", ERROR, (("二", row, col),), message))
    return found + _in_force_warnings(report)


def _in_force_warnings(report: AnnualReport) -> list[Finding]:
    found = []
    for row in rf.TABLE2_BLOCKS[0].rows:
        keys = [("二", row, c) for c in (rf.T2_ISSUED, rf.T2_REPEALED, rf.T2_IN_FORCE)]
        issued, repealed, in_force = (_v(report, *k) for k in keys)
        if in_force < issued - repealed:
            message = (
                f"{row} {rf.T2_IN_FORCE} 为 {_n(in_force)}，少于{rf.T2_ISSUED}减{rf.T2_REPEALED}的 "
                f"{_n(issued - repealed)}，请与目录中的现行有效文件核对"
            )
            found.append(Finding("二-1", WARNING, tuple(keys), message))
    return found


# ---- across years ------------------------------------------------------------------------------
def _cross_year(report: AnnualReport, previous: AnnualReport | None) -> list[Finding]:
    """This year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column."""
    if (
        previous is None
        or previous.format != rf.FORMAT_2021
        or previous.year != report.year - 1
        or not _has_numbers(previous)
    ):
        return []
    severity = ERROR if previous.status == SIGNED else WARNING
    found = []
    for col in rf.T3_COLUMNS:
        this_year = _v(report, "三", rf.T3_CARRIED_IN, col)
        last_year = _v(previous, "三", rf.T3_CARRIED_OUT, col)
        if this_year != last_year:
            message = (
                f"{rf.T3_CARRIED_IN} {col} 应为 {_n(last_year)}（{previous.year}年报告"
                f"{rf.T3_CARRIED_OUT}），实为 {_n(this_year)}"
            )
            found.append(Finding("跨年-1", severity, (("三", rf.T3_CARRIED_IN, col),), message))
    return found


def _empty_sections(report: AnnualReport) -> list[Finding]:
    """Sections with neither text nor sub-sections; in a 2021 report 二、三、四 may hold only
    their official table."""
    found = []
    for item in numbered(report.sections):
        table_only = (
            report.format == rf.FORMAT_2021 and item.level == 1 and item.path[0] in (1, 2, 3)
        )
        has_text = any(p.strip() for p in item.section.paragraphs)
        if not (table_only or has_text or item.section.children):
            message = f"“{item.heading}”还没有正文，请填写" + (
                "" if item.level == 1 else "或删除这一小节"
            )
            found.append(Finding("文字-0", WARNING, (), message, item.path))
    return found


def _copied_text(report: AnnualReport, previous: AnnualReport | None) -> list[Finding]:
    """Sections whose text equals the same-numbered section of last year's report."""
    if previous is None:
        return []
    earlier = {n.path: n.section for n in numbered(previous.sections)}
    found = []
    for item in numbered(report.sections):
        old = earlier.get(item.path)
        text = _plain(item.section.paragraphs, report.year)
        if old is not None and text and text == _plain(old.paragraphs, previous.year):
            message = f"“{item.heading}”的文字与{previous.year}年报告相同，请按本年情况重写"
            found.append(Finding("文字-1", WARNING, (), message, item.path))
    return found


def _plain(paragraphs: tuple[str, ...], year: int) -> str:
    """Text with whitespace dropped and the report's years made neutral, so a copy that only
    changed the year is still a copy."""
    text = re.sub(r"\s+", "", "\n".join(paragraphs))
    return text.replace(str(year), "{本年}").replace(str(year - 1), "{上年}")


# ---- prose against tables ----------------------------------------------------------------------
def _all_paragraphs(section: Section) -> list[str]:
    return [*section.paragraphs, *(p for child in section.children for p in _all_paragraphs(child))]


def _correction_explained(report: AnnualReport) -> list[Finding]:
    """A 结果纠正 in table 四 needs a word about it in section 五."""
    keys = tuple(
        ("四", g, T4_CORRECTED) for g in rf.T4_GROUPS if _v(report, "四", g, T4_CORRECTED) > 0
    )
    if not keys:
        return []
    section5 = report.sections[4] if len(report.sections) >= 5 else None
    if section5 is not None and any("纠正" in p for p in _all_paragraphs(section5)):
        return []
    counts = "、".join(f"{k[1]} {_n(_v(report, *k))} 件" for k in keys)
    heading = "五、" + (section5.heading if section5 else rf.SECTIONS_2021[4])
    message = f"表格中有{T4_CORRECTED}（{counts}），但“{heading}”没有说明被纠正的情况和改进措施"
    return [Finding("文字-3", WARNING, keys, message)]
