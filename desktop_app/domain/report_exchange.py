"""The JSON exchange format of annual reports between offices: report → dict → report.

The fixed core (format, year, agency, title, sections, tables) is what other offices read; the
extra keys (children, a section's own number and run_in flag, lead, closing_date, status, catalog,
cell_sources, not_given) let our own reports survive a round trip; files without them still load.
`not_given` marks the null cells that a published report left blank or "/" (unknown, where a null
alone is an empty cell: 0). Importing checks structure only: numbers that break the reconciliation
rules import as a draft and are reported by report_checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import asdict, fields
from decimal import Decimal
from typing import Any

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import (
    COMPUTED,
    DRAFT,
    MAX_DEPTH,
    OVERRIDDEN,
    SOURCES,
    TYPED,
    AnnualReport,
    CatalogData,
    Cell,
    CellKey,
    Section,
    default_title,
    heading_number,
    printed_number,
)
from desktop_app.domain.dates import parse_date
from desktop_app.domain.limits import (
    character_problem,
    date_problem,
    number_problem,
    text_problem,
    year_problem,
)

TITLE_MAX, AGENCY_NAME_MAX = 200, 100  # the columns' sizes
HEADING_NUMBER_MAX = 20  # 第十二条、 or （十二） with room to spare
# A generated heading number: 一、 （一） 1. （1）, half-width brackets and 1． accepted too.
_HEADING_NUMBER = re.compile(
    r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．](?!\d)|[（(]\d+[）)])\s*"
)


class ExchangeError(ValueError):
    """A JSON report that cannot be read; every problem names its key path."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


# ---- export ------------------------------------------------------------------------------------
def report_to_json(report: AnnualReport, agency_name: str, agency_code: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": report.format,
        "year": report.year,
        "agency": {"name": agency_name, "code": agency_code},
        "title": report.title,
        "sections": _sections_out(report.sections, 1),
        "tables": _tables_out(report) if report.format == rf.FORMAT_2021 else {},
        "lead": list(report.lead),
        "closing_date": report.closing_date.isoformat() if report.closing_date else None,
        "status": report.status,
        "catalog": asdict(report.catalog),
    }
    sources = _sources_out(report) if report.format == rf.FORMAT_2021 else {}
    if sources:
        data["cell_sources"] = sources
    if unknown := _not_given_out(report):
        data["not_given"] = unknown
    return data


def _sections_out(sections: tuple[Section, ...], level: int) -> list[dict[str, Any]]:
    out = []
    for n, section in enumerate(sections, start=1):
        item: dict[str, Any] = {
            "heading": (printed_number(section.number) or heading_number(min(level, MAX_DEPTH), n))
            + section.heading,
            "paragraphs": list(section.paragraphs),
        }
        if section.number:  # an imported report's own number, verbatim
            item["number"] = section.number
        if section.run_in:
            item["run_in"] = True
        if section.children:
            item["children"] = _sections_out(section.children, level + 1)
        out.append(item)
    return out


def _tables_out(report: AnnualReport) -> dict[str, Any]:
    """Every cell of the three tables; an empty cell is null."""
    tables: dict[str, Any] = {}
    for table, cells in rf.CELLS_BY_TABLE.items():
        rows: dict[str, Any] = tables.setdefault(table, {})
        for row, col in cells():
            rows.setdefault(row, {})[col] = number_to_json(report.value(table, row, col))
    return tables


def number_to_json(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _not_given_out(report: AnnualReport) -> dict[str, Any]:
    """The cells held without a number (null in `tables`, like an empty one, but unknown)."""
    out: dict[str, Any] = {}
    for key in report.cells:
        if report.unknown(key):
            table, row, col = key
            out.setdefault(table, {}).setdefault(row, {})[col] = True
    return out


def _sources_out(report: AnnualReport) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for (table, row, col), cell in report.cells.items():
        if cell.source != TYPED:
            entry = {"source": cell.source, "reason": cell.reason}
            out.setdefault(table, {}).setdefault(row, {})[col] = entry
    return out


# ---- import ------------------------------------------------------------------------------------
def report_from_json(data: dict[str, Any]) -> tuple[AnnualReport, str, str]:
    """A draft report (id None) with the agency's name and code; ExchangeError when unreadable."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ExchangeError(["文件内容应为一个 JSON 对象"])
    fmt: Any = data.get("format")  # raw JSON until checked below
    if fmt not in rf.FORMATS:
        problems.append(f"format：未知格式“{fmt}”，应为 “2021” 或 “free”")
    year: Any = data.get("year")
    if problem := year_problem(year):
        problems.append(f"year：{problem}")
    name, code = _agency_in(data.get("agency"), problems)
    title = _text_in(data, "title", problems)
    if problem := text_problem(title, TITLE_MAX):
        problems.append(f"title：{problem}")
    sections = _sections_in(data.get("sections", []), "sections", problems)
    lead = tuple(_strings_in(data.get("lead", []), "lead", problems))
    closing_date = _date_in(data.get("closing_date"), problems)
    catalog = _catalog_in(data.get("catalog", {}), problems)
    cells = _cells_in(data, fmt, problems)
    if problems:
        raise ExchangeError(problems)
    report = AnnualReport(
        year=year,
        format=fmt,
        title=title or default_title(name, year),
        sections=sections,
        lead=lead,
        cells=cells,
        status=DRAFT,
        closing_date=closing_date,
        catalog=catalog,
    )
    return report, name, code


def _agency_in(agency: object, problems: list[str]) -> tuple[str, str]:
    if not isinstance(agency, dict):
        problems.append('agency：缺少机关信息，应为 {"name": 机关名称, "code": 统一社会信用代码}')
        return "", ""
    name, code = agency.get("name"), agency.get("code", "")
    if not isinstance(name, str) or not name.strip():
        problems.append("agency.name：缺少机关名称")
        name = ""
    elif problem := text_problem(name.strip(), AGENCY_NAME_MAX):
        problems.append(f"agency.name：{problem}")
    if not isinstance(code, str):
        problems.append(f"agency.code：应为文字，实为 {code!r}")
        code = ""
    return name.strip(), code.strip()


def _text_in(data: dict[str, Any], key: str, problems: list[str]) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{key}：应为文字，实为 {value!r}")
        return ""
    return value


def _strings_in(items: object, path: str, problems: list[str]) -> list[str]:
    if not isinstance(items, list):
        problems.append(f"{path}：应为文字列表")
        return []
    bad = [i for i, item in enumerate(items) if not isinstance(item, str)]
    problems.extend(f"{path}[{i}]：应为文字，实为 {items[i]!r}" for i in bad)
    texts = [item for item in items if isinstance(item, str)]
    problems.extend(
        f"{path}[{i}]：{problem}"
        for i, text in enumerate(texts)
        if (problem := character_problem(text, multiline=True))
    )
    return texts


def strip_heading_number(heading: str) -> str:
    """'（二）依申请公开' → '依申请公开'; numbers are generated, never stored."""
    match = _HEADING_NUMBER.match(heading)
    return (heading[match.end() :] if match else heading).strip()


def _sections_in(items: object, path: str, problems: list[str]) -> tuple[Section, ...]:
    if not isinstance(items, list):
        problems.append(f"{path}：应为列表")
        return ()
    sections = []
    for i, item in enumerate(items):
        here = f"{path}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("heading"), str):
            problems.append(f"{here}.heading：缺少标题")
            continue
        if problem := character_problem(item["heading"]):
            problems.append(f"{here}.heading：{problem}")
        paragraphs = _strings_in(item.get("paragraphs", []), f"{here}.paragraphs", problems)
        children = _sections_in(item.get("children", []), f"{here}.children", problems)
        number = _own_number_in(item.get("number", ""), f"{here}.number", problems)
        run_in = item.get("run_in", False)
        if not isinstance(run_in, bool):
            problems.append(f"{here}.run_in：应为 true 或 false，实为 {run_in!r}")
            run_in = False
        heading = _heading_in(item["heading"], number)
        sections.append(Section(heading, tuple(paragraphs), children, number, run_in))
    return tuple(sections)


def _own_number_in(value: object, path: str, problems: list[str]) -> str:
    """The heading's own number of an imported report (older files have none: generated)."""
    if not isinstance(value, str):
        problems.append(f"{path}：应为文字，实为 {value!r}")
        return ""
    if problem := text_problem(value, HEADING_NUMBER_MAX):
        problems.append(f"{path}：{problem}")
        return ""
    return value


def _heading_in(heading: str, number: str) -> str:
    """The heading without the number the export put before it."""
    if number and heading.startswith(printed_number(number)):
        return heading[len(printed_number(number)) :]
    return strip_heading_number(heading)


def _date_in(value: object, problems: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        problems.append(f"closing_date：应为 YYYY-MM-DD 格式的日期，实为 {value!r}")
        return None
    try:
        day = parse_date(value)
    except ValueError as error:
        problems.append(f"closing_date：{error}")
        return None
    if problem := date_problem(day):
        problems.append(f"closing_date：{problem}")
    return day


def _catalog_in(value: object, problems: list[str]) -> CatalogData:
    if not isinstance(value, dict):
        problems.append("catalog：应为对象")
        return CatalogData()
    known = {f.name for f in fields(CatalogData)}
    problems.extend(f"catalog：未知字段“{key}”" for key in value if key not in known)
    texts = {}
    for key in known & value.keys():
        if isinstance(value[key], str):
            texts[key] = value[key]
            if problem := character_problem(value[key]):
                problems.append(f"catalog.{key}：{problem}")
        else:
            problems.append(f"catalog.{key}：应为文字，实为 {value[key]!r}")
    return CatalogData(**texts)


# ---- import: tables ----------------------------------------------------------------------------
def _cells_in(data: dict[str, Any], fmt: object, problems: list[str]) -> dict[CellKey, Cell]:
    tables = data.get("tables", {})
    if not isinstance(tables, dict):
        problems.append("tables：应为对象")
        return {}
    if fmt == rf.FORMAT_FREE and any(tables.values()):
        problems.append("tables：自由格式（free）的报告没有表格，请改为 “2021” 格式或删去表格")
        return {}
    cells: dict[CellKey, Cell] = {}
    for table, rows, path in _walk(tables, "tables", problems):
        for row, col, value in rows:
            number = _number_in(value, f"{path}.{row}.{col}", problems)
            if number is not None:
                cells[(table, row, col)] = Cell(number)
    for table, rows, path in _walk(data.get("not_given", {}), "not_given", problems):
        for row, col, flag in rows:
            _not_given_in(cells, (table, row, col), flag, f"{path}.{row}.{col}", problems)
    sources = data.get("cell_sources", {})
    for table, rows, path in _walk(sources, "cell_sources", problems):
        for row, col, entry in rows:
            _source_in(cells, (table, row, col), entry, f"{path}.{row}.{col}", problems)
    return cells


def _not_given_in(
    cells: dict[CellKey, Cell], key: CellKey, flag: object, path: str, problems: list[str]
) -> None:
    if flag is not True:
        problems.append(f"{path}：应为 true（该单元格未给出数字）")
    elif key in cells:
        problems.append(f"{path}：该单元格有数字 {cells[key].value}，不能同时标为未给出")
    else:
        cells[key] = Cell(None)


def _walk(
    tables: object, path: str, problems: list[str]
) -> Iterator[tuple[str, list[tuple[str, str, Any]], str]]:
    """(table, [(row, col, value)…], path) for every known table; unknown labels are problems."""
    if not isinstance(tables, dict):
        problems.append(f"{path}：应为对象")
        return
    for table, rows in tables.items():
        if table not in rf.CELLS_BY_TABLE:
            problems.append(f"{path}：未知表格“{table}”，应为 二、三、四 之一")
            continue
        if not isinstance(rows, dict):
            problems.append(f"{path}.{table}：应为对象")
            continue
        yield table, _known_cells(table, rows, f"{path}.{table}", problems), f"{path}.{table}"


def _known_cells(
    table: str, rows: dict[str, Any], path: str, problems: list[str]
) -> list[tuple[str, str, Any]]:
    columns: dict[str, list[str]] = {}
    for row, col in rf.CELLS_BY_TABLE[table]():
        columns.setdefault(row, []).append(col)
    found = []
    for row, values in rows.items():
        if row not in columns:
            hint = "（该行只是标题，不填数字）" if row == rf.T3_RESULTS else ""
            problems.append(f"{path}：未知行“{row}”{hint}")
        elif not isinstance(values, dict):
            problems.append(f"{path}.{row}：应为对象")
        else:
            for col, value in values.items():
                if col in columns[row]:
                    found.append((row, col, value))
                else:
                    problems.append(f"{path}.{row}：未知列“{col}”")
    return found


def _number_in(value: object, path: str, problems: list[str]) -> Decimal | None:
    """A JSON number as a Decimal within the program's limits (0 to 10^12, 4 decimals).
    Fractional counts are kept: the file imports as a draft and rule 三-5 / 二-2 of the checker
    reports them, as for any other broken rule."""
    if value is None:
        return None
    number = _json_number(value)
    if number is None:
        shown = repr(value)
        problems.append(f"{path}：应为数字，实为 {shown if len(shown) <= 40 else shown[:40] + '…'}")
    elif problem := number_problem(number):
        problems.append(f"{path}：{problem}")
        return None
    return number


def _json_number(value: object) -> Decimal | None:
    """A finite int or float (never a bool or a string) as a Decimal, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    return number if number.is_finite() else None


def _source_in(
    cells: dict[CellKey, Cell], key: CellKey, entry: object, path: str, problems: list[str]
) -> None:
    allowed = (COMPUTED, OVERRIDDEN)
    if not isinstance(entry, dict) or entry.get("source") not in SOURCES:
        problems.append(f"{path}：来源应为 {' 或 '.join(allowed)}")
        return
    reason = entry.get("reason", "")
    if not isinstance(reason, str):
        problems.append(f"{path}.reason：应为文字")
        return
    if problem := character_problem(reason, multiline=True):
        problems.append(f"{path}.reason：{problem}")
        return
    value = cells.get(key, Cell(None)).value
    cells[key] = Cell(value, entry["source"], reason)
