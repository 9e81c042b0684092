"""The agency (机关) that keeps the catalog and writes the report."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.identifiers import IndexPattern, agency_code_problem
from desktop_app.domain.limits import text_problem

AGENCY_NAME_MAX, INDEX_PATTERN_MAX = 100, 100  # the columns' sizes


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
    elif problem := text_problem(name.strip(), AGENCY_NAME_MAX):
        problems.append(FieldProblem("agency_name", problem))
    if problem := agency_code_problem(code):
        problems.append(FieldProblem("agency_code", problem))
    if problem := (
        text_problem(index_pattern, INDEX_PATTERN_MAX) or IndexPattern(index_pattern).problem()
    ):
        problems.append(FieldProblem("index_pattern", problem))
    return problems
