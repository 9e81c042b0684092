"""台账 → 导入台账… / 导出台账… in the main window: background work, problems dialog, personal data opt-in."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton

from desktop_app.domain.requests import Applicant, RequestDraft
from desktop_app.ui import register_io, tasks
from desktop_app.ui.dialogs import ImportProblemsDialog
from desktop_app.ui.register_io import PERSONAL_DATA_WARNING, RegisterExportDialog
from tests.ui.conftest import reload_and_wait

HEADER = ["编号", "收到日期", "申请人类型", "申请人", "申请内容", "办理结果", "办结日期"]
GOOD = [
    ["2024-101", "2024-03-01", "自然人", "张某", "城区排水规划", "予以公开", "2024-03-20"],
    ["2024-102", "2024-04-02", "商业企业", "某建材公司", "采购合同", "部分公开", "2024-04-25"],
]
BAD = ["2024-103", "2024-05-06", "自然人", "李某", "道路工程", "同意公开", "2024-05-08"]


def write_csv(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([HEADER, *rows])
    return str(path)


def menu_action(window, text):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "台账(&R)")
    return next(a for a in menu.actions() if a.text() == text)


def wait_idle(qtbot, window):
    transfer = window.register_view.transfer
    qtbot.waitUntil(lambda: not window.register_view.loading, timeout=10_000)
    qtbot.waitUntil(lambda: transfer.progress.task is None and not tasks.pending(), timeout=10_000)


def numbers(window):
    model = window.register_view.model
    return sorted(model.request(r).number for r in range(model.rowCount()))


def test_import_runs_in_the_background_and_reloads_the_register(
    qtbot, window, services, tmp_path, monkeypatch
):
    path = write_csv(tmp_path / "台账.csv", GOOD)
    monkeypatch.setattr(register_io, "choose_import_file", lambda _parent: path)
    transfer = window.register_view.transfer
    with qtbot.waitSignal(window.register_view.changed, timeout=10_000):
        menu_action(window, "导入台账…").trigger()
        assert transfer.progress.task is not None  # started, not finished on the spot
        assert not transfer.export_action.isEnabled()
    wait_idle(qtbot, window)
    assert numbers(window) == ["2024-101", "2024-102"]
    assert window.statusBar().currentMessage() == "已从 台账.csv 导入 2 件申请"
    assert transfer.import_action.isEnabled()
    stored = {r.number: r for r in services.requests.all()}
    assert services.requests.applicant(stored["2024-101"].id).name == "张某"


@pytest.mark.parametrize("valid_only", [False, True])
def test_a_bad_row_imports_nothing_and_offers_the_valid_rows(
    qtbot, window, services, tmp_path, monkeypatch, valid_only
):
    path = write_csv(tmp_path / "台账.csv", [*GOOD, BAD])
    monkeypatch.setattr(register_io, "choose_import_file", lambda _parent: path)
    asked = []

    def answer(dialog):
        text = dialog.findChild(QPlainTextEdit).toPlainText()
        asked.append((dialog.findChild(QLabel).text(), text, services.requests.all()))
        if valid_only:
            next(b for b in dialog.findChildren(QPushButton) if b.text() == "只导入有效行").click()
        return dialog.result()

    monkeypatch.setattr(ImportProblemsDialog, "exec", answer)
    menu_action(window, "导入台账…").trigger()
    wait_idle(qtbot, window)
    label, problems, saved_while_asking = asked[0]
    assert "没有导入任何条目" in label
    assert saved_while_asking == []  # all-or-nothing: the good rows were not saved either
    assert problems.startswith("第 4 行 【办理结果】 “同意公开”不是年度报告表三中的办理结果")
    if valid_only:
        wait_idle(qtbot, window)
        assert numbers(window) == ["2024-101", "2024-102"]
        assert window.statusBar().currentMessage() == (
            "已从 台账.csv 导入 2 件申请，跳过 1 行有问题的行"
        )
    else:
        assert services.requests.all() == []
        assert numbers(window) == []
        assert window.statusBar().currentMessage() == "没有导入任何申请：台账.csv 有 1 处错误"
    assert len(asked) == 1


# -- export ---------------------------------------------------------------------------------------
@pytest.fixture
def register(services):
    agency = services.agencies.current()
    for received, name, content in (
        (dt.date(2023, 6, 1), "王某", "去年的申请"),
        (dt.date(2024, 3, 1), "张某", "城区排水规划"),
        (dt.date(2024, 5, 9), "某建材公司", "采购合同"),
    ):
        draft = RequestDraft(received_on=received, applicant_type="自然人", content=content)
        services.requests.add(agency.id, draft, Applicant(name=name, phone="13800000000"))


def export(qtbot, window, monkeypatch, path, personal):
    """Run 导出台账… answering the dialog; returns what the dialog showed."""
    seen = {}

    def answer(dialog):
        seen["default"] = dialog.with_applicants.isChecked()
        seen["warning"] = dialog.warning.isVisibleTo(dialog)
        seen["text"] = "\n".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.with_applicants.setChecked(personal)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RegisterExportDialog, "exec", answer)
    monkeypatch.setattr(
        register_io, "choose_export_file", lambda _p, name: seen.update(name=name) or str(path)
    )
    menu_action(window, "导出台账…").trigger()
    wait_idle(qtbot, window)
    return seen


def rows_of_xlsx(path):
    workbook = load_workbook(path, read_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def test_export_writes_the_filtered_list_without_personal_data_by_default(
    qtbot, window, register, tmp_path, monkeypatch
):
    view = window.register_view
    reload_and_wait(qtbot, view)
    view.year.setCurrentIndex(view.year.findData(2024))
    target = tmp_path / "台账.xlsx"
    seen = export(qtbot, window, monkeypatch, target, personal=False)
    assert seen["default"] is False
    assert seen["warning"] is False
    assert "当前显示的 2 件申请（共 3 件）" in seen["text"]
    assert seen["name"].endswith(".xlsx")
    assert "个人信息" not in seen["name"]
    rows = rows_of_xlsx(target)
    assert "申请人" not in rows[0]
    assert "联系电话" not in rows[0]
    content = rows[0].index("申请内容")
    assert sorted(row[content] for row in rows[1:]) == ["城区排水规划", "采购合同"]
    assert not any("张某" in str(cell) for row in rows for cell in row)
    assert window.statusBar().currentMessage() == (
        f"已导出 2 件申请到 {target}（不含申请人个人信息）"
    )


def test_export_with_personal_data_only_when_ticked(qtbot, window, register, tmp_path, monkeypatch):
    target = tmp_path / "含个人信息.csv"
    seen = export(qtbot, window, monkeypatch, target, personal=True)
    assert "个人信息" in seen["name"]
    with target.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.DictReader(source))
    assert sorted(row["申请人"] for row in rows) == ["张某", "某建材公司", "王某"]
    assert {row["联系电话"] for row in rows} == {"13800000000"}
    assert window.statusBar().currentMessage().endswith("（含申请人个人信息，请妥善保管）")


def test_export_dialog_warns_once_personal_data_is_chosen(qtbot):
    dialog = RegisterExportDialog(2, 3)
    qtbot.addWidget(dialog)
    assert not dialog.with_applicants.isChecked()
    assert not dialog.warning.isVisibleTo(dialog)
    dialog.with_applicants.setChecked(True)
    assert dialog.warning.isVisibleTo(dialog)
    assert dialog.warning.text() == PERSONAL_DATA_WARNING
    assert "含个人信息" in dialog.ok.text()
    dialog.with_applicants.setChecked(False)
    assert not dialog.warning.isVisibleTo(dialog)
    assert "含个人信息" not in dialog.ok.text()


def test_export_that_cannot_be_written_says_why_in_chinese(
    qtbot, window, register, tmp_path, monkeypatch
):
    errors = []
    monkeypatch.setattr(register_io, "show_error", lambda _p, title, text: errors.append(text))
    target = tmp_path / "没有这个文件夹" / "台账.xlsx"
    export(qtbot, window, monkeypatch, target, personal=False)
    assert errors == [
        f"无法写入 {target}：文件夹 {target.parent} 不存在，请先建立该文件夹或另选保存位置"
    ]
    assert window.statusBar().currentMessage() == "导出失败，没有写入文件"
    assert not target.parent.exists()


def test_export_of_an_empty_list_explains_the_filter(qtbot, window, monkeypatch):
    errors = []
    monkeypatch.setattr(register_io, "show_error", lambda _p, title, text: errors.append(text))
    monkeypatch.setattr(RegisterExportDialog, "exec", lambda _d: pytest.fail("no dialog expected"))
    menu_action(window, "导出台账…").trigger()  # before the tab was opened: read first, then asked
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == ["当前列表是空的：请调整筛选条件后再导出。"]


def test_import_can_be_cancelled_and_saves_nothing(qtbot, window, services, tmp_path, monkeypatch):
    rows = [
        [f"2024-{i:04d}", "2024-03-01", "自然人", "张某", f"第{i}项", "", ""] for i in range(3000)
    ]
    path = write_csv(tmp_path / "大台账.csv", rows)
    monkeypatch.setattr(register_io, "choose_import_file", lambda _parent: path)
    transfer = window.register_view.transfer
    menu_action(window, "导入台账…").trigger()
    assert transfer.progress.isVisibleTo(window)
    transfer.progress.cancel_button.click()  # before the first thousand rows are read
    wait_idle(qtbot, window)
    assert services.requests.all() == []
    assert window.statusBar().currentMessage() == "已取消导入，没有保存任何内容"
    assert transfer.import_action.isEnabled()
