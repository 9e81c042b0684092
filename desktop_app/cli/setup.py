"""`init`: create the database for an agency and seed the classification tree; `demo`: a sample one."""

from __future__ import annotations

from desktop_app.domain.identifiers import DEFAULT_INDEX_PATTERN
from desktop_app.errors import UserError


def register(commands) -> None:
    init = commands.add_parser(
        "init",
        help="初始化数据库：登记本机关并建立默认主题分类",
        description="初始化数据库：登记本机关并建立默认主题分类。",
    )
    init.add_argument(
        "--agency-name", required=True, metavar="名称", help="机关名称，如“某某县应急管理局”"
    )
    init.add_argument(
        "--agency-code",
        required=True,
        metavar="代码",
        help="18 位统一社会信用代码（或旧的 9 位组织机构代码）",
    )
    init.add_argument(
        "--index-pattern",
        default=DEFAULT_INDEX_PATTERN,
        metavar="格式",
        help="索引号格式，占位符 {code} {year} {serial:05d}（默认 %(default)s）",
    )
    init.set_defaults(handler=run_init, creates_database=True)

    demo = commands.add_parser(
        "demo",
        help="建立演示数据库：虚构机关及三年的公开目录",
        description="在新的空数据库中登记一个虚构的县应急管理局，并生成最近三个完整年度的"
        "数百条公开目录（名称和内容均为虚构）。",
    )
    demo.set_defaults(handler=run_demo, creates_database=True)


def run_init(args, services) -> int:
    # One database keeps one agency's records; a second init would start a second numbering.
    if existing := services.agencies.all():
        raise UserError(
            f"该数据库已初始化（{existing[0].name}，{existing[0].code}），不能再次初始化；"
            "为另一机关建库请用 --db 指定新的数据库文件"
        )
    agency = services.agencies.create(args.agency_name, args.agency_code, args.index_pattern)
    services.classification.seed_default()
    print(f"已初始化：{agency.name}（{agency.code}）")
    return 0


def run_demo(args, services) -> int:
    from desktop_app.services.demo import create_demo  # noqa: PLC0415

    agency = create_demo(services)
    print(
        f"已建立演示数据：{agency.name}（{agency.code}），共 {services.catalog.count()} 条目录、"
        f"{len(services.requests.all())} 件依申请公开申请、"
        f"{len(services.reports.years(agency.id))} 份年度报告"
    )
    return 0
