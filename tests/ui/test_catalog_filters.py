"""The catalog window's filters (year, node, 公开形式, 有效性), search over every searched field,
and export of the filtered list to xlsx, driven through the real widgets."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from desktop_app.domain.catalog import EntryDraft
from desktop_app.ui import main_window, tasks
from tests.ui.conftest import settle

D = dt.date


def _node(services, name):
    return next(n for n in services.classification.nodes() if n.name == name)


@pytest.fixture
def entries(services, agency):
    """Four entries over two years, three forms, three nodes; the third one repealed."""
    statutory = _node(services, "法定主动公开内容")
    child = next(n for n in services.classification.nodes() if n.parent_id == statutory.id)
    drafts = [
        EntryDraft(
            title="安全生产检查通知",
            generated_on=D(2023, 5, 1),
            node_id=child.id,
            doc_number="青应急〔2023〕5号",
        ),
        EntryDraft(
            title="防洪工作方案",
            generated_on=D(2024, 6, 1),
            disclosure_form="依申请公开",
            node_id=_node(services, "其他").id,
            keywords="汛期 值班",
        ),
        EntryDraft(
            title="旧管理办法",
            generated_on=D(2024, 2, 1),
            node_id=_node(services, "政府信息公开制度").id,
        ),
        EntryDraft(
            title="应急预案",
            generated_on=D(2024, 3, 1),
            disclosure_form="不予公开",
            node_id=statutory.id,
        ),
    ]
    saved = services.catalog.add_many(agency.id, drafts)
    services.catalog.withdraw(saved[2].id, "废止", D(2024, 9, 1))
    return {"statutory": statutory, "child": child, "saved": saved}


@pytest.fixture
def win(window, entries):
    window.reload_entries()
    settle(window.model)
    return window


def _titles(win) -> set[str]:
    settle(win.model)
    return {win.model.entry(row).title for row in range(win.model.rowCount())}


def _type(line_edit, text):
    for char in text:  # as an input method commits Chinese, one character at a time
        line_edit.insert(char)


def test_year_filter_lists_the_years_of_the_catalog(win):
    assert [win.year.itemText(i) for i in range(win.year.count())] == ["全部", "2024", "2023"]
    win.year.setCurrentText("2023")
    assert _titles(win) == {"安全生产检查通知"}
    assert win.counts.text() == "共 4 条 · 显示 1 条 · 有效 3 条"
    win.year.setCurrentText("2024")
    assert _titles(win) == {"防洪工作方案", "旧管理办法", "应急预案"}


def test_node_filter_takes_the_node_and_its_descendants(win, entries):
    win.tree.select_node(entries["statutory"].id)
    assert _titles(win) == {"安全生产检查通知", "应急预案"}
    win.tree.select_node(entries["child"].id)
    assert _titles(win) == {"安全生产检查通知"}
    win.tree.select_node(None)  # 全部条目
    assert len(_titles(win)) == 4


def test_form_and_validity_filters_combine_with_the_year(win):
    win.form.setCurrentText("依申请公开")
    assert _titles(win) == {"防洪工作方案"}
    win.form.setCurrentText("全部")
    win.validity.setCurrentText("废止")
    assert _titles(win) == {"旧管理办法"}
    win.validity.setCurrentText("有效")
    assert _titles(win) == {"安全生产检查通知", "防洪工作方案", "应急预案"}
    win.year.setCurrentText("2024")
    win.form.setCurrentText("主动公开")
    assert _titles(win) == set()
    win.validity.setCurrentText("全部")
    assert _titles(win) == {"旧管理办法"}


@pytest.mark.parametrize(
    ("query", "title"),
    [("〔2023〕5", "安全生产检查通知"), ("汛期", "防洪工作方案"), ("预案", "应急预案")],
)
def test_search_finds_doc_numbers_keywords_and_titles(win, query, title):
    _type(win.search, query)
    assert _titles(win) == {title}


def test_search_finds_an_index_number_and_keeps_the_other_filters(win, entries):
    index_no = entries["saved"][3].index_no
    _type(win.search, index_no.split("/")[1])
    assert _titles(win) == {"应急预案"}
    win.form.setCurrentText("主动公开")
    assert _titles(win) == set()


def test_export_writes_the_filtered_rows_to_xlsx(qtbot, win, tmp_path, monkeypatch):
    target = tmp_path / "目录.xlsx"
    monkeypatch.setattr(main_window, "choose_export_file", lambda _p, _name: str(target))
    win.year.setCurrentText("2024")
    win.validity.setCurrentText("有效")
    settle(win.model)
    shown = {win.model.entry(row).index_no for row in range(win.model.rowCount())}
    win.export_file()  # the folder is looked up in the background first
    qtbot.waitUntil(lambda: not tasks.pending(), timeout=10_000)
    sheet = openpyxl.load_workbook(target).active
    header, *rows = sheet.iter_rows(values_only=True)
    exported = [dict(zip(header, row, strict=True)) for row in rows]
    assert {r["索引号"] for r in exported} == shown
    assert {r["信息名称"] for r in exported} == {"防洪工作方案", "应急预案"}
    assert {r["公开形式"] for r in exported} == {"依申请公开", "不予公开"}
    assert win.exported.label.text() == f"已导出 2 条：{target.resolve()}"
    assert not list(tmp_path.glob("*.tmp"))


def test_a_year_that_no_entry_has_any_more_leaves_the_filter(qtbot, win, monkeypatch):
    from desktop_app.ui.entry_form import EntryDialog

    win.year.setCurrentText("2023")
    settle(win.model)
    win.table.selectRow(0)

    def move_to_2024(dialog):
        dialog.generated_on.setText("2024-05-01")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)
        return dialog.result()

    monkeypatch.setattr(EntryDialog, "exec", move_to_2024)
    win.edit_entry()
    settle(win.model)
    assert [win.year.itemText(i) for i in range(win.year.count())] == ["全部", "2024"]
    assert win.year.currentText() == "全部"
    assert len(_titles(win)) == 4  # what the combo says is what the table shows
