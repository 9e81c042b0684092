"""Message boxes in one place, so tests can replace them and every warning looks the same; and the
one hand-over of a file or folder to the desktop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes/no, with 否 as the default so a stray Enter changes nothing."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton("是", QMessageBox.ButtonRole.YesRole)
    box.setDefaultButton(box.addButton("否", QMessageBox.ButtonRole.NoRole))
    box.exec()
    return box.clickedButton() is yes


def open_file(path: Path) -> None:
    """Open a file (or folder) with the program the system uses for it."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_to_save(parent: QWidget | None, title: str) -> str:
    """保存 / 不保存 / 取消 before unsaved changes would be dropped; Esc or × here means 取消."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, "有尚未保存的修改，是否保存？", parent=parent
    )
    answers = {
        box.addButton("保存", QMessageBox.ButtonRole.AcceptRole): SAVE,
        box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole): DISCARD,
    }
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(next(iter(answers)))
    box.setEscapeButton(cancel)
    box.exec()
    return answers.get(box.clickedButton(), CANCEL)


def ask_to_recover(parent: QWidget | None, text: str) -> bool | None:
    """恢复 (True, the default) or 丢弃 (False) what a previous session left unsaved; closing the
    box (None) decides nothing, so the text is offered again next time."""
    box = QMessageBox(QMessageBox.Icon.Question, "恢复未保存的文字", text, parent=parent)
    answers = {
        box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole): True,
        box.addButton("丢弃", QMessageBox.ButtonRole.DestructiveRole): False,
    }
    box.setDefaultButton(next(iter(answers)))
    box.exec()
    return answers.get(box.clickedButton())
