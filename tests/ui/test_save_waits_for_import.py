"""A save made while an import holds the database waits its turn, saying so, and then succeeds."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import threading

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop_app.app import open_services
from desktop_app.services import turns
from desktop_app.services.catalog_import import import_catalog
from desktop_app.ui.form_dialog import WAITING_FOR_IMPORT
from desktop_app.ui.request_form import RequestDialog, read_request_form

ROWS = 5000


@pytest.fixture
def importer(services, tmp_path):
    """Another window's services on the same file: its import takes SQLite's one write lock."""
    other = open_services(services.db.url, tmp_path / "data")
    yield other
    other.close()


def catalog_file(path, rows):
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["信息名称", "生成日期", "主题分类"])
        writer.writerows([f"条目{i}", "2024-01-02", "法定主动公开内容"] for i in range(rows))
    return path


def request_form(qtbot, services):
    form = request_form_for(services)
    qtbot.addWidget(form)
    return form


def request_form_for(services):
    """A new-request form filled in and ready to save (also used by bench/bench_ui_stall.py)."""
    form = RequestDialog(services, read_request_form(services, None), today=dt.date(2024, 10, 25))
    form.received_on.setText("2024-10-08")
    form.content.setPlainText("本单位2023年部门预算")
    form.applicant_fields["name"].setText("张三")
    return form


def save_text(form):
    return form.buttons.button(QDialogButtonBox.StandardButton.Ok).text()


def test_a_save_during_an_import_waits_and_then_saves(qtbot, services, importer, tmp_path):
    path = catalog_file(tmp_path / "目录.csv", ROWS)
    holding, release, outcome = threading.Event(), threading.Event(), []

    def progress(done, total):
        if total and done > total // 2:  # saving: the import's transaction holds the lock
            holding.set()
            release.wait(60)
        return True

    def run_import():
        try:
            outcome.append(import_catalog(importer, path, progress=progress))
        except Exception as exc:  # noqa: BLE001 - the test reports it below
            outcome.append(exc)

    worker = threading.Thread(target=run_import)
    worker.start()
    try:
        assert holding.wait(120), outcome
        form = request_form(qtbot, services)
        form.save()
        qtbot.waitUntil(lambda: save_text(form) == WAITING_FOR_IMPORT, timeout=10_000)
        assert form.saving
        assert form.result() != QDialog.DialogCode.Accepted
        form.reject()  # closing while it waits does not drop the save
        assert form.saving
    finally:
        release.set()
        worker.join(120)
    assert outcome[0].imported == ROWS
    qtbot.waitUntil(lambda: not form.saving, timeout=30_000)
    assert form.result() == QDialog.DialogCode.Accepted
    assert [r.content for r in services.requests.all()] == ["本单位2023年部门预算"]
    assert services.catalog.count() == ROWS
    assert save_text(form) == "保存"


def test_a_lock_held_past_patience_is_said_and_the_typing_kept(
    qtbot, services, db_path, monkeypatch
):
    monkeypatch.setattr(turns, "PATIENCE_SECONDS", 0.5)
    holder = sqlite3.connect(db_path, timeout=0)  # a program left open mid-write
    holder.execute("BEGIN IMMEDIATE")
    try:
        form = request_form(qtbot, services)
        form.save()
        qtbot.waitUntil(lambda: not form.saving, timeout=30_000)
    finally:
        holder.rollback()
        holder.close()
    assert "已锁定" in form.general_error.text()
    assert form.result() != QDialog.DialogCode.Accepted
    assert form.content.toPlainText() == "本单位2023年部门预算"
    assert services.requests.all() == []
    form.save()  # the lock is gone: the same typing saves
    qtbot.waitUntil(lambda: not form.saving, timeout=30_000)
    assert form.result() == QDialog.DialogCode.Accepted
