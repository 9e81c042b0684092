"""The agency (机关) that keeps the catalog and writes the report."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.identifiers import IndexPattern, agency_code_problem


@dataclass(frozen=True)
class Agency:
    id: int
    name: str
    code: str
    index_pattern: str

    @property
    def pattern(self) -> IndexPattern:
        return IndexPattern(self.index_pattern)


def agency_problems(name: str, code: str, index_pattern: str) -> list[FieldProblem]:
    problems = []
    if not name.strip():
        problems.append(FieldProblem("agency_name", "机关名称不能为空"))
    elif len(name.strip()) > 100:
        problems.append(FieldProblem("agency_name", "机关名称过长（最多 100 字）"))
    if problem := agency_code_problem(code):
        problems.append(FieldProblem("agency_code", problem))
    if problem := IndexPattern(index_pattern).problem():
        problems.append(FieldProblem("index_pattern", problem))
    return problems
