"""The 登录 box shown at start when the user must sign in (a password is set, or several users
share the database and none is named)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from desktop_app.domain.catalog import FieldProblem
from desktop_app.errors import UserError
from desktop_app.ui.form_dialog import FormDialog


class SignInDialog(FormDialog):
    """Calls `open_as(name, password)` on 登录 and keeps what it returns in `services`; a refusal
    is shown in the box, which stays open for another try."""

    def __init__(
        self,
        open_as: Callable[[str, str], object],
        name: str,
        reason: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("登录")
        self._open_as = open_as
        self.services = None
        self.name = QLineEdit(name)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("用户", self.with_error("用户", self.name))
        form.addRow("密码", self.with_error("密码", self.password))
        self.finish(form, ok_text="登录", cancel_text="退出")
        self.show_problems([FieldProblem("", reason)])
        (self.password if name else self.name).setFocus()

    def save(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.show_problems([FieldProblem("用户", "请填写用户名")])
            return
        try:
            self.services = self._open_as(name, self.password.text())
        except UserError as exc:
            self.password.clear()
            self.show_problems([FieldProblem("密码", str(exc))])
            return
        self.accept()
