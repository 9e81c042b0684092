"""The errors every layer raises: ones the user can act on carry a Chinese message saying what to do."""

from __future__ import annotations

import datetime as dt
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


class DatabaseBusy(UserError):
    """Another writer (an import, another window or program) held the database past the wait."""

    def __init__(self) -> None:
        super().__init__("数据库正被其他程序占用（已锁定），请关闭其他正在使用该数据库的窗口后重试")


class ConcurrentEditError(UserError):
    """A save from a copy that someone else changed after it was loaded; nothing was saved."""

    def __init__(self, what: str, by: str = "", at: dt.datetime | None = None) -> None:
        who = f"已被 {by} " if by else "已被他人"
        when = f"于 {at:%Y-%m-%d %H:%M} " if at else ""
        super().__init__(
            f"{what}在您打开之后{who}{when}修改过，您这次的修改没有保存。"
            "请点“重新载入”查看最新内容，再把您的修改填入后保存"
        )


class PermissionDenied(UserError):
    """The acting user lacks the role an action needs; the message names the role."""


class SignInNeeded(UserError):
    """Who is signing in is not known (several users, no name), or their password is missing or
    wrong; `name` is the user concerned, "" when unknown."""

    def __init__(self, message: str, name: str = "") -> None:
        super().__init__(message)
        self.name = name
