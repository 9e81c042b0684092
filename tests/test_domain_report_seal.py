"""The seal in plain Python: what a change is called, and that only the right key verifies."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from desktop_app.domain.annual_report import (
    AnnualReport,
    CatalogData,
    Section,
    SignOff,
    content_hash,
)
from desktop_app.domain.report_seal import (
    INTACT,
    NOT_SIGNED,
    TAMPERED,
    UNVERIFIABLE,
    make_seal,
    verify,
)

KEY, OTHER_KEY = b"k" * 32, b"o" * 32


def _signed() -> AnnualReport:
    report = AnnualReport(
        year=2024,
        format="free",
        title="青溪县应急管理局2024年政府信息公开工作年度报告",
        sections=(
            Section("总体情况", ("甲。",), (Section("制度建设", ("乙。",)),)),
            Section("其他"),
        ),
        closing_date=dt.date(2025, 1, 20),
        revision=2,
    )
    report = replace(report, sign_off=SignOff("张主任", dt.date(2025, 1, 20), content_hash(report)))
    return replace(report, sign_off=replace(report.sign_off, seal=make_seal(KEY, report)))


def _verdict(report: AnnualReport, key: bytes | None = KEY):
    return verify(report, report.sign_off.seal, key)


def test_an_unchanged_report_verifies_only_with_its_key():
    report = _signed()
    assert _verdict(report).status == INTACT
    assert _verdict(report, OTHER_KEY).status == UNVERIFIABLE
    assert _verdict(report, None).status == UNVERIFIABLE
    assert verify(replace(report, sign_off=None), None, KEY).status == NOT_SIGNED


def test_each_change_is_named():
    report = _signed()
    child = replace(report.sections[0].children[0], paragraphs=("丙。",))
    sections = (replace(report.sections[0], children=(child,)), report.sections[1])
    cases = {
        "“（一）制度建设”部分的文字": replace(report, sections=sections),
        "第 2 部分（签发后被删除）": replace(report, sections=report.sections[:1]),
        "“三、新增”部分的文字（签发后新增）": replace(
            report, sections=(*report.sections, Section("新增"))
        ),
        "公开目录信息（索引号、文号等）": replace(report, catalog=CatalogData(index_no="X/2025-1")),
        "落款日期": replace(report, closing_date=dt.date(2025, 2, 1)),
        "签发理由": replace(report, sign_off=replace(report.sign_off, reason="补签")),
    }
    for expected, changed in cases.items():
        verdict = _verdict(changed)
        assert verdict.status == TAMPERED
        assert expected in verdict.differences, (expected, verdict.differences)


def test_the_revision_is_sealed_too():
    """A sealed revision copied over another revision number does not verify."""
    report = _signed()
    assert _verdict(replace(report, revision=3)).status == TAMPERED


def test_a_part_this_version_does_not_know_is_still_reported():
    report = _signed()
    seal = report.sign_off.seal
    parts = {**seal.parts, "attachment": "0" * 16}
    stored = replace(seal, parts=parts)
    verdict = verify(report, stored, KEY)
    assert verdict.status == TAMPERED
    assert verdict.differences == ("其他部分（attachment）",)
