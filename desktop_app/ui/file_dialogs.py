"""File dialogs that never open the files they list.

On Linux the locks SQLite holds on the open database belong to the process and are dropped when any
descriptor of that file is closed. Qt's own dialog opens every listed file to guess its type (icon,
类型 column): browsing the data folder let another program take the database for unused and delete
its WAL file, losing saves and handing out one 索引号 twice. Here the dialog's icon provider judges
by the kind of entry only. Windows locks belong to handles, so there the native dialog stays.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

_NATIVE = sys.platform == "win32"


class _NamesOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the entry's kind, never from its content."""

    def icon(self, what):  # Qt override (IconType or QFileInfo)
        if isinstance(what, QFileInfo):
            kind = (
                QFileIconProvider.IconType.Folder
                if what.isDir()
                else QFileIconProvider.IconType.File
            )
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # Qt override
        return "文件夹" if info.isDir() else "文件"


def file_dialog(
    parent: QWidget | None, title: str, folder: str, name_filter: str, mode: QFileDialog.FileMode
) -> QFileDialog:
    """The configured dialog (not yet shown); the functions below run it."""
    dialog = QFileDialog(parent, title)
    if not _NATIVE:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setIconProvider(_NamesOnlyIconProvider())  # before any folder is listed
    dialog.setFileMode(mode)
    if name_filter:
        dialog.setNameFilter(name_filter)
    if folder:
        dialog.setDirectory(folder)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    return dialog.selectedFiles() if dialog.exec() else []


def open_file(parent: QWidget | None, title: str, folder: str = "", name_filter: str = "") -> str:
    """One existing file, or "" when cancelled."""
    chosen = _run(
        file_dialog(parent, title, folder, name_filter, QFileDialog.FileMode.ExistingFile)
    )
    return chosen[0] if chosen else ""


def open_files(
    parent: QWidget | None, title: str, folder: str = "", name_filter: str = ""
) -> list[str]:
    """Existing files, or [] when cancelled."""
    return _run(file_dialog(parent, title, folder, name_filter, QFileDialog.FileMode.ExistingFiles))


def save_file(
    parent: QWidget | None, title: str, suggested: str = "", name_filter: str = ""
) -> str:
    """A file to write (the dialog asks before replacing one), or "" when cancelled."""
    dialog = file_dialog(parent, title, "", name_filter, QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if suggested:
        dialog.selectFile(suggested)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""


def existing_folder(parent: QWidget | None, title: str, folder: str = "") -> str:
    """An existing folder, or "" when cancelled."""
    dialog = file_dialog(parent, title, folder, "", QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""
