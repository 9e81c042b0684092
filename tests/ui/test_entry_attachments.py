"""Attachments in the entry form: open and save-as the stored copy, checked against its SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from desktop_app.domain.catalog import EntryDraft
from desktop_app.ui import entry_form
from desktop_app.ui.entry_form import EntryDialog


@pytest.fixture
def form(qtbot, services, agency, tmp_path, monkeypatch):
    [entry] = services.catalog.add_many(
        agency.id, [EntryDraft(title="防汛预案", generated_on=dt.date(2024, 5, 6))]
    )
    source = tmp_path / "预案.pdf"
    source.write_bytes(b"%PDF-1.4 flood plan")
    services.catalog.attach(entry.id, source)
    errors = []
    monkeypatch.setattr(entry_form, "show_error", lambda _p, _t, text: errors.append(text))
    dialog = EntryDialog(services, services.classification.nodes(), services.catalog.get(entry.id))
    qtbot.addWidget(dialog)
    dialog.attachments.setCurrentRow(0)
    return dialog, errors


def test_open_and_save_as_use_the_stored_copy(qtbot, form, services, tmp_path, monkeypatch):
    dialog, errors = form
    opened = []
    monkeypatch.setattr(entry_form, "open_file", opened.append)
    dialog.attachments.itemDoubleClicked.emit(dialog.attachments.item(0))
    assert dialog.attachment_busy  # checked against its SHA-256 in the background
    assert opened == []
    qtbot.waitUntil(lambda: not dialog.attachment_busy)
    [attachment] = services.catalog.get(dialog._entry.id).attachments
    assert opened == [services.catalog.attachment_path(attachment)]
    target = tmp_path / "另存.pdf"
    monkeypatch.setattr(entry_form, "choose_save_path", lambda _p, name: str(target))
    dialog.save_attachment_as()
    qtbot.waitUntil(lambda: not dialog.attachment_busy)
    assert target.read_bytes() == b"%PDF-1.4 flood plan"
    assert errors == []
    history = services.audit.history("catalog_entry", dialog._entry.id)
    assert history[-1].action == "导出"
    assert str(target.resolve()) in history[-1].detail
    assert attachment.sha256 in history[-1].detail


def test_save_as_into_a_missing_folder_says_so(qtbot, form, services, tmp_path, monkeypatch):
    dialog, errors = form
    target = tmp_path / "没有的文件夹" / "另存.pdf"
    monkeypatch.setattr(entry_form, "choose_save_path", lambda _p, name: str(target))
    dialog.save_attachment_as()
    qtbot.waitUntil(lambda: not dialog.attachment_busy)
    assert errors == [
        f"无法写入 {target}：文件夹 {target.parent} 不存在，请先建立该文件夹或另选保存位置"
    ]
    assert services.audit.history("catalog_entry", dialog._entry.id)[-1].action != "导出"


def test_an_altered_copy_is_not_opened(qtbot, form, services, monkeypatch):
    dialog, errors = form
    [attachment] = services.catalog.get(dialog._entry.id).attachments
    services.catalog.attachment_path(attachment).write_bytes(b"tampered")
    opened = []
    monkeypatch.setattr(entry_form, "open_file", opened.append)
    dialog.open_attachment()
    qtbot.waitUntil(lambda: not dialog.attachment_busy)
    assert opened == []
    assert len(errors) == 1
    assert "SHA-256 不符" in errors[0]


def test_a_file_added_in_this_form_is_not_openable_before_saving(form, tmp_path, monkeypatch):
    dialog, errors = form
    new = tmp_path / "新附件.docx"
    new.write_bytes(b"x")
    monkeypatch.setattr(entry_form, "choose_files", lambda _p: [str(new)])
    dialog.add_files()
    dialog.attachments.setCurrentRow(1)
    opened = []
    monkeypatch.setattr(entry_form, "open_file", opened.append)
    dialog.open_attachment()
    assert opened == []
    assert errors == []


def test_files_added_in_the_form_are_hashed_and_stored_when_it_saves(
    qtbot, form, services, tmp_path, monkeypatch
):
    dialog, errors = form
    new, gone = tmp_path / "新附件.docx", tmp_path / "已删除.docx"
    new.write_bytes(b"new attachment bytes")
    gone.write_bytes(b"x")
    monkeypatch.setattr(entry_form, "choose_files", lambda _p: [str(new), str(gone)])
    dialog.add_files()
    gone.unlink()  # removed from the disk between choosing and saving
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)
    stored = services.catalog.get(dialog._entry.id)
    assert dialog.saved == stored
    assert [a.filename for a in stored.attachments] == ["预案.pdf", "新附件.docx"]
    assert stored.attachments[1].sha256 == hashlib.sha256(b"new attachment bytes").hexdigest()
    assert len(errors) == 1
    assert "条目已保存" in errors[0]
    assert "附件文件不存在" in errors[0]
