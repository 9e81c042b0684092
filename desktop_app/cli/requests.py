"""`requests …`: the request register (依申请公开台账) — due dates, import, export, statistics."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from desktop_app.cli import date_argument, letters, print_json, year_argument
from desktop_app.errors import UserError


def register(commands) -> None:
    area = commands.add_parser(
        "requests",
        help="依申请公开台账",
        description="依申请公开台账：答复期限、导入、导出、年度统计、文书（答复书、告知书）和信息处理费。",
    )
    sub = area.add_subparsers(
        dest="requests_command", metavar="<操作>", title="操作", required=True
    )

    due = sub.add_parser(
        "due-date",
        help="计算法定答复期限，输出到期日 YYYY-MM-DD",
        description="按收到日期适用的条例文本和节假日安排计算答复期限；"
        "第一行输出到期日，其后输出计算说明（标准错误输出）。",
    )
    due.add_argument("--received", required=True, metavar="YYYY-MM-DD", help="收到申请的日期")
    due.add_argument("--extended", action="store_true", help="已经批准延期")
    due.set_defaults(handler=run_due_date, creates_database=True)  # works before init
    listing = sub.add_parser(
        "list",
        help="列出申请及其答复期限",
        description="列出台账中的申请（不含申请人个人信息）：状态、到期日、剩余工作日；"
        "已逾期和 3 个工作日内到期的申请另有提示。",
    )
    listing.add_argument("--open", action="store_true", help="只列出办理中的申请")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=run_list)
    register_data(sub)
    register_fee(sub)
    letters.register(sub)


def run_due_date(args, services) -> int:
    from desktop_app.domain.deadlines import compute_deadline  # noqa: PLC0415
    from desktop_app.services.holidays import load_calendar  # noqa: PLC0415

    deadline = compute_deadline(
        date_argument(args.received, "收到日期"),
        [],
        load_calendar(services),
        extended=args.extended,
    )
    print(deadline.due.isoformat() if deadline.due else deadline.paused)
    print(deadline.explanation, file=sys.stderr)
    for warning in deadline.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    return 0


def register_fee(sub) -> None:
    fee = sub.add_parser(
        "fee",
        help="计算信息处理费，输出金额（元）",
        description="按超额累进标准计算信息处理费：按量计收给出页数，按件计收给出该申请人"
        "当月第几件申请；第一行输出金额（元），其后输出计算说明（标准错误输出）。",
    )
    method = fee.add_mutually_exclusive_group(required=True)
    method.add_argument("--pages", type=int, metavar="N", help="按量计收：提供的页数")
    method.add_argument("--nth", type=int, metavar="N", help="按件计收：同一申请人当月第 N 件申请")
    fee.set_defaults(handler=run_fee, creates_database=True)  # pure arithmetic, no data needed


def run_fee(args, services) -> int:
    from desktop_app.domain.fees import BY_COUNT, BY_PAGES, FEES_FROM, compute_fee  # noqa: PLC0415

    method, basis = (BY_PAGES, args.pages) if args.pages is not None else (BY_COUNT, args.nth)
    try:
        fee = compute_fee(method, basis, FEES_FROM)
    except ValueError as exc:
        raise UserError(f"{exc}，请给出正整数") from None
    print(fee.amount)
    print(fee.explanation, file=sys.stderr)
    return 0


def register_data(sub) -> None:
    load = sub.add_parser(
        "import",
        help="从 .xlsx 或 .csv 文件导入台账",
        description="从 .xlsx 或 .csv 文件导入依申请公开台账。首行为列名（编号、收到日期、申请人类型、"
        "申请人、申请内容、办理结果、办结日期……）；默认只要有一行有错误就不导入任何申请，"
        "并列出每处错误（行、列、原因）。编号留空时自动分配。",
    )
    load.add_argument("file", metavar="FILE", help=".xlsx 或 .csv（UTF-8 或 GBK 编码）文件")
    load.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，只导入正确的行")
    load.set_defaults(handler=run_import)

    save = sub.add_parser(
        "export",
        help="把台账导出为 .xlsx 或 .csv 文件",
        description="把全部申请导出为 .xlsx 或 .csv 文件（格式由扩展名决定）。"
        "默认不含申请人姓名和联系方式等个人信息。",
    )
    save.add_argument("file", metavar="FILE", help="目标文件，以 .xlsx 或 .csv 结尾")
    save.add_argument(
        "--with-applicants",
        action="store_true",
        help="同时导出申请人姓名、证件号码和联系方式（个人信息，请妥善保管导出的文件）",
    )
    save.set_defaults(handler=run_export)

    stats = sub.add_parser(
        "stats",
        help="按年度统计年度报告表三、表四",
        description="按台账计算某年度年度报告的表三（收到和处理政府信息公开申请情况）"
        "和表四（行政复议、行政诉讼情况），行列名称与官方格式一致。",
    )
    stats.add_argument("--year", required=True, type=year_argument, metavar="YYYY", help="报告年度")
    stats.add_argument("--json", action="store_true", help="以 JSON 输出")
    stats.set_defaults(handler=run_stats)


def run_import(args, services) -> int:
    from desktop_app.services.catalog_import import ImportRefused  # noqa: PLC0415
    from desktop_app.services.requests_io import import_requests  # noqa: PLC0415

    try:
        result = import_requests(services, Path(args.file), skip_invalid=args.skip_invalid)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        print(
            f"没有导入任何申请：{len(refused.problems)} 处错误。请修改文件后重新导入，"
            "或加 --skip-invalid 只导入正确的行",
            file=sys.stderr,
        )
        return 1
    print(f"已导入 {result.imported} 条申请，跳过 {result.skipped} 行")
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return 1 if result.skipped else 0


def run_export(args, services) -> int:
    from desktop_app.services.requests_io import export_requests  # noqa: PLC0415

    repository = services.requests
    target = Path(args.file)
    requests = repository.all()
    try:
        export_requests(requests, target, repository.applicants() if args.with_applicants else None)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    personal = "，含申请人个人信息" if args.with_applicants else ""
    services.audit.exported("request", target, f"{len(requests)} 件{personal}")
    print(
        f"已导出 {len(requests)} 条申请到 {target}"
        + ("（含申请人个人信息）" if args.with_applicants else "")
    )
    return 0


def run_stats(args, services) -> int:
    from desktop_app.domain.request_stats import (  # noqa: PLC0415
        stats_json,
        table3_counts,
        table4_counts,
    )

    repository = services.requests
    try:
        three = table3_counts(repository.stat_groups(args.year), args.year)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    four = table4_counts(repository.appeal_groups(args.year), args.year)
    document = stats_json(three, four)
    if args.json:
        print_json(document)
        return 0
    for table, computed in (("三", three), ("四", four)):
        print(f"表{table}")
        for row, cells in computed.counts.items():
            print(f"{row}\t" + "\t".join(f"{column}={n}" for column, n in cells.items()))
    return 0


def run_list(args, services) -> int:
    from desktop_app.domain.requests import register_lines, reminders  # noqa: PLC0415
    from desktop_app.services.clock import payment_stops_clock  # noqa: PLC0415
    from desktop_app.services.holidays import load_calendar  # noqa: PLC0415

    requests = services.requests.all()
    if args.open:
        requests = [r for r in requests if r.answered_on is None]
    stops = payment_stops_clock(services)
    lines = register_lines(requests, load_calendar(services), dt.date.today(), stops)
    if args.json:
        print_json([_line_json(line) for line in lines])
        return 0
    for line in lines:
        r, u = line.request, line.urgency
        remaining = "" if u is None else f"剩余 {u.remaining} 个工作日"
        flag = "已逾期" if u and u.overdue else "即将到期" if u and u.due_soon else ""
        flag = flag or ("逾期办结" if line.answered_late else "")
        due = line.deadline.due or line.deadline.paused
        print(f"{r.number}\t{r.received_on}\t{r.status}\t{due}\t{remaining}\t{flag}")
    _, message = reminders(lines)
    if message:
        print(f"提醒：{message}", file=sys.stderr)
    print(f"共 {len(lines)} 件")
    return 0


def _line_json(line) -> dict:
    r, u = line.request, line.urgency
    return {
        "编号": r.number,
        "收到日期": r.received_on,
        "渠道": r.channel,
        "申请人类型": r.applicant_type,
        "申请内容": r.content,
        "状态": r.status,
        "办结日期": r.answered_on,
        "办理结果": r.outcome,
        "到期日": line.deadline.due,
        "期限说明": line.deadline.explanation,
        "剩余工作日": None if u is None else u.remaining,
        "已逾期": bool(u and u.overdue) or line.answered_late,
        "即将到期": bool(u and u.due_soon),
        "提示": list(line.deadline.warnings),
    }
