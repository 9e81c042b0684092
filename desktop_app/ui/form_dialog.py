"""The frame shared by the record forms: red messages under the offending field, 保存/取消.

A form knows whether anything was changed since it opened: the title shows it (Qt's `[*]`), and
Esc, 取消 or the title-bar × then ask 保存 / 不保存 / 取消 instead of dropping the typing.
Ctrl+S saves like the 保存 button. A form that `keep_drafts` also writes its changed fields to a
draft file a moment after typing stops (ui/recovery.py), so a crash loses at most that moment; the
form opened again for the same record fills them back in, and saving or discarding removes it.
Fields are known by name (`field_names`), not by place, so a draft still fits a form whose rows
a choice or a newer version of the program added, removed or moved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.catalog import FieldProblem
from desktop_app.ui import tasks
from desktop_app.ui.messages import CANCEL, SAVE, ask_to_save
from desktop_app.ui.recovery import FormDraft, FormDrafts

ERROR_STYLE = "color: #c62828;"
SAVING = "正在保存…"
WAITING_FOR_IMPORT = "等待导入完成…"

DRAFT_MS = 500  # the draft file trails the typing by at most this
_SAVE = QDialogButtonBox.StandardButton.Ok


def ok_cancel(
    dialog: QDialog, ok_text: str = "确定", on_ok=None, cancel_text: str = "取消"
) -> QDialogButtonBox:
    """The confirm and cancel buttons of a dialog; confirm runs `on_ok` (default: accept)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def with_checks(unreadable: list[FieldProblem], checked: list[FieldProblem]) -> list[FieldProblem]:
    """Fields that could not be read, then what the checks found in the other fields."""
    fields = {problem.field for problem in unreadable}
    return unreadable + [problem for problem in checked if problem.field not in fields]


def error_label() -> QLabel:
    """A hidden red label that wraps; shown when it gets a message."""
    return QLabel(styleSheet=ERROR_STYLE, wordWrap=True, visible=False)


class AsksBeforeDiscarding:
    """For a QDialog with a `save()`: call `watch_changes()` once its widgets exist. Ctrl+S saves;
    the title shows unsaved changes; Esc, 取消 and × ask 保存 / 不保存 / 取消 when there are some.
    Changes count from the first showing, or from the last `mark_clean()` (after a save that
    keeps the dialog open)."""

    asks_before_discarding = True  # False for confirmations, where Esc simply means no
    _as_opened: dict[str, object] | None = None  # the fields' values when first shown or saved
    _drafts: FormDrafts | None = None
    _draft_of: tuple[str, int | None] = ("", None)  # (kind, record id) the draft file is named by
    reading = False  # the fields' values are being read: the form as opened is not known yet

    def watch_changes(self) -> None:
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        if "[*]" not in self.windowTitle():
            self.setWindowTitle(f"{self.windowTitle()}[*]")
        for widget in self.findChildren(QWidget):
            _on_change(widget, self._update_modified)

    def keep_drafts(self, services, kind: str, record_id: int | None) -> None:
        """Keep this form's unsaved changes in a draft file, filled back in when it next opens."""
        self._drafts = FormDrafts(services.paths.data_dir, services.database_url)
        self._draft_of = (kind, record_id)
        self._draft_due = QTimer(self, singleShot=True, interval=DRAFT_MS)
        self._draft_due.timeout.connect(self._keep_draft)

    def mark_clean(self, values: dict[str, object] | None = None) -> None:
        """The fields as they are now (or `values`, as they were saved) count as unchanged."""
        self._as_opened = self.field_values() if values is None else values
        self._update_modified()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if self._as_opened is None and not self.reading:  # filled: changes count from here
            self._as_opened = self.field_values()
            self._restore_draft()
        super().showEvent(event)

    def fields(self) -> list[QWidget]:
        """The widgets whose values the user changes (editors open inside tables excluded), in
        the order that numbers the places `#<position>` of `field_names`."""
        return [w for w in self.findChildren(QWidget) if not _inside_item_view(w)]

    def field_names(self) -> dict[str, QWidget]:
        """Each field by a name that does not depend on its place in the form: its objectName,
        else the attribute (or `attribute[key]` of a dict or list) the form keeps it in, else
        `#<position>` — the only name a draft written before names existed has. The line edit
        inside a combo or spin box is left out: the box's own value is the one that counts."""
        held = _attribute_names(self)
        named: dict[str, QWidget] = {}
        for position, widget in enumerate(self.fields()):
            if _part_of_box(widget):
                continue
            name = widget.objectName()
            if not name or name.startswith("qt_") or name in named:
                name = held.get(widget) or f"#{position}"
            named.setdefault(name, widget)
        return named

    def field_values(self) -> dict[str, object]:
        """What the user can change, by field name, in a comparable form."""
        return {name: _value(widget) for name, widget in self.field_names().items()}

    def storable_values(self) -> dict[str, tuple[str, object]]:
        """Every field's value a draft file can hold, by name: (widget class, value)."""
        return {
            name: (type(widget).__name__, value)
            for name, widget in self.field_names().items()
            if _storable(value := _value(widget))
        }

    def is_modified(self) -> bool:
        return self._as_opened is not None and self.field_values() != self._as_opened

    def _update_modified(self, *_args) -> None:
        self.setWindowModified(self.is_modified())
        if self._drafts is not None and self._as_opened is not None:
            self._draft_due.start()

    def _keep_draft(self) -> None:
        if self._drafts is None or self._as_opened is None:
            return
        opened = self._as_opened
        changed = {  # fields a choice added since the form opened count as changed when filled
            name: (type(widget).__name__, value)
            for name, widget in self.field_names().items()
            if (value := _value(widget)) != (was := opened.get(name))
            and (value or was is not None)
            and _storable(value)
        }
        if changed:
            title = self.windowTitle().replace("[*]", "")
            self._drafts.keep(FormDraft(*self._draft_of, title, changed))
        else:
            self._drafts.clear(*self._draft_of)

    def _restore_draft(self) -> None:
        """Fill in what a previous session typed here and lost: choices first, as a choice may
        reset the text fields that depend on it (a template chosen fills its text)."""
        draft = self._drafts.read(*self._draft_of) if self._drafts is not None else None
        if draft is None:
            return
        self.fill_fields(draft.fields)

    def fill_fields(self, fields: dict[str, tuple[str, object]]) -> None:
        """Put back values read by field name (widget class, value): choices first, as a choice
        may rebuild the fields that depend on it (a template chosen fills its text). A field
        the form no longer has, or has as another kind of widget, is left alone."""
        for choices in (True, False):
            named = self.field_names()  # again after the choices: they may have rebuilt fields
            places = self.fields()
            for name, (kind, value) in fields.items():
                widget = _at_place(places, name) if name.startswith("#") else named.get(name)
                if type(widget).__name__ == kind and _is_choice(widget) == choices:
                    _set_value(widget, value)

    def done(self, result: int) -> None:
        """Saved or discarded: the draft has done its job (accept and reject both end here)."""
        if self._drafts is not None:
            self._draft_due.stop()
            self._drafts.clear(*self._draft_of)
        super().done(result)

    def reject(self) -> None:
        """Esc, 取消 and × (QDialog routes all three here): ask before dropping changes."""
        if self.asks_before_discarding and self.is_modified():
            answer = ask_to_save(self, self.windowTitle().replace("[*]", ""))
            if answer == SAVE:
                self.save_and_close()
            if answer in (SAVE, CANCEL):
                return
        super().reject()

    def save_and_close(self) -> None:
        """保存 when closing: a record form's save closes it when saved, and keeps it open
        showing any problem; a dialog whose save keeps it open overrides this."""
        self.save()


class FormDialog(AsksBeforeDiscarding, QDialog):
    """Subclasses put each input through `with_error`, call `finish(form, …)` and implement `save`.

    `show_problems` puts every problem under the field it names; a problem naming no field of
    the form goes below the form, with the field's name in front.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors: dict[str, QLabel] = {}
        self.general_error = error_label()
        self.reading_note = QLabel(visible=False)  # "正在读取…" while read_then_fill waits
        self.buttons: QDialogButtonBox | None = None
        self.saving = False

    def with_error(self, name: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[name] = error_label()
        column.addWidget(self.errors[name])
        column.addStretch(1)  # spare height goes below, keeping the field level with its label
        return box

    def finish(
        self,
        form: QFormLayout,
        *below: QWidget,
        ok_text: str = "保存",
        cancel_text: str = "取消",
        scroll: bool = False,
    ) -> None:
        """Lay out the form, any widgets below it, the general message and 保存/取消; a long form
        (`scroll`) scrolls above the message and buttons, which stay in view on a small screen."""
        buttons = self.buttons = ok_cancel(self, ok_text, self.save, cancel_text)
        layout = QVBoxLayout(self)
        fields = QVBoxLayout()
        fields.addLayout(form)
        for widget in below:
            fields.addWidget(widget)
        if scroll:
            content = QWidget()
            content.setLayout(fields)
            area = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setWidget(content)
            layout.addWidget(area, 1)
        else:
            layout.addLayout(fields)
        layout.addWidget(self.reading_note)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.watch_changes()

    def read_then_fill(
        self, read: Callable[[], Any], fill: Callable[[Any], None], note: str = "正在读取…"
    ) -> None:
        """Open at once with the fields and 保存 waiting under `note`, `read()` off the UI thread,
        then `fill(values)`; only then is the form as opened known (and a lost draft put back).
        取消 closes the form meanwhile; a failed read is said and nothing can be saved."""
        waiting = [*self.field_names().values(), self.buttons.button(_SAVE)]
        self.reading = True
        for widget in waiting:
            widget.setEnabled(False)
        self.reading_note.setText(note)
        self.reading_note.setVisible(True)

        def done(values: Any) -> None:
            self.reading = False
            self.reading_note.setVisible(False)
            for widget in waiting:
                widget.setEnabled(True)
            fill(values)
            if self.isVisible():  # shown while reading: the form opens now
                self._as_opened = self.field_values()
                self._restore_draft()

        def failed(exc: BaseException) -> None:
            self.reading_note.setText(f"读取失败：{exc}。请关闭后重新打开。")

        tasks.run_in_background(self, read, done, failed)

    def save(self) -> None:
        raise NotImplementedError

    def save_in_background(
        self,
        write: Callable[..., object],
        on_saved: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
    ) -> None:
        """Run `write(waiting=…)` off the UI thread, the form kept as typed and its buttons
        disabled meanwhile; the save button says "正在保存…", or "等待导入完成…" while another
        writer holds the database. Closing the form waits for the save to end."""
        if self.saving or self.reading:
            return
        save_button = self.buttons.button(_SAVE)
        label = save_button.text()
        self.saving = True
        self.buttons.setEnabled(False)
        save_button.setText(SAVING)

        def finished() -> None:
            self.saving = False
            self.buttons.setEnabled(True)
            save_button.setText(label)

        def done(value: object) -> None:
            finished()
            on_saved(value)

        def failed(exc: BaseException) -> None:
            finished()
            on_failed(exc)

        tasks.run_in_background(
            self, write, done, failed, on_wait=lambda: save_button.setText(WAITING_FOR_IMPORT)
        )

    def reject(self) -> None:
        if not self.saving:  # a save under way ends first: its result decides what closes
            super().reject()

    def error_field(self, problem: FieldProblem) -> str:
        """The form field whose label shows the problem; forms that group fields override it."""
        return problem.field

    def show_problems(self, problems: list[FieldProblem]) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear()
            label.setVisible(False)
        for problem in problems:
            field = self.error_field(problem)
            label = self.errors.get(field, self.general_error)
            if label is self.general_error:
                text = str(problem).lstrip("：")
            elif field != problem.field:
                text = f"{problem.field}：{problem.message}"
            else:
                text = problem.message
            label.setText("\n".join(filter(None, (label.text(), text))))
            label.setVisible(True)


def _value(widget: QWidget) -> object:
    """The value a user edits in `widget`, or None for widgets that hold none (or are read-only)."""
    if getattr(widget, "isReadOnly", lambda: False)():
        return None
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QDateEdit):
        return widget.date().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    if isinstance(widget, QTableWidget):
        return [
            [
                (item.text() if (item := widget.item(r, c)) else "")
                for c in range(widget.columnCount())
            ]
            for r in range(widget.rowCount())
        ]
    if isinstance(widget, QListWidget):
        return [widget.item(r).text() for r in range(widget.count())]
    if isinstance(widget, QTreeWidget):
        return sorted(item.text(0) for item in widget.selectedItems())
    return None


def _storable(value: object) -> bool:
    """Values a draft file can hold."""
    return isinstance(value, (str, int)) or (
        isinstance(value, list) and all(isinstance(row, (str, list)) for row in value)
    )


def _is_choice(widget: QWidget) -> bool:
    return isinstance(widget, (QComboBox, QAbstractButton))


def _set_value(widget: QWidget, value: object) -> None:
    """Put back a value `_value` read from a widget of the same class."""
    if isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit) and isinstance(value, str):
        widget.setPlainText(value)
    elif isinstance(widget, QComboBox) and isinstance(value, str):
        if widget.isEditable() or widget.findText(value) >= 0:
            widget.setCurrentText(value)
    elif isinstance(widget, QDateEdit) and isinstance(value, str):
        if (date := QDate.fromString(value, Qt.DateFormat.ISODate)).isValid():
            widget.setDate(date)
    elif isinstance(widget, QSpinBox) and isinstance(value, int):
        widget.setValue(value)
    elif isinstance(widget, QAbstractButton) and isinstance(value, bool):
        widget.setChecked(value)
    elif isinstance(widget, QTableWidget) and isinstance(value, list):
        _set_cells(widget, value)


def _set_cells(table: QTableWidget, rows: list) -> None:
    """Cell texts back into a table of the same shape (rows added or removed are not replayed)."""
    if len(rows) != table.rowCount():
        return
    for r, row in enumerate(rows):
        for c, text in enumerate(row[: table.columnCount()]):
            if (item := table.item(r, c)) is not None:
                item.setText(text)
            elif text:
                table.setItem(r, c, QTableWidgetItem(text))


def _on_change(widget: QWidget, slot) -> None:
    """Connect the signal that says `widget`'s value (as `_value` reads it) changed."""
    for name in (
        "textChanged",
        "currentTextChanged",
        "toggled",
        "itemChanged",
        "itemSelectionChanged",
        "dateChanged",
    ):
        signal = getattr(widget, name, None)
        if signal is not None and hasattr(signal, "connect"):
            signal.connect(slot)
    if isinstance(widget, (QTableWidget, QListWidget)):
        widget.model().rowsInserted.connect(slot)
        widget.model().rowsRemoved.connect(slot)


def _at_place(places: list[QWidget], name: str) -> QWidget | None:
    """The field at `#<position>`, also when it has a name now (a draft written by position)."""
    position = int(name[1:]) if name[1:].isdigit() else len(places)
    return places[position] if position < len(places) else None


def _inside_item_view(widget: QWidget) -> bool:
    """An editor a table opened in a cell: its value reaches the table when committed."""
    return _inside(widget, QAbstractItemView)


def _part_of_box(widget: QWidget) -> bool:
    return _inside(widget, (QComboBox, QAbstractSpinBox))


def _inside(widget: QWidget, kinds: type | tuple[type, ...]) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def _attribute_names(owner: QWidget) -> dict[QWidget, str]:
    """The widgets `owner` keeps in its attributes, directly or in a dict or list, by the
    attribute's name: names the code gives them, stable while the layout changes."""
    names: dict[QWidget, str] = {}
    for attribute, held in vars(owner).items():
        if isinstance(held, dict):
            items = [(f"{attribute}[{key}]", value) for key, value in held.items()]
        elif isinstance(held, list):
            items = [(f"{attribute}[{i}]", value) for i, value in enumerate(held)]
        else:
            items = [(attribute, held)]
        for name, value in items:
            if isinstance(value, QWidget) and value not in names:
                names[value] = name
    return names
