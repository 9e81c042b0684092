"""The register table model: one row per request, its derived due date, remaining working days and flags.

Like the catalog model it filters and sorts inside (precomputed keys, no per-row Python callbacks
from a proxy). Due dates of open requests are computed when the list is loaded, because the
overdue/due-soon marks and counts need all of them; for concluded requests the due date only
decorates the row, so it is computed when a row is first shown (or sorted by) and cached — on a
register of 20,000 mostly concluded requests that is what keeps opening the view under a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.requests import (
    STATUS_OPEN,
    RegisterLine,
    Request,
    deadline_of,
    register_lines,
)
from desktop_app.domain.workcalendar import WorkCalendar
from desktop_app.ui.models.records_model import RECORD_ROLE, Index, RecordsModel

(
    COL_NUMBER,
    COL_RECEIVED,
    COL_TYPE,
    COL_CONTENT,
    COL_STATUS,
    COL_DUE,
    COL_REMAINING,
    COL_ANSWERED,
    COL_OUTCOME,
    COL_FLAG,
) = range(10)
HEADERS = (
    "编号",
    "收到日期",
    "申请人类型",
    "申请内容",
    "状态",
    "答复期限",
    "剩余工作日",
    "办结日期",
    "办理结果",
    "提示",
)
LINE_ROLE = Qt.ItemDataRole.UserRole + 2  # the RegisterLine (deadline, urgency)
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

OVERDUE, DUE_SOON, ANSWERED_LATE, PAUSED = "已逾期", "即将到期", "逾期办结", "期限暂停"
PRESSING = "逾期或即将到期"  # a status filter: open requests the start-up reminder names
_OVERDUE_BG, _DUE_SOON_BG = QBrush(QColor("#f8d0d0")), QBrush(QColor("#fde7b0"))
_OVERDUE_FG = QBrush(QColor("#b71c1c"))
_NO_DATE = dt.date.min


@dataclass(frozen=True)
class RequestFilter:
    """What the user narrowed the register to; empty values mean "all"."""

    text: str = ""
    year: int | None = None  # year received
    status: str = ""  # 办理中 / 已办结 / PRESSING
    outcomes: frozenset[str] | None = None  # one leaf, or every leaf of a group


def flag_of(line: RegisterLine) -> str:
    if line.urgency is not None:
        return OVERDUE if line.urgency.overdue else DUE_SOON if line.urgency.due_soon else ""
    if line.request.answered_on is None and line.deadline.paused:
        return PAUSED
    return ANSWERED_LATE if line.answered_late else ""


@dataclass(frozen=True)
class PreparedRegister:
    """A register read and worked out off the UI thread, so showing it is a few assignments."""

    requests: list[Request]
    calendar: WorkCalendar
    today: dt.date
    payment_stops_clock: bool
    lines: list[RegisterLine | None]  # open requests computed, concluded ones left for later
    haystacks: list[str]  # what the search box looks in, lower-cased


def prepare_register(
    requests: Sequence[Request],
    calendar: WorkCalendar,
    today: dt.date,
    payment_stops_clock: bool = False,
) -> PreparedRegister:
    """The due dates of open requests and the search text of all (plain Python: any thread)."""
    records = list(requests)
    lines: list[RegisterLine | None] = [None] * len(records)
    open_rows = [i for i, r in enumerate(records) if r.answered_on is None]
    computed = register_lines((records[i] for i in open_rows), calendar, today, payment_stops_clock)
    for i, line in zip(open_rows, computed, strict=True):
        lines[i] = line
    haystacks = ["\x00".join((r.number, r.content, r.remarks, r.outcome)).lower() for r in records]
    return PreparedRegister(records, calendar, today, payment_stops_clock, lines, haystacks)


class RequestModel(RecordsModel):
    headers = HEADERS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lines: list[RegisterLine | None] = []  # None until computed (concluded requests)
        self._haystacks: list[str] = []
        self._calendar = WorkCalendar(())
        self._payment_stops_clock = False
        self._today = dt.date.today()
        self._filter = RequestFilter()
        self._sort = (COL_RECEIVED, Qt.SortOrder.DescendingOrder)

    # -- loading -----------------------------------------------------------------------------
    def set_requests(
        self,
        requests: Sequence[Request],
        calendar: WorkCalendar,
        today: dt.date,
        payment_stops_clock: bool = False,
    ) -> None:
        self.set_prepared(prepare_register(requests, calendar, today, payment_stops_clock))

    def set_prepared(self, register: PreparedRegister) -> None:
        self.beginResetModel()
        self._records, self._calendar, self._today = (
            register.requests,
            register.calendar,
            register.today,
        )
        self._payment_stops_clock = register.payment_stops_clock
        self._lines, self._haystacks = list(register.lines), register.haystacks
        self._visible = self._ordered(self._matching())
        self.endResetModel()

    def line(self, row: int) -> RegisterLine:
        return self._line_at(self._visible[row])

    def _line_at(self, i: int) -> RegisterLine:
        line = self._lines[i]
        if line is None:
            request = self._records[i]
            line = self._lines[i] = RegisterLine(
                request, deadline_of(request, self._calendar, self._payment_stops_clock), None
            )
        return line

    def open_lines(self) -> list[RegisterLine]:
        return [
            line for line in self._lines if line is not None and line.request.answered_on is None
        ]

    # -- filtering and sorting ---------------------------------------------------------------
    @property
    def filter(self) -> RequestFilter:
        return self._filter

    def set_filter(self, new: RequestFilter) -> None:
        self.beginResetModel()
        self._filter = new
        self._visible = self._ordered(self._matching())
        self.endResetModel()

    def _matching(self) -> list[int]:
        flt, requests = self._filter, self._records
        rows = range(len(requests))
        if flt.year is not None:
            rows = [i for i in rows if requests[i].received_on.year == flt.year]
        if flt.status == PRESSING:
            rows = [i for i in rows if self._pressing(i)]
        elif flt.status:
            done = flt.status != STATUS_OPEN
            rows = [i for i in rows if (requests[i].answered_on is not None) == done]
        if flt.outcomes is not None:
            rows = [i for i in rows if requests[i].outcome in flt.outcomes]
        if needle := flt.text.strip().lower():
            rows = [i for i in rows if needle in self._haystacks[i]]
        return list(rows)

    def _pressing(self, i: int) -> bool:
        line = self._lines[i]  # open requests are computed at load; only they can be pressing
        return line is not None and line.pressing

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._visible = self._ordered(self._visible)
        self.layoutChanged.emit()

    def _ordered(self, rows: list[int]) -> list[int]:
        column, order = self._sort
        records, key = self._records, self._sort_key
        return sorted(
            rows,
            key=lambda i: (key(i, column), records[i].number),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def _sort_key(self, i: int, column: int) -> object:
        request = self._records[i]
        if column in (COL_DUE, COL_REMAINING, COL_FLAG):
            line = self._line_at(i)
            if column == COL_FLAG:
                return flag_of(line)
            if column == COL_REMAINING:
                return line.urgency.remaining if line.urgency else 1 << 30
            return line.deadline.due or _NO_DATE
        if column == COL_ANSWERED:
            return request.answered_on or _NO_DATE
        if column == COL_RECEIVED:  # the date itself sorts as its ISO text does, without str()
            return request.received_on
        return self._text(i, column)

    # -- counts ----------------------------------------------------------------------------------
    def urgent_counts(self) -> tuple[int, int, int]:
        """(办理中, overdue, due soon) over the whole register."""
        lines = self.open_lines()
        overdue = sum(1 for line in lines if line.urgency and line.urgency.overdue)
        soon = sum(1 for line in lines if line.urgency and line.urgency.due_soon)
        return len(lines), overdue, soon

    def years(self) -> list[int]:
        return sorted({r.received_on.year for r in self._records}, reverse=True)

    def request(self, row: int) -> Request:
        return self.record(row)

    # -- Qt model interface ----------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        i = self._visible[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(i, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(i, index.column())
        if role == RECORD_ROLE:
            return self._records[i]
        if role == LINE_ROLE:
            return self._line_at(i)
        if role == SORT_ROLE:
            return self._sort_key(i, index.column())
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return self._colour(i, role)
        return None

    def _text(self, i: int, column: int) -> str:
        request = self._records[i]
        if column in (COL_DUE, COL_REMAINING, COL_FLAG):
            line = self._line_at(i)
            if column == COL_FLAG:
                return flag_of(line)
            if column == COL_REMAINING:
                return "" if line.urgency is None else str(line.urgency.remaining)
            return str(line.deadline.due) if line.deadline.due else "暂停计算"
        value = (
            request.number,
            request.received_on,
            request.applicant_type,
            request.content,
            request.status,
            None,
            None,
            request.answered_on,
            request.outcome,
        )[column]
        return "" if value is None else str(value)

    def _tooltip(self, i: int, column: int) -> str:
        if column in (COL_DUE, COL_REMAINING, COL_FLAG):
            deadline = self._line_at(i).deadline
            return "\n".join((deadline.explanation, *(f"注意：{w}" for w in deadline.warnings)))
        return self._text(i, column)

    def _colour(self, i: int, role: int):
        line = self._lines[
            i
        ]  # only open requests can be overdue or due soon, and those are computed
        if line is None or line.urgency is None:
            return None
        if line.urgency.overdue:
            return _OVERDUE_BG if role == Qt.ItemDataRole.BackgroundRole else _OVERDUE_FG
        if line.urgency.due_soon and role == Qt.ItemDataRole.BackgroundRole:
            return _DUE_SOON_BG
        return None
