"""Form drafts know fields by name: a draft still fits a form whose rows were added, removed or
moved since it was written, and a draft written by position (before names) is still read."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit

from desktop_app.ui import form_dialog
from desktop_app.ui.form_dialog import FormDialog
from desktop_app.ui.messages import DISCARD
from desktop_app.ui.recovery import FormDrafts

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # top-level windows, offscreen
KIND = "contact"


class ContactForm(FormDialog):
    """A form as two versions of the program lay it out: the newer adds a row at the top,
    drops one and moves the note above the choice."""

    def __init__(self, services, newer: bool) -> None:
        super().__init__()
        self.setWindowTitle("联系人")
        form = QFormLayout()
        if newer:
            self.phone = QLineEdit()
            form.addRow("电话", self.with_error("电话", self.phone))
        self.name = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems(("个人", "单位"))
        self.note = QPlainTextEdit()
        form.addRow("名称", self.with_error("名称", self.name))
        if not newer:
            self.fax = QLineEdit()
            form.addRow("传真", self.fax)
        rows = (("备注", self.note), ("类型", self.kind)) if newer else ()
        rows = rows or (("类型", self.kind), ("备注", self.note))
        for label, widget in rows:
            form.addRow(label, widget)
        self.unnamed = QLineEdit()  # held by no attribute: known by its place only
        form.addRow("其他", self.unnamed)
        del self.unnamed
        self.finish(form)
        self.keep_drafts(services, KIND, None)

    def save(self) -> None:
        self.accept()


def drafts(services) -> FormDrafts:
    return FormDrafts(services.paths.data_dir, services.db.url)


def opened(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture(autouse=True)
def discard(monkeypatch):
    monkeypatch.setattr(form_dialog, "ask_to_save", lambda _parent, _title: DISCARD)


def test_a_draft_fits_a_form_whose_rows_changed(qtbot, services):
    old = opened(qtbot, ContactForm(services, newer=False))
    old.name.setText("青溪县应急管理局")
    old.kind.setCurrentText("单位")
    old.note.setPlainText("周一至周五办公")
    old.fax.setText("0571-1234567")
    qtbot.waitUntil(lambda: len(getattr(drafts(services).read(KIND, None), "fields", ())) == 4)
    old._draft_due.stop()  # the program "crashes" here: its draft stays behind
    old._drafts = None

    new = opened(qtbot, ContactForm(services, newer=True))
    assert new.name.text() == "青溪县应急管理局"
    assert new.kind.currentText() == "单位"
    assert new.note.toPlainText() == "周一至周五办公"
    assert new.phone.text() == ""  # the row added takes nothing of another row's typing
    assert new.isWindowModified()


def test_a_draft_written_by_position_is_still_read(qtbot, services):
    probe = ContactForm(services, newer=False)
    qtbot.addWidget(probe)
    position = probe.fields().index(probe.name)
    unnamed = next(
        name
        for name, widget in probe.field_names().items()
        if name.startswith("#") and isinstance(widget, QLineEdit)
    )
    probe.deleteLater()
    folder = drafts(services).folder
    folder.mkdir(parents=True)
    old_format = {
        "kind": KIND,
        "record_id": None,
        "title": "联系人",
        "fields": [
            [position, "QLineEdit", "青溪县应急管理局"],
            [int(unnamed[1:]), "QLineEdit", "无"],
        ],
    }
    drafts(services).path(KIND, None).write_text(json.dumps(old_format), encoding="utf-8")

    form = opened(qtbot, ContactForm(services, newer=False))
    assert form.name.text() == "青溪县应急管理局"
    assert form.field_names()[unnamed].text() == "无"


def test_field_names_come_from_the_form_not_from_places(qtbot, services):
    form = ContactForm(services, newer=True)
    qtbot.addWidget(form)
    names = form.field_names()
    assert {"phone", "name", "kind", "note"} <= set(names)
    assert names["name"] is form.name
    assert not any(name.startswith("qt_") for name in names)  # a combo's own parts are not fields
