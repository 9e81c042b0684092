"""Database errors split into ones the user can act on (with a message saying what to do) and bugs."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import Any


class UserError(Exception):
    """A problem the user can fix; the message is Chinese and says how."""


class ValidationError(UserError):
    """Input that breaks a rule; carries every problem found, each bound to a field."""

    def __init__(self, problems: Iterable[object]) -> None:
        # FieldProblem from a form; an import's RowProblem (a row and column) from a file.
        self.problems: list[Any] = list(problems)
        super().__init__("；".join(str(p) for p in self.problems))


class NotFoundError(UserError):
    pass


class DatabaseTooNewError(UserError):
    pass


class ConcurrentEditError(UserError):
    """A save from a copy that someone else changed after it was loaded; nothing was saved."""

    def __init__(self, what: str, by: str = "", at: dt.datetime | None = None) -> None:
        who = f"已被 {by} " if by else "已被他人"
        when = f"于 {at:%Y-%m-%d %H:%M} " if at else ""
        super().__init__(
            f"{what}在您打开之后{who}{when}修改过，您这次的修改没有保存。"
            "请点“重新载入”查看最新内容，再把您的修改填入后保存"
        )


def explain(exc: BaseException) -> UserError | None:
    """Turn a driver error the user can act on into a UserError; None for bugs."""
    # Imported here: commands that never open a database (--version) need not load SQLAlchemy.
    from sqlalchemy.exc import DBAPIError, OperationalError  # noqa: PLC0415
    from sqlalchemy.orm.exc import StaleDataError  # noqa: PLC0415

    if isinstance(exc, StaleDataError):  # another save committed between our read and our write
        return ConcurrentEditError("这条记录")
    if not isinstance(exc, DBAPIError):
        return None
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text:
        return UserError("数据库正被其他程序占用（已锁定），请关闭其他正在使用该数据库的窗口后重试")
    if "readonly" in text or "read-only" in text or "read only" in text:
        return UserError("数据库文件是只读的，请检查文件权限或把它复制到可写的文件夹")
    if "disk is full" in text or "no space" in text:
        return UserError("磁盘空间已满，请清理磁盘后重试；已保存的数据没有丢失")
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return UserError(
            "数据库文件已损坏或不是本程序的数据库，请从备份恢复（数据文件夹中有升级前的副本）"
        )
    if "unable to open" in text or "could not connect" in text or "connection refused" in text:
        return UserError(f"无法打开数据库：{_first_line(exc.orig or exc)}。请检查路径或服务器地址")
    if isinstance(exc, OperationalError) and type(exc.orig).__module__.startswith("psycopg"):
        # PostgreSQL refusing the login, an unknown host or database, a dropped connection:
        # all fixed by the user or the server's administrator, none a bug of ours.
        return UserError(
            f"无法使用数据库服务器：{_first_line(exc.orig or exc)}。"
            "请检查服务器地址、端口、数据库名、用户名和密码后重试；本次操作没有保存任何内容"
        )
    if isinstance(exc, OperationalError) and isinstance(exc.orig, sqlite3.OperationalError):
        return UserError(f"数据库操作失败：{_first_line(exc.orig or exc)}")
    return None


def _first_line(error: BaseException) -> str:
    """Driver messages may run over several lines; the user sees one."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


class PermissionDenied(UserError):
    """The acting user lacks the role an action needs; the message names the role."""


class SignInNeeded(UserError):
    """Who is signing in is not known (several users, no name), or their password is missing or
    wrong; `name` is the user concerned, "" when unknown."""

    def __init__(self, message: str, name: str = "") -> None:
        super().__init__(message)
        self.name = name
