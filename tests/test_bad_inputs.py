"""A corpus of bad inputs through the command line, on SQLite and PostgreSQL alike.

Each case must end with a non-zero exit, a Chinese message naming the field or the path, no
traceback, and the database exactly as it was (every row of every table). The CLI runs in-process
(`desktop_app.cli.run`), one database per engine for the whole corpus, so it stays fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import hashlib
import json
import re
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from desktop_app import staged as staged_module
from desktop_app.cli import run
from desktop_app.db.models import Base
from desktop_app.domain import report_format as rf
from tests.bad_files import huge_dimension, zip_bomb
from tests.conftest import AGENCY_CODE, AGENCY_NAME, drop_database

CHINESE = re.compile(r"[\u4e00-\u9fff]")
NEXT_YEAR = dt.date.today().year + 1
FEE = ("行政事业性收费", rf.T2_FEE_AMOUNT)


@dataclass(frozen=True)
class Case:
    id: str
    argv: tuple[str, ...]  # "{w}" stands for the folder holding the input files
    names: tuple[str, ...]  # each must appear in the message: the field or the path


# -- catalog add ------------------------------------------------------------------------------------
def add(**options: str) -> tuple[str, ...]:
    given = {"title": "安全生产检查通知", "generated": "2024-03-05", **options}
    argv = ["catalog", "add", "--form", "主动公开", "--period", given.pop("period", "长期公开")]
    for name, value in given.items():
        argv += [f"--{name.replace('_', '-')}", value]
    return tuple(argv)


CATALOG_ADD = [
    Case("title NUL", add(title="检查\x00通知"), ("信息名称", "U+0000")),
    Case("title RLO", add(title="通知\u202etxt.exe"), ("信息名称", "U+202E")),
    Case("title LRI", add(title="通知\u2066x"), ("信息名称", "U+2066")),
    Case("title newline", add(title="第一行\n第二行"), ("信息名称", "换行符")),
    Case("title tab inside", add(title="检查\t通知"), ("信息名称", "U+0009")),
    Case("title bell", add(title="检查\x07通知"), ("信息名称", "U+0007")),
    Case("title escape", add(title="\x1b[31m通知"), ("信息名称", "U+001B")),
    Case("title DEL", add(title="通知\x7f"), ("信息名称", "U+007F")),
    Case("title C1 control", add(title="通\x85知"), ("信息名称", "U+0085")),
    Case("title lone surrogate", add(title="通知\ud800"), ("信息名称", "U+D800")),
    Case("title 201 chars", add(title="长" * 201), ("信息名称", "最多 200 字")),
    Case("title 100,000 chars", add(title="长" * 100_000), ("信息名称", "最多 200 字")),
    Case("title empty", add(title=""), ("信息名称",)),
    Case("title spaces", add(title="   "), ("信息名称",)),
    Case("doc number 61", add(doc_number="号" * 61), ("文号", "最多 60 字")),
    Case("doc number control", add(doc_number="应急\x1b〔2024〕1号"), ("文号", "U+001B")),
    Case("publisher 101", add(publisher="局" * 101), ("发布机构", "最多 100 字")),
    Case("publisher NUL", add(publisher="县局\x00"), ("发布机构", "U+0000")),
    Case("genre 41", add(genre="类" * 41), ("体裁分类", "最多 40 字")),
    Case("keywords 201", add(keywords="词" * 201), ("关键词", "最多 200 字")),
    Case("keywords RLO", add(keywords="安全\u202e生产"), ("关键词", "U+202E")),
    Case("summary 2001", add(summary="述" * 2001), ("内容概述", "最多 2000 字")),
    Case("summary NUL", add(summary="第一行\n第二\x00行"), ("内容概述", "U+0000")),
    Case("summary RLO", add(summary="第一行\n\u202e第二行"), ("内容概述", "U+202E")),
    Case("generated 9999", add(generated="9999-01-01"), ("生成日期", "1949-01-01")),
    Case("generated 1900", add(generated="1900-01-01"), ("生成日期", "2100-12-31")),
    Case("generated 1948-12-31", add(generated="1948-12-31"), ("生成日期",)),
    Case("generated 2101-01-01", add(generated="2101-01-01"), ("生成日期",)),
    Case("generated Feb 30", add(generated="2024-02-30"), ("生成日期", "不存在")),
    Case("generated words", add(generated="昨天"), ("生成日期", "不是日期")),
    Case("generated empty", add(generated=""), ("生成日期",)),
    Case("generated year 0", add(generated="0000-01-01"), ("生成日期",)),
    Case("published 2101", add(published="2101-01-01"), ("发布日期",)),
    Case("published before generated", add(published="2024-03-01"), ("发布日期",)),
    Case("period end 9999", add(period="限期公开", period_end="9999-12-31"), ("公开截止日期",)),
    Case("period end missing", add(period="限期公开"), ("公开截止日期",)),
    Case("period end for 长期", add(period_end="2025-01-01"), ("公开截止日期",)),
    Case("node ../../etc", add(node="../../etc"), ("分类名称", "“..”")),
    Case("node a/./b", add(node="其他/./b"), ("分类名称", "“.”")),
    Case("node ..", add(node=".."), ("分类名称",)),
    Case("node 61 chars", add(node="其他/" + "类" * 61), ("分类名称", "最多 60 字")),
    Case("node control", add(node="其他/专\x00题"), ("分类名称", "U+0000")),
    Case("node RLO", add(node="\u202e其他"), ("分类名称", "U+202E")),
    Case("node bad title first", add(node="新分类", title=""), ("信息名称",)),
    Case(
        "form unknown",
        (
            "catalog",
            "add",
            "--title",
            "通知",
            "--generated",
            "2024-03-05",
            "--form",
            "公开",
            "--period",
            "长期公开",
        ),
        ("--form",),
    ),
    Case(
        "title missing",
        (
            "catalog",
            "add",
            "--generated",
            "2024-03-05",
            "--form",
            "主动公开",
            "--period",
            "长期公开",
        ),
        ("--title",),
    ),
]

# -- years ----------------------------------------------------------------------------------------
YEARS = (
    [
        Case(
            f"stats year {year}", ("requests", "stats", "--year", year, "--json"), ("--year", "年")
        )
        for year in ("-1", "0", "99999", "2007", str(NEXT_YEAR + 1), "abc", "2024.5", "")
    ]
    + [
        Case(
            f"report new {year}", ("report", "new", "--year", year, "--format", "2021"), ("--year",)
        )
        for year in ("-1", "0", "99999", "2007", str(NEXT_YEAR + 1))
    ]
    + [
        Case("report fill 1999", ("report", "fill", "--year", "1999"), ("--year",)),
        Case("report check 3000", ("report", "check", "--year", "3000"), ("--year",)),
        Case(
            "report new format",
            ("report", "new", "--year", "2024", "--format", "2019"),
            ("--format",),
        ),
    ]
)


# -- report import-json -----------------------------------------------------------------------------
def report_json(**overrides) -> dict:
    data = {
        "format": "2021",
        "year": 2024,
        "agency": {"name": AGENCY_NAME, "code": AGENCY_CODE},
        "title": "青溪县应急管理局2024年政府信息公开工作年度报告",
        "sections": [{"heading": "一、总体情况", "paragraphs": ["本年度工作有序推进。"]}],
        "tables": {},
    }
    return {**data, **overrides}


def fee_table(value) -> dict:
    return {"二": {FEE[0]: {FEE[1]: value}}}


def count_table(value) -> dict:
    return {"三": {rf.T3_RESULT_TOTAL: {rf.T3_NATURAL: value}}}


JSON_FILES: dict[str, bytes | dict | str] = {
    # NaN and 1e400 (infinity) are not JSON, but Python's reader and others accept them
    "nan.json": json.dumps(report_json(tables=fee_table(float("nan")))),
    "inf.json": json.dumps(report_json(tables=fee_table(1e400))),
    "huge-int.json": report_json(tables=count_table(10**400)),
    "digits-5000.json": json.dumps(report_json()).replace('"year": 2024', '"year": ' + "9" * 5000),
    "negative.json": report_json(tables=count_table(-1)),
    "too-big.json": report_json(tables=count_table(10**12 + 1)),
    "decimals.json": report_json(tables=fee_table(1.23456)),
    "year-0.json": report_json(year=0),
    "year-99999.json": report_json(year=99999),
    "year-2007.json": report_json(year=2007),
    "year-text.json": report_json(year="2024"),
    "title-201.json": report_json(title="报" * 201),
    "title-nul.json": report_json(title="年度报告\x00"),
    "heading-rlo.json": report_json(sections=[{"heading": "\u202e总体情况", "paragraphs": []}]),
    "paragraph-nul.json": report_json(sections=[{"heading": "总体情况", "paragraphs": ["a\x00"]}]),
    "lead-bell.json": report_json(lead=["前言\x07"]),
    "closing-9999.json": report_json(closing_date="9999-01-01"),
    "closing-bad.json": report_json(closing_date="2024-13-01"),
    "agency-name-101.json": report_json(agency={"name": "局" * 101, "code": AGENCY_CODE}),
    "agency-other.json": report_json(agency={"name": AGENCY_NAME, "code": "91330000MA27XL5F7A"}),
    "catalog-nul.json": report_json(catalog={"doc_number": "号\x00"}),
    "reason-esc.json": report_json(
        tables=count_table(1),
        cell_sources={
            "三": {rf.T3_RESULT_TOTAL: {rf.T3_NATURAL: {"source": "overridden", "reason": "\x1b"}}}
        },
    ),
    "not-json.json": "{这不是 JSON",
    "list.json": "[1, 2, 3]",
    "nested.json": "[" * 100_000 + "]" * 100_000,
    "binary.json": b"\x00\xff\xfe\x80garbage",
    "free-with-tables.json": report_json(format="free", tables=count_table(1)),
}
JSON_NAMES = {
    "nan.json": "二",
    "inf.json": "二",
    "huge-int.json": "数值过大",
    "digits-5000.json": "digits-5000.json",
    "negative.json": "不能为负数",
    "too-big.json": "数值过大",
    "decimals.json": "小数位过多",
    "year-0.json": "year",
    "year-99999.json": "year",
    "year-2007.json": "year",
    "year-text.json": "year",
    "title-201.json": "title",
    "title-nul.json": "title",
    "heading-rlo.json": "heading",
    "paragraph-nul.json": "paragraphs",
    "lead-bell.json": "lead",
    "closing-9999.json": "closing_date",
    "closing-bad.json": "closing_date",
    "agency-name-101.json": "agency.name",
    "agency-other.json": "机构代码",
    "catalog-nul.json": "catalog.doc_number",
    "reason-esc.json": "reason",
    "not-json.json": "not-json.json",
    "list.json": "JSON 对象",
    "nested.json": "nested.json",
    "binary.json": "binary.json",
    "free-with-tables.json": "tables",
}
IMPORT_JSON = [
    Case(f"import-json {name}", ("report", "import-json", f"{{w}}/{name}"), (JSON_NAMES[name],))
    for name in JSON_FILES
] + [Case("import-json missing", ("report", "import-json", "{w}/none.json"), ("none.json",))]

# -- requests import ---------------------------------------------------------------------------------
REGISTER = [
    "编号",
    "收到日期",
    "申请人类型",
    "申请人",
    "申请内容",
    "办理结果",
    "办结日期",
    "信息处理费",
    "联系电话",
    "证件号码",
    "通信地址",
    "电子邮箱",
    "备注",
    "补正通知日期",
]
GOOD_REQUEST = {
    "收到日期": "2024-03-05",
    "申请人类型": "自然人",
    "申请人": "张某",
    "申请内容": "城区排水规划",
    "办理结果": "予以公开",
    "办结日期": "2024-03-20",
}
REQUEST_ROWS = {
    "fee-nan": ({"信息处理费": "NaN"}, "信息处理费"),
    "fee-inf": ({"信息处理费": "Infinity"}, "信息处理费"),
    "fee-1e20": ({"信息处理费": "1e20"}, "信息处理费"),
    "fee-negative": ({"信息处理费": "-5"}, "信息处理费"),
    "fee-decimals": ({"信息处理费": "1.234"}, "信息处理费"),
    "fee-words": ({"信息处理费": "十元"}, "信息处理费"),
    "name-100000": ({"申请人": "名" * 100_000}, "申请人"),
    "name-nul": ({"申请人": "张\x00某"}, "申请人"),
    "phone-1000": ({"联系电话": "1" * 1000}, "联系电话"),
    "phone-rlo": ({"联系电话": "\u202e138"}, "联系电话"),
    "id-41": ({"证件号码": "3" * 41}, "证件号码"),
    "address-201": ({"通信地址": "址" * 201}, "通信地址"),
    "email-control": ({"电子邮箱": "a@b\x1bc"}, "电子邮箱"),
    "content-nul": ({"申请内容": "排水\x00规划"}, "申请内容"),
    "content-2001": ({"申请内容": "容" * 2001}, "申请内容"),
    "content-rlo": ({"申请内容": "排水\u202e规划"}, "申请内容"),
    "remarks-1001": ({"备注": "备" * 1001}, "备注"),
    "number-41": ({"编号": "9" * 41}, "编号"),
    "number-rlo": ({"编号": "2024-\u202e1"}, "编号"),
    "received-9999": ({"收到日期": "9999-01-01"}, "收到日期"),
    "received-1900": ({"收到日期": "1900-01-01", "办结日期": ""}, "收到日期"),
    "received-bad": ({"收到日期": "2024-02-30"}, "收到日期"),
    "answered-before": ({"办结日期": "2024-03-01"}, "办结日期"),
    "answered-2101": ({"办结日期": "2101-01-01"}, "办结日期"),
    "event-9999": ({"补正通知日期": "9999-01-01"}, "补正通知日期"),
    "type-unknown": ({"申请人类型": "外星人"}, "申请人类型"),
    "outcome-unknown": ({"办理结果": "随便"}, "办理结果"),
}
REQUESTS_IMPORT = [
    Case(f"requests import {name}", ("requests", "import", f"{{w}}/{name}.csv"), (column,))
    for name, (_, column) in REQUEST_ROWS.items()
]

# -- catalog import ---------------------------------------------------------------------------------
CATALOG = [
    "信息名称",
    "生成日期",
    "主题分类",
    "内容概述",
    "索引号",
    "发布日期",
    "有效性",
    "失效/废止日期",
]
CATALOG_ROWS = {
    "title-nul": ({"信息名称": "通知\x00"}, "信息名称"),
    "title-rlo": ({"信息名称": "通知\u202e"}, "信息名称"),
    "title-201": ({"信息名称": "长" * 201}, "信息名称"),
    "generated-9999": ({"生成日期": "9999-01-01"}, "生成日期"),
    "published-2101": ({"发布日期": "2101-01-01"}, "发布日期"),
    "node-dotdot": ({"主题分类": "../../etc"}, "主题分类"),
    "node-dot": ({"主题分类": "其他/./x"}, "主题分类"),
    "summary-2001": ({"内容概述": "述" * 2001}, "内容概述"),
    "summary-nul": ({"内容概述": "述\x00"}, "内容概述"),
    "index-control": ({"索引号": "LEGACY\x1b-1"}, "索引号"),
    "index-65": ({"索引号": "A" * 65}, "索引号"),
    "repealed-9999": ({"有效性": "废止", "失效/废止日期": "9999-01-01"}, "失效/废止日期"),
}
CATALOG_IMPORT = [
    Case(f"catalog import {name}", ("catalog", "import", f"{{w}}/c-{name}.csv"), (column,))
    for name, (_, column) in CATALOG_ROWS.items()
]

# -- files and output targets -----------------------------------------------------------------------
FILES = [
    Case("catalog import bomb", ("catalog", "import", "{w}/bomb.xlsx"), ("bomb.xlsx", "解压后")),
    Case("requests import bomb", ("requests", "import", "{w}/bomb.xlsx"), ("bomb.xlsx",)),
    Case("catalog import dimension", ("catalog", "import", "{w}/wide.xlsx"), ("wide.xlsx",)),
    Case("requests import dimension", ("requests", "import", "{w}/wide.xlsx"), ("wide.xlsx",)),
    Case("catalog import not xlsx", ("catalog", "import", "{w}/fake.xlsx"), ("fake.xlsx",)),
    Case("requests import not xlsx", ("requests", "import", "{w}/fake.xlsx"), ("fake.xlsx",)),
    Case("catalog import .xls", ("catalog", "import", "{w}/old.xls"), (".xls",)),
    Case("catalog import missing", ("catalog", "import", "{w}/none.csv"), ("none.csv",)),
    Case("requests import missing", ("requests", "import", "{w}/none.csv"), ("none.csv",)),
    Case("requests import a folder", ("requests", "import", "{w}/folder.csv"), ("folder.csv",)),
    Case(
        "catalog export missing folder",
        ("catalog", "export", "{w}/nowhere/x.csv"),
        ("nowhere", "不存在"),
    ),
    Case(
        "catalog export to a folder",
        ("catalog", "export", "{w}/folder.csv"),
        ("folder.csv", "文件夹"),
    ),
    Case("catalog export .txt", ("catalog", "export", "{w}/x.txt"), (".txt",)),
    Case(
        "requests export missing folder", ("requests", "export", "{w}/nowhere/x.xlsx"), ("nowhere",)
    ),
    Case("requests export to a folder", ("requests", "export", "{w}/folder.csv"), ("folder.csv",)),
    Case(
        "report export missing folder",
        ("report", "export", "--year", "2024", "--copy", "filing", "--out", "{w}/nowhere/r.pdf"),
        ("nowhere", "不存在"),
    ),
    Case(
        "report export to a folder",
        ("report", "export", "--year", "2024", "--copy", "web", "--out", "{w}/folder.csv"),
        ("folder.csv", "文件夹"),
    ),
    Case(
        "export-json missing folder",
        ("report", "export-json", "--year", "2024", "--out", "{w}/nowhere/r.json"),
        ("nowhere", "不存在"),
    ),
    Case(
        "export-json to a folder",
        ("report", "export-json", "--year", "2024", "--out", "{w}/folder.csv"),
        ("folder.csv", "文件夹"),
    ),
    Case(
        "export-json no report",
        ("report", "export-json", "--year", "2023", "--out", "{w}/r.json"),
        ("2023",),
    ),
    Case("import-json 30 MB", ("report", "import-json", "{w}/sparse.json"), ("sparse.json", "MB")),
    Case(
        "import-text 30 MB",
        ("report", "import-text", "{w}/sparse.json", "--year", "2023"),
        ("sparse.json",),
    ),
    Case(
        "rollup nested",
        ("report", "rollup", "{w}/nested.json", "--out", "{w}/r.json"),
        ("nested.json",),
    ),
    Case(
        "rollup 5000 digits",
        ("report", "rollup", "{w}/digits-5000.json", "--out", "{w}/r.json"),
        ("digits-5000.json",),
    ),
    Case(
        "rollup year 99999",
        ("report", "rollup", "{w}/year-99999.json", "--out", "{w}/r.json"),
        ("year-99999.json", "year"),
    ),
    Case(
        "rollup to a folder",
        ("report", "rollup", "{w}/good-report.json", "--out", "{w}/folder.csv"),
        ("folder.csv", "文件夹"),
    ),
    Case(
        "rollup missing folder",
        ("report", "rollup", "{w}/good-report.json", "--out", "{w}/nowhere/r.json"),
        ("nowhere", "不存在"),
    ),
    Case(
        "ambiguous option",
        ("report", "export", "--year", "2024", "--c", "filing", "--out", "x.pdf"),
        ("--c", "不明确"),
    ),
    Case("option without value", ("requests", "stats", "--year"), ("--year", "需要一个取值")),
    Case("unknown option", ("catalog", "list", "--xml"), ("--xml", "无法识别")),
    Case(
        "init twice",
        ("init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE),
        ("已初始化",),
    ),
    Case(
        "init second agency",
        ("init", "--agency-name", "另一机关", "--agency-code", "91330000MA27XL5F7A"),
        ("已初始化",),
    ),
    # SQLite names the missing folder; PostgreSQL is not backed up by the program at all.
    Case("backup to missing folder", ("backup", "{w}/nowhere/b.zip"), ("备份",)),
]

CASES = CATALOG_ADD + YEARS + IMPORT_JSON + REQUESTS_IMPORT + CATALOG_IMPORT + FILES


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 100
    assert len({case.id for case in CASES}) == len(CASES)


# -- running ----------------------------------------------------------------------------------------
def _write_inputs(folder: Path) -> None:
    for name, content in JSON_FILES.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    for name, (row, _) in REQUEST_ROWS.items():
        _csv(folder / f"{name}.csv", REGISTER, {**GOOD_REQUEST, **row})
    for name, (row, _) in CATALOG_ROWS.items():
        _csv(
            folder / f"c-{name}.csv", CATALOG, {"信息名称": "通知", "生成日期": "2024-03-05", **row}
        )
    zip_bomb(folder / "bomb.xlsx", CATALOG + REGISTER, unpacked_mb=210)
    huge_dimension(folder / "wide.xlsx", CATALOG + REGISTER)
    (folder / "fake.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "folder.csv").mkdir()
    with (folder / "sparse.json").open("wb") as sparse:  # 30 MB on paper, nothing on disk
        sparse.truncate(30 * 2**20)
    (folder / "good-report.json").write_text(json.dumps(report_json()), encoding="utf-8")
    (folder / "nul.txt").write_text("一、总体情况\n本年度\x00工作有序推进。\n", encoding="utf-8")


def _csv(path: Path, header: list[str], values: dict[str, str]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([header, [values.get(column, "") for column in header]])


def _url(target: str) -> str:
    return target if "://" in target else f"sqlite:///{target}"


def fingerprint(engine) -> str:
    """A hash of every row of every table (and the schema revision)."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            for row in connection.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
        digest.update(
            repr(connection.execute(text("SELECT version_num FROM alembic_version")).all()).encode()
        )
    return digest.hexdigest()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """Every input file of the corpus, made once for both engines."""
    folder = tmp_path_factory.mktemp("inputs")
    _write_inputs(folder)
    _csv(folder / "good.csv", REGISTER, GOOD_REQUEST)
    return folder


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def corpus_db(request, tmp_path_factory, inputs):
    """A database with an agency, catalog entries, a request and a 2024 report, and the inputs."""
    folder = tmp_path_factory.mktemp("corpus")
    if request.param == "sqlite":
        target = str(folder / "corpus.sqlite")
        drop = None
    else:
        admin_url = request.getfixturevalue("_pg_admin_url")
        name = f"dd_corpus_{uuid.uuid4().hex[:12]}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        target = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

        def drop():
            with admin.connect() as connection:
                drop_database(connection, name)
            admin.dispose()

    base = ["--db", target, "--data-dir", str(folder / "data")]
    for argv in (
        ["init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE],
        add(),
        [*add(title="防汛抗旱工作方案", node="其他/专题"), "--create-categories"],
        ["requests", "import", str(inputs / "good.csv")],
        ["report", "new", "--year", "2024", "--format", "2021"],
    ):
        assert run([*base, *argv]) == 0, argv
    engine = create_engine(_url(target))
    yield engine, base, inputs
    engine.dispose()
    if drop:
        drop()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(corpus_db, case, capsys):
    engine, base, inputs = corpus_db
    before = fingerprint(engine)
    argv = [part.replace("{w}", str(inputs)) for part in case.argv]
    code, crash = _run([*base, *argv])
    err = capsys.readouterr().err
    assert crash is None, crash
    assert code not in (0, None), err
    assert "Traceback" not in err
    assert CHINESE.search(err), err
    for name in case.names:
        assert name.replace("{w}", str(inputs)) in err, err[:500]
    assert fingerprint(engine) == before
    assert not list(inputs.rglob("*.tmp"))  # nothing half-written left behind


def _run(argv: list[str]) -> tuple[int | None, str | None]:
    """Exit code, and the traceback of anything that escaped the command line's own handling."""
    try:
        return run(argv), None
    except SystemExit as exit_:  # argparse
        return exit_.code, None
    except Exception:  # noqa: BLE001 - what a user would have seen as a traceback
        return None, traceback.format_exc()


# -- what cannot be made with files alone: a full disk, a file open in another program ------------
OUTPUTS = {
    "catalog export": ("catalog", "export", "{out}"),
    "requests export": ("requests", "export", "{out}", "--with-applicants"),
    "report export-json": ("report", "export-json", "--year", "2024", "--out", "{out}"),
    "report export": ("report", "export", "--year", "2024", "--copy", "filing", "--out", "{out}"),
}
FAILURES = {
    "disk full": (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间已满"),
    "locked (Windows)": (PermissionError(errno.EACCES, "Permission denied"), "其他程序中打开"),
    "read-only disk": (OSError(errno.EROFS, "Read-only file system"), "没有写入权限"),
}


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("command", OUTPUTS)
def test_a_target_that_cannot_be_written_keeps_the_old_file(
    corpus_db, command, failure, capsys, monkeypatch, tmp_path
):
    engine, base, _inputs = corpus_db
    suffix = {"report export": ".pdf", "report export-json": ".json"}.get(command, ".csv")
    out = tmp_path / f"旧文件{suffix}"
    out.write_bytes(b"old content")
    error, words = FAILURES[failure]

    def refuse(_source, _target):
        raise error

    monkeypatch.setattr(staged_module.os, "replace", refuse)
    before = fingerprint(engine)
    argv = [part.replace("{out}", str(out)) for part in OUTPUTS[command]]
    code, crash = _run([*base, *argv])
    err = capsys.readouterr().err
    assert crash is None, crash
    assert code == 1
    assert err.count("\n") == 1, err
    assert err.startswith(f"错误：无法写入 {out}"), err
    assert words in err
    assert out.read_bytes() == b"old content"
    # nothing beside the old file (the program's own data folder, its font cache, may be there)
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == [out.name]
    assert fingerprint(engine) == before


def test_a_zero_byte_database_file_is_refused_and_left_as_it_is(tmp_path, capsys):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    for argv in (
        ["catalog", "list"],
        ["init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE],
    ):
        assert run(["--db", str(empty), "--data-dir", str(tmp_path / "data"), *argv]) == 1
        err = capsys.readouterr().err
        assert f"数据库文件 {empty} 是空文件（0 字节）" in err
    assert empty.stat().st_size == 0
    assert [p.name for p in tmp_path.glob("empty*")] == ["empty.sqlite"]  # no -wal, no -journal


@pytest.mark.parametrize(
    ("option", "value", "names"),
    [
        (
            "--index-pattern",
            "{code}/{year}-{serial:05d}" + "x" * 500,
            ("索引号格式", "最多 100 字"),
        ),
        ("--agency-name", "局" * 101, ("机关名称", "最多 100 字")),
        ("--agency-name", "应急\x00管理局", ("机关名称", "U+0000")),
        ("--agency-name", "\u202e应急管理局", ("机关名称", "U+202E")),
    ],
)
def test_init_refuses_what_the_columns_cannot_hold(
    any_db_target, tmp_path, capsys, option, value, names
):
    given = {"--agency-name": AGENCY_NAME, "--agency-code": AGENCY_CODE, option: value}
    argv = ["--db", any_db_target, "--data-dir", str(tmp_path / "data"), "init"]
    code, crash = _run([*argv, *(part for pair in given.items() for part in pair)])
    err = capsys.readouterr().err
    assert crash is None, crash
    assert code == 1
    for name in names:
        assert name in err
    engine = create_engine(_url(any_db_target))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM agency")).scalar() == 0
    finally:
        engine.dispose()
