"""The catalog window driven through its real widgets (offscreen), with modal dialogs stubbed."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton

from desktop_app.domain.catalog import EntryDraft
from desktop_app.ui import classification_tree, dialogs, main_window, tasks
from desktop_app.ui.models.catalog_model import COL_TITLE, CatalogModel
from tests.ui.conftest import settle


def _add(services, agency, *titles, on=dt.date(2024, 3, 1)):
    return services.catalog.add_many(
        agency.id, [EntryDraft(title=t, generated_on=on) for t in titles]
    )


def _titles(win) -> list[str]:
    settle(win.model)
    return [win.model.entry(row).title for row in range(win.model.rowCount())]


def _type(line_edit, text):
    # QTest.keyClicks only knows ASCII; an input method commits Chinese one character at a time like this.
    for char in text:
        line_edit.insert(char)


def test_model_passes_qtmodeltester(qtmodeltester, qtbot, services, agency):
    _add(services, agency, "安全生产检查通知", "防汛抗旱工作方案")
    model = CatalogModel(services.catalog_listing)
    model.refresh(with_summary=True)
    settle(model)
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_the_table_opens_in_the_default_order_with_the_catalog_counts(qtbot, services, agency):
    days = [dt.date(2022, 1, 5), dt.date(2024, 7, 1), dt.date(2023, 3, 3), dt.date(2024, 1, 2)]
    for n, day in enumerate(days):
        _add(services, agency, f"条目{n}", on=day)
    services.catalog.withdraw(services.catalog.all()[0].id, "废止", dt.date(2024, 9, 1))
    win = main_window.MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    assert not win.loaded
    assert win.counts.text() == "正在载入目录…"
    qtbot.waitUntil(lambda: win.loaded, timeout=10_000)
    # 生成日期, newest first
    assert _titles(win) == ["条目1", "条目3", "条目2", "条目0"]
    assert win.counts.text() == "共 4 条 · 显示 4 条 · 有效 3 条"
    assert [win.year.itemText(i) for i in range(win.year.count())] == [
        "全部",
        "2024",
        "2023",
        "2022",
    ]


def test_start_up_does_not_import_the_report_stack():
    code = "import sys, desktop_app.ui.main_window; print(sorted({'reportlab', 'pikepdf'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # harmless on the offscreen platform
def test_appeals_and_report_tabs_are_built_when_first_shown(qtbot, services):
    from desktop_app.ui.report_view import ReportView

    win = main_window.MainWindow(services)
    qtbot.addWidget(win)
    titles = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    report = titles.index("年度报告")
    assert not isinstance(win.tabs.widget(report), ReportView)
    win.show()
    win.tabs.setCurrentIndex(report)
    assert isinstance(win.tabs.widget(report), ReportView)
    assert win.tabs.currentIndex() == report
    assert [win.tabs.tabText(i) for i in range(win.tabs.count())] == titles
    qtbot.waitUntil(lambda: win.report_view.loaded)
    assert win.report_view is win.tabs.widget(report)  # built once


def test_search_box_filters_rows_as_you_type(qtbot, services, agency):
    _add(services, agency, "安全生产检查通知", "防汛抗旱工作方案", "安全培训计划")
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    qtbot.waitUntil(lambda: win.loaded, timeout=10_000)
    assert win.model.rowCount() == 3
    _type(win.search, "安全")
    settle(win.model)
    assert win.model.rowCount() == 2
    assert "显示 2 条" in win.counts.text()
    _type(win.search, "生产")
    assert _titles(win) == ["安全生产检查通知"]
    win.search.clear()
    settle(win.model)
    assert win.model.rowCount() == 3


def test_add_entry_shows_inline_problems_then_saves(qtbot, window, services, monkeypatch):
    dialogs = []

    def fake_exec(dialog):
        dialogs.append(dialog)
        dialog.generated_on.setText("2024-02-30")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        assert dialog.errors["generated_on"].isVisibleTo(dialog)
        assert "不存在" in dialog.errors["generated_on"].text()
        # the unreadable date does not hide the form's other problems
        assert dialog.errors["title"].isVisibleTo(dialog)
        assert dialog.errors["title"].text().startswith("不能为空")
        dialog.generated_on.setText("2024-02-03")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        assert not dialog.errors["generated_on"].isVisibleTo(dialog)
        assert dialog.errors["title"].text().startswith("不能为空")
        assert services.catalog.count() == 0
        dialog.title.setText("关于做好汛期安全工作的通知")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        return dialog.result()

    from desktop_app.ui.entry_form import EntryDialog

    monkeypatch.setattr(EntryDialog, "exec", fake_exec)
    window.add_entry()
    settle(window.model)
    assert services.catalog.count() == 1
    row = window.model.row_of(dialogs[0].saved.id)
    assert window.model.index(row, COL_TITLE).data() == "关于做好汛期安全工作的通知"
    assert window.model.entry(row).index_no.startswith("11330727775738086F/2024-")


def test_field_limits_show_next_to_their_fields(qtbot, window, services, monkeypatch):
    def fake_exec(dialog):
        dialog.title.setText("通知\u202etxt.exe")
        dialog.generated_on.setText("9999-01-01")
        dialog.summary.setPlainText("第一行\n第二\x00行")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        assert "U+202E" in dialog.errors["title"].text()
        assert "1949-01-01 至 2100-12-31" in dialog.errors["generated_on"].text()
        assert "U+0000" in dialog.errors["summary"].text()
        dialog.title.setText("通知")
        dialog.generated_on.setText("2024-02-03")
        dialog.summary.setPlainText("第一行\n第二行")  # a line break is fine in 内容概述
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        return dialog.result()

    from desktop_app.ui.entry_form import EntryDialog

    monkeypatch.setattr(EntryDialog, "exec", fake_exec)
    window.add_entry()
    settle(window.model)
    assert [(e.title, e.summary) for e in services.catalog.all()] == [("通知", "第一行\n第二行")]


def test_edit_opens_the_full_entry_and_updates_its_row(
    qtbot, window, services, agency, monkeypatch
):
    (entry,) = services.catalog.add_many(
        agency.id,
        [EntryDraft(title="旧标题", generated_on=dt.date(2024, 3, 1), summary="表格里没有的概述")],
    )
    services.catalog.attach(entry.id, _file(services, "方案.pdf"))
    window.reload_entries()
    settle(window.model)
    window.table.selectRow(0)
    seen = []

    def fake_exec(dialog):
        seen.append((dialog.summary.toPlainText(), dialog.attachments.count()))
        dialog.title.setText("新标题")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        return dialog.result()

    from desktop_app.ui.entry_form import EntryDialog

    monkeypatch.setattr(EntryDialog, "exec", fake_exec)
    window.edit_entry()
    settle(window.model)
    assert seen == [("表格里没有的概述", 1)]
    assert _titles(window) == ["新标题"]
    assert services.catalog.get(entry.id).summary == "表格里没有的概述"


def _file(services, name):
    path = services.paths.data_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 test")
    return path


def test_export_writes_every_field_of_the_rows_shown(
    qtbot, window, services, agency, tmp_path, monkeypatch
):
    errors = []
    monkeypatch.setattr(main_window, "show_error", lambda *args: errors.append(args))
    services.catalog.add_many(
        agency.id,
        [
            EntryDraft(title="安全生产检查", generated_on=dt.date(2024, 3, 1), summary="概述甲"),
            EntryDraft(title="防汛方案", generated_on=dt.date(2024, 4, 1), summary="概述乙"),
        ],
    )
    window.reload_entries()
    settle(window.model)
    _type(window.search, "安全")
    target = tmp_path / "导出.csv"
    monkeypatch.setattr(main_window, "choose_export_file", lambda _p, _name: str(target))
    window.export_file()  # the folder is looked up in the background first
    qtbot.waitUntil(lambda: not tasks.pending(), timeout=10_000)
    assert errors == []
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(r["信息名称"], r["内容概述"]) for r in rows] == [("安全生产检查", "概述甲")]
    assert "已导出 1 条" in window.exported.label.text()


def test_withdraw_updates_row_and_counts(qtbot, services, agency, monkeypatch):
    _add(services, agency, "旧办法")
    from desktop_app.ui.dialogs import WithdrawDialog
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    qtbot.waitUntil(lambda: win.loaded, timeout=10_000)
    win.table.selectRow(0)

    def fake_exec(dialog):
        dialog.validity.setCurrentText("废止")
        dialog.date.setText("2024-02-30")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        assert dialog.errors["validity_date"].isVisibleTo(dialog)
        assert "不存在" in dialog.errors["validity_date"].text()
        assert services.catalog.get(services.catalog.all()[0].id).validity == "有效"
        dialog.date.setText("2024-06-01")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        return dialog.result()

    monkeypatch.setattr(WithdrawDialog, "exec", fake_exec)
    win.withdraw_entry()
    settle(win.model)
    assert win.model.entry(0).validity == "废止"
    assert "有效 0 条" in win.counts.text()
    assert services.catalog.count() == 1  # withdrawn, never deleted


def test_add_rename_and_move_node(qtbot, window, services, monkeypatch):
    names = iter(["专项检查", "专项整治"])
    monkeypatch.setattr(classification_tree, "ask_name", lambda *a, **k: next(names))
    window.tree.add_node(None)
    qtbot.waitUntil(lambda: not window.tree.pending)
    node = next(n for n in services.classification.nodes() if n.name == "专项检查")
    window.tree.select_node(node.id)
    window.tree.rename_current()
    qtbot.waitUntil(lambda: not window.tree.pending)
    assert window.tree.count_text(node.id) == "专项整治（0）"  # shown, and still selected
    assert window.tree.current_node_id() == node.id
    assert any(n.name == "专项整治" for n in services.classification.nodes())
    target = next(n for n in services.classification.nodes() if n.name == "其他")

    def fake_exec(dialog):
        for item in dialog.tree.findItems("其他", classification_tree.Qt.MatchFlag.MatchRecursive):
            dialog.tree.setCurrentItem(item)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(classification_tree.MoveDialog, "exec", fake_exec)
    window.tree.move_current()
    qtbot.waitUntil(lambda: not window.tree.pending)
    moved = next(n for n in services.classification.nodes() if n.name == "专项整治")
    assert moved.parent_id == target.id
    assert window.tree.count_text(moved.id) == "专项整治（0）"


def test_a_refused_node_edit_is_explained_and_changes_nothing(qtbot, window, services, monkeypatch):
    errors = []
    monkeypatch.setattr(classification_tree, "ask_name", lambda *a, **k: "其他")  # taken
    monkeypatch.setattr(
        classification_tree, "show_error", lambda _p, title, text: errors.append(title)
    )
    before = services.classification.nodes()
    window.tree.add_node(None)
    assert window.tree.pending  # written in the background
    qtbot.waitUntil(lambda: not window.tree.pending)
    assert errors == ["分类未修改"]
    assert services.classification.nodes() == before


@pytest.mark.parametrize("cancel", [False, True])
def test_import_in_background(qtbot, window, services, tmp_path, cancel):
    rows = 3000
    path = tmp_path / "in.csv"
    path.write_text(
        "信息名称,生成日期,主题分类\n"
        + "".join(f"导入条目{i},2023-05-01,专项/第{i % 3}组\n" for i in range(rows)),
        encoding="utf-8",
    )
    progress = window.task_progress
    if cancel:  # the user presses 取消 as soon as the bar first moves
        progress.bar.valueChanged.connect(lambda _value: progress.cancel_button.click())
    window.import_file(path=str(path), create_categories=True)
    assert progress.isVisibleTo(window)
    assert not window.import_action.isEnabled()  # one transfer at a time
    qtbot.waitUntil(lambda: progress.task is None, timeout=30_000)
    settle(window.model)
    assert not progress.isVisibleTo(window)
    assert window.import_action.isEnabled()
    expected = 0 if cancel else rows
    assert services.catalog.count() == expected
    assert window.model.total_count() == expected
    assert any(n.name == "专项" for n in services.classification.nodes()) is not cancel
    assert ("已取消" in window.statusBar().currentMessage()) is cancel


@pytest.mark.parametrize("choice", ["取消", "只导入有效行", "新建这些分类后导入"])
def test_an_unknown_category_is_asked_about_before_any_node_is_made(
    qtbot, window, services, tmp_path, monkeypatch, choice
):
    path = tmp_path / "分类.csv"
    path.write_text(
        "信息名称,生成日期,主题分类\n已有分类,2023-05-01,其他\n拼错,2023-05-02,其它/通知\n",
        encoding="utf-8",
    )
    asked = []

    def answer(dialog):
        asked.append((dialog.findChild(QPlainTextEdit).toPlainText(), _labels(dialog)))
        next(b for b in dialog.findChildren(QPushButton) if b.text() == choice).click()
        return dialog.result()

    monkeypatch.setattr(dialogs.ImportProblemsDialog, "exec", answer)
    window.import_file(path=str(path))
    qtbot.waitUntil(lambda: window.task_progress.task is None, timeout=30_000)
    problems, labels = asked[0]
    assert (
        problems
        == "第 3 行 【主题分类】 没有这个主题分类：其它/通知；请先在分类树中新建，或改正拼写"
    )
    assert "分类树中没有这些主题分类：其它/通知。" in labels
    assert len(asked) == 1
    titles = {
        "取消": set(),
        "只导入有效行": {"已有分类"},
        "新建这些分类后导入": {"已有分类", "拼错"},
    }
    assert {e.title for e in services.catalog.all()} == titles[choice]
    created = [n for n in services.classification.nodes() if n.path == "其它/通知"]
    assert bool(created) is (choice == "新建这些分类后导入")
    if created:  # the tree shows the new node with its entry (counts arrive in the background)
        qtbot.waitUntil(lambda: window.tree.count_text(created[0].id) == "通知（1）")


def _labels(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))
