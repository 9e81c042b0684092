"""What a form shows when its save was refused because someone else saved the record first:
who and when, the clerk's own text (read-only, to copy) and 重新载入, which keeps that text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui import tasks
from desktop_app.ui.form_dialog import ERROR_STYLE


class ConflictPanel(QWidget):
    def __init__(self, reload: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent, visible=False)
        self.reloading = False  # a reload_from read under way
        self.message = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.typed = QPlainTextEdit(readOnly=True)
        self.typed.setMaximumHeight(140)
        self.reload_button = QPushButton("重新载入")
        self.reload_button.clicked.connect(reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("您填写的内容（未保存，可复制）："))
        layout.addWidget(self.typed)
        layout.addWidget(self.reload_button)

    def show_conflict(self, message: str, typed: Iterable[tuple[str, str]]) -> None:
        """`typed`: (field label, what the clerk typed) of every field that has text."""
        self.message.setText(message)
        self.typed.setPlainText("\n".join(f"{label}：{value}" for label, value in typed if value))
        self.setVisible(True)
        self.reload_button.setEnabled(True)

    def reload_from(self, read: Callable[[], Any], show: Callable[[Any], None]) -> None:
        """`read()` the stored record in the background (the button waits meanwhile), then
        `show(record)` in the form; a failed read is said here and 重新载入 can be pressed again."""
        self.reloading = True
        self.reload_button.setEnabled(False)
        conflict = self.message.text()

        def done(record: Any) -> None:
            self.reloading = False
            show(record)
            self.reloaded()

        def failed(exc: BaseException) -> None:
            self.reloading = False
            self.message.setText(f"{conflict}\n重新载入失败：{exc}")
            self.reload_button.setEnabled(True)

        tasks.run_in_background(self, read, done, failed)

    def reloaded(self) -> None:
        """The form shows the stored record again; the typed text stays here to copy."""
        self.message.setText(
            "已重新载入最新内容。您原先填写的内容仍在下方，可复制后重新填入并保存。"
        )
        self.reload_button.setEnabled(False)


class ConflictDialog(QDialog):
    """The panel in a window of its own, left open beside an editor that has no form around it
    (the report editor): the clerk copies from it while the editor shows the stored text."""

    def __init__(self, reload: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("内容已被他人修改")
        self.panel = ConflictPanel(self._reload)
        self._on_reload = reload
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(close)
        self.resize(560, 360)

    def _reload(self) -> None:
        self._on_reload()
        self.panel.reloaded()
