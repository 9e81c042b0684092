"""County roll-up: sum the departments' reports (exchange JSON) into county-wide tables."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, CellKey


@dataclass(frozen=True)
class Department:
    name: str
    code: str
    report: AnnualReport


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
        if d.code in seen:
            problems.append(
                f"{d.name} 与 {seen[d.code]} 的机构代码相同（{d.code}），同一机关只能汇总一次"
            )
        seen.setdefault(d.code, d.name)
    return problems


def rollup_tables(departments: list[Department]) -> dict[CellKey, Decimal]:
    """Every official cell summed over the departments (an empty cell counts as 0)."""
    total: dict[CellKey, Decimal] = {}
    for table, cells in rf.CELLS_BY_TABLE.items():
        for row, col in cells():
            total[(table, row, col)] = sum(
                (d.report.value(table, row, col) or Decimal(0) for d in departments), Decimal(0)
            )
    return total
