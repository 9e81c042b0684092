"""Greying out what the signed-in user's roles do not allow, with a tooltip naming the role.

Only a courtesy: the repositories check roles again on every write (db/audit.require), so a
button enabled by mistake still ends in a refusal naming the role.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop_app.domain.users import User

_NEEDED = "needed_role"  # Qt property on a gated action or widget: the role it lacks


def may(user: User | None, role: str) -> bool:
    """Whether the signed-in user (None: nobody) holds `role`."""
    return user is not None and user.may(role)


def needs(role: str) -> str:
    return f"需要“{role}”角色"


def gate(target: QAction | QWidget, user: User | None, role: str) -> bool:
    """Disable `target` for good when `user` lacks `role` (the user is fixed for the window's
    life), saying which role it needs; returns whether it is allowed."""
    if may(user, role):
        return True
    target.setProperty(_NEEDED, role)
    target.setEnabled(False)
    target.setToolTip(needs(role))
    target.setStatusTip(needs(role))
    return False


def set_enabled(target: QAction | QWidget, on: bool) -> None:
    """SetEnabled for a target that may be gated: it stays disabled while its role is lacking."""
    target.setEnabled(on and not target.property(_NEEDED))
