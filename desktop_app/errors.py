"""The errors every layer raises: ones the user can act on carry a Chinese message saying what to do."""

from __future__ import annotations

import datetime as dt


class UserError(Exception):
    """A problem the user can fix; the message is Chinese and says how."""


class ValidationError(UserError):
    """Input that breaks a rule; carries every problem found, each bound to a field."""

    def __init__(self, problems):  # list[FieldProblem]
        self.problems = list(problems)
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


class PermissionDenied(UserError):
    """The acting user lacks the role an action needs; the message names the role."""


class SignInNeeded(UserError):
    """Who is signing in is not known (several users, no name), or their password is missing or
    wrong; `name` is the user concerned, "" when unknown."""

    def __init__(self, message: str, name: str = "") -> None:
        super().__init__(message)
        self.name = name
