"""The catalog window driven through its real widgets (offscreen), with modal dialogs stubbed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from desktop_app.domain.catalog import EntryDraft
from desktop_app.ui import classification_tree
from desktop_app.ui.models.catalog_model import COL_TITLE, CatalogModel


def _add(services, agency, *titles, on=dt.date(2024, 3, 1)):
    return services.catalog.add_many(
        agency.id, [EntryDraft(title=t, generated_on=on) for t in titles]
    )


def _type(line_edit, text):
    # QTest.keyClicks only knows ASCII; an input method commits Chinese one character at a time like this.
    for char in text:
        line_edit.insert(char)


def test_model_passes_qtmodeltester(qtmodeltester, services, agency):
    model = CatalogModel()
    model.set_entries(_add(services, agency, "安全生产检查通知", "防汛抗旱工作方案"))
    qtmodeltester.check(model)


def test_search_box_filters_rows_as_you_type(qtbot, services, agency):
    _add(services, agency, "安全生产检查通知", "防汛抗旱工作方案", "安全培训计划")
    from desktop_app.ui import tasks
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    qtbot.waitUntil(lambda: win.loaded, timeout=10_000)
    assert win.model.rowCount() == 3
    _type(win.search, "安全")
    assert win.model.rowCount() == 2
    assert "显示 2 条" in win.counts.text()
    _type(win.search, "生产")
    assert [win.model.entry(0).title] == ["安全生产检查通知"]
    win.search.clear()
    assert win.model.rowCount() == 3
    tasks.wait_for_all()


def test_add_entry_shows_inline_problems_then_saves(qtbot, window, services, monkeypatch):
    dialogs = []

    def fake_exec(dialog):
        dialogs.append(dialog)
        dialog.generated_on.setText("2024-02-30")
        dialog.save()
        assert dialog.errors["generated_on"].isVisibleTo(dialog)
        assert "不存在" in dialog.errors["generated_on"].text()
        dialog.generated_on.setText("2024-02-03")
        dialog.save()
        assert dialog.errors["title"].text().startswith("不能为空")
        assert services.catalog.count() == 0
        dialog.title.setText("关于做好汛期安全工作的通知")
        dialog.save()
        return dialog.result()

    from desktop_app.ui.entry_form import EntryDialog

    monkeypatch.setattr(EntryDialog, "exec", fake_exec)
    window.add_entry()
    assert services.catalog.count() == 1
    row = window.model.row_of(dialogs[0].saved.id)
    assert window.model.index(row, COL_TITLE).data() == "关于做好汛期安全工作的通知"
    assert window.model.entry(row).index_no.startswith("11330727775738086F/2024-")


def test_withdraw_updates_row_and_counts(qtbot, services, agency, monkeypatch):
    _add(services, agency, "旧办法")
    from desktop_app.ui import tasks
    from desktop_app.ui.dialogs import WithdrawDialog
    from desktop_app.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.start_loading()
    qtbot.waitUntil(lambda: win.loaded, timeout=10_000)
    win.table.selectRow(0)

    def fake_exec(dialog):
        dialog.validity.setCurrentText("废止")
        dialog.date.setText("2024-06-01")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(WithdrawDialog, "exec", fake_exec)
    win.withdraw_entry()
    assert win.model.entry(0).validity == "废止"
    assert "有效 0 条" in win.counts.text()
    assert services.catalog.count() == 1  # withdrawn, never deleted
    tasks.wait_for_all()


def test_add_rename_and_move_node(window, services, monkeypatch):
    names = iter(["专项检查", "专项整治"])
    monkeypatch.setattr(classification_tree, "ask_name", lambda *a, **k: next(names))
    window.tree.add_node(None)
    node = next(n for n in services.classification.nodes() if n.name == "专项检查")
    window.tree.select_node(node.id)
    window.tree.rename_current()
    assert any(n.name == "专项整治" for n in services.classification.nodes())
    target = next(n for n in services.classification.nodes() if n.name == "其他")

    def fake_exec(dialog):
        for item in dialog.tree.findItems("其他", classification_tree.Qt.MatchFlag.MatchRecursive):
            dialog.tree.setCurrentItem(item)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(classification_tree.MoveDialog, "exec", fake_exec)
    window.tree.move_current()
    moved = next(n for n in services.classification.nodes() if n.name == "专项整治")
    assert moved.parent_id == target.id
    assert window.tree.count_text(moved.id) == "专项整治（0）"


@pytest.mark.parametrize("cancel", [False, True])
def test_import_in_background(qtbot, window, services, tmp_path, cancel):
    rows = 3000
    path = tmp_path / "in.csv"
    path.write_text(
        "信息名称,生成日期,主题分类\n"
        + "".join(f"导入条目{i},2023-05-01,专项/第{i % 3}组\n" for i in range(rows)),
        encoding="utf-8",
    )
    window.import_file(path=str(path))
    assert window.progress.isVisibleTo(window)
    if cancel:  # the user presses 取消 as soon as the bar first moves
        window.task.signals.progress.connect(lambda *_: window.cancel_task())
    qtbot.waitUntil(lambda: window.task is None, timeout=30_000)
    assert not window.progress.isVisibleTo(window)
    expected = 0 if cancel else rows
    assert services.catalog.count() == expected
    assert window.model.total_count() == expected
    assert any(n.name == "专项" for n in services.classification.nodes()) is not cancel
    assert ("已取消" in window.statusBar().currentMessage()) is cancel
