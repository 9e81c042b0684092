"""`users …`: list users, add one with roles, set a password (管理员 only)."""

from __future__ import annotations

import sys

from desktop_app.cli import print_json
from desktop_app.domain.users import ROLES, parse_roles
from desktop_app.errors import UserError


def register(commands) -> None:
    users = commands.add_parser(
        "users",
        help="用户与角色",
        description=f"用户与角色（{'、'.join(ROLES)}）。添加用户和设置密码需要「管理员」角色。",
    )
    sub = users.add_subparsers(dest="users_command", metavar="<操作>", title="操作", required=True)

    listing = sub.add_parser("list", help="列出用户及其角色", description="列出用户及其角色。")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=run_list)

    add = sub.add_parser(
        "add",
        help="添加用户",
        description="添加用户。设有密码的用户每次使用都要登录（命令行用环境变量 "
        "DISCLOSURE_DESK_PASSWORD 或在提示时输入）。",
    )
    add.add_argument("name", metavar="NAME", help="姓名（登录名）")
    add.add_argument("--roles", required=True, metavar="角色", help=f"逗号分隔：{','.join(ROLES)}")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入的第一行读取密码")
    add.set_defaults(handler=run_add)

    password = sub.add_parser(
        "password",
        help="设置或取消用户的密码",
        description="设置（从标准输入的第一行读取）或取消用户的密码。",
    )
    password.add_argument("name", metavar="NAME", help="姓名（登录名）")
    choice = password.add_mutually_exclusive_group(required=True)
    choice.add_argument("--password-stdin", action="store_true", help="从标准输入读取新密码")
    choice.add_argument("--clear", action="store_true", help="取消密码：该用户不再需要登录")
    password.set_defaults(handler=run_password)

    for command, text, active in (("disable", "停用", False), ("enable", "重新启用", True)):
        switch = sub.add_parser(
            command,
            help=f"{text}用户",
            description=f"{text}用户（用户不会被删除：操作日志里仍有其姓名）。",
        )
        switch.add_argument("name", metavar="NAME", help="姓名（登录名）")
        switch.set_defaults(handler=run_switch, active=active)


def _password_from_stdin() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UserError("标准输入中没有密码：请在第一行写入密码")
    return password


def run_list(args, services) -> int:
    users = services.users.all()
    if args.json:
        print_json(
            [
                {
                    "name": u.name,
                    "roles": list(u.roles),
                    "active": u.active,
                    "password": u.has_password,
                }
                for u in users
            ]
        )
        return 0
    for user in users:
        marks = ("" if user.active else "（已停用）") + ("，需登录" if user.has_password else "")
        print(f"{user.name}\t{'、'.join(user.roles)}{marks}")
    return 0


def run_add(args, services) -> int:
    try:
        roles = parse_roles(args.roles)
    except ValueError as exc:
        raise UserError(f"--roles：{exc}") from None
    password = _password_from_stdin() if args.password_stdin else None
    user = services.users.add(args.name, roles, password)
    print(f"已添加用户 {user.name}：{'、'.join(user.roles)}")
    return 0


def run_password(args, services) -> int:
    password = None if args.clear else _password_from_stdin()
    user = services.users.set_password(args.name, password)
    print(f"已{'取消' if password is None else '设置'}用户 {user.name} 的密码")
    return 0


def run_switch(args, services) -> int:
    user = services.users.set_active(args.name, args.active)
    print(f"用户 {user.name} 已{'启用' if user.active else '停用'}")
    return 0
