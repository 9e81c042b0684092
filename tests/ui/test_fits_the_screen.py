"""Every window and dialog the program opens fits the office screens: a 1366×768 laptop less its
taskbar, and 1920×1080 at 150 % scaling (1280×720 logical pixels less the taskbar)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QWidget

from desktop_app.domain import report_format as rf
from desktop_app.domain.catalog import EntryDraft
from desktop_app.services import annual_reports
from desktop_app.ui import screen_fit

# free area: logical pixels less the taskbar
SCREENS = {"1366×768": QSize(1366, 728), "1920×1080 at 150 %": QSize(1280, 688)}
TITLE_BAR = screen_fit.TITLE_BAR


def _main_window(services):
    from desktop_app.ui.main_window import MainWindow

    return MainWindow(services)


def _rollup(services):
    from desktop_app.ui.rollup_window import RollupWindow

    return RollupWindow()


def _entry(services):
    from desktop_app.ui.entry_form import EntryDialog

    return EntryDialog(services, services.classification.nodes())


def _request(services):
    from desktop_app.ui.request_form import RequestDialog, read_request_form

    return RequestDialog(services, read_request_form(services, None), today=dt.date(2024, 10, 25))


def _appeal(services):
    from desktop_app.ui.appeals_view import AppealDialog

    return AppealDialog(services)


def _withdraw(services):
    from desktop_app.ui.dialogs import WithdrawDialog

    agency = services.agencies.current()
    entry = services.catalog.add(
        agency.id, EntryDraft(title="关于防汛工作的通知", generated_on=dt.date(2024, 3, 5))
    )
    return WithdrawDialog(services, entry)


def _agency(services):
    from desktop_app.ui.dialogs import AgencyDialog

    return AgencyDialog(services, open_demo=lambda: None)  # first start: with the demo offer


def _import_problems(services):
    from desktop_app.domain.catalog import FieldProblem
    from desktop_app.ui.dialogs import ImportProblemsDialog

    missing = [f"专题/第{i}组" for i in range(12)]
    return ImportProblemsDialog([FieldProblem("title", "信息名称不能为空")] * 40, None, missing)


def _holidays(services):
    from desktop_app.ui.holiday_dialog import HolidayDialog

    return HolidayDialog(services)


def _fonts(services):
    from desktop_app.ui.font_settings import FontSettingsDialog

    return FontSettingsDialog(services)


def _about(services):
    from desktop_app.ui.about_dialog import AboutDialog

    return AboutDialog(services, services.settings.agency())


def _new_report(services):
    from desktop_app.ui.report_dialogs import NewReportDialog

    return NewReportDialog()


def _sign(services):
    from desktop_app.ui.report_dialogs import SignDialog

    return SignDialog(2, 3)


def _report_history(services):
    annual_reports.create(services, 2021, rf.FORMAT_2021)
    return annual_reports.history(services, 2021)


def _export(services):
    from desktop_app.export.fonts import ROLE_NAMES, bundled
    from desktop_app.services.fonts import RoleStatus, plain_font_notes
    from desktop_app.settings import FONT_ROLES
    from desktop_app.ui.report_dialogs import ExportDialog

    dialog = ExportDialog("2021年度报告", _report_history(services), "filing", 1)
    song = bundled("song")  # the worst case: every role printed with a stand-in
    statuses = [
        RoleStatus(r, ROLE_NAMES[r], song.path, song.label, "缺", False) for r in FONT_ROLES
    ]
    dialog.show_fonts(plain_font_notes(statuses))
    return dialog


def _history(services):
    from desktop_app.ui.report_dialogs import HistoryDialog

    return HistoryDialog(_report_history(services))


def _register_export(services):
    from desktop_app.ui.register_io import RegisterExportDialog

    return RegisterExportDialog(10, 20)


def _sources(services):
    from desktop_app.ui.requests_sources_dialog import RequestsSourcesDialog

    return RequestsSourcesDialog(services, rf.T3_NEW, rf.T3_NATURAL, 2021)


def _reason(services):
    from desktop_app.ui.report_tables import ReasonDialog

    return ReasonDialog(("三", rf.T3_NEW, rf.T3_NATURAL))


def _move(services):
    from desktop_app.ui.classification_tree import MoveDialog

    nodes = services.classification.nodes()
    return MoveDialog(nodes, nodes[0])


WINDOWS = {
    "主窗口": _main_window,
    "县级汇总": _rollup,
    "目录条目": _entry,
    "登记新申请": _request,
    "复议/诉讼": _appeal,
    "废止/失效": _withdraw,
    "登记本机关": _agency,
    "导入问题": _import_problems,
    "节假日设置": _holidays,
    "字体设置": _fonts,
    "关于": _about,
    "新建年度报告": _new_report,
    "签发": _sign,
    "导出 PDF": _export,
    "版本记录": _history,
    "导出台账": _register_export,
    "统计来源": _sources,
    "修正原因": _reason,
    "移动分类": _move,
}


@pytest.fixture(params=list(SCREENS))
def free_area(request, monkeypatch) -> QSize:
    """The screen's free area as `fit_to_screen` sees it."""
    size = SCREENS[request.param]
    monkeypatch.setattr(
        screen_fit, "_free_area", lambda _widget: QRect(0, 0, size.width(), size.height())
    )
    return size


@pytest.mark.parametrize("name", list(WINDOWS))
def test_window_fits_the_screen(qtbot, services, free_area, name):
    window: QWidget = WINDOWS[name](services)
    qtbot.addWidget(window)
    room = QSize(free_area.width(), free_area.height() - TITLE_BAR)
    smallest = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert _within(smallest, room), f"{name} 最小 {_text(smallest)}，屏幕可用 {_text(room)}"
    if not window.testAttribute(Qt.WidgetAttribute.WA_Resized):
        window.adjustSize()  # what showing it would do
    assert _within(window.size(), room), f"{name} 打开时 {_text(window.size())}，可用 {_text(room)}"


def _within(size: QSize, room: QSize) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


def _text(size: QSize) -> str:
    return f"{size.width()}×{size.height()}"
