"""`report rollup`: read departments' exchange files, refuse mixed years or formats, write the county sum."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, Cell, new_report
from desktop_app.domain.report_exchange import ExchangeError, report_from_json, report_to_json
from desktop_app.domain.rollup import Department, rollup_problems, rollup_tables
from desktop_app.errors import UserError
from desktop_app.jsonfile import write_json
from desktop_app.services.output import writing


def read_department(path: Path) -> Department:
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
        report, name, code = report_from_json(data)
    except OSError as exc:
        raise UserError(f"无法读取 {path}：{exc.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{Path(path).name} 不是 UTF-8 编码的 JSON 文件，请重新导出") from None
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{Path(path).name} 不是有效的 JSON 文件（第 {exc.lineno} 行第 {exc.colno} 列有误），"
            "请该部门重新导出报送交换 JSON"
        ) from None
    except ExchangeError as exc:
        raise UserError(f"{Path(path).name}：{'；'.join(exc.problems)}") from None
    except (ValueError, RecursionError):  # a number of 5,000 digits, nesting 100,000 deep
        raise UserError(
            f"{Path(path).name} 不是有效的报送交换 JSON 文件，请该部门重新导出"
        ) from None
    return Department(name or Path(path).stem, code, report)


def summed_report(departments: list[Department], county: str = "全县") -> AnnualReport:
    """The county-wide report: every official cell summed over `departments` (already checked)."""
    year = departments[0].report.year
    return replace(
        new_report(county, year, rf.FORMAT_2021),
        title=f"{county}{year}年政府信息公开工作年度报告统计汇总",
        cells={key: Cell(value) for key, value in rollup_tables(departments).items()},
    )


def rollup_files(paths: list[Path], out: Path, county: str = "全县") -> dict:
    """Sum the files' tables into `out` (exchange format plus a per-department breakdown)."""
    departments = [read_department(p) for p in paths]
    if problems := rollup_problems(departments):
        raise UserError("；".join(problems))
    data = report_to_json(summed_report(departments, county), county, "")
    data["departments"] = [
        {
            "name": d.name,
            "code": d.code,
            "tables": report_to_json(d.report, d.name, d.code)["tables"],
        }
        for d in departments
    ]
    with writing(Path(out)):
        write_json(Path(out), data)
    return data
