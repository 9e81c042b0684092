"""`report …`: the annual report from the command line (new, import, check, sign, fill, export, roll-up)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from desktop_app.cli import print_json, year_argument
from desktop_app.domain import report_format as rf
from desktop_app.export.document import COPY_LABELS
from desktop_app.export.signing import Certificate

CERT_PASSWORD_ENV = "DISCLOSURE_DESK_CERT_PASSWORD"


def register(commands) -> None:
    report = commands.add_parser(
        "report",
        help="政府信息公开工作年度报告",
        description="年度报告的新建、导入、检查、签发和导出。",
    )
    sub = report.add_subparsers(
        dest="report_command", metavar="<操作>", title="操作", required=True
    )

    def year_command(name: str, help_text: str, handler):
        parser = sub.add_parser(name, help=help_text, description=help_text)
        parser.add_argument(
            "--year", required=True, type=year_argument, metavar="年度", help="报告年度，如 2024"
        )
        parser.set_defaults(handler=handler)
        return parser

    new = year_command("new", "新建某年度的报告", run_new)
    new.add_argument(
        "--format",
        required=True,
        choices=rf.FORMATS,
        help="2021 = 国办公开办函〔2021〕30号 格式；free = 自由格式（2019 年以前）",
    )

    text = year_command("import-text", "从纯文本文件导入已有报告（自由格式）", run_import_text)
    text.add_argument("file", metavar="FILE", help="纯文本文件（UTF-8 或 GBK）")

    published = year_command(
        "import",
        "导入网站上发布的报告（PDF、Word、网页或文本）：正文原样保留，表二、三、四按表格填入",
        run_import,
    )
    published.add_argument("file", metavar="FILE", help=".pdf、.docx、.html/.htm 或 .txt 文件")

    export = year_command(
        "export", "导出 PDF：存档打印版（filing）或网站公开版（web，PDF/A-2b）", run_export
    )
    export.add_argument(
        "--copy",
        required=True,
        choices=("filing", "web"),
        help="filing = 存档打印版，web = 网站公开版",
    )
    export.add_argument("--out", required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
    export.add_argument(
        "--revision", type=int, metavar="N", help="导出第 N 版（默认最新版；见 report history）"
    )
    export.add_argument(
        "--cert",
        metavar="FILE.p12",
        help=f"用此 PKCS#12 证书文件对 PDF 做数字签名；密码取自环境变量 {CERT_PASSWORD_ENV}，"
        "未设置时在终端询问",
    )

    listing = year_command("history", "列出报告的各个版本、签发信息和已导出的 PDF", run_history)
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")

    checking = year_command("check", "按勾稽关系检查报告；有错误时退出码为 1", run_check)
    checking.add_argument("--json", action="store_true", help="以 JSON 输出")

    out_json = year_command("export-json", "导出为报送交换用的 JSON 文件", run_export_json)
    out_json.add_argument("--out", required=True, metavar="FILE", help="输出的 JSON 文件")

    in_json = sub.add_parser(
        "import-json",
        help="导入交换 JSON 文件（作为草稿）",
        description="导入交换 JSON 文件（作为草稿）。",
    )
    in_json.add_argument("file", metavar="FILE")
    in_json.set_defaults(handler=run_import_json)

    signing = year_command("sign", "签发报告（签发后只读）", run_sign)
    signing.add_argument("--signer", required=True, metavar="姓名", help="签发人")
    signing.add_argument(
        "--reason", default="", metavar="理由", help="有检查错误仍签发时必须填写的理由"
    )
    signing.add_argument(
        "--catalog",
        action="store_true",
        help="同时在公开目录“政府信息公开年度报告”下登记本报告，输出索引号",
    )

    rollup = sub.add_parser(
        "rollup",
        help="汇总各部门的年度报告，生成全县统计表",
        description=(
            "汇总各部门的年度报告（同一年度、2021 格式），生成全县统计表并保留分部门明细。"
            "部门未给出的数字（空白或“/”）不按 0 计：该项合计标为不完整，并列出未给出的部门。"
        ),
    )
    rollup.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="各部门用 report export-json 导出的交换文件，或其公开的报告（PDF、DOCX、HTML、TXT，"
        "机关名称和年度取自标题）",
    )
    rollup.add_argument("--out", required=True, metavar="FILE.json", help="输出的汇总 JSON 文件")
    rollup.add_argument(
        "--county", default="全县", metavar="名称", help="汇总单位名称（默认“全县”）"
    )
    rollup.set_defaults(handler=run_rollup, creates_database=True)  # reads files only

    year_command("reopen", "重新打开已签发的报告，生成新的修订版（旧版保留可查）", run_reopen)
    year_command(
        "verify",
        "核验各已签发版本是否与签发时一致（重新计算校验值和签封）；不一致时退出码为 1",
        run_verify,
    )
    year_command("catalog", "把已签发但未列入公开目录的报告登记到公开目录，输出索引号", run_catalog)
    year_command("fill", "用依申请公开台账和公开目录填充统计表（二、三、四）", run_fill)


def run_new(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415 - keeps `--help` fast

    report = annual_reports.create(services, args.year, args.format)
    print(f"已新建：{report.title}")
    return 0


def run_import_text(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    result = annual_reports.import_text(services, Path(args.file), args.year)
    report = result.report
    paragraphs = len(report.lead) + sum(len(s.paragraphs) for s in _all_sections(report.sections))
    print(
        f"已导入：{report.title}（{len(_all_sections(report.sections))} 个标题，{paragraphs} 个段落）"
    )
    for line in result.notes():
        print(line)
    return 0


def run_import(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    result = annual_reports.import_report(services, Path(args.file), args.year)
    report = result.report
    sections = _all_sections(report.sections)
    kind = "2021 年格式，表格已填入" if report.format == rf.FORMAT_2021 else "自由格式"
    print(f"已导入：{report.title}（{kind}；{len(sections)} 个标题）")
    for line in result.notes():
        print(line)
    return 0


def _all_sections(sections):
    out = []
    for section in sections:
        out += [section, *_all_sections(section.children)]
    return out


def run_export(args, services) -> int:
    from desktop_app.export.fonts import list_system_fonts_ahead  # noqa: PLC0415

    list_system_fonts_ahead()  # fontconfig lists the fonts while the export's modules import
    from desktop_app.services import annual_reports  # noqa: PLC0415

    certificate = Certificate(Path(args.cert), _cert_password()) if args.cert else None
    result = annual_reports.export_pdf(
        services, args.year, args.copy, Path(args.out), certificate, args.revision
    )
    for note in result.fallbacks:
        print(f"字体提示：{note}")
    if result.missing_chars:
        print(f"警告：以下字符没有可用字体，显示为空框：{''.join(result.missing_chars)}")
    signed = "，已数字签名" if result.signed else ""
    print(f"已导出 {result.pages} 页{signed}：{result.path}（SHA-256 {result.sha256}）")
    return 0


def _cert_password() -> str | None:
    """The certificate password: from the environment (scripts) or asked on the terminal, never
    an argument (it would stay in the shell history)."""
    if CERT_PASSWORD_ENV in os.environ:
        return os.environ[CERT_PASSWORD_ENV]
    return getpass.getpass("证书密码：") if sys.stdin.isatty() else None


def run_history(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    records = annual_reports.history(services, args.year)
    if args.json:
        print_json([_revision_json(r) for r in records])
        return 0
    for record in records:
        report, sign_off = record.report, record.report.sign_off
        signed = f"  签发人 {sign_off.signer}，{sign_off.signed_on}" if sign_off else ""
        print(f"第 {report.revision} 版  {report.status}{signed}")
        if sign_off:
            print(f"  内容校验值 SHA-256 {sign_off.content_hash}")
            print(f"  核验：{record.integrity.message}")
        for copy, path, sha256 in record.pdfs:
            print(f"  {COPY_LABELS[copy]} {path}  SHA-256 {sha256}")
    return 0


def _revision_json(record) -> dict:
    report, sign_off = record.report, record.report.sign_off
    return {
        "revision": report.revision,
        "status": report.status,
        "signer": sign_off.signer if sign_off else None,
        "signed_on": sign_off.signed_on.isoformat() if sign_off else None,
        "content_hash": sign_off.content_hash if sign_off else None,
        "integrity": record.integrity.status,
        "differences": list(record.integrity.differences),
        "pdfs": [{"copy": c, "path": p, "sha256": h} for c, p, h in record.pdfs],
    }


def run_check(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    findings = annual_reports.check(services, args.year)
    errors = [f for f in findings if f.severity == "error"]
    if args.json:
        print_json(
            [
                {
                    "rule": f.rule,
                    "severity": f.severity,
                    "message": f.message,
                    "cells": [list(c) for c in f.cells],
                }
                for f in findings
            ]
        )
    else:
        for f in findings:
            print(f"{'错误' if f.severity == 'error' else '提示'} [{f.rule}] {f.message}")
        print(
            f"共 {len(errors)} 处错误，{len(findings) - len(errors)} 处提示"
            if findings
            else "检查通过：全部勾稽关系成立"
        )
    return 1 if errors else 0


def run_export_json(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    out = annual_reports.export_json(services, args.year, Path(args.out))
    print(f"已导出：{out}")
    return 0


def run_import_json(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    report = annual_reports.import_json(services, Path(args.file))
    print(f"已导入 {report.year} 年度报告（草稿）：{report.title}")
    return 0


def run_sign(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    warnings = [f for f in annual_reports.check(services, args.year) if f.severity != "error"]
    report, entry = annual_reports.sign(
        services, args.year, args.signer, args.reason, create_catalog_entry=args.catalog
    )
    for f in warnings:  # on stderr: stdout keeps its documented lines
        print(f"提示 [{f.rule}] {f.message}", file=sys.stderr)
    sign_off = report.sign_off
    assert sign_off is not None  # sign() returns the signed revision
    print(f"已签发：{report.title}（签发人 {sign_off.signer}，{sign_off.signed_on}）")
    print(f"内容校验值 SHA-256：{sign_off.content_hash}")
    if entry is not None:
        print(entry.index_no)
    return 0


def run_reopen(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    report = annual_reports.reopen(services, args.year)
    print(f"已重新打开：{report.year} 年度报告 第 {report.revision} 版（草稿）")
    return 0


def run_verify(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    signed = [r for r in annual_reports.history(services, args.year) if r.report.read_only]
    if not signed:
        print(f"{args.year} 年度报告没有已签发的版本，无需核验")
        return 0
    failed = [r for r in signed if r.integrity.refuses]
    for record in signed:
        print(f"第 {record.report.revision} 版：{record.integrity.message}")
    if failed:
        print(f"共 {len(failed)} 个已签发版本未通过核验", file=sys.stderr)
        return 1
    print("已签发版本未被改动")
    return 0


def run_catalog(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    report, entry, created = annual_reports.catalog_signed(services, args.year)
    done = "已登记到公开目录" if created else "已在公开目录中"
    print(f"{report.year} 年度报告第 {report.revision} 版{done}：{entry.title}")
    print(entry.index_no)
    return 0


def run_fill(args, services) -> int:
    from desktop_app.services import annual_reports  # noqa: PLC0415

    report = annual_reports.fill(services, args.year)
    computed = sum(1 for c in report.cells.values() if c.source == "computed")
    print(f"已填充 {report.year} 年度报告统计表：{computed} 个单元格来自台账和目录")
    return 0


def run_rollup(args, services) -> int:
    from desktop_app.services.rollup import (  # noqa: PLC0415
        incomplete_lines,
        new_requests_text,
        rollup_files,
    )

    rolled = rollup_files([Path(f) for f in args.files], Path(args.out), args.county)
    print(
        f"已汇总 {len(rolled.departments)} 个部门的 {rolled.year} 年度报告："
        f"本年新收申请共 {new_requests_text(rolled.county_sum)} 件 → {args.out}"
    )
    for d in rolled.departments:
        for note in d.notes:
            print(f"请核对 {d.name}：{note}")
    if lines := incomplete_lines(rolled.county_sum):
        print(f"注意：{len(rolled.county_sum.incomplete())} 项合计不完整（不按 0 计）：")
        print("\n".join(f"  {line}" for line in lines))
    return 0
