"""Clicking a finding of the annual-report checker goes to what it concerns: its cell, the section
its text rule names, or the tables; and a signed report shows register drift (台账-1) as findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.report_checks import WARNING, Finding
from desktop_app.domain.requests import RequestDraft
from desktop_app.services import annual_reports
from desktop_app.ui import report_view
from desktop_app.ui.findings_panel import FindingsPanel
from desktop_app.ui.report_view import ReportView

YEAR = 2024
COPIED = "本机关按照条例要求，及时准确公开政府信息。"


@pytest.fixture
def open_view(qtbot, services, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(report_view, "show_error", lambda _p, _t, text: shown.append(text))

    def build(year=YEAR):
        view = ReportView(services)
        qtbot.addWidget(view)
        view.reload(year)
        qtbot.waitUntil(lambda: view.report is not None and not view.busy, timeout=10_000)
        return view

    yield build
    assert shown == []


def click(view, rule):
    panel = view.findings_panel
    row = panel.rules().index(rule)
    panel.list.itemClicked.emit(panel.list.item(row))
    return view.findings[row]


def test_empty_tables_finding_opens_the_first_table_at_its_first_cell(services, open_view):
    annual_reports.create(services, YEAR, rf.FORMAT_2021)
    view = open_view()
    assert view.findings_panel.rules() == ["表格-0", *["文字-0"] * 3]  # 一、五、六 have no text yet
    view.tabs.setCurrentWidget(view.editor)
    click(view, "表格-0")
    grid = view.tables.grids["二"]
    assert view.tabs.currentWidget() is view.tables
    assert view.tables.currentWidget() is grid
    assert (grid.currentRow(), grid.currentColumn()) == next(iter(grid.positions.values()))


def _with_text(report, path_index, paragraphs):
    sections = list(report.sections)
    sections[path_index] = replace(sections[path_index], paragraphs=paragraphs)
    return replace(report, sections=tuple(sections))


def test_text_copied_from_last_year_opens_that_section(services, open_view):
    for year in (YEAR - 1, YEAR):
        report = annual_reports.create(services, year, rf.FORMAT_2021)
        annual_reports.save(services, _with_text(report, 1, (f"{year}年，{COPIED}",)))
    view = open_view()
    assert view.findings_panel.rules() == ["表格-0", *["文字-0"] * 3, "文字-1"]
    finding = click(view, "文字-1")
    assert finding.section == (1,)
    assert view.tabs.currentWidget() is view.editor
    outline = view.editor.outline
    assert outline.indexOfTopLevelItem(outline.currentItem()) == 1
    assert view.editor.paragraphs.toPlainText() == f"{YEAR}年，{COPIED}"
    # a section without text opens where it is to be written
    assert click(view, "文字-0").section == (0,)
    assert outline.indexOfTopLevelItem(outline.currentItem()) == 0
    assert view.editor.paragraphs.toPlainText() == ""


def test_register_drift_of_a_signed_report_is_listed_and_opens_its_cell(services, open_view):
    agency = services.agencies.current()
    answered = services.requests.add(
        agency.id,
        RequestDraft(
            received_on=dt.date(YEAR, 3, 4),
            applicant_type="自然人",
            content="安全生产检查情况",
            answered_on=dt.date(YEAR, 3, 20),
            outcome="予以公开",
        ),
    )
    annual_reports.create(services, YEAR, rf.FORMAT_2021)
    annual_reports.fill(services, YEAR)
    annual_reports.sign(services, YEAR, "张主任", on=dt.date(YEAR + 1, 1, 15))
    services.requests.update(
        answered.id, replace(answered.draft(), outcome=rf.outcome_label(rf.T3_PARTLY))
    )
    view = open_view()
    drift = {f.cells[0][1] for f in view.findings if f.rule == "台账-1"}
    assert drift == {rf.T3_DISCLOSED, rf.T3_PARTLY}
    view.tabs.setCurrentWidget(view.editor)
    finding = click(view, "台账-1")
    grid = view.tables.grids["三"]
    assert view.tabs.currentWidget() is view.tables
    assert view.tables.currentWidget() is grid
    assert (grid.currentRow(), grid.currentColumn()) == grid.positions[finding.cells[0]]


@pytest.mark.parametrize(
    ("finding", "signal", "expected"),
    [
        (Finding("四-1", WARNING, (), "表四"), "table_requested", ["四"]),
        (Finding("台账-2", WARNING, (), "台账"), "table_requested", [""]),
        (Finding("文字-9", WARNING, (), "正文"), "section_requested", [()]),
    ],
)
def test_a_finding_without_cells_or_section_goes_to_its_table_or_the_text(
    qtbot, finding, signal, expected
):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.set_findings([finding])
    with qtbot.waitSignal(getattr(panel, signal)) as emitted:
        panel.list.itemClicked.emit(panel.list.item(0))
    assert emitted.args == expected


def test_every_rule_id_has_a_plain_explanation():
    """Rule ids are read from the program's own sources, so a new rule without words fails here."""
    import re
    from pathlib import Path

    import desktop_app
    from desktop_app.ui.plain_terms import RULES

    sources = Path(desktop_app.__file__).parent
    used = {
        rule
        for folder in ("domain", "services")
        for path in (sources / folder).glob("*.py")
        for rule in re.findall(r'"((?:二|三|四|跨年|文字|表格|台账)-\d+)"', path.read_text("utf-8"))
    }
    assert len(used) >= 18
    assert used <= set(RULES), sorted(used - set(RULES))


def test_a_finding_explains_its_rule_on_hover(qtbot):
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.set_findings(
        [Finding("三-4", WARNING, (), "某列不平衡"), Finding("未知-9", WARNING, (), "x")]
    )
    assert panel.list.item(0).toolTip() == (
        "规则 三-4：表三中本年新收加上年结转，应等于本年办结加结转下年度继续办理"
    )
    assert panel.list.item(1).toolTip() == ""
