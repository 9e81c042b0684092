"""County roll-up: sum the departments' reports into county-wide tables, never counting a number
a department did not give as 0."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, CellKey


@dataclass(frozen=True)
class Department:
    name: str
    code: str  # "" for a report read from its published document
    report: AnnualReport
    notes: tuple[str, ...] = ()  # what reading a published report asks to check


def rollup_problems(departments: list[Department]) -> list[str]:
    """Why these reports cannot be summed: another year or format, or the same agency twice."""
    if not departments:
        return ["没有可汇总的报告文件"]
    first = departments[0].report
    problems = []
    seen: dict[str, str] = {}
    for d in departments:
        if d.report.year != first.year:
            problems.append(
                f"{d.name} 的报告是 {d.report.year} 年度，与 {departments[0].name} 的 {first.year} 年度不同"
            )
        if d.report.format != rf.FORMAT_2021:
            problems.append(f"{d.name} 的报告不是 2021 格式（自由格式没有统计表），不能汇总")
        if d.code and d.code in seen:
            problems.append(
                f"{d.name} 与 {seen[d.code]} 的机构代码相同（{d.code}），同一机关只能汇总一次"
            )
        elif d.name in seen.values():
            problems.append(f"{d.name} 已有一份报告纳入汇总，同一机关只能汇总一次")
        seen.setdefault(d.code or d.name, d.name)
    return problems


@dataclass(frozen=True)
class CountySum:
    """Every official cell summed over the departments. A cell some department did not give
    (blank or "/" in its report) has no county total: only the sum of the numbers given, and
    the departments missing, so it is never shown or passed on as complete."""

    names: tuple[str, ...]  # the departments summed
    given: dict[CellKey, Decimal]  # per cell, the sum of the departments' numbers given
    missing: dict[CellKey, tuple[str, ...]]  # per incomplete cell, who did not give it

    def total(self, key: CellKey) -> Decimal | None:
        """The county's number; None while a department has not given it."""
        return None if key in self.missing else self.given[key]

    def incomplete(self) -> list[CellKey]:
        """The printed cells without a county total (a group of table 三 prints no numbers)."""
        return [key for key in self.missing if not (key[0] == "三" and key[1] in rf.T3_GROUP_ITEMS)]

    def gaps(self) -> dict[str, list[CellKey]]:
        """Per department (in the order added), the printed cells it did not give."""
        by_department: dict[str, list[CellKey]] = {}
        for key in self.incomplete():
            for name in self.missing[key]:
                by_department.setdefault(name, []).append(key)
        return by_department


def rollup_tables(departments: list[Department]) -> CountySum:
    """Sum every cell. A table 三 group (（三）…（六）, no numbers of its own in the template) is
    summed from each department's items, or from the group's own row where a department gives
    only that (the 2019 trial format's （六）其他处理), whose items are then unknown."""
    given: dict[CellKey, Decimal] = {}
    missing: dict[CellKey, tuple[str, ...]] = {}
    for table, cells in rf.CELLS_BY_TABLE.items():
        for row, col in cells():
            key = (table, row, col)
            parts = {d.name: _parts(d.report, key) for d in departments}
            given[key] = sum(
                (d.report.value(*k) or Decimal(0) for d in departments for k in parts[d.name]),
                Decimal(0),
            )
            unknown = [d.name for d in departments if _unknown(d.report, key, parts[d.name])]
            if unknown:
                missing[key] = tuple(unknown)
    return CountySum(tuple(d.name for d in departments), given, missing)


def _parts(report: AnnualReport, key: CellKey) -> list[CellKey]:
    """The cells of `report` that make its number in `key`."""
    table, row, col = key
    items = rf.T3_GROUP_ITEMS.get(row, ()) if table == "三" else ()
    if not items or _group_only(report, row, col):
        return [key]
    return [("三", item, col) for item in items]


def _unknown(report: AnnualReport, key: CellKey, parts: list[CellKey]) -> bool:
    table, row, col = key
    group = rf.T3_GROUP_ITEM_OF.get(row) if table == "三" else None
    if group is not None and _group_only(report, group, col):
        return True  # its share of the group is not given
    return any(report.unknown(part) for part in parts)


def _group_only(report: AnnualReport, group: str, col: str) -> bool:
    """The report gives the group as one row, none of its items."""
    return report.value("三", group, col) is not None and not any(
        ("三", item, col) in report.cells for item in rf.T3_GROUP_ITEMS[group]
    )
