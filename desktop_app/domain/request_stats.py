"""Tables 三 and 四 of the annual report computed from the register, and the records behind each cell.

Table 三 for year Y (spec mapping): 一 = received in Y; 二 = received before Y and open on 1 January;
results = concluded in Y, by outcome; 四 = not concluded on 31 December. So 一 + 二 = （七） + 四 holds
by construction. Table 四 counts each appeal or lawsuit in every year it was pending: under its
result in the year it was decided, under 尚未审结 in the years before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

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
class ComputedTable:
    """Counts by official row and column labels, and the ids of the records behind every cell."""

    year: int
    counts: dict[str, dict[str, int]]
    sources: dict[Cell, tuple[int, ...]]

    def behind(self, row: str, column: str) -> tuple[int, ...]:
        return self.sources[(row, column)]


def table3(records: Iterable[RequestFacts], year: int) -> ComputedTable:
    """Table 三 of `year`; ValueError (Chinese) for a record with a type or outcome outside the format."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    leaves: dict[str, dict[str, list[int]]] = {
        row: {kind: [] for kind in APPLICANT_TYPES}
        for row in (T3_NEW, T3_CARRIED_IN, *T3_OUTCOME_ROWS, T3_CARRIED_OUT)
    }
    for record in records:
        if record.received_on > last or (
            record.answered_on is not None and record.answered_on < first
        ):
            continue
        if record.applicant_type not in APPLICANT_TYPES:
            raise ValueError(
                f"申请 {record.number} 的申请人类型“{record.applicant_type}”不在表三的列中，请先修改"
            )
        column = leaves[T3_NEW if record.received_on >= first else T3_CARRIED_IN]
        column[record.applicant_type].append(record.id)
        if record.answered_on is None or record.answered_on > last:
            leaves[T3_CARRIED_OUT][record.applicant_type].append(record.id)
        elif record.outcome in OUTCOME_ROW:
            leaves[OUTCOME_ROW[record.outcome]][record.applicant_type].append(record.id)
        else:
            raise ValueError(
                f"申请 {record.number} 已办结，但办理结果“{record.outcome}”不在表三中，请先修改"
            )
    for group, items in T3_GROUP_ITEMS.items():
        leaves[group] = _union(leaves[item] for item in items)
    leaves[T3_RESULT_TOTAL] = _union(leaves[row] for row in T3_OUTCOME_ROWS)
    return _table(year, T3_DATA_ROWS, T3_COLUMNS, leaves)


def table4(appeals: Iterable[AppealFacts], year: int) -> ComputedTable:
    """Table 四 of `year`: rows are the three groups, columns 结果维持 … 尚未审结, 总计."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    leaves: dict[str, dict[str, list[int]]] = {
        g: {c: [] for c in T4_COLUMNS[:4]} for g in T4_GROUPS
    }
    for appeal in appeals:
        if appeal.filed_on > last or (appeal.decided_on is not None and appeal.decided_on < first):
            continue
        decided = (
            appeal.decided_on is not None and appeal.decided_on <= last and appeal.result != PENDING
        )
        leaves[appeal.kind][appeal.result if decided else PENDING].append(appeal.id)
    return _table(year, T4_GROUPS, T4_COLUMNS, leaves)


def _union(columns: Iterable[dict[str, list[int]]]) -> dict[str, list[int]]:
    merged: dict[str, list[int]] = {}
    for column in columns:
        for kind, ids in column.items():
            merged.setdefault(kind, []).extend(ids)
    return merged


def _table(
    year: int,
    rows: Sequence[str],
    columns: Sequence[str],
    leaves: dict[str, dict[str, list[int]]],
) -> ComputedTable:
    """Add the 总计 column (last of `columns`) and freeze the id lists."""
    total = columns[-1]
    sources: dict[Cell, tuple[int, ...]] = {}
    for row in rows:
        for column in columns[:-1]:
            sources[(row, column)] = tuple(sorted(leaves[row][column]))
        sources[(row, total)] = tuple(sorted(i for c in columns[:-1] for i in leaves[row][c]))
    counts = {row: {column: len(sources[(row, column)]) for column in columns} for row in rows}
    return ComputedTable(year, counts, sources)


def stats_json(three: ComputedTable, four: ComputedTable) -> dict[str, object]:
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
