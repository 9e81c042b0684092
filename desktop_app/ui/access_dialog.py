"""工具 → 登录设置…: the database-wide switch requiring every user to sign in with a password.

The window reads the switch in the background before opening the form (AccessService.state);
the form saves, and reloads after a conflict, in the background too.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QWidget

from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.users import AccessPolicy
from desktop_app.errors import ConcurrentEditError, UserError
from desktop_app.services.access import AccessState
from desktop_app.ui.conflict import ConflictPanel
from desktop_app.ui.form_dialog import FormDialog

FIELD = "要求登录"


class AccessDialog(FormDialog):
    """Saves with the version it loaded, so a change made meanwhile at another workstation is
    reported instead of overwritten."""

    def __init__(self, services, state: AccessState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("登录设置")
        self.access = services.access
        self.policy = state.policy
        self.required = QCheckBox(
            "每位用户（包括首次运行建立的用户）启动时都须凭密码登录",
            checked=self.policy.require_sign_in,
        )
        locked = state.without_password
        self.note = QLabel(
            f"尚未设置密码的用户：{'、'.join(locked)}。开启后他们须由管理员设置密码才能登录"
            "（命令行 users password 姓名 --password-stdin）。"
            if locked
            else "所有用户都已设置密码。",
            wordWrap=True,
        )
        form = QFormLayout()
        form.addRow(FIELD, self.with_error(FIELD, self.required))
        if self.policy.modified_by:
            changed = f"{self.policy.updated_at:%Y-%m-%d %H:%M}" if self.policy.updated_at else ""
            form.addRow("上次修改", QLabel(f"{self.policy.modified_by} {changed}"))
        self.conflict = ConflictPanel(self.reload)
        self.finish(form, self.note, self.conflict)

    def reload(self) -> None:
        """Show the switch as stored now (after another workstation's change); saving builds on it."""
        self.conflict.reload_from(self.access.policy, self._show_stored)

    def _show_stored(self, policy: AccessPolicy) -> None:
        self.policy = policy
        self.required.setChecked(policy.require_sign_in)

    def save(self) -> None:
        wanted, access, version = self.required.isChecked(), self.access, self.policy.version
        self.save_in_background(
            lambda waiting: access.set_sign_in_required(wanted, version, waiting),
            lambda _policy: self.accept(),
            lambda exc: self._not_saved(exc, wanted),
        )

    def _not_saved(self, exc: BaseException, wanted: bool) -> None:
        if isinstance(exc, ConcurrentEditError):
            self.conflict.show_conflict(str(exc), [(FIELD, "开启" if wanted else "关闭")])
        elif isinstance(exc, UserError):
            self.show_problems([FieldProblem(FIELD, str(exc))])
        else:
            raise exc
