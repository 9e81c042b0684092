"""`catalog …`: add, list, import and export catalog entries."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from desktop_app.cli import date_argument, print_json
from desktop_app.domain.catalog import (
    DISCLOSURE_FORMS,
    PERIODS,
    EntryDraft,
    FieldProblem,
    validate_draft,
)
from desktop_app.domain.classification import PATH_SEPARATOR, node_name_problem, split_path
from desktop_app.errors import UserError, ValidationError


def register(commands) -> None:
    catalog = commands.add_parser(
        "catalog", help="政府信息公开目录", description="政府信息公开目录的增加、查询、导入和导出。"
    )
    sub = catalog.add_subparsers(
        dest="catalog_command", metavar="<操作>", title="操作", required=True
    )

    add = sub.add_parser(
        "add",
        help="新增一条目录，最后一行输出分配的索引号",
        description="新增一条目录，最后一行输出分配的索引号。",
    )
    add.add_argument("--title", required=True, metavar="信息名称")
    add.add_argument("--generated", required=True, metavar="YYYY-MM-DD", help="生成日期")
    add.add_argument("--form", required=True, choices=DISCLOSURE_FORMS, help="公开形式")
    add.add_argument("--period", required=True, choices=PERIODS, help="公开时限")
    add.add_argument("--period-end", metavar="YYYY-MM-DD", help="限期公开的截止日期")
    add.add_argument("--published", metavar="YYYY-MM-DD", help="发布日期")
    add.add_argument("--doc-number", default="", metavar="文号")
    add.add_argument("--publisher", metavar="发布机构", help="默认为本机关名称")
    add.add_argument(
        "--node",
        default="",
        metavar="路径",
        help="主题分类路径，如“法定主动公开内容/统计信息”；须是分类树中已有的分类",
    )
    add.add_argument(
        "--create-categories",
        action="store_true",
        help="--node 给出的主题分类不存在时新建（默认报错，以免拼错的分类成为新分类）",
    )
    add.add_argument(
        "--genre", default="", metavar="体裁", help="体裁分类，如 规章、行政规范性文件、通知"
    )
    add.add_argument("--keywords", default="", metavar="关键词")
    add.add_argument("--summary", default="", metavar="内容概述")
    add.set_defaults(handler=run_add)

    listing = sub.add_parser(
        "list", help="列出全部目录条目", description="列出全部目录条目（含已失效、废止的）。"
    )
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=run_list)

    load = sub.add_parser(
        "import",
        help="从 .xlsx 或 .csv 文件导入目录",
        description="从 .xlsx 或 .csv 文件导入目录。首行为列名（信息名称、生成日期……）；"
        "默认只要有一行有错误就不导入任何条目，并列出每处错误。",
    )
    load.add_argument("file", metavar="FILE", help=".xlsx 或 .csv（UTF-8 或 GBK 编码）文件")
    load.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，只导入正确的行")
    load.add_argument(
        "--create-categories",
        action="store_true",
        help="分类树中没有的主题分类先新建再导入（默认报为错误，以免拼错的分类成为新分类）",
    )
    load.set_defaults(handler=run_import)

    save = sub.add_parser(
        "export",
        help="把全部目录导出为 .xlsx 或 .csv 文件",
        description="把全部目录（含已失效、废止的）导出为 .xlsx 或 .csv 文件，格式由扩展名决定。",
    )
    save.add_argument("file", metavar="FILE", help="目标文件，以 .xlsx 或 .csv 结尾")
    save.set_defaults(handler=run_export)


def run_add(args, services) -> int:
    agency = services.agencies.current()
    draft = EntryDraft(
        title=args.title,
        generated_on=date_argument(args.generated, "生成日期"),
        disclosure_form=args.form,
        period=args.period,
        period_end=date_argument(args.period_end, "公开截止日期") if args.period_end else None,
        published_on=date_argument(args.published, "发布日期") if args.published else None,
        doc_number=args.doc_number,
        publisher=args.publisher or agency.name,
        genre=args.genre,
        keywords=args.keywords,
        summary=args.summary,
    )
    if problems := validate_draft(draft.normalized()):
        raise ValidationError(problems)
    # The nodes made for --create-categories and the entry: both saved, or neither.
    with services.db.transaction():
        if path := args.node.strip():
            draft = replace(draft, node_id=_node_id(services, path, args.create_categories))
        entry = services.catalog.add(agency.id, draft)
    print(f"已保存：{entry.title}")
    print(entry.index_no)
    return 0


def _node_id(services, path: str, create: bool) -> int:
    """The node at `path`; a path the tree lacks is an error (a mistyped category must not
    become a new node) unless `create`: then its nodes are made, each one audited."""
    for part in split_path(path):  # a name no node may have says so first: no spelling fixes it
        if reason := node_name_problem(part):
            raise ValidationError([FieldProblem("主题分类", reason)])
    wanted = PATH_SEPARATOR.join(split_path(path))
    for node in services.classification.nodes():
        if node.path == wanted:
            return node.id
    if create:
        return services.classification.ensure_path(wanted)
    problem = (
        f"没有这个主题分类：{wanted}；请改正拼写（catalog list 可查看已用的分类），"
        "或确需新建时加 --create-categories"
    )
    raise ValidationError([FieldProblem("主题分类", problem)])


def run_list(args, services) -> int:
    entries = services.catalog.all()
    if args.json:
        print_json([_as_json(e) for e in entries])
        return 0
    for e in entries:
        print(f"{e.index_no}\t{e.generated_on}\t{e.validity}\t{e.title}")
    print(f"共 {len(entries)} 条")
    return 0


def run_import(args, services) -> int:
    from desktop_app.services.catalog_import import (  # noqa: PLC0415
        ImportRefused,
        import_catalog,
        missing_categories,
    )

    try:
        result = import_catalog(
            services,
            Path(args.file),
            skip_invalid=args.skip_invalid,
            create_categories=args.create_categories,
        )
    except ImportRefused as refused:
        _print_problems(refused.problems)
        create = "，或加 --create-categories 新建缺少的主题分类"
        print(
            f"没有导入任何条目：{len(refused.problems)} 处错误。请修改文件后重新导入，"
            f"或加 --skip-invalid 只导入正确的行{create if missing_categories(refused.problems) else ''}",
            file=sys.stderr,
        )
        return 1
    print(f"已导入 {result.imported} 条，跳过 {result.skipped} 行")
    _print_problems(result.problems)
    return 1 if result.skipped else 0


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def run_export(args, services) -> int:
    from desktop_app.export.catalog_table import export_catalog  # noqa: PLC0415

    target = Path(args.file)
    entries = services.catalog.all()
    try:
        export_catalog(entries, target)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    services.audit.exported("catalog_entry", target, f"{len(entries)} 条")
    print(f"已导出 {len(entries)} 条到 {target}")
    return 0


def _as_json(entry) -> dict:
    return {
        "索引号": entry.index_no,
        "信息名称": entry.title,
        "文号": entry.doc_number,
        "发布机构": entry.publisher,
        "生成日期": entry.generated_on,
        "发布日期": entry.published_on,
        "公开形式": entry.disclosure_form,
        "公开时限": entry.period,
        "公开截止日期": entry.period_end,
        "公开范围": entry.scope,
        "主题分类": entry.node_path,
        "体裁分类": entry.genre,
        "关键词": entry.keywords,
        "内容概述": entry.summary,
        "有效性": entry.validity,
        "失效/废止日期": entry.validity_date,
    }
