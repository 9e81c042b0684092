"""`report rollup`: read the departments' reports (exchange JSON, or the reports they published as
PDF, DOCX, HTML or text), refuse mixed years or formats, write the county sum."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import (
    NOT_GIVEN,
    AnnualReport,
    Cell,
    CellKey,
    decimal_text,
    new_report,
)
from desktop_app.domain.report_exchange import (
    ExchangeError,
    number_to_json,
    report_from_json,
    report_to_json,
)
from desktop_app.domain.report_import_text import title_agency_year
from desktop_app.domain.rollup import CountySum, Department, rollup_problems, rollup_tables
from desktop_app.errors import UserError
from desktop_app.jsonfile import write_json
from desktop_app.services.output import writing


def read_department(path: Path) -> Department:
    """A department's report: an exchange file, else a published report named by its title."""
    path = Path(path)
    return _exchange(path) if path.suffix.lower() == ".json" else _published(path)


def _exchange(path: Path) -> Department:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
        report, name, code = report_from_json(data)
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{exc.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path.name} 不是 UTF-8 编码的 JSON 文件，请重新导出") from None
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{path.name} 不是有效的 JSON 文件（第 {exc.lineno} 行第 {exc.colno} 列有误），"
            "请该部门重新导出报送交换 JSON"
        ) from None
    except ExchangeError as exc:
        raise UserError(f"{path.name}：{'；'.join(exc.problems)}") from None
    except (ValueError, RecursionError):  # a number of 5,000 digits, nesting 100,000 deep
        raise UserError(f"{path.name} 不是有效的报送交换 JSON 文件，请该部门重新导出") from None
    return Department(name or path.stem, code, report)


def _published(path: Path) -> Department:
    from desktop_app.services.annual_reports import read_published  # noqa: PLC0415

    def whose(title: str) -> tuple[str, int]:
        found = title_agency_year(title)
        if found is None:
            said = f"标题“{title}”" if title else "没有找到标题，"
            raise UserError(
                f"{path.name}：{said}看不出机关名称和年度；请使用标题完整的报告"
                "（如“某某局2024年政府信息公开工作年度报告”），或请该部门导出报送交换 JSON"
            )
        return found

    read = read_published(path, whose)
    name, _year = whose(read.report.title)  # the title it was read with
    return Department(name, "", read.report, tuple(read.notes()))


def summed_report(departments: list[Department], county: str = "全县") -> AnnualReport:
    """The county-wide report: every official cell summed over `departments` (already checked);
    a cell some department did not give is not given in the sum either."""
    return county_report(rollup_tables(departments), departments[0].report.year, county)


def county_report(county_sum: CountySum, year: int, county: str) -> AnnualReport:
    return replace(
        new_report(county, year, rf.FORMAT_2021),
        title=f"{county}{year}年政府信息公开工作年度报告统计汇总",
        cells={key: Cell(county_sum.total(key)) for key in county_sum.given},
    )


@dataclass(frozen=True)
class Rollup:
    """A roll-up written: its year, the departments summed and the sums."""

    year: int
    departments: list[Department]
    county_sum: CountySum


def rollup_files(paths: list[Path], out: Path, county: str = "全县") -> Rollup:
    """Sum the files' tables into `out`: the exchange format (a cell some department did not give
    is null and listed under not_given), each incomplete cell's partial sum and who is missing
    (`incomplete`), and every department's tables."""
    departments = [read_department(p) for p in paths]
    if problems := rollup_problems(departments):
        raise UserError("；".join(problems))
    county_sum = rollup_tables(departments)
    year = departments[0].report.year
    data = report_to_json(county_report(county_sum, year, county), county, "")
    if county_sum.missing:
        data["incomplete"] = _incomplete_out(county_sum)
    data["departments"] = [_department_out(d) for d in departments]
    with writing(Path(out)):
        write_json(Path(out), data)
    return Rollup(year, departments, county_sum)


def _incomplete_out(county_sum: CountySum) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for (table, row, col), names in county_sum.missing.items():
        partial = county_sum.given[(table, row, col)]
        entry = {"given_sum": number_to_json(partial), "not_given_by": list(names)}
        out.setdefault(table, {}).setdefault(row, {})[col] = entry
    return out


def _department_out(d: Department) -> dict[str, Any]:
    exchange = report_to_json(d.report, d.name, d.code)
    out = {"name": d.name, "code": d.code, "tables": exchange["tables"]}
    if "not_given" in exchange:
        out["not_given"] = exchange["not_given"]
    return out


INCOMPLETE_NOTE = (
    "注：“≥”后的数字是已给出该项的部门之和，合计不完整（下列部门的报告未给出该项数字，"
    "空白或“/”）；“未给出”表示没有部门给出该项。"
)


def county_cell(county_sum: CountySum, key: CellKey) -> Decimal | str:
    """The county's number as shown and printed: `≥N` for an incomplete sum, 未给出 when no
    department gave the cell."""
    total = county_sum.total(key)
    if total is not None:
        return total
    if len(county_sum.missing[key]) == len(county_sum.names):
        return NOT_GIVEN
    return f"≥{decimal_text(county_sum.given[key])}"


def new_requests_text(county_sum: CountySum) -> str:
    """本年新收 in all, as the CLI and the window report it."""
    value = county_cell(county_sum, ("三", rf.T3_NEW, rf.T3_TOTAL))
    return value if isinstance(value, str) else f"{value.normalize():f}"


def incomplete_lines(county_sum: CountySum) -> list[str]:
    """Per department, the cells it did not give, one line each (for the CLI, the PDF's note)."""
    return [
        f"{name}未给出 {len(keys)} 项：{cells_text(keys)}"
        for name, keys in county_sum.gaps().items()
    ]


def cells_text(keys: list[CellKey]) -> str:
    """`表三 本年新收…：自然人、商业企业；表四 …` — a row all of whose columns are listed says 各栏."""
    by_row: dict[tuple[str, str], list[str]] = {}
    for table, row, col in keys:
        by_row.setdefault((table, row), []).append(col)
    parts = []
    for (table, row), cols in by_row.items():
        every = [c for r, c in rf.CELLS_BY_TABLE[table]() if r == row]
        parts.append(f"表{table} {row}：{'各栏' if cols == every else '、'.join(cols)}")
    return "；".join(parts)
