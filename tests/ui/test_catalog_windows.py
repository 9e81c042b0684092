"""The windowed catalog model on 5,000 real entries: only the windows looked at are read, a
placeholder shows until they arrive, sorting asks the database again, an edit shows in its row."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.catalog_listing import CatalogQuery
from desktop_app.ui.models.catalog_model import (
    COL_TITLE,
    KEPT_WINDOWS,
    PLACEHOLDER,
    WINDOW,
    CatalogModel,
)
from tests.ui.conftest import settle

ROWS = 5000


class Recording:
    """The listing service, noting the offsets of the windows it is asked for."""

    def __init__(self, service) -> None:
        self._service = service
        self.offsets: list[int] = []
        self.searched: list[str] = []

    def page(self, query, limit):
        self.offsets.append(0)
        self.searched.append(query.text)
        return self._service.page(query, limit)

    def window(self, query, offset, limit):
        self.offsets.append(offset)
        return self._service.window(query, offset, limit)

    def position(self, query, entry_id):
        return self._service.position(query, entry_id)

    def summary(self):
        return self._service.summary()


@pytest.fixture
def many(services, agency):
    start = dt.date(2020, 1, 1)
    drafts = [
        EntryDraft(title=f"条目{n:04d}", generated_on=start + dt.timedelta(days=n % 1500))
        for n in range(ROWS)
    ]
    services.catalog.add_many(agency.id, drafts)
    return services


def _view(qtbot, model) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    return view


def test_scrolling_to_the_end_reads_only_the_windows_shown(qtbot, many):
    source = Recording(many.catalog_listing)
    model = CatalogModel(source)
    model.refresh(with_summary=True)
    settle(model)
    assert (model.rowCount(), model.total_count()) == (ROWS, ROWS)
    view = _view(qtbot, model)
    qtbot.waitExposed(view)
    last = model.index(ROWS - 1, COL_TITLE)
    assert last.data() == PLACEHOLDER  # not read yet: asked for in the background
    view.scrollToBottom()
    qtbot.waitUntil(lambda: last.data() != PLACEHOLDER, timeout=10_000)
    oldest = min(many.catalog.listing(), key=lambda r: (r.generated_on, r.index_no))
    assert last.data() == oldest.title  # newest first: the oldest entry is the last row
    last_window = (ROWS - 1) // WINDOW * WINDOW
    assert set(source.offsets) <= {0, last_window - WINDOW, last_window}
    assert last_window in source.offsets
    assert len(source.offsets) <= 3  # of 25 windows; each asked for once
    assert len(model.windows_held()) <= KEPT_WINDOWS


def test_the_windows_held_are_bounded(qtbot, many):
    source = Recording(many.catalog_listing)
    model = CatalogModel(source)
    model.refresh()
    settle(model)
    for row in range(0, ROWS, WINDOW):
        model.entry(row)  # read at once: an action on a chosen row needs its record now
    assert len(model.windows_held()) == KEPT_WINDOWS
    assert model.windows_held() == list(range(ROWS // WINDOW - KEPT_WINDOWS, ROWS // WINDOW))


def test_a_sort_change_reads_the_first_window_again_in_the_new_order(qtbot, many):
    source = Recording(many.catalog_listing)
    model = CatalogModel(source)
    model.refresh()
    settle(model)
    model.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)
    assert model.busy
    settle(model)
    titles = sorted(r.title for r in many.catalog.listing())
    assert [model.entry(row).title for row in range(3)] == titles[:3]
    model.sort(COL_TITLE, Qt.SortOrder.DescendingOrder)
    settle(model)
    assert model.index(0, COL_TITLE).data() == titles[-1]
    assert source.offsets == [0, 0, 0]
    assert len(source.searched) == 1  # counted once: a sort shows the same rows
    assert model.shown_count() == len(titles)


def test_an_edit_far_down_the_table_shows_in_its_row_selected(qtbot, window, many, monkeypatch):
    from desktop_app.ui.entry_form import EntryDialog

    window.reload_entries()
    settle(window.model)
    row = 4321
    entry = window.model.entry(row)
    window.table.selectRow(row)

    def rename(dialog):
        dialog.title.setText("改名后的条目")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving)  # the save runs in the background
        return dialog.result()

    monkeypatch.setattr(EntryDialog, "exec", rename)
    window.edit_entry()
    settle(window.model)
    assert window.table.currentIndex().row() == row  # same place: the order did not change
    assert window.model.index(row, COL_TITLE).data() == "改名后的条目"
    assert window.model.entry(row).id == entry.id
    assert many.catalog.get(entry.id).title == "改名后的条目"
    saved = many.catalog.get(entry.id)
    many.catalog.update(saved.id, replace(saved.draft(), title="再改一次"))
    window.refresh_current()  # F5
    settle(window.model)
    qtbot.waitUntil(lambda: window.model.index(row, COL_TITLE).data() == "再改一次")


def test_typing_on_while_a_search_runs_reads_the_first_and_the_last_query_only(qtbot, many):
    source = Recording(many.catalog_listing)
    model = CatalogModel(source)
    for text in ("条", "条目", "条目0", "条目04"):  # four keystrokes before the first answer
        model.set_filter(CatalogQuery(text=text))
    settle(model)
    assert source.searched == ["条", "条目04"]
    titles = [r.title for r in many.catalog.listing() if "条目04" in r.title]
    assert model.shown_count() == len(titles)
    assert {model.entry(row).title for row in range(model.rowCount())} == set(titles)
