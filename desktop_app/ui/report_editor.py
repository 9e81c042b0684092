"""The report's text: an outline of sections with generated numbers, and the section's editors.

The QTreeWidget is the working copy: each item holds its heading and paragraphs; numbers
(一、（一）1.（1）) are regenerated from the tree after every change, never typed.
`sections_changed(sections)` fires when the text is saved: a moment after typing stops, when the
text field loses focus, on the 保存文字 button or Ctrl+S, and on moving to another section; the
view writes the report through the services. `text_edited` fires on every keystroke (for the
recovery file), `dirty_changed(bool)` when unsaved text appears or is gone (for the title bar).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import (
    MAX_DEPTH,
    AnnualReport,
    Section,
    heading_number,
    printed_number,
)

_HEADING, _PARAGRAPHS = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1
# An imported report's own heading number and run-in flag ride along unchanged.
_NUMBER, _RUN_IN = Qt.ItemDataRole.UserRole + 2, Qt.ItemDataRole.UserRole + 3
NEW_HEADING = "新的小节"
AUTOSAVE_MS = 1500  # typing pauses longer than this are a good moment to save


def split_paragraphs(text: str) -> tuple[str, ...]:
    """One paragraph per block separated by blank lines; lines inside a block are joined."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return tuple("".join(line.strip() for line in b.splitlines()) for b in blocks if b.strip())


def join_paragraphs(paragraphs: tuple[str, ...]) -> str:
    return "\n\n".join(paragraphs)


class SectionEditor(QWidget):
    sections_changed = Signal(object)
    text_edited = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fixed_top_level = False  # the 2021 format's six sections stay, in order
        self._dirty = False
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_if_dirty)
        self.read_only = False
        self._showing: QTreeWidgetItem | None = None
        self.outline = QTreeWidget()
        self.outline.setHeaderLabel("章节")
        self.outline.currentItemChanged.connect(self._current_changed)
        self.heading = QLineEdit()
        self.paragraphs = QPlainTextEdit()
        self.paragraphs.setPlaceholderText("正文：每段之间空一行")
        self.heading.textEdited.connect(self._edited)
        self.paragraphs.textChanged.connect(self._edited)
        for field in (self.heading, self.paragraphs):
            field.installEventFilter(self)
        self.add_child_button = QPushButton("添加下级小节")
        self.add_sibling_button = QPushButton("添加同级小节")
        self.remove_button = QPushButton("删除小节")
        self.save_button = QPushButton("保存文字")
        self.add_child_button.clicked.connect(self.add_child)
        self.add_sibling_button.clicked.connect(self.add_sibling)
        self.remove_button.clicked.connect(self.remove_current)
        self.save_button.clicked.connect(self.save)
        self._lay_out()

    def _lay_out(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.outline, 1)
        buttons = QHBoxLayout()
        for button in (self.add_child_button, self.add_sibling_button, self.remove_button):
            buttons.addWidget(button)
        column.addLayout(buttons)
        right = QWidget()
        form = QFormLayout(right)
        form.setContentsMargins(0, 0, 0, 0)
        self.number = QLabel()
        form.addRow("编号：", self.number)
        form.addRow("标题：", self.heading)
        form.addRow("正文：", self.paragraphs)
        form.addRow("", self.save_button)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([320, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # -- loading -------------------------------------------------------------------------------
    def set_report(self, report: AnnualReport) -> None:
        """Show a report's sections, keeping the selected path when it still exists."""
        path = self._path(self.outline.currentItem())
        self.fixed_top_level = report.format == rf.FORMAT_2021
        self._showing = None
        self.outline.blockSignals(True)
        self.outline.clear()
        self._add_items(self.outline.invisibleRootItem(), report.sections)
        self.outline.expandAll()
        self.outline.blockSignals(False)
        self._renumber()
        self.dirty = False
        self.outline.setCurrentItem(self._item_at(path) or self.outline.topLevelItem(0))
        self.set_read_only(report.read_only)

    def _add_items(self, parent: QTreeWidgetItem, sections: tuple[Section, ...]) -> None:
        for section in sections:
            item = QTreeWidgetItem(parent)
            item.setData(0, _HEADING, section.heading)
            item.setData(0, _PARAGRAPHS, list(section.paragraphs))
            item.setData(0, _NUMBER, section.number)
            item.setData(0, _RUN_IN, section.run_in)
            self._add_items(item, section.children)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.heading.setReadOnly(read_only)
        self.paragraphs.setReadOnly(read_only)
        self.save_button.setEnabled(not read_only)
        self._update_buttons()

    # -- the working copy ----------------------------------------------------------------------
    def sections(self) -> tuple[Section, ...]:
        self._store_current()

        def build(parent: QTreeWidgetItem) -> tuple[Section, ...]:
            return tuple(
                Section(
                    c.data(0, _HEADING),
                    tuple(c.data(0, _PARAGRAPHS)),
                    build(c),
                    c.data(0, _NUMBER) or "",
                    bool(c.data(0, _RUN_IN)),
                )
                for c in (parent.child(i) for i in range(parent.childCount()))
            )

        return build(self.outline.invisibleRootItem())

    def _store_current(self) -> None:
        if self._showing is not None and not self.read_only:
            self._showing.setData(0, _HEADING, self.heading.text().strip())
            self._showing.setData(
                0, _PARAGRAPHS, list(split_paragraphs(self.paragraphs.toPlainText()))
            )

    def _renumber(self) -> None:
        def walk(parent: QTreeWidgetItem, level: int) -> None:
            for i in range(parent.childCount()):
                child = parent.child(i)
                number = printed_number(child.data(0, _NUMBER) or "") or heading_number(
                    min(level, MAX_DEPTH), i + 1
                )
                child.setText(0, f"{number}{child.data(0, _HEADING)}")
                child.setData(0, Qt.ItemDataRole.ToolTipRole, child.text(0))
                walk(child, level + 1)

        walk(self.outline.invisibleRootItem(), 1)

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        self._store_current()
        if self.dirty:
            self.save()
        self._showing = None
        self.heading.setText("" if current is None else current.data(0, _HEADING))
        self.paragraphs.setPlainText(
            "" if current is None else join_paragraphs(current.data(0, _PARAGRAPHS))
        )
        self.number.setText(
            "" if current is None else current.text(0).removesuffix(current.data(0, _HEADING))
        )
        self._showing = current
        self.dirty = False
        self._update_buttons()

    @property
    def dirty(self) -> bool:
        """Whether the outline or the shown section holds text not yet handed over to save."""
        return self._dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        if not value:
            self._autosave.stop()
        if value != self._dirty:
            self._dirty = value
            self.dirty_changed.emit(value)

    def _edited(self, *_args) -> None:
        if self._showing is not None and not self.read_only:
            self.dirty = True
            self._autosave.start()  # restarted by each keystroke: saves once typing pauses
            self.text_edited.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Leaving the text for anywhere else (another widget, window or program) saves it; a
        # context menu opening over the text does not count as leaving.
        if (
            event.type() == QEvent.Type.FocusOut
            and isinstance(event, QFocusEvent)
            and event.reason() != Qt.FocusReason.PopupFocusReason
        ):
            self.save_if_dirty()
        return super().eventFilter(watched, event)

    def save_if_dirty(self) -> None:
        if self.dirty:
            self.save()

    def _update_buttons(self) -> None:
        item = self.outline.currentItem()
        editable = not self.read_only and item is not None
        top = item is not None and item.parent() is None
        self.add_child_button.setEnabled(editable and self._depth(item) < MAX_DEPTH)
        self.add_sibling_button.setEnabled(editable and not (top and self.fixed_top_level))
        self.remove_button.setEnabled(editable and not (top and self.fixed_top_level))

    # -- structure -----------------------------------------------------------------------------
    def add_child(self) -> None:
        parent = self.outline.currentItem()
        if parent is not None:
            self._insert(parent, parent.childCount())

    def add_sibling(self) -> None:
        item = self.outline.currentItem()
        if item is not None:
            parent = item.parent() or self.outline.invisibleRootItem()
            self._insert(parent, parent.indexOfChild(item) + 1)

    def _insert(self, parent: QTreeWidgetItem, index: int) -> None:
        self._store_current()
        item = QTreeWidgetItem()
        item.setData(0, _HEADING, NEW_HEADING)
        item.setData(0, _PARAGRAPHS, [])
        parent.insertChild(index, item)
        parent.setExpanded(True)
        self._renumber()
        self.dirty = True
        self.outline.setCurrentItem(item)  # saves the new outline
        self.heading.setFocus()
        self.heading.selectAll()

    def remove_current(self) -> None:
        item = self.outline.currentItem()
        if item is None or (item.parent() is None and self.fixed_top_level):
            return
        parent = item.parent() or self.outline.invisibleRootItem()
        self._showing = None
        parent.removeChild(item)
        self._renumber()
        self.dirty = True
        self.save()

    def save(self) -> None:
        """Hand the whole outline to the view to write (one transaction for the report)."""
        if self.read_only:
            return
        sections = self.sections()
        self._renumber()
        self.dirty = False
        self.sections_changed.emit(sections)

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _depth(item: QTreeWidgetItem | None) -> int:
        depth = 0
        while item is not None:
            depth, item = depth + 1, item.parent()
        return depth

    @staticmethod
    def _path(item: QTreeWidgetItem | None) -> list[int]:
        path = []
        while item is not None:
            parent = item.parent()
            path.insert(
                0,
                (
                    parent.indexOfChild(item)
                    if parent
                    else item.treeWidget().indexOfTopLevelItem(item)
                ),
            )
            item = parent
        return path

    def _item_at(self, path: list[int]) -> QTreeWidgetItem | None:
        item = self.outline.invisibleRootItem()
        for index in path:
            if index >= item.childCount():
                return None
            item = item.child(index)
        return item if path else None

    def select_path(self, path: tuple[int, ...]) -> None:
        self.outline.setCurrentItem(self._item_at(list(path)))
