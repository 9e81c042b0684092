"""`requests …`: the request register (依申请公开台账) — due dates, import, export, statistics."""

from __future__ import annotations

import datetime as dt
import sys

from desktop_app.db.errors import UserError
from desktop_app.domain.dates import parse_date
from desktop_app.domain.deadlines import compute_deadline
from desktop_app.domain.workcalendar import USER_FILENAME, WorkCalendar


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def load_calendar(services) -> WorkCalendar:
    try:
        return WorkCalendar.load(services.paths.data_dir / USER_FILENAME)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def register(commands) -> None:
    area = commands.add_parser("requests", help="依申请公开台账",
                               description="依申请公开台账：答复期限、导入、导出和年度统计。")
    sub = area.add_subparsers(dest="requests_command", metavar="<操作>", title="操作", required=True)

    due = sub.add_parser("due-date", help="计算法定答复期限，输出到期日 YYYY-MM-DD",
                         description="按收到日期适用的条例文本和节假日安排计算答复期限；"
                                     "第一行输出到期日，其后输出计算说明（标准错误输出）。")
    due.add_argument("--received", required=True, metavar="YYYY-MM-DD", help="收到申请的日期")
    due.add_argument("--extended", action="store_true", help="已经批准延期")
    due.set_defaults(handler=run_due_date)


def run_due_date(args, services) -> int:
    deadline = compute_deadline(_date(args.received), [], load_calendar(services), extended=args.extended)
    print(deadline.due.isoformat())
    print(deadline.explanation, file=sys.stderr)
    for warning in deadline.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    return 0
