"""Tables 三 and 四 of the annual report computed from the register, and the records behind each cell.

Table 三 for year Y (spec mapping): 一 = received in Y; 二 = received before Y and open on 1 January;
results = concluded in Y, by outcome; 四 = not concluded on 31 December. So 一 + 二 = （七） + 四 holds
by construction. Table 四 counts each appeal or lawsuit in every year it was pending: under its
result in the year it was decided, under 尚未审结 in the years before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar

from desktop_app.domain.report_format import (
    APPLICANT_TYPES,
    T3_CARRIED_IN,
    T3_CARRIED_OUT,
    T3_COLUMNS,
    T3_DATA_ROWS,
    T3_GROUP_ITEMS,
    T3_NEW,
    T3_OUTCOME_ROWS,
    T3_RESULT_TOTAL,
    T4_COLUMNS,
    T4_GROUPS,
)
from desktop_app.domain.requests import OUTCOME_ROW, PENDING

Cell = tuple[str, str]  # (row, column) with official labels
T3_LEAF_ROWS = (T3_NEW, T3_CARRIED_IN, *T3_OUTCOME_ROWS, T3_CARRIED_OUT)
# Table 三's rows that sum others: each group of its items, 合计 of every outcome.
T3_SUMS = {**T3_GROUP_ITEMS, T3_RESULT_TOTAL: T3_OUTCOME_ROWS}


class RequestFacts(Protocol):
    # Read-only: the repositories hand out frozen dataclasses.
    @property
    def id(self) -> int: ...

    @property
    def number(self) -> str: ...

    @property
    def applicant_type(self) -> str: ...

    @property
    def received_on(self) -> dt.date: ...

    @property
    def answered_on(self) -> dt.date | None: ...

    @property
    def outcome(self) -> str: ...


class FeeFacts(Protocol):
    # Read-only: the repositories hand out frozen dataclasses.
    @property
    def id(self) -> int: ...

    @property
    def answered_on(self) -> dt.date | None: ...

    @property
    def fee(self) -> Decimal: ...


class AppealFacts(Protocol):
    # Read-only: the repositories hand out frozen dataclasses.
    @property
    def id(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def filed_on(self) -> dt.date: ...

    @property
    def result(self) -> str: ...

    @property
    def decided_on(self) -> dt.date | None: ...


@dataclass(frozen=True)
class CountedTable:
    """Counts by official row and column labels."""

    year: int
    counts: dict[str, dict[str, int]]


@dataclass(frozen=True)
class ComputedTable(CountedTable):
    """Counts, and the ids of the records behind every cell."""

    sources: dict[Cell, tuple[int, ...]]

    def behind(self, row: str, column: str) -> tuple[int, ...]:
        return self.sources[(row, column)]


# Where a date lies relative to the year: all that table 三's rules ask of a date.
BEFORE, IN_YEAR, AFTER, NOT_ANSWERED = "before", "in", "after", "open"


def phase(day: dt.date | None, year: int) -> str:
    """BEFORE/IN_YEAR/AFTER `year`, NOT_ANSWERED for no date; the SQL aggregate buckets the same way."""
    if day is None:
        return NOT_ANSWERED
    return BEFORE if day.year < year else AFTER if day.year > year else IN_YEAR


@dataclass(frozen=True)
class RequestGroup:
    """Requests alike for table 三: one type, one outcome, received and answered in the same phases."""

    applicant_type: str
    outcome: str
    received: str  # a phase
    answered: str  # a phase
    count: int
    number: str  # one of them, to name in a message


def _t3_rows(group: RequestGroup) -> tuple[str, ...]:
    """The leaf rows of table 三 a request of `group` is counted in; ValueError if it cannot be."""
    if group.received == AFTER or group.answered == BEFORE:
        return ()
    if group.applicant_type not in APPLICANT_TYPES:
        raise ValueError(
            f"申请 {group.number} 的申请人类型“{group.applicant_type}”不在表三的列中，请先修改"
        )
    start = T3_NEW if group.received == IN_YEAR else T3_CARRIED_IN
    if group.answered in (NOT_ANSWERED, AFTER):
        return (start, T3_CARRIED_OUT)
    if group.outcome not in OUTCOME_ROW:
        raise ValueError(
            f"申请 {group.number} 已办结，但办理结果“{group.outcome}”不在表三中，请先修改"
        )
    return (start, OUTCOME_ROW[group.outcome])


def table3(records: Iterable[RequestFacts], year: int) -> ComputedTable:
    """Table 三 of `year`; ValueError (Chinese) for a record with a type or outcome outside the format."""
    leaves: dict[str, dict[str, list[int]]] = {
        row: {kind: [] for kind in APPLICANT_TYPES} for row in T3_LEAF_ROWS
    }
    for record in records:
        group = RequestGroup(
            record.applicant_type,
            record.outcome,
            phase(record.received_on, year),
            phase(record.answered_on, year),
            1,
            record.number,
        )
        for row in _t3_rows(group):
            leaves[row][record.applicant_type].append(record.id)
    return _computed(year, _with_totals(leaves, T3_SUMS, T3_DATA_ROWS, T3_COLUMNS, []))


def table3_counts(groups: Iterable[RequestGroup], year: int) -> CountedTable:
    """Table 三 of `year` from groups of alike requests (a database aggregate): the counts of table3."""
    leaves = {row: dict.fromkeys(APPLICANT_TYPES, 0) for row in T3_LEAF_ROWS}
    for group in groups:
        for row in _t3_rows(group):
            leaves[row][group.applicant_type] += group.count
    return _counted(year, _with_totals(leaves, T3_SUMS, T3_DATA_ROWS, T3_COLUMNS, 0))


@dataclass(frozen=True)
class AppealGroup:
    """Appeals alike for table 四: one kind, one result, filed and decided in the same phases."""

    kind: str
    result: str
    filed: str  # a phase
    decided: str  # a phase
    count: int


def _t4_column(group: AppealGroup) -> str | None:
    """The column of table 四 an appeal of `group` is counted in, None when not in the year: a
    case is pending in every year until the one it was decided in."""
    if group.filed == AFTER or group.decided == BEFORE:
        return None
    return group.result if group.decided == IN_YEAR and group.result != PENDING else PENDING


def table4(appeals: Iterable[AppealFacts], year: int) -> ComputedTable:
    """Table 四 of `year`: rows are the three groups, columns 结果维持 … 尚未审结, 总计."""
    leaves: dict[str, dict[str, list[int]]] = {
        g: {c: [] for c in T4_COLUMNS[:4]} for g in T4_GROUPS
    }
    for appeal in appeals:
        group = AppealGroup(
            appeal.kind,
            appeal.result,
            phase(appeal.filed_on, year),
            phase(appeal.decided_on, year),
            1,
        )
        if (column := _t4_column(group)) is not None:
            leaves[appeal.kind][column].append(appeal.id)
    return _computed(year, _with_totals(leaves, {}, T4_GROUPS, T4_COLUMNS, []))


def table4_counts(groups: Iterable[AppealGroup], year: int) -> CountedTable:
    """Table 四 of `year` from groups of alike appeals (a database aggregate): the counts of table4."""
    leaves = {g: dict.fromkeys(T4_COLUMNS[:4], 0) for g in T4_GROUPS}
    for group in groups:
        if (column := _t4_column(group)) is not None:
            leaves[group.kind][column] += group.count
    return _counted(year, _with_totals(leaves, {}, T4_GROUPS, T4_COLUMNS, 0))


def _counted(year: int, cells: dict[Cell, int]) -> CountedTable:
    counts: dict[str, dict[str, int]] = {}
    for (row, column), n in cells.items():
        counts.setdefault(row, {})[column] = n
    return CountedTable(year, counts)


def _computed(year: int, cells: dict[Cell, list[int]]) -> ComputedTable:
    """Freeze the id lists; each count is the length of its list (cells in row, column order)."""
    sources = {cell: tuple(sorted(ids)) for cell, ids in cells.items()}
    counts: dict[str, dict[str, int]] = {}
    for (row, column), ids in sources.items():
        counts.setdefault(row, {})[column] = len(ids)
    return ComputedTable(year, counts, sources)


# What is counted per cell: a list of record ids, or a number; both add with +.
Tally = TypeVar("Tally", list[int], int)


def _with_totals(
    leaves: dict[str, dict[str, Tally]],
    sums: Mapping[str, Sequence[str]],
    rows: Sequence[str],
    columns: Sequence[str],
    zero: Tally,
) -> dict[Cell, Tally]:
    """Every cell of `rows` × `columns`: the rows of `sums` added up from their items, the 总计
    column (last of `columns`) from the others."""
    full = dict(leaves)
    for group, items in sums.items():
        full[group] = {
            kind: sum((leaves[item][kind] for item in items), zero) for kind in leaves[items[0]]
        }
    total = columns[-1]
    cells: dict[Cell, Tally] = {}
    for row in rows:
        for column in columns[:-1]:
            cells[(row, column)] = full[row][column]
        cells[(row, total)] = sum((full[row][c] for c in columns[:-1]), zero)
    return cells


def stats_json(three: CountedTable, four: CountedTable) -> dict[str, object]:
    """The `requests stats --json` document: tables keyed by official labels verbatim."""
    return {"年度": three.year, "三": three.counts, "四": four.counts}


@dataclass(frozen=True)
class FeeSummary:
    """信息处理费 of a year, for section 六: how many requests were charged and the amount (元)."""

    charged: int
    amount: Decimal
    request_ids: tuple[int, ...]


def fee_summary(requests: Iterable[FeeFacts], year: int) -> FeeSummary:
    """Fees of requests concluded in `year` (the fee is collected with the answer)."""
    charged = [
        r
        for r in requests
        if r.fee > 0 and r.answered_on is not None and r.answered_on.year == year
    ]
    return FeeSummary(
        len(charged), sum((r.fee for r in charged), Decimal(0)), tuple(r.id for r in charged)
    )
