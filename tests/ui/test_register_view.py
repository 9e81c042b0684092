"""The register tab on a real SQLite register and a fixed 'today': marks, counts, filters, the form opening."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop_app.domain.requests import RequestDraft
from desktop_app.services.holidays import load_calendar
from desktop_app.ui.models.request_model import (
    COL_DUE,
    COL_FLAG,
    COL_NUMBER,
    COL_REMAINING,
    LINE_ROLE,
    RECORD_ROLE,
    RequestModel,
)
from desktop_app.ui.register_view import RegisterView
from desktop_app.ui.request_form import RequestDialog
from tests.ui.conftest import reload_and_wait

D = dt.date
TODAY = D(2024, 10, 25)  # a Friday; 2024 has holiday data (国庆节 10-01…07)


def add(services, received, answered=None, outcome="", kind="自然人", content="某项信息"):
    agency = services.agencies.current()
    draft = RequestDraft(
        received_on=received,
        applicant_type=kind,
        content=content,
        answered_on=answered,
        outcome=outcome or ("予以公开" if answered else ""),
    )
    return services.requests.add(agency.id, draft)


@pytest.fixture
def register(services):
    """Five requests whose marks on TODAY are known from the 2024 calendar."""
    return {
        "soon": add(services, D(2024, 9, 27)),  # due 10-30: 3 working days left
        "overdue": add(services, D(2024, 9, 2)),  # due 09-30
        "calm": add(services, D(2024, 10, 20), content="预算公开"),
        "late": add(services, D(2024, 9, 2), D(2024, 10, 8)),  # answered after 09-30
        "old": add(services, D(2023, 3, 1), D(2023, 3, 10), "属于国家秘密", kind="商业企业"),
    }


@pytest.fixture
def view(qtbot, services, register):
    widget = RegisterView(services, today=lambda: TODAY)
    qtbot.addWidget(widget)
    reload_and_wait(qtbot, widget)
    return widget


def rows_by_number(view):
    model = view.model
    return {model.index(r, COL_NUMBER).data(): r for r in range(model.rowCount())}


def shown_numbers(view):
    return set(rows_by_number(view))


def test_model_passes_the_model_tester(qtmodeltester, services, register):
    model = RequestModel()
    model.set_requests(services.requests.all(), load_calendar(services), TODAY)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5


def test_overdue_rows_red_due_soon_amber_with_remaining_days(view, register):
    rows, model = rows_by_number(view), view.model

    def cell(name, column, role=Qt.ItemDataRole.DisplayRole):
        return model.index(rows[register[name].number], column).data(role)

    assert cell("soon", COL_REMAINING) == "3"
    assert cell("soon", COL_DUE) == "2024-10-30"
    assert cell("soon", COL_FLAG) == "即将到期"
    assert cell("overdue", COL_FLAG) == "已逾期"
    assert int(cell("overdue", COL_REMAINING)) < 0
    assert cell("late", COL_FLAG) == "逾期办结"
    assert cell("calm", COL_FLAG) == ""
    background = Qt.ItemDataRole.BackgroundRole
    red, amber = cell("overdue", COL_NUMBER, background), cell("soon", COL_NUMBER, background)
    assert red is not None
    assert amber is not None
    assert red.color().red() > red.color().green()
    assert red.color() != amber.color()
    assert cell("calm", COL_NUMBER, background) is None
    assert cell("late", COL_NUMBER, background) is None  # concluded requests are not alarming
    assert "办理中 3 件" in view.counts.text()
    assert "已逾期 1 件" in view.counts.text()
    assert "3个工作日内到期 1 件" in view.counts.text()


def test_due_date_tooltip_explains_the_date(view, register):
    row = rows_by_number(view)[register["soon"].number]
    tip = view.model.index(row, COL_DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert "国庆节" in tip
    assert "2024-10-30" in tip


def test_marks_follow_the_injected_clock(qtbot, services, register):
    earlier = RegisterView(services, today=lambda: D(2024, 9, 20))
    qtbot.addWidget(earlier)
    reload_and_wait(qtbot, earlier)
    assert "已逾期 0 件" in earlier.counts.text()


def test_filters_by_year_status_outcome_and_text(view, register):
    view.year.setCurrentIndex(view.year.findData(2023))
    assert shown_numbers(view) == {register["old"].number}
    view.year.setCurrentIndex(0)
    view.status.setCurrentIndex(view.status.findData("已办结"))
    assert shown_numbers(view) == {register["late"].number, register["old"].number}
    view.status.setCurrentIndex(view.status.findData("办理中"))
    assert shown_numbers(view) == {register[n].number for n in ("soon", "overdue", "calm")}
    view.status.setCurrentIndex(0)
    view.outcome.setCurrentIndex(view.outcome.findText("不予公开（全部）"))
    assert shown_numbers(view) == {register["old"].number}
    view.outcome.setCurrentIndex(view.outcome.findText("予以公开"))
    assert shown_numbers(view) == {register["late"].number}
    view.outcome.setCurrentIndex(0)
    view.search.setText("预算")
    assert shown_numbers(view) == {register["calm"].number}
    assert "显示 1 件" in view.counts.text()
    assert "共 5 件" in view.counts.text()


def test_sorting_by_remaining_days_puts_the_most_urgent_first(view, register):
    view.table.sortByColumn(COL_REMAINING, Qt.SortOrder.AscendingOrder)
    first = view.model.index(0, 0).data(RECORD_ROLE)
    assert first.number == register["overdue"].number
    assert view.model.index(0, 0).data(LINE_ROLE).urgency.overdue


def test_double_click_opens_the_form_of_that_request(qtbot, view, register, monkeypatch):
    opened = []

    def fake_exec(dialog):
        opened.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RequestDialog, "exec", fake_exec)
    row = rows_by_number(view)[register["overdue"].number]
    rect = view.table.visualRect(view.model.index(row, COL_NUMBER))
    # A real double-click is a press-release followed by a double-click event on the same cell.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == []  # the request is read in the background first
    qtbot.waitUntil(lambda: bool(opened))
    qtbot.wait(50)
    assert len(opened) == 1  # one form for the impatient second double-click
    assert opened[0].number.text() == register["overdue"].number
    assert opened[0].due_label.text() == "2024-09-30"


def test_a_reload_reads_in_the_background_and_keeps_the_selected_request(
    qtbot, view, services, register
):
    view.table.selectRow(rows_by_number(view)[register["calm"].number])
    added = add(services, D(2024, 10, 21))  # by another program meanwhile
    view.reload()
    assert view.loading
    assert view.model.total_count() == 5
    with qtbot.waitSignal(view.reloaded, timeout=10_000):
        pass
    assert view.model.total_count() == 6
    assert not view.loading
    assert added.number in rows_by_number(view)
    assert view.current_request().id == register["calm"].id


def test_only_the_latest_of_overlapping_reloads_is_shown(qtbot, view, services):
    shown = []
    view.reloaded.connect(lambda: shown.append(view.model.total_count()))
    view.reload()
    add(services, D(2024, 10, 21))
    view.reload()
    qtbot.waitUntil(lambda: not view.loading, timeout=10_000)
    qtbot.wait(50)  # the earlier read, if later to arrive, would be dropped too
    assert shown == [6]


def test_a_year_without_holiday_data_shows_a_warning(qtbot, services):
    add(services, D(2099, 3, 2))
    view = RegisterView(services, today=lambda: D(2099, 3, 10))
    qtbot.addWidget(view)
    reload_and_wait(qtbot, view)
    assert not view.warning.isHidden()
    assert "2099年" in view.warning.text()
    assert "周一至周五" in view.warning.text()


def test_no_warning_when_the_years_are_covered(view):
    assert view.warning.isHidden()
