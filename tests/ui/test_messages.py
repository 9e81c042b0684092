"""The yes/no question: 是 answers yes; 否, Escape and Enter (the default) answer no."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.ui.messages import confirm


def answer_with(qtbot, action):
    def act():
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
        action(qtbot, box)

    QTimer.singleShot(100, act)


def click(text):
    return lambda _qtbot, box: next(b for b in box.buttons() if b.text() == text).click()


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (click("是"), True),
        (click("否"), False),
        (lambda qtbot, box: qtbot.keyClick(box, Qt.Key.Key_Return), False),
        (lambda qtbot, box: qtbot.keyClick(box, Qt.Key.Key_Escape), False),
    ],
)
def test_confirm(qtbot, action, expected):
    answer_with(qtbot, action)
    assert confirm(None, "确认", "是否继续？") is expected
