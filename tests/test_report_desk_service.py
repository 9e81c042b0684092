"""The report view's typed service on a real SQLite file: years, findings, stale saves, history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import Section
from desktop_app.domain.report_checks import ERROR
from desktop_app.errors import ConcurrentEditError, UserError
from desktop_app.services.reports import CheckedReport, ReportService

NEW_NATURAL = ("三", rf.T3_NEW, rf.T3_NATURAL)


@pytest.fixture
def reports(services, agency) -> ReportService:
    return services.annual_reports


def test_years_are_those_of_this_agency_oldest_first(reports):
    assert reports.years() == []
    for year in (2023, 2021):
        reports.create(year, rf.FORMAT_2021)
    assert reports.years() == [2021, 2023]


def test_open_gives_the_newest_revision_with_what_the_checker_finds(reports):
    reports.create(2021, rf.FORMAT_2021)
    opened = reports.open(2021)
    assert isinstance(opened, CheckedReport)
    assert opened.report.year == 2021
    before = {f.message for f in opened.findings if f.severity == ERROR}
    # a new request with nothing answered breaks table 三's balance
    edited = reports.set_cell(opened.report, NEW_NATURAL, Decimal(5))
    after = reports.checked(edited)
    assert after.report.value(*NEW_NATURAL) == Decimal(5)
    assert {f.message for f in after.findings if f.severity == ERROR} - before
    with pytest.raises(UserError, match="2020"):
        reports.open(2020)


def test_saving_text_over_a_report_changed_since_is_refused(reports):
    first = reports.create(2021, rf.FORMAT_2021)
    sections = (Section("一、总体情况", ("第一段。",)),)
    saved = reports.save_sections(first, sections)
    assert reports.current(2021).sections[0].paragraphs == ("第一段。",)
    with pytest.raises(ConcurrentEditError):
        reports.save_sections(first, (Section("一、总体情况", ("旧副本。",)),))
    assert reports.current(2021).version == saved.version


def test_history_lists_each_revision_after_sign_and_reopen(reports):
    reports.create(2021, rf.FORMAT_2021)
    reports.sign(2021, "王局长", "测试", dt.date(2022, 1, 10), False)
    reports.reopen(2021)
    history = reports.history(2021)
    assert [r.report.revision for r in history] == [1, 2]
    assert [r.report.read_only for r in history] == [True, False]
