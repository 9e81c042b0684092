"""Where exported files go and how the user finds them again.

Save dialogs start in the folder used last (remembered in the settings), else the user's 文档
folder — never the program's working folder. After an export, `ExportedNotice` names the file
with its full path and offers 打开所在文件夹.

The settings file and the last folder are read and written off the UI thread (`choose_path`): the
last folder may be on a network drive, and asking Windows whether an unplugged share's folder
exists can take half a minute.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.settings import Settings
from desktop_app.ui import tasks
from desktop_app.ui.messages import open_file

log = logging.getLogger(__name__)


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def export_folder(settings_file: Path) -> Path:
    """The folder a save dialog opens in: the last one used while it exists, else 文档."""
    last = Settings.load(settings_file).last_folder
    return Path(last) if last and Path(last).is_dir() else documents_folder()


def remember_folder(settings_file: Path, chosen: str | Path) -> None:
    settings = Settings.load(settings_file)
    settings.last_folder = str(Path(chosen).parent)
    settings.save(settings_file)


def choose_path(
    owner: QWidget,
    settings_file: Path,
    name: str,
    choose: Callable[[str], str],
    then: Callable[[str], None],
) -> None:
    """Find the folder to start in, ask with `choose(suggested path)` (a save dialog), remember
    the folder chosen and hand the path to `then`; nothing happens when the user cancels."""

    def ask(folder: Path) -> None:
        path = choose(str(folder / name))
        if path:
            remember_in_background(owner, lambda: remember_folder(settings_file, path))
            then(path)

    tasks.run_in_background(
        owner, lambda: export_folder(settings_file), ask, lambda _exc: ask(documents_folder())
    )


def remember_in_background(owner: QWidget, remember: Callable[[], None]) -> None:
    """Save a convenience setting (a folder, a certificate's place) without waiting for it; one
    that cannot be saved (another window saved it meanwhile, a full disk) is logged, not shown:
    the work the user asked for goes on either way."""
    tasks.run_in_background(
        owner,
        remember,
        lambda _none: None,
        lambda exc: log.warning("a setting could not be saved: %s", exc),
    )


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
        self.path = Path(path).absolute()  # resolve() would ask the file system
        self.label.setText(f"{text}：{self.path}")
        self.label.setToolTip(str(self.path))
        self.setVisible(True)

    def open_folder(self) -> None:
        if self.path is not None:
            open_file(self.path.parent)
