"""`requests letter …`: letters to applicants from the command line — issue, list, re-export, settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop_app.cli import date_argument, print_json
from desktop_app.domain.letter_records import DELIVERY_METHODS, PAYMENT_CLOCK, LetterSettings
from desktop_app.domain.letters import FORMS, KIND
from desktop_app.errors import UserError


def register(sub) -> None:
    letter = sub.add_parser(
        "letter",
        help="制作并签发一份文书（回执、补正、延期、答复、收费……），输出 PDF",
        description="按台账中的申请制作文书，分配文号并存档（签发后不可修改），写出 PDF；"
        "最后一行输出文号。答复书的形式默认取自台账记录的办理结果。",
    )
    letter.add_argument("--number", required=True, metavar="编号", help="申请的编号")
    letter.add_argument(
        "--kind", required=True, choices=list(KIND), metavar="KIND", help="、".join(KIND)
    )
    letter.add_argument("--date", metavar="YYYY-MM-DD", help="文书日期（默认今天）")
    letter.add_argument("--out", required=True, metavar="FILE.pdf", help="写出的 PDF 文件")
    letter.add_argument(
        "--form", choices=list(FORMS), metavar="FORM", help="答复形式：" + "、".join(FORMS)
    )
    letter.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="名称=内容",
        help="填写可编辑部分，如 理由=…（可多次）",
    )
    letter.add_argument(
        "--pages", type=int, metavar="N", help="收费通知：按量计收的页数（不给则按件计收）"
    )
    letter.add_argument("--replaces", metavar="文号", help="本文书更正的原文书文号")
    letter.set_defaults(handler=run_letter)

    listing = sub.add_parser(
        "letters",
        help="列出一件申请的文书：文号、类型、日期、SHA-256",
        description="列出一件申请已签发的文书。",
    )
    listing.add_argument("--number", required=True, metavar="编号", help="申请的编号")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=run_letters)

    again = sub.add_parser(
        "letter-export",
        help="重新导出已签发文书的 PDF（与签发时逐字节相同）",
        description="重新导出已签发文书的 PDF。",
    )
    again.add_argument("--letter", required=True, metavar="文号")
    again.add_argument("--out", required=True, metavar="FILE.pdf")
    again.set_defaults(handler=run_letter_export)

    delivery = sub.add_parser(
        "letter-delivery", help="登记文书的送达方式和日期", description="登记送达（起算救济期限）。"
    )
    delivery.add_argument("--letter", required=True, metavar="文号")
    delivery.add_argument(
        "--method",
        required=True,
        choices=DELIVERY_METHODS,
        metavar="方式",
        help="、".join(DELIVERY_METHODS),
    )
    delivery.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="送达日期")
    delivery.set_defaults(handler=run_delivery)

    checking = sub.add_parser(
        "check",
        help="检查文书：办结无答复书、答复与办理结果不符、缺少救济告知、补正通知超期",
        description="检查台账中的文书；有问题时退出码为 1。",
    )
    checking.add_argument("--year", type=int, metavar="YYYY", help="只查该年收到或办结的申请")
    checking.add_argument("--json", action="store_true", help="以 JSON 输出")
    checking.set_defaults(handler=run_check)

    ledger = sub.add_parser(
        "fees",
        help="信息处理费台账：收费通知、金额、缴费期限、缴费或减免",
        description="列出每份收费通知书及其缴费情况；逾期未缴费的申请应按（六）2 办结。",
    )
    ledger.add_argument("--json", action="store_true", help="以 JSON 输出")
    ledger.set_defaults(handler=run_fees)

    paid = sub.add_parser(
        "fee-paid",
        help="登记信息处理费已缴纳或减免",
        description="登记缴费日期，或者减免及其理由（减免也可在发出收费通知之前登记）。",
    )
    paid.add_argument("--number", required=True, metavar="编号", help="申请的编号")
    paid.add_argument(
        "--date", metavar="YYYY-MM-DD", help="缴费日期；与 --waive 同用时为减免日期（默认今天）"
    )
    paid.add_argument("--waive", metavar="理由", help="减免理由")
    paid.set_defaults(handler=run_fee_paid)

    settings = sub.add_parser(
        "letter-settings",
        help="查看或修改文书设置：机关简称、文号格式、复议机关",
        description="不带参数时显示当前设置。文号格式可用 {简称}、{年}、{序号}。",
    )
    settings.add_argument("--short-name", metavar="简称")
    settings.add_argument("--pattern", metavar="格式", help="如 {简称}依公〔{年}〕{序号}号")
    settings.add_argument(
        "--review-body", metavar="复议机关", help="答复书救济告知中的行政复议机关"
    )
    settings.add_argument(
        "--payment-stops-clock",
        choices=("是", "否"),
        metavar="是|否",
        help="收费通知的缴费期间是否不计入答复期限（默认：否，照常计算）",
    )
    settings.set_defaults(handler=run_settings)


def _edits(pairs: list[str]) -> dict[str, str]:
    edits = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UserError(f"--set “{pair}” 的格式应为 名称=内容，如 --set 理由=已定密")
        edits[name.strip()] = value
    return edits


def _letter_by_number(services, number: str):
    for letter in services.letters.letters():
        if letter.number == number.strip():
            return letter
    raise UserError(f"没有文号为 {number} 的文书，请用 requests letters --number 编号 查看")


def run_letter(args, services) -> int:
    from desktop_app.services import letters  # noqa: PLC0415

    out = Path(args.out)
    if out.suffix.lower() != ".pdf" or not out.parent.is_dir():
        # Checked before issuing: a 文号 once given is never taken back.
        raise UserError(f"--out {out} 应为已存在文件夹中的 .pdf 文件")
    request = letters.request_by_number(services, args.number)
    on = date_argument(args.date, "文书日期") if args.date else dt.date.today()
    drafted = letters.draft(
        services, request, args.kind, on, _edits(args.set), args.form or "", args.pages
    )
    replaces = _letter_by_number(services, args.replaces).id if args.replaces else None
    letter = letters.issue(services, drafted, replaces)
    letters.export_letter(services, letter, out)
    print(f"已签发 {drafted.draft.title}，PDF：{out}，SHA-256：{letter.pdf_sha256}")
    print(letter.number)
    return 0


def run_letters(args, services) -> int:
    from desktop_app.services.letters import request_by_number  # noqa: PLC0415

    request = request_by_number(services, args.number)
    found = services.letters.letters(request.id)
    if args.json:
        print_json([_letter_json(letter) for letter in found])
        return 0
    for letter in found:
        flag = "" if letter.intact else "\t已被改动！"
        print(f"{letter.number}\t{letter.kind}\t{letter.issued_on}\t{letter.pdf_sha256}{flag}")
    print(f"共 {len(found)} 份文书")
    return 0 if all(letter.intact for letter in found) else 1


def _letter_json(letter) -> dict:
    return {
        "文号": letter.number,
        "类型": letter.kind,
        "答复形式": letter.form,
        "日期": letter.issued_on,
        "SHA-256": letter.pdf_sha256,
        "完整": letter.intact,
        "更正": letter.replaces,
        "送达方式": letter.delivery_method,
        "送达日期": letter.delivered_on,
    }


def run_letter_export(args, services) -> int:
    from desktop_app.services.letters import export_letter  # noqa: PLC0415

    letter = _letter_by_number(services, args.letter)
    export_letter(services, letter, Path(args.out))
    print(f"已导出 {letter.number}：{args.out}，SHA-256：{letter.pdf_sha256}")
    return 0


def run_delivery(args, services) -> int:
    letter = _letter_by_number(services, args.letter)
    services.letters.record_delivery(letter.id, args.method, date_argument(args.date, "送达日期"))
    print(f"已登记 {letter.number} 于 {args.date} {args.method}送达")
    return 0


def run_check(args, services) -> int:
    from desktop_app.services.letters import check  # noqa: PLC0415

    findings = check(services, args.year)
    if args.json:
        print_json(
            [{"rule": f.rule, "编号": f.request_number, "message": f.message} for f in findings]
        )
    else:
        for f in findings:
            print(f"[{f.rule}] {f.request_number}：{f.message}")
        print(f"共 {len(findings)} 处问题" if findings else "文书检查通过")
    return 1 if findings else 0


def run_fees(args, services) -> int:
    from desktop_app.services.letters import fee_ledger  # noqa: PLC0415

    lines = fee_ledger(services)
    if args.json:
        print_json([_fee_json(line) for line in lines])
        return 0
    for x in lines:
        settled = x.payment.paid_on or x.payment.waived_reason or ""
        notice, due = x.notice or "（未发收费通知）", x.payment_due or ""
        print(f"{x.request_number}\t{notice}\t{x.amount}\t{due}\t{x.status}\t{settled}")
    print(f"共 {len(lines)} 份收费通知")
    return 0


def _fee_json(line) -> dict:
    return {
        "编号": line.request_number,
        "收费通知": line.notice,
        "金额": str(line.amount),
        "缴费期限": line.payment_due,
        "状态": line.status,
        "缴费日期": line.payment.paid_on,
        "减免理由": line.payment.waived_reason,
        "减免日期": line.payment.waived_on,
    }


def run_fee_paid(args, services) -> int:
    from desktop_app.domain.fee_ledger import Payment  # noqa: PLC0415
    from desktop_app.services.letters import request_by_number  # noqa: PLC0415

    if not (args.date or args.waive):
        raise UserError("请给出 --date 缴费日期，或者 --waive 减免理由")
    request = request_by_number(services, args.number)
    on = date_argument(args.date, "缴费或减免日期") if args.date else dt.date.today()
    payment = Payment(waived_reason=args.waive, waived_on=on) if args.waive else Payment(on)
    services.letters.record_payment(request.id, payment)
    print(
        f"已登记 {request.number}："
        + (f"{on} 减免（{args.waive}）" if args.waive else f"{on} 已缴纳")
    )
    return 0


def run_settings(args, services) -> int:
    agency_id = services.agencies.current().id
    current = services.letters.settings(agency_id)
    given = (args.short_name, args.pattern, args.review_body, args.payment_stops_clock)
    if any(v is not None for v in given):
        current = services.letters.save_settings(
            agency_id,
            LetterSettings(
                current.short_name if args.short_name is None else args.short_name,
                current.number_pattern if args.pattern is None else args.pattern,
                current.review_body if args.review_body is None else args.review_body,
                current.payment_stops_clock
                if args.payment_stops_clock is None
                else args.payment_stops_clock == "是",
            ),
        )
    print(f"机关简称：{current.short_name or '（未设置，使用机关全称）'}")
    print(f"文号格式：{current.number_pattern}")
    print(f"复议机关：{current.review_body or '（未设置：答复书无法签发）'}")
    print(f"缴费期间：{PAYMENT_CLOCK[current.payment_stops_clock]}")
    return 0
