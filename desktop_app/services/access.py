"""The 登录设置 form's use-cases for the UI: whether every user must sign in with a password;
any thread (the form runs them through ui/tasks.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.db.engine import Database
from desktop_app.db.repositories.users import UserRepository
from desktop_app.domain.users import AccessPolicy
from desktop_app.services.turns import in_turn


@dataclass(frozen=True)
class AccessState:
    """The switch as stored, and who would be locked out by turning it on."""

    policy: AccessPolicy
    without_password: list[str]


class AccessService:
    """What the 登录设置 form reads and saves."""

    def __init__(self, db: Database, users: UserRepository) -> None:
        self._db, self._users = db, users

    def state(self) -> AccessState:
        return AccessState(self._users.access(), self._users.without_password())

    def policy(self) -> AccessPolicy:
        return self._users.access()

    def set_sign_in_required(
        self,
        required: bool,
        loaded_version: int | None,
        waiting: Callable[[], None] | None = None,
    ) -> AccessPolicy:
        """管理员 only; a copy loaded before someone else's change is refused (ConcurrentEditError),
        and turning it on while the acting 管理员 has no password too (UserError)."""
        return in_turn(
            self._db, lambda: self._users.set_sign_in_required(required, loaded_version), waiting
        )
