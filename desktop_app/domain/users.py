"""Users and roles: who may do what, and passwords kept as memory-hard hashes (hashlib.scrypt)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

CLERK, REVIEWER, ADMIN = "经办人", "审核人", "管理员"
ROLES = (CLERK, REVIEWER, ADMIN)
DEFAULT_ADMIN_NAME = "管理员"
NAME_MAX = 50

# scrypt with N=2^14, r=8: 16 MiB and about 50 ms per check; slow for guessing, quick for a login.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_SCHEME = "scrypt"


@dataclass(frozen=True)
class User:
    id: int
    name: str
    roles: tuple[str, ...]
    active: bool = True
    has_password: bool = False

    def may(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class AccessPolicy:
    """The database-wide sign-in switch, with the version a save from this copy names."""

    require_sign_in: bool = False
    version: int = 0  # 0: never saved; a saved row starts at 1
    modified_by: str = ""
    updated_at: dt.datetime | None = None


def refusal(user: User, role: str) -> str | None:
    """The message refusing `user` an action that needs `role`; None when allowed."""
    if user.may(role):
        return None
    having = "、".join(user.roles) or "任何角色"
    return f"需要「{role}」角色：用户 {user.name} 只有 {having}"


def parse_roles(text: str) -> tuple[str, ...]:
    """Roles written as "经办人,审核人" (comma, 、 or space separated), in the official order."""
    given = {
        part for part in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",")
    }
    given.discard("")
    if unknown := sorted(given - set(ROLES)):
        raise ValueError(f"角色“{'、'.join(unknown)}”不存在，可选：{'、'.join(ROLES)}")
    if not given:
        raise ValueError(f"请至少指定一个角色：{'、'.join(ROLES)}")
    return tuple(role for role in ROLES if role in given)


def name_problem(name: str) -> str | None:
    name = name.strip()
    if not name:
        return "用户名不能为空"
    if len(name) > NAME_MAX:
        return f"用户名最长 {NAME_MAX} 个字"
    return None


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$hash`, salt random per user, all hex."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    params = f"{_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}"
    return f"{_SCHEME}${params}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != _SCHEME:
        return False
    computed = hashlib.scrypt(
        password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(computed.hex(), digest)
