"""Benchmark data: a SQLite catalog of N (default 100,000) invented entries, saved with add_many.

Usage: .venv/bin/python bench/make_catalog.py OUT.sqlite [N]   (--help for the options)
The entries are deterministic (fixed seed) and spread over ten years and the default tree, so
searches for two- and four-character Chinese words hit a realistic share of rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from desktop_app.app import open_services
from desktop_app.domain.catalog import DISCLOSURE_FORMS, GENRES, EntryDraft

AGENCY = ("青溪县应急管理局", "11330727775738086F")
SUBJECTS = (
    "安全生产",
    "防汛抗旱",
    "森林防火",
    "危险化学品",
    "地质灾害",
    "应急救援",
    "救灾物资",
    "烟花爆竹",
    "隐患排查",
    "执法检查",
    "应急演练",
    "防灾减灾",
    "有限空间",
    "城镇燃气",
)
KINDS = (
    "工作方案",
    "实施意见",
    "检查通报",
    "专项整治通知",
    "宣传活动总结",
    "培训计划",
    "处罚决定书",
    "预算公开",
    "采购公告",
    "统计月报",
)
FIRST_YEAR, YEARS = 2015, 10


def drafts(count: int, node_ids: list[int]) -> list[EntryDraft]:
    rng = random.Random(20240601)
    result = []
    for n in range(count):
        year = FIRST_YEAR + n * YEARS // count
        on = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        subject, kind = rng.choice(SUBJECTS), rng.choice(KINDS)
        result.append(
            EntryDraft(
                title=f"关于{year}年{rng.choice(SUBJECTS)}{subject}{kind}（第{n % 97 + 1}号）",
                generated_on=on,
                published_on=on + dt.timedelta(days=rng.randrange(5)),
                disclosure_form=rng.choice(DISCLOSURE_FORMS[:2]),
                doc_number=f"青应急〔{year}〕{n % 300 + 1}号" if n % 3 == 0 else "",
                publisher="青溪县应急管理局",
                node_id=rng.choice(node_ids),
                genre=rng.choice(GENRES),
                keywords=f"{subject} {kind[:2]}",
                summary=f"{subject}相关{kind}。",
            )
        )
    return result


def make(path: Path, count: int) -> float:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as data_dir:
        services = open_services(str(path), data_dir)
        try:
            agency = services.agencies.create(*AGENCY)
            services.classification.seed_default()
            node_ids = [node.id for node in services.classification.nodes()]
            services.catalog.add_many(agency.id, drafts(count, node_ids))
        finally:
            services.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description="生成基准测试用的目录数据库（虚构条目，固定随机种子）"
    )
    parser.add_argument("out", type=Path, help="要创建的 SQLite 文件（不能已存在）")
    parser.add_argument("count", type=int, nargs="?", default=100_000, help="条目数，默认 100000")
    args = parser.parse_args()
    if args.out.exists():
        sys.exit(f"{args.out} 已存在，请先删除或换一个文件名")
    print(f"{args.count} 条目录已写入 {args.out}，用时 {make(args.out, args.count):.1f} 秒")


if __name__ == "__main__":
    main()
