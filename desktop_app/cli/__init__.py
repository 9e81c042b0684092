"""Command line: `disclosure-desk [--db PATH|URL] <command> …`; no command starts the window."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence

from desktop_app import __version__, collector
from desktop_app.cli import chinese_argparse
from desktop_app.domain.dates import parse_date
from desktop_app.domain.limits import date_problem, year_problem
from desktop_app.errors import UserError

log = logging.getLogger(__name__)

# Each area registers its sub-commands here; handlers take (args, services) and return an exit code.
Handler = Callable[..., int]


def build_parser() -> argparse.ArgumentParser:
    from desktop_app.cli import (  # noqa: PLC0415 - areas register themselves
        audit,
        backup,
        catalog,
        report,
        requests,
        setup,
        users,
    )

    parser = chinese_argparse.Parser(
        prog="disclosure-desk",
        description="政府信息公开工作台：公开目录、依申请公开台账与年度报告。不带子命令时打开主窗口。",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"disclosure-desk {__version__}",
        help="显示版本号并退出",
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="数据库文件路径或 SQLAlchemy 地址（默认：用户数据文件夹中的 SQLite 文件；"
        "也可用环境变量 DISCLOSURE_DESK_DB）",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认按操作系统惯例）")
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="以哪位用户的身份操作（默认：与操作系统登录名同名的用户，或唯一的用户；"
        "也可用环境变量 DISCLOSURE_DESK_USER）",
    )
    commands = parser.add_subparsers(dest="command", metavar="<子命令>", title="子命令")
    for area in (setup, catalog, requests, report, backup, users, audit):
        area.register(commands)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # --version and --help exit here, before logging's imports
    from desktop_app.logs import setup_logging  # noqa: PLC0415
    from desktop_app.paths import AppPaths  # noqa: PLC0415

    setup_logging(AppPaths.resolve(args.data_dir))
    if args.command is None:
        from desktop_app.ui.launch import run_gui  # noqa: PLC0415 - Qt only when the window is wanted

        return run_gui(args.db, args.data_dir, args.user)
    try:
        services = _signed_in(args)
        collector.start_up_done()
        try:
            return args.handler(args, services)
        finally:
            services.close()
    except UserError as exc:
        log.info("user error: %s", exc)
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


def _signed_in(args):
    """Services for the user of --user/$DISCLOSURE_DESK_USER; a user with a password gives it
    in $DISCLOSURE_DESK_PASSWORD or, at a terminal, when asked."""
    from desktop_app.app import open_services  # noqa: PLC0415
    from desktop_app.db.repositories.users import PASSWORD_ENV  # noqa: PLC0415
    from desktop_app.errors import SignInNeeded  # noqa: PLC0415

    def attempt(password: str | None):
        create = getattr(args, "creates_database", False)
        first_user = not getattr(args, "fills_empty_database", False)
        return open_services(args.db, args.data_dir, create, args.user, password, first_user)

    password = os.environ.get(PASSWORD_ENV)
    try:
        return attempt(password)
    except SignInNeeded as exc:
        if password or not exc.name or not sys.stdin.isatty():
            raise
    return attempt(getpass.getpass("密码："))


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def date_argument(text: str, label: str) -> dt.date:
    """A date given on the command line; a bad one is a user error naming the field."""
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise UserError(f"{label}：{exc}") from None
    if problem := date_problem(day):
        raise UserError(f"{label}：{problem}")
    return day


def year_argument(text: str) -> int:
    """A report year given on the command line (argparse turns the error into one Chinese line)."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份，请写四位数字，如 2024") from None
    if problem := year_problem(year):
        raise argparse.ArgumentTypeError(f"年度{problem}")
    return year
