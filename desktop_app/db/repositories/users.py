"""Users: the first one made on first run, signing in, and 管理员 adding users and passwords."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from desktop_app.db.audit import record, require
from desktop_app.db.engine import Database
from desktop_app.db.models_audit import UserRow
from desktop_app.domain.audit import CREATED, EDITED, Change
from desktop_app.domain.users import (
    ADMIN,
    ROLES,
    User,
    hash_password,
    name_problem,
    password_matches,
)
from desktop_app.errors import SignInNeeded, UserError

USER_ENV = "DISCLOSURE_DESK_USER"
PASSWORD_ENV = "DISCLOSURE_DESK_PASSWORD"


class UserRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[User]:
        with self._db.session() as session:
            return [_to_domain(r) for r in session.scalars(select(UserRow).order_by(UserRow.id))]

    def ensure_first_user(self, name: str) -> None:
        """A database without users gets one holding every role and no password: a one-person
        office is never asked to sign in."""
        with self._db.session() as session:
            if session.scalar(select(func.count()).select_from(UserRow)):
                return
        try:
            with self._db.session() as session:
                row = UserRow(name=name, roles=",".join(ROLES), active=True)
                session.add(row)
                session.flush()
                record(
                    session, name, "user", row.id, CREATED, f"首次运行自动建立：{name}（全部角色）"
                )
        except IntegrityError:
            pass  # another process made it at the same moment

    def sign_in(self, name: str | None, default_name: str, password: str | None = None) -> User:
        """The acting user: `name` (from --user), else the one named like the OS login, else the
        only user. A user with a password must give it."""
        users = [u for u in self.all() if u.active]
        if name:
            found = next((u for u in users if u.name == name), None)
            if found is None:
                raise UserError(
                    f"用户“{name}”不存在或已停用：可用 users list 查看用户，由管理员用 users add 添加"
                )
        else:
            found = next((u for u in users if u.name == default_name), None)
            if found is None and len(users) == 1:
                found = users[0]
            if found is None:
                raise SignInNeeded(
                    f"本数据库有 {len(users)} 个用户，请指明是谁（命令行用 --user 姓名或环境变量 {USER_ENV}）"
                )
        if found.has_password:
            self._check_password(found, password)
        self._db.user = found
        return found

    def _check_password(self, user: User, password: str | None) -> None:
        if not password:
            raise SignInNeeded(
                f"用户 {user.name} 需要登录：请输入密码（命令行可设置环境变量 {PASSWORD_ENV}）",
                user.name,
            )
        with self._db.session() as session:
            stored = session.scalar(select(UserRow.password_hash).where(UserRow.id == user.id))
        if not password_matches(password, stored or ""):
            raise SignInNeeded(f"用户 {user.name} 的密码不正确，请重新输入", user.name)

    def add(self, name: str, roles: tuple[str, ...], password: str | None = None) -> User:
        actor = require(self._db, ADMIN)
        name = name.strip()
        if problem := name_problem(name):
            raise UserError(problem)
        with self._db.session() as session:
            if session.scalar(select(UserRow.id).where(UserRow.name == name)):
                raise UserError(f"用户“{name}”已存在，请换一个名字")
            row = UserRow(
                name=name,
                roles=",".join(roles),
                active=True,
                password_hash=hash_password(password) if password else None,
            )
            session.add(row)
            session.flush()
            detail = f"{name}：{'、'.join(roles)}" + ("，设有密码" if password else "")
            record(session, actor, "user", row.id, CREATED, detail)
            return _to_domain(row)

    def set_password(self, name: str, password: str | None) -> User:
        """Set (or with None remove) a user's password; from then on they sign in with it."""
        actor = require(self._db, ADMIN)
        with self._db.session() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                raise UserError(f"用户“{name}”不存在：可用 users list 查看用户")
            row.password_hash = hash_password(password) if password else None
            change = Change("密码", None, "已设置" if password else "已取消")
            record(session, actor, "user", row.id, EDITED, name, [change])
            return _to_domain(row)

    def set_active(self, name: str, active: bool) -> User:
        """Stop (or restore) a user's access; users are never deleted, the trail names them."""
        actor = require(self._db, ADMIN)
        if not active and name == actor:
            raise UserError("不能停用自己：请由另一位管理员操作")
        with self._db.session() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                raise UserError(f"用户“{name}”不存在：可用 users list 查看用户")
            if row.active != active:
                change = Change("状态", _state(row.active), _state(active))
                row.active = active
                record(session, actor, "user", row.id, EDITED, name, [change])
            return _to_domain(row)


def _state(active: bool) -> str:
    return "启用" if active else "停用"


def _to_domain(row: UserRow) -> User:
    return User(
        id=row.id,
        name=row.name,
        roles=tuple(r for r in row.roles.split(",") if r),
        active=row.active,
        has_password=row.password_hash is not None,
    )
