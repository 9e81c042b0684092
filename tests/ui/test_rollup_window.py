"""The county roll-up window: departments' exchange files in, summed official tables and a breakdown out."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pypdfium2
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractItemView, QDialog

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import Cell, new_report
from desktop_app.domain.report_exchange import report_to_json
from desktop_app.ui import rollup_window
from desktop_app.ui.export_place import documents_folder
from desktop_app.ui.rollup_window import RollupWindow, read_files
from tests import published_reports as pub

NEW_TOTAL = ("三", rf.T3_NEW, rf.T3_TOTAL)
NEW_FIRM = ("三", rf.T3_NEW, rf.T3_LEGAL[0])
REVIEW_KEPT = ("四", *rf.table4_cells()[0])
FEE = next(("二", row, col) for row, col in rf.table2_cells() if col == rf.T2_FEE_AMOUNT)


def department_file(tmp_path, name, code, year=2024, fmt=rf.FORMAT_2021, cells=None):
    """An exchange file as `report export-json` writes it, with a few cells filled."""
    cells = {key: Cell(None if v is None else Decimal(str(v))) for key, v in (cells or {}).items()}
    report = replace(new_report(name, year, fmt), cells=cells)
    path = tmp_path / f"{code}.json"
    path.write_text(json.dumps(report_to_json(report, name, code), ensure_ascii=False), "utf-8")
    return path


@pytest.fixture
def rollup(qtbot):
    win = RollupWindow()
    qtbot.addWidget(win)
    return win


def add(qtbot, win, paths):
    win.add_files(paths=[str(p) for p in paths])
    qtbot.waitUntil(lambda: win.task_progress.task is None, timeout=10_000)


def grid_text(win, key):
    grid = win.tables.grids[key[0]]
    r, c = grid.positions[key]
    return grid.item(r, c).text()


def column(table, c):
    return [table.item(r, c).text() for r in range(table.rowCount())]


def test_departments_are_summed_and_other_files_refused_with_the_reason(qtbot, rollup, tmp_path):
    a = department_file(
        tmp_path,
        "青溪县民政局",
        "code-a",
        cells={NEW_TOTAL: 4, NEW_FIRM: 1, REVIEW_KEPT: 2, FEE: "0.25"},
    )
    b = department_file(
        tmp_path, "青溪县教育局", "code-b", cells={NEW_TOTAL: 6, REVIEW_KEPT: 1, FEE: "1.5"}
    )
    older = department_file(tmp_path, "青溪县林业局", "code-c", year=2023, cells={NEW_TOTAL: 9})
    free = department_file(tmp_path, "青溪县水利局", "code-d", fmt=rf.FORMAT_FREE)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    add(qtbot, rollup, [a, b, older, free, broken])

    assert column(rollup.departments, 0) == ["青溪县民政局", "青溪县教育局"]
    assert column(rollup.departments, 1) == ["code-a", "code-b"]
    assert column(rollup.departments, 2) == ["2024", "2024"]
    assert column(rollup.departments, 3) == ["", ""]  # exchange files: nothing to confirm
    assert column(rollup.refused, 0) == ["code-c.json", "code-d.json", "broken.json"]
    reasons = column(rollup.refused, 1)
    assert "2023 年度" in reasons[0]
    assert "2024 年度" in reasons[0]
    assert "不是 2021 格式" in reasons[1]
    assert "不是有效的 JSON" in reasons[2]
    assert rollup.refused_box.title() == "未纳入汇总的文件（3 个）"
    assert "已读取 5 个文件：纳入汇总 2 个，未纳入 3 个" in rollup.statusBar().currentMessage()

    assert grid_text(rollup, NEW_TOTAL) == "10"
    assert grid_text(rollup, NEW_FIRM) == "1"
    assert grid_text(rollup, REVIEW_KEPT) == "3"
    assert grid_text(rollup, FEE) == "1.75"
    # Read-only: the grids of the roll-up never open an editor.
    grid = rollup.tables.grids["三"]
    assert grid.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not grid.edit(
        grid.model().index(*grid.positions[NEW_TOTAL]), grid.EditTrigger.AllEditTriggers, None
    )

    rollup.shown.setCurrentIndex(2)  # 青溪县教育局 alone
    assert grid_text(rollup, NEW_TOTAL) == "6"
    assert grid_text(rollup, NEW_FIRM) == ""
    rollup.shown.setCurrentIndex(0)
    assert rollup.shown.currentText() == "全县合计（2 个部门）"
    assert grid_text(rollup, NEW_TOTAL) == "10"


def test_selecting_a_cell_shows_each_departments_number(qtbot, rollup, tmp_path):
    a = department_file(tmp_path, "青溪县民政局", "code-a", cells={NEW_TOTAL: 4, REVIEW_KEPT: 2})
    b = department_file(tmp_path, "青溪县教育局", "code-b", cells={NEW_TOTAL: 6})
    add(qtbot, rollup, [a, b])
    assert rollup.breakdown.rowCount() == 0
    rollup.tables.select_key(NEW_TOTAL)
    assert rf.T3_NEW in rollup.cell_label.text()
    assert column(rollup.breakdown, 0) == ["青溪县民政局", "青溪县教育局", "合计"]
    assert column(rollup.breakdown, 1) == ["4", "6", "10"]
    rollup.tables.select_key(REVIEW_KEPT)
    assert rollup.tables.currentWidget() is rollup.tables.grids["四"]
    assert column(rollup.breakdown, 1) == ["2", "", "2"]


def test_the_year_most_files_share_wins_and_removing_sorts_again(qtbot, rollup, tmp_path):
    older = department_file(tmp_path, "青溪县林业局", "code-c", year=2023, cells={NEW_TOTAL: 9})
    a = department_file(tmp_path, "青溪县民政局", "code-a", cells={NEW_TOTAL: 4})
    b = department_file(tmp_path, "青溪县教育局", "code-b", cells={NEW_TOTAL: 6})
    add(qtbot, rollup, [older, a])  # one each: the file added first sets the year
    assert column(rollup.departments, 0) == ["青溪县林业局"]
    assert column(rollup.refused, 0) == ["code-a.json"]
    assert grid_text(rollup, NEW_TOTAL) == "9"
    add(qtbot, rollup, [b, a])  # a file chosen again is read once
    assert column(rollup.departments, 0) == ["青溪县民政局", "青溪县教育局"]
    assert column(rollup.refused, 0) == ["code-c.json"]
    assert "2023 年度" in column(rollup.refused, 1)[0]
    assert grid_text(rollup, NEW_TOTAL) == "10"
    assert rollup.summary.text().startswith("2024 年度 · 已纳入 2 个部门 · 1 个文件未纳入")
    rollup.refused.selectRow(0)
    rollup.remove_selected()
    assert not rollup.refused_box.isVisibleTo(rollup)
    rollup.departments.selectRow(1)
    rollup.remove_selected()
    assert column(rollup.departments, 0) == ["青溪县民政局"]
    assert grid_text(rollup, NEW_TOTAL) == "4"
    assert rollup.statusBar().currentMessage() == "已移除 1 个文件"


def test_save_writes_the_same_roll_up_as_the_command_line(qtbot, rollup, tmp_path, monkeypatch):
    from desktop_app.cli import run

    a = department_file(tmp_path, "青溪县民政局", "code-a", cells={NEW_TOTAL: 4, REVIEW_KEPT: 2})
    b = department_file(tmp_path, "青溪县教育局", "code-b", cells={NEW_TOTAL: 6})
    odd = department_file(tmp_path, "青溪县林业局", "code-c", year=2023)
    add(qtbot, rollup, [a, odd, b])
    rollup.county.setText("青溪县")
    suggested = []
    monkeypatch.setattr(
        rollup_window,
        "choose_output",
        lambda _p, name: suggested.append(name) or str(tmp_path / "county"),
    )
    rollup.save()
    qtbot.waitUntil(lambda: rollup.task_progress.task is None, timeout=10_000)
    assert suggested == [str(documents_folder() / "青溪县2024年度报告统计汇总.json")]
    saved = json.loads((tmp_path / "county.json").read_text("utf-8"))
    assert saved["tables"]["三"][rf.T3_NEW][rf.T3_TOTAL] == 10
    assert [d["name"] for d in saved["departments"]] == ["青溪县民政局", "青溪县教育局"]
    assert "保存到" in rollup.statusBar().currentMessage()
    assert "共 10 件" in rollup.statusBar().currentMessage()

    cli_out = tmp_path / "cli.json"
    county = ("--county", "青溪县")
    code = run(
        [
            "--db",
            str(tmp_path / "x.sqlite"),
            "report",
            "rollup",
            str(a),
            str(b),
            "--out",
            str(cli_out),
            *county,
        ]
    )
    assert code == 0
    assert json.loads(cli_out.read_text("utf-8")) == saved


def test_save_without_departments_explains_what_to_do(rollup, monkeypatch):
    shown = []
    monkeypatch.setattr(rollup_window, "show_error", lambda _p, title, text: shown.append(text))
    assert not rollup.save_action.isEnabled()
    rollup.save()
    assert "请先添加" in shown[0]
    assert rollup.summary.text() == rollup_window.HINT


def test_reading_stops_when_cancelled(tmp_path):
    a = department_file(tmp_path, "青溪县民政局", "code-a")
    b = department_file(tmp_path, "青溪县教育局", "code-b")
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 1

    assert read_files([a, b], progress) is None
    assert seen == [(0, 2), (1, 2)]
    assert [item.department.name for item in read_files([a, b], lambda *_: True)] == [
        "青溪县民政局",
        "青溪县教育局",
    ]


# The offscreen platform cannot size or raise windows; it says so as a warning.
@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_main_window_opens_the_roll_up_from_the_file_menu(window):
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text().startswith("县级汇总"))
    action.trigger()
    assert window.rollup_window.isVisible()
    first = window.rollup_window
    action.trigger()
    assert window.rollup_window is first
    first.close()


def _two_departments(qtbot, rollup, tmp_path):
    a = department_file(tmp_path, "青溪县民政局", "code-a", cells={NEW_TOTAL: 4, REVIEW_KEPT: 2})
    b = department_file(tmp_path, "青溪县教育局", "code-b", cells={NEW_TOTAL: 6})
    add(qtbot, rollup, [a, b])
    rollup.county.setText("青溪县")


def _pdf_text(path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    return text.replace("\r", "").replace("\n", "")


def test_export_pdf_prints_the_official_tables_of_the_sum(qtbot, rollup, tmp_path):
    _two_departments(qtbot, rollup, tmp_path)
    out = tmp_path / "汇总.pdf"
    rollup.export_pdf(path=str(out))
    qtbot.waitUntil(lambda: rollup.task_progress.task is None, timeout=60_000)
    text = _pdf_text(out)
    assert "青溪县2024年政府信息公开工作年度报告统计汇总" in text
    assert rf.T3_NEW in text  # table 三 with its official row label
    assert "10" in text  # 4 + 6 new requests
    assert rollup.exported.label.text().endswith(str(out.resolve()))


def test_export_xlsx_lists_each_cell_with_the_total_and_departments(qtbot, rollup, tmp_path):
    _two_departments(qtbot, rollup, tmp_path)
    out = tmp_path / "汇总.xlsx"
    rollup.export_xlsx(path=str(out))
    qtbot.waitUntil(lambda: rollup.task_progress.task is None, timeout=10_000)
    header, *rows = openpyxl.load_workbook(out).active.iter_rows(values_only=True)
    assert header == (
        "表",
        "项目",
        "栏目",
        "青溪县合计",
        "未给出该项的部门",
        "青溪县民政局",
        "青溪县教育局",
    )
    new_total = next(r for r in rows if r[:3] == ("表三", rf.T3_NEW, rf.T3_TOTAL))
    assert new_total[3:] == (10, None, 4, 6)
    assert "已导出 Excel" in rollup.exported.label.text()


def test_print_sends_the_pdf_pages_to_the_printer(qtbot, rollup, tmp_path, monkeypatch):
    from desktop_app.ui import pdf_preview

    _two_departments(qtbot, rollup, tmp_path)
    out = tmp_path / "printed.pdf"

    def accept(dialog):
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(pdf_preview.QPrintDialog, "exec", accept)
    rollup.print_()
    qtbot.waitUntil(lambda: out.exists(), timeout=60_000)
    printed = pypdfium2.PdfDocument(str(out))
    assert len(printed) >= 1
    printed.close()
    assert "已发送" in rollup.statusBar().currentMessage()


def test_a_sum_a_department_did_not_give_shows_incomplete_never_as_a_total(qtbot, rollup, tmp_path):
    a = department_file(tmp_path, "青溪县民政局", "code-a", cells={NEW_TOTAL: 4})
    b = department_file(tmp_path, "青溪县教育局", "code-b", cells={NEW_TOTAL: None})
    add(qtbot, rollup, [a, b])
    assert grid_text(rollup, NEW_TOTAL) == "≥4"
    grid = rollup.tables.grids["三"]
    assert "青溪县教育局 未给出此项" in grid.item(*grid.positions[NEW_TOTAL]).toolTip()
    assert "1 项合计不完整" in rollup.summary.text()
    rollup.tables.select_key(NEW_TOTAL)
    assert column(rollup.breakdown, 1) == ["4", "未给出", "≥4"]
    assert column(rollup.breakdown, 2)[-1] == "不完整"
    rollup.shown.setCurrentIndex(2)  # the department itself
    assert grid_text(rollup, NEW_TOTAL) == "未给出"


def test_a_published_report_joins_the_roll_up_with_what_to_check(qtbot, rollup, tmp_path):
    published = pub.write_html(tmp_path / "市场监管局.html")
    other = department_file(tmp_path, "青溪县教育局", "code-b", year=pub.YEAR, cells={NEW_TOTAL: 1})
    add(qtbot, rollup, [published, other])
    assert column(rollup.departments, 0) == [pub.AGENCY, "青溪县教育局"]
    assert column(rollup.departments, 2) == [str(pub.YEAR)] * 2
    check = rollup.departments.item(0, 3)
    assert check.text().endswith("处")
    assert pub.TYPO in check.toolTip()
    assert grid_text(rollup, ("三", rf.T3_CARRIED_IN, pub.FIRM)) == "≥0"
