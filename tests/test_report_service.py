"""Annual-report use cases on SQLite and PostgreSQL: create, carry-over, overrides, sign, reopen, fill, PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from decimal import Decimal

import pdfplumber
import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import (
    COMPUTED,
    DRAFT,
    OVERRIDDEN,
    SIGNED,
    Cell,
    Section,
    SignOff,
    content_hash,
)
from desktop_app.domain.catalog import EntryDraft
from desktop_app.errors import UserError
from desktop_app.services import annual_reports as ar


@pytest.fixture
def services(any_db):
    """Every test here runs on SQLite and, when a server is reachable, on PostgreSQL."""
    return any_db


def _balanced(services, year, new=3, carried_in=1, disclosed=2, carried_out=2):
    """A 2021 report whose table 三 (自然人 only) satisfies every rule."""
    report = ar.create(services, year, rf.FORMAT_2021)
    values = {
        rf.T3_NEW: new,
        rf.T3_CARRIED_IN: carried_in,
        rf.T3_DISCLOSED: disclosed,
        rf.T3_RESULT_TOTAL: disclosed,
        rf.T3_CARRIED_OUT: carried_out,
    }
    for row in rf.T3_DATA_ROWS:
        for col in rf.T3_COLUMNS:
            value = values.get(row, 0) if col in (rf.T3_NATURAL, rf.T3_TOTAL) else 0
            report = report.with_cell(("三", row, col), Cell(Decimal(value)))
    for group in rf.T4_GROUPS:
        for col in rf.T4_COLUMNS:
            report = report.with_cell(("四", group, col), Cell(Decimal(0)))
    return ar.save(services, report)


def test_new_2021_report_has_the_six_sections(services, agency):
    report = ar.create(services, 2024, rf.FORMAT_2021)
    assert [s.heading for s in report.sections] == list(rf.SECTIONS_2021)
    assert report.title == f"{agency.name}2024年政府信息公开工作年度报告"
    with pytest.raises(UserError, match="已存在"):
        ar.create(services, 2024, rf.FORMAT_2021)


def test_new_report_carries_last_years_open_requests(services):
    _balanced(services, 2023, carried_out=2)
    report = ar.create(services, 2024, rf.FORMAT_2021)
    cell = report.cells[("三", rf.T3_CARRIED_IN, rf.T3_NATURAL)]
    assert cell == Cell(Decimal(2), COMPUTED)


def test_changing_a_computed_cell_needs_a_reason(services):
    _balanced(services, 2023)
    report = ar.create(services, 2024, rf.FORMAT_2021)
    key = ("三", rf.T3_CARRIED_IN, rf.T3_NATURAL)
    with pytest.raises(UserError, match="修正原因"):
        ar.set_cell(services, report, key, Decimal(5))
    changed = ar.set_cell(services, report, key, Decimal(5), "上年台账漏登一件")
    assert changed.cells[key] == Cell(Decimal(5), OVERRIDDEN, "上年台账漏登一件")
    assert ar.current(services, 2024).cells[key].source == OVERRIDDEN


def test_errors_block_signing_unless_a_reason_is_given(services):
    report = _balanced(services, 2024)
    ar.save(services, report.with_cell(("三", rf.T3_NEW, rf.T3_NATURAL), Cell(Decimal(9))))
    with pytest.raises(UserError, match="不能签发"):
        ar.sign(services, 2024, "张主任")
    assert ar.current(services, 2024).status != SIGNED
    signed, _ = ar.sign(
        services, 2024, "张主任", reason="经核实按上报口径签发", on=dt.date(2025, 1, 20)
    )
    assert signed.status == SIGNED
    assert signed.sign_off.reason == "经核实按上报口径签发"


def test_signed_report_is_read_only_and_reopening_keeps_the_old_revision(services):
    _balanced(services, 2024)
    signed, _ = ar.sign(services, 2024, "张主任", on=dt.date(2025, 1, 20))
    assert signed.closing_date == dt.date(2025, 1, 20)
    with pytest.raises(UserError, match="只读"):
        ar.save(services, signed)
    reopened = ar.reopen(services, 2024)
    assert (reopened.revision, reopened.status) == (2, "草稿")
    agency_id = services.agencies.current().id
    first, second = services.reports.revisions(agency_id, 2024)
    assert first.status == SIGNED
    assert first.sign_off.content_hash == signed.sign_off.content_hash
    assert second.cells == first.cells
    assert second.sections == first.sections


def test_signing_can_list_the_report_in_the_catalog(services, agency):
    _balanced(services, 2024)
    _, entry = ar.sign(services, 2024, "张主任", on=dt.date(2025, 1, 20), create_catalog_entry=True)
    assert entry.node_path == "政府信息公开年度报告"
    assert entry.index_no == f"{agency.code}/2025-00001"
    assert entry.title.endswith("2024年政府信息公开工作年度报告")


def test_fill_takes_table_two_from_the_catalog_and_keeps_overrides(services, agency):
    add = services.catalog.add
    rule = add(
        agency.id,
        EntryDraft(
            title="青溪县安全生产行政规范性文件（一）",
            generated_on=dt.date(2023, 4, 1),
            genre="行政规范性文件",
        ),
    )
    add(
        agency.id,
        EntryDraft(
            title="青溪县安全生产行政规范性文件（二）",
            generated_on=dt.date(2024, 6, 1),
            genre="行政规范性文件",
        ),
    )
    services.catalog.withdraw(rule.id, "废止", dt.date(2024, 9, 1))
    ar.create(services, 2024, rf.FORMAT_2021)
    report = ar.fill(services, 2024)
    genre = "行政规范性文件"
    assert report.value("二", genre, rf.T2_ISSUED) == 1
    assert report.value("二", genre, rf.T2_REPEALED) == 1
    assert report.value("二", genre, rf.T2_IN_FORCE) == 1
    assert report.value("三", rf.T3_NEW, rf.T3_TOTAL) == 0
    key = ("二", genre, rf.T2_IN_FORCE)
    ar.set_cell(services, report, key, Decimal(4), "含县政府代发文件")
    assert ar.fill(services, 2024).cells[key] == Cell(Decimal(4), OVERRIDDEN, "含县政府代发文件")


def test_pdf_export_records_the_sha256(services, tmp_path):
    report = _balanced(services, 2024)
    sections = (
        Section("总体情况", ("本年度，我局按照条例要求做好政府信息公开工作。",)),
        *report.sections[1:],
    )
    ar.save(services, replace(report, sections=sections))
    out = tmp_path / "年报.pdf"
    result = ar.export_pdf(services, 2024, "filing", out)
    assert result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert services.reports.pdfs(report.id) == [("filing", str(out.resolve()), result.sha256)]
    with pdfplumber.open(out) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "一、总体情况" in text
    assert "本年度，我局按照条例要求做好政府信息公开工作。" in text
    assert rf.T3_CARRIED_OUT in text


def test_fill_from_register_then_a_later_edit_shows_as_a_discrepancy(services, agency):
    from desktop_app.domain.requests import RequestDraft

    repo = services.requests
    answered = repo.add(
        agency.id,
        RequestDraft(
            received_on=dt.date(2024, 3, 4),
            applicant_type="自然人",
            content="2023年辖区安全生产检查情况",
            answered_on=dt.date(2024, 3, 20),
            outcome="予以公开",
        ),
    )
    repo.add(
        agency.id,
        RequestDraft(
            received_on=dt.date(2024, 12, 20),
            applicant_type="商业企业",
            content="某工贸企业整改复查意见",
        ),
    )
    ar.create(services, 2024, rf.FORMAT_2021)
    report = ar.fill(services, 2024)
    assert report.value("三", rf.T3_NEW, rf.T3_TOTAL) == 2
    assert report.value("三", rf.T3_DISCLOSED, rf.T3_NATURAL) == 1
    assert report.value("三", rf.T3_CARRIED_OUT, "商业企业") == 1
    assert [f.rule for f in ar.check(services, 2024) if f.severity == "error"] == []
    ar.sign(services, 2024, "张主任", on=dt.date(2025, 1, 15))
    assert not [f for f in ar.check(services, 2024) if f.rule == "台账-1"]
    repo.update(answered.id, replace(answered.draft(), outcome=rf.outcome_label(rf.T3_PARTLY)))
    drift = [f for f in ar.check(services, 2024) if f.rule == "台账-1"]
    assert {f.cells[0][1] for f in drift} == {rf.T3_DISCLOSED, rf.T3_PARTLY}
    assert all(f.severity == "warning" for f in drift)


def test_preview_is_the_export_with_the_catalog_header_but_leaves_no_record(services, tmp_path):
    report = _balanced(services, 2024)
    signed, entry = ar.sign(
        services, 2024, "张主任", on=dt.date(2025, 1, 20), create_catalog_entry=True
    )
    preview = ar.preview_pdf(services, signed, "web", tmp_path / "预览.pdf")
    exported = ar.export_pdf(services, 2024, "web", tmp_path / "导出.pdf")
    texts = []
    for path in (preview.path, exported.path):
        with pdfplumber.open(path) as pdf:
            texts.append("".join(page.extract_text() for page in pdf.pages))
    assert entry.index_no in texts[0]  # the web copy's header comes from the linked entry
    assert texts[0] == texts[1]
    assert services.reports.pdfs(report.id) == [
        ("web", str((tmp_path / "导出.pdf").resolve()), exported.sha256)
    ]
    with pytest.raises(UserError, match="副本类型"):
        ar.preview_pdf(services, signed, "draft", tmp_path / "x.pdf")


def test_sign_refuses_a_report_changed_since_it_was_checked(services):
    checked = _balanced(services, 2024)
    ar.save(services, replace(checked, title="在另一台电脑上改过的标题"))  # after this one checked
    final = replace(checked, closing_date=dt.date(2025, 1, 20))
    sign_off = SignOff("张主任", dt.date(2025, 1, 20), content_hash(final))
    with pytest.raises(UserError, match="已被修改"):
        services.reports.sign(final, sign_off, checked=content_hash(checked))
    stored = ar.current(services, 2024)
    assert stored.status == DRAFT
    assert stored.title == "在另一台电脑上改过的标题"
    signed, _ = ar.sign(services, 2024, "张主任", on=dt.date(2025, 1, 20))  # checks the new text
    assert signed.title == "在另一台电脑上改过的标题"
    assert signed.sign_off.content_hash == content_hash(signed)
