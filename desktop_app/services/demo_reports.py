"""The demo agency's annual reports: one per demo year in the 2021 format, tables filled from the
demo register and catalog, signed for the earlier years and left as a draft for the last one.

The texts are written for this demo; their figures are read from the filled tables and the catalog,
so they agree with the statistics as a real report must.
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import AnnualReport, Cell, Section
from desktop_app.domain.catalog import CatalogEntry
from desktop_app.services import annual_reports

if TYPE_CHECKING:
    from desktop_app.services.context import Services

SIGNER = "陈志远"  # fictional head of the demo agency
PROBLEMS = (
    (
        "行政处罚决定公开时间不够统一，个别决定书在作出后超过七个工作日才发布。",
        "建立执法信息公开台账，由法规科每周核对一次发布情况，确保按时公开。",
    ),
    (
        "政策解读形式较为单一，以文字解读为主，群众阅读体验不佳。",
        "增加图表、问答和短视频等解读形式，重要文件做到解读材料与文件同步起草、同步发布。",
    ),
    (
        "公开目录中部分早年信息的有效性标注不完整，影响群众查阅。",
        "开展目录清理，对失效、废止的文件逐条标注日期，并定期复核现行有效文件。",
    ),
)


def add_demo_reports(services: Services, years: range, rng: random.Random) -> list[AnnualReport]:
    """Create, fill and write a report for each year (oldest first, so 上年结转 carries over)."""
    reports = []
    for year in years:
        annual_reports.create(services, year, rf.FORMAT_2021)
        entries = services.catalog.all(year)
        report = _typed_table_two(annual_reports.fill(services, year), entries, rng)
        report = annual_reports.save(services, replace(report, sections=_sections(report, entries)))
        if year != years[-1]:
            report = _sign_as_published(services, report)
        reports.append(report)
    return reports


def _sign_as_published(services: Services, report: AnnualReport) -> AnnualReport:
    """Sign on the day the demo catalog published the report, and link that catalog entry."""
    entry = next(e for e in services.catalog.all(report.year + 1) if e.title == report.title)
    signed, _ = annual_reports.sign(services, report.year, SIGNER, on=entry.generated_on)
    services.reports.link_catalog_entry(signed.saved_id, entry.id)
    return signed


def _typed_table_two(
    report: AnnualReport, entries: list[CatalogEntry], rng: random.Random
) -> AnnualReport:
    """The counts staff type in table 二: penalties as published in the catalog, the rest invented."""
    penalties = sum(1 for e in entries if e.title.startswith("行政处罚决定书"))
    typed = {
        ("二", "行政许可", rf.T2_DECISIONS): Decimal(rng.randint(60, 140)),
        ("二", "行政处罚", rf.T2_DECISIONS): Decimal(penalties),
        ("二", "行政强制", rf.T2_DECISIONS): Decimal(rng.randint(0, 4)),
        ("二", "行政事业性收费", rf.T2_FEE_AMOUNT): Decimal(0),
    }
    for key, value in typed.items():
        report = report.with_cell(key, Cell(value))
    return report


def _sections(report: AnnualReport, entries: list[CatalogEntry]) -> tuple[Section, ...]:
    year = report.year

    def t3(row: str) -> int:
        return int(report.value("三", row, rf.T3_TOTAL) or 0)

    published = len(entries)
    penalties = int(report.value("二", "行政处罚", rf.T2_DECISIONS) or 0)  # as typed in table 二
    problem, remedy = PROBLEMS[year % len(PROBLEMS)]
    overview = (
        Section(
            "主动公开",
            (
                f"全年在县政府门户网站本局栏目主动公开政府信息{published}条，其中行政处罚决定"
                f"{penalties}条；重要政策文件均同步发布解读材料。",
            ),
        ),
        Section(
            "依申请公开",
            (
                f"全年新收政府信息公开申请{t3(rf.T3_NEW)}件，上年结转{t3(rf.T3_CARRIED_IN)}件，"
                f"办结{t3(rf.T3_RESULT_TOTAL)}件，均在法定期限内答复；"
                f"结转下年度继续办理{t3(rf.T3_CARRIED_OUT)}件。",
            ),
        ),
        Section(
            "政府信息管理",
            (
                "严格执行公开前保密审查，拟公开信息逐条登记、由科室负责人和分管领导两级审核；"
                "及时标注失效、废止的行政规范性文件。",
            ),
        ),
        Section(
            "平台建设",
            ("按主题分类维护政府信息公开目录，做到目录条目与网站发布内容一一对应。",),
        ),
        Section(
            "监督保障",
            (
                "将政府信息公开纳入年度重点工作，明确分管领导和专职人员，"
                f"全年组织业务培训{year % 3 + 2}次。",
            ),
        ),
    )
    return (
        Section(
            rf.SECTIONS_2021[0],
            (
                f"{year}年，本局围绕安全生产、防灾减灾和应急救援中心工作，以公开促落实、以公开强监管，"
                "扎实做好政府信息公开各项工作。",
            ),
            overview,
        ),
        Section(rf.SECTIONS_2021[1]),
        Section(rf.SECTIONS_2021[2]),
        Section(rf.SECTIONS_2021[3]),
        Section(rf.SECTIONS_2021[4], (f"本年度存在的主要问题：{problem}", f"改进措施：{remedy}")),
        Section(rf.SECTIONS_2021[5], ("本年度未收取信息处理费，无其他需要报告的事项。",)),
    )
