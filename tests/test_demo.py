"""The `demo` command: a fictional agency with a few hundred valid, varied entries over three years."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pytest

from desktop_app.app import open_services
from desktop_app.cli import run
from desktop_app.domain.catalog import validate_draft
from desktop_app.domain.identifiers import uscc_problem
from desktop_app.errors import UserError
from desktop_app.export.catalog_table import export_catalog
from desktop_app.services.demo import create_demo

TODAY = dt.date(2025, 3, 1)


@pytest.fixture
def empty(tmp_path):
    services = open_services(str(tmp_path / "demo.sqlite"), tmp_path / "data")
    yield services
    services.close()


@pytest.fixture
def demo(empty):
    agency = create_demo(empty, today=TODAY)
    return agency, empty.catalog.all()


def test_demo_agency_has_a_valid_code(demo):
    agency, _entries = demo
    assert agency.name.endswith("应急管理局")
    assert uscc_problem(agency.code) is None


def test_a_few_hundred_valid_entries_over_the_three_years_before_today(demo):
    agency, entries = demo
    assert 200 <= len(entries) <= 500
    per_year = Counter(e.generated_on.year for e in entries)
    assert set(per_year) == {2022, 2023, 2024}
    assert min(per_year.values()) >= 60
    assert all(validate_draft(e.draft()) == [] for e in entries)
    assert len({e.index_no for e in entries}) == len(entries)
    assert all(
        agency.pattern.serial_of(e.index_no, agency.code, e.generated_on.year) for e in entries
    )


def test_entries_are_spread_over_the_tree_and_genres(demo):
    _agency, entries = demo
    paths = Counter(e.node_path for e in entries)
    assert len(paths) >= 12
    assert "" not in paths
    assert {"政府信息公开年度报告", "政府信息公开指南", "法定主动公开内容/统计信息"} <= set(paths)
    genres = Counter(e.genre for e in entries)
    assert genres["规章"] >= 1
    assert genres["行政规范性文件"] >= 10
    forms = Counter(e.disclosure_form for e in entries)
    assert set(forms) == {"主动公开", "依申请公开", "不予公开"}
    limited = [e for e in entries if e.period == "限期公开"]
    assert limited
    assert all(e.period_end > e.generated_on for e in limited)


def test_some_rules_are_repealed_after_they_were_issued(demo):
    _agency, entries = demo
    rules = [e for e in entries if e.genre in ("规章", "行政规范性文件")]
    repealed = [e for e in rules if e.validity == "废止"]
    assert 2 <= len(repealed) < len(rules)
    assert all(e.generated_on < e.validity_date <= dt.date(2024, 12, 31) for e in repealed)
    assert all(e.validity == "有效" for e in entries if e.genre not in ("规章", "行政规范性文件"))


def test_document_numbers_run_per_series_and_year(demo):
    _agency, entries = demo
    numbered = [e for e in entries if e.doc_number]
    assert len(numbered) > 50
    pattern = re.compile(r"(青应急(?:规|罚)?)〔(\d{4})〕(\d+)号")
    series: dict[tuple[str, int], list[int]] = {}
    for entry in sorted(numbered, key=lambda e: (e.generated_on, e.index_no)):
        match = pattern.fullmatch(entry.doc_number)
        assert match, entry.doc_number
        assert int(match[2]) == entry.generated_on.year
        series.setdefault((match[1], int(match[2])), []).append(int(match[3]))
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in series.values())
    penalties = [e for e in numbered if e.doc_number.startswith("青应急罚")]
    assert all(e.doc_number in e.title for e in penalties)


def test_demo_is_the_same_on_every_run(demo, tmp_path):
    _agency, entries = demo
    again = open_services(str(tmp_path / "again.sqlite"), tmp_path / "data")
    try:
        create_demo(again, today=TODAY)
        export_catalog(entries, tmp_path / "one.csv")
        export_catalog(again.catalog.all(), tmp_path / "two.csv")
    finally:
        again.close()
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_demo_refuses_a_database_that_has_an_agency(services):
    before = services.catalog.count()
    with pytest.raises(UserError, match="已有机关“青溪县应急管理局”"):
        create_demo(services)
    assert services.catalog.count() == before
    assert len(services.agencies.all()) == 1


def test_cli_demo_then_list_json(tmp_path, capsys):
    db = str(tmp_path / "cli.sqlite")
    assert run(["--db", db, "demo"]) == 0
    out = capsys.readouterr().out
    count = int(re.search(r"共 (\d+) 条目录", out)[1])

    assert run(["--db", db, "catalog", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == count >= 200
    last_year = dt.date.today().year - 1
    assert {int(e["生成日期"][:4]) for e in listed} == {last_year - 2, last_year - 1, last_year}
    assert {"索引号", "信息名称", "主题分类", "有效性", "失效/废止日期"} <= set(listed[0])

    assert run(["--db", db, "demo"]) == 1
    assert "演示数据只能装入新的空数据库" in capsys.readouterr().err


def test_demo_register_fills_reports_that_reconcile(empty):
    """The demo's register feeds a 2021 report whose every consistency rule holds."""
    import datetime as dt

    from desktop_app.domain import report_format as rf
    from desktop_app.services import annual_reports
    from desktop_app.services.demo import create_demo

    create_demo(empty, today=dt.date(2026, 3, 1))
    requests = empty.requests.all()
    assert 50 <= len(requests) <= 90
    assert any(r.answered_on is None for r in requests)
    by_number = sorted(
        requests, key=lambda r: r.number
    )  # a register numbers requests as they arrive
    assert [r.received_on for r in by_number] == sorted(r.received_on for r in requests)
    report = annual_reports.fill(empty, 2025)  # the demo's draft, filled again
    assert report.value("三", rf.T3_NEW, rf.T3_TOTAL) > 0
    assert [f for f in annual_reports.check(empty, 2025) if f.severity == "error"] == []


def test_demo_reports_signed_for_earlier_years_and_a_draft_for_the_last(empty):
    from desktop_app.domain import report_format as rf
    from desktop_app.domain.annual_report import DRAFT, SIGNED, numbered
    from desktop_app.services import annual_reports

    create_demo(empty, today=dt.date(2026, 3, 1))
    agency = empty.agencies.current()
    assert empty.reports.years(agency.id) == [2023, 2024, 2025]
    statuses = [annual_reports.current(empty, y).status for y in (2023, 2024, 2025)]
    assert statuses == [SIGNED, SIGNED, DRAFT]
    for year in (2023, 2024, 2025):
        report = annual_reports.current(empty, year)
        assert [f for f in annual_reports.check(empty, year) if f.severity == "error"] == []
        new = int(report.value("三", rf.T3_NEW, rf.T3_TOTAL))
        text = "".join(p for item in numbered(report.sections) for p in item.section.paragraphs)
        assert f"全年新收政府信息公开申请{new}件" in text  # the text agrees with table 三
    carried = annual_reports.current(empty, 2023).value("三", rf.T3_CARRIED_OUT, rf.T3_TOTAL)
    assert annual_reports.current(empty, 2024).value("三", rf.T3_CARRIED_IN, rf.T3_TOTAL) == carried
