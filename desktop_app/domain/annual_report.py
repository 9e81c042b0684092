"""The annual report (政府信息公开工作年度报告): sections, table cells with provenance, sign-off.

Heading numbers (一、（一）1.（1）) are generated from the section tree, never stored or typed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from desktop_app.domain import report_format as rf
from desktop_app.domain.limits import character_problem, date_problem, number_problem, text_problem

# Provenance of a table cell.
TYPED, COMPUTED, OVERRIDDEN = "typed", "computed", "overridden"
SOURCES = (TYPED, COMPUTED, OVERRIDDEN)
SOURCE_LABELS = {TYPED: "填写", COMPUTED: "自动计算", OVERRIDDEN: "人工修正"}

# Workflow.
DRAFT, IN_REVIEW, SIGNED = "草稿", "待审核", "已签发"
STATUSES = (DRAFT, IN_REVIEW, SIGNED)
TRANSITIONS = {DRAFT: (IN_REVIEW,), IN_REVIEW: (DRAFT, SIGNED), SIGNED: ()}

CN_NUMERALS = "一二三四五六七八九十"
MAX_DEPTH = 4

CellKey = tuple[str, str, str]  # (table "二"/"三"/"四", row label, column label)


@dataclass(frozen=True)
class Section:
    """A heading (without its number) with paragraphs, then sub-sections.

    `number` keeps an imported report's own heading number verbatim (empty: generated); a
    `run_in` heading is the first sentence of its first paragraph, printed on the same lines.
    """

    heading: str
    paragraphs: tuple[str, ...] = ()
    children: tuple[Section, ...] = ()
    number: str = ""
    run_in: bool = False


NOT_GIVEN = "未给出"  # how a cell held without a number is shown and printed in a roll-up


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    source: str = TYPED
    reason: str = ""  # why a computed value was overridden


@dataclass(frozen=True)
class CatalogData:
    """The catalog header a published report carries (kept verbatim from an imported report)."""

    index_no: str = ""
    disclosure_form: str = ""
    doc_number: str = ""
    period: str = ""
    publisher: str = ""
    generated_on: str = ""


@dataclass(frozen=True)
class Seal:
    """An HMAC over a signed revision with a key the database does not hold (see report_seal)."""

    value: str
    key_id: str
    parts: dict[str, str]  # part name → short digest, to say what differs


@dataclass(frozen=True)
class SignOff:
    signer: str
    signed_on: dt.date | None  # None only where someone blanked it in the database by hand
    content_hash: str
    reason: str = ""  # recorded when errors of the checker were overruled
    seal: Seal | None = None  # None: signed before seals existed


@dataclass(frozen=True)
class AnnualReport:
    year: int
    format: str  # report_format.FORMAT_2021 | FORMAT_FREE
    title: str
    sections: tuple[Section, ...]
    lead: tuple[str, ...] = ()  # paragraphs before section 一
    cells: dict[CellKey, Cell] = field(default_factory=dict)
    status: str = DRAFT
    closing_date: dt.date | None = None
    catalog: CatalogData = CatalogData()
    sign_off: SignOff | None = None
    revision: int = 1
    id: int | None = None
    version: int = 1  # of the stored row, as loaded: a save from a stale copy is refused

    @property
    def read_only(self) -> bool:
        return self.status == SIGNED

    @property
    def saved_id(self) -> int:
        """The id of a report read from the database; ValueError for one never saved."""
        if self.id is None:
            raise ValueError("这份报告还没有保存")
        return self.id

    def value(self, table: str, row: str, col: str) -> Decimal | None:
        cell = self.cells.get((table, row, col))
        return None if cell is None else cell.value

    def unknown(self, key: CellKey) -> bool:
        """A cell held without a number: not given (blank or "/" in a published report), which
        is unknown, never 0 (a cell not held at all is an empty one: 0)."""
        cell = self.cells.get(key)
        return cell is not None and cell.value is None

    def with_cell(self, key: CellKey, cell: Cell) -> AnnualReport:
        return replace(self, cells={**self.cells, key: cell})


def default_title(agency_name: str, year: int) -> str:
    return f"{agency_name}{year}年政府信息公开工作年度报告"


def new_report(agency_name: str, year: int, fmt: str) -> AnnualReport:
    """An empty report: the six official sections for the 2021 format, one section for free-form."""
    if fmt == rf.FORMAT_2021:
        sections = tuple(Section(h) for h in rf.SECTIONS_2021)
    else:
        sections = (Section("总体情况"),)
    return AnnualReport(
        year=year, format=fmt, title=default_title(agency_name, year), sections=sections
    )


# ---- heading numbers ------------------------------------------------------------------------
def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (enough for section counts)."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMERALS[tens - 1]
    return f"{head}十{CN_NUMERALS[units - 1] if units else ''}"


def printed_number(number: str) -> str:
    """An imported heading number as printed: only its brackets are set full-width."""
    return number.replace("(", "（").replace(")", "）")


def heading_number(level: int, n: int) -> str:
    """The number of the n-th heading at a level: 一、 （一） 1. （1）."""
    return {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[
        level
    ]


@dataclass(frozen=True)
class NumberedSection:
    path: tuple[int, ...]  # 0-based index at each level
    level: int
    number: str
    section: Section

    @property
    def heading(self) -> str:
        return f"{self.number}{self.section.heading}"


def numbered(sections: tuple[Section, ...]) -> list[NumberedSection]:
    """Every section in reading order with its generated number."""
    out: list[NumberedSection] = []

    def walk(items: tuple[Section, ...], prefix: tuple[int, ...]) -> None:
        level = len(prefix) + 1
        for i, section in enumerate(items):
            out.append(
                NumberedSection(
                    (*prefix, i),
                    level,
                    printed_number(section.number) or heading_number(min(level, MAX_DEPTH), i + 1),
                    section,
                )
            )
            walk(section.children, (*prefix, i))

    walk(sections, ())
    return out


# ---- workflow and integrity -----------------------------------------------------------------
def transition_problem(report: AnnualReport, target: str) -> str | None:
    if target not in TRANSITIONS.get(report.status, ()):
        return f"报告当前状态为“{report.status}”，不能改为“{target}”"
    return None


def content_hash(report: AnnualReport) -> str:
    """SHA-256 of the report's content in a canonical JSON form (status and ids excluded)."""
    payload = {
        "year": report.year,
        "format": report.format,
        "title": report.title,
        "lead": list(report.lead),
        "sections": [_section_json(s) for s in report.sections],
        "cells": sorted(
            [list(key), decimal_text(c.value), c.source, c.reason]
            for key, c in report.cells.items()
        ),
        "closing_date": report.closing_date.isoformat() if report.closing_date else None,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _section_json(section: Section) -> dict[str, object]:
    out: dict[str, object] = {
        "heading": section.heading,
        "paragraphs": list(section.paragraphs),
        "children": [_section_json(c) for c in section.children],
    }
    # Only when set, so the hash of a report without imported numbers stays what it was.
    if section.number:
        out["number"] = section.number
    if section.run_in:
        out["run_in"] = True
    return out


def sections_to_json(sections: tuple[Section, ...]) -> list[dict[str, object]]:
    return [_section_json(s) for s in sections]


def sections_from_json(items: list[dict[str, Any]]) -> tuple[Section, ...]:
    return tuple(
        Section(
            i["heading"],
            tuple(i.get("paragraphs", ())),
            sections_from_json(i.get("children", [])),
            i.get("number", ""),
            bool(i.get("run_in", False)),
        )
        for i in items
    )


def decimal_text(value: Decimal | None) -> str | None:
    """Canonical text of a cell value for storage and hashing (no exponent, no trailing zeros)."""
    return None if value is None else format(value.normalize(), "f")


# ---- field limits ------------------------------------------------------------------------------
TITLE_MAX, SIGNER_MAX = 200, 50  # the columns' sizes


def report_problems(report: AnnualReport) -> list[str]:
    """Texts, dates and numbers of a report beyond the program's field limits, each naming where."""
    problems = []
    if found := text_problem(report.title, TITLE_MAX):
        problems.append(f"标题{found}")
    if found := date_problem(report.closing_date):
        problems.append(f"成文日期{found}")
    problems += [
        f"前言第 {i} 段{found}"
        for i, text in enumerate(report.lead, start=1)
        if (found := character_problem(text, multiline=True))
    ]
    problems += _section_problems(report.sections)
    problems += [
        f"表{key[0]}“{key[1]} {key[2]}”：{found}"
        for key, cell in report.cells.items()
        if (found := number_problem(cell.value))
    ]
    return problems


def _section_problems(sections: tuple[Section, ...]) -> list[str]:
    problems = []
    for section in sections:
        if found := character_problem(section.heading):
            problems.append(f"标题“{section.heading[:20]}”{found}")
        problems += [
            f"“{section.heading[:20]}”第 {i} 段{found}"
            for i, text in enumerate(section.paragraphs, start=1)
            if (found := character_problem(text, multiline=True))
        ]
        problems += _section_problems(section.children)
    return problems
