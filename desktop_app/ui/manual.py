"""帮助 → 用户手册 (F1): the manual shipped in the package (resources/manual), shown in the program.

Its pictures are taken from the real windows by the test suite (tests/ui/test_manual.py), so they
show the version they ship with.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.ui.screen_fit import fit_to_screen

PICTURE_WIDTH = 820  # window pictures shrunk to the page, as in a printed manual
OBJECT = "\ufffc"  # the character standing for an image in a QTextDocument


def manual_folder() -> Path:
    return Path(str(resources.files("desktop_app.resources") / "manual"))


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("用户手册 — 政府信息公开工作台")
        self.browser = QTextBrowser(openExternalLinks=True)
        self.browser.setSearchPaths([str(manual_folder())])  # the pictures' relative paths
        self.browser.setMarkdown((manual_folder() / "manual.md").read_text(encoding="utf-8"))
        _fit_pictures(self.browser.document(), manual_folder(), PICTURE_WIDTH)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(close)
        fit_to_screen(self, 900, 760)


def _fit_pictures(document: QTextDocument, folder: Path, width: int) -> None:
    """Shrink every picture wider than `width` to it (its height follows): a screenshot of the
    main window is wider than the page."""
    cursor = QTextCursor(document)
    for position, char in enumerate(document.toPlainText()):
        if char != OBJECT:
            continue
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        if (form := cursor.charFormat()).isImageFormat():
            picture = form.toImageFormat()
            natural = QImage(str(folder / picture.name())).width()
            if natural > width:
                picture.setWidth(width)
                cursor.setCharFormat(picture)
