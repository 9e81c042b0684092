"""Where exported files go and how the user finds them again.

Save dialogs start in the folder used last (remembered in the settings), else the user's 文档
folder — never the program's working folder. After an export, `ExportedNotice` names the file
with its full path and offers 打开所在文件夹.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.settings import Settings
from desktop_app.ui.messages import open_file


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def export_folder(settings_file: Path) -> Path:
    """The folder a save dialog opens in: the last one used while it exists, else 文档."""
    last = Settings.load(settings_file).last_folder
    return Path(last) if last and Path(last).is_dir() else documents_folder()


def suggested_path(settings_file: Path, name: str) -> str:
    return str(export_folder(settings_file) / name)


def remember_folder(settings_file: Path, chosen: str | Path) -> None:
    settings = Settings.load(settings_file)
    settings.last_folder = str(Path(chosen).parent)
    settings.save(settings_file)


class ExportedNotice(QWidget):
    """“已导出：full path” and 打开所在文件夹, for a status bar or a row of buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.label = QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("打开所在文件夹")
        self.open_button.clicked.connect(self.open_folder)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.open_button)
        self.setVisible(False)

    def show_path(self, text: str, path: Path) -> None:
        """`text` (what was exported) followed by the file's full path."""
        self.path = Path(path).resolve()
        self.label.setText(f"{text}：{self.path}")
        self.label.setToolTip(str(self.path))
        self.setVisible(True)

    def open_folder(self) -> None:
        if self.path is not None:
            open_file(self.path.parent)
