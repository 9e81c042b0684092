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
