"""Catalog import/export: encodings, header aliases, row checks, all-or-nothing, round trip, CLI."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.app import open_services
from desktop_app.cli import run
from desktop_app.domain.catalog import CatalogEntry, EntryDraft
from desktop_app.errors import UserError, ValidationError
from desktop_app.export.catalog_table import HEADER, export_catalog
from desktop_app.services.catalog_import import (
    ImportCancelled,
    ImportRefused,
    import_catalog,
    missing_categories,
    read_catalog_file,
)

AGENCY_NAME = "青溪县应急管理局"  # as registered by the `services` fixture
AGENCY_CODE = "11330727775738086F"
COLUMNS = [
    "索引号",
    "信息名称",
    "文号",
    "生成日期",
    "公开形式",
    "公开时限",
    "主题分类",
    "关键词",
    "有效性",
    "失效/废止日期",
]
GOOD = [
    f"{AGENCY_CODE}/2022-56162",
    "关于做好汛期地质灾害防范的通知",
    "青应急[2023]7号",
    "2023-06-01",
    "主动公开",
    "长期公开",
    "法定主动公开内容/突发公共事件应对",
    "防汛，地质灾害",
    "",
    "",
]
REPEALED = [
    "",
    "青溪县应急物资储备管理办法",
    "青应急规〔2021〕2号",
    "2021/3/4",
    "主动公开",
    "",
    "法定主动公开内容/法规、规章和规范性文件",
    "",
    "废止",
    "2023年5月6日",
]


def write_csv(path, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def other_services(tmp_path, name):
    services = open_services(str(tmp_path / f"{name}.sqlite"), tmp_path / "data")
    services.agencies.create(AGENCY_NAME, AGENCY_CODE)
    services.classification.seed_default()
    return services


def node_paths(services):
    return {node.path for node in services.classification.nodes()}


# -- reading and saving ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030")]
)
def test_csv_encodings_are_detected_and_rows_saved(services, tmp_path, encoding, expected):
    path = write_csv(tmp_path / "目录.csv", [COLUMNS, GOOD, REPEALED], encoding)
    assert read_catalog_file(path).encoding == expected

    result = import_catalog(services, path)

    assert (result.imported, result.skipped, result.problems) == (2, 0, [])
    legacy, repealed = sorted(services.catalog.all(), key=lambda e: e.generated_on, reverse=True)
    assert legacy.index_no == GOOD[0]  # kept verbatim
    assert legacy.title == GOOD[1]
    assert legacy.doc_number == "青应急〔2023〕7号"
    assert legacy.keywords == "防汛 地质灾害"
    assert legacy.node_path == "法定主动公开内容/突发公共事件应对"
    assert (repealed.generated_on, repealed.period) == (dt.date(2021, 3, 4), "长期公开")
    assert (repealed.validity, repealed.validity_date) == ("废止", dt.date(2023, 5, 6))
    assert repealed.index_no == f"{AGENCY_CODE}/2021-00001"


def test_xlsx_with_date_cells_aliases_and_title_line(services, tmp_path):
    header = ["  标题 ", "成文日期", "发布日期", "主题词", "*公开形式", "内容摘要", "备注"]
    path = write_xlsx(
        tmp_path / "旧目录.xlsx",
        [
            ["青溪县应急管理局信息公开目录（导出）"],
            header,
            [
                "2024年防汛抗旱工作要点",
                dt.datetime(2024, 3, 5),
                "2024-03-06 00:00:00",
                "防汛",
                "主动公开",
                "要点",
                "x",
            ],
            [None, None, None, None, None, None, None],
            ["冬春救助资金分配公示", dt.date(2024, 11, 20), None, 2024, "依申请公开", "", ""],
        ],
    )
    parsed = read_catalog_file(path)
    assert parsed.columns["title"] == "标题"
    assert parsed.ignored_columns == ["备注"]
    assert [row.row_number for row in parsed.rows] == [3, 5]

    assert import_catalog(services, path).imported == 2
    first, second = services.catalog.all()
    assert (first.title, first.generated_on, first.published_on) == (
        "2024年防汛抗旱工作要点",
        dt.date(2024, 3, 5),
        dt.date(2024, 3, 6),
    )
    assert (first.keywords, first.summary) == ("防汛", "要点")
    assert (second.keywords, second.disclosure_form) == ("2024", "依申请公开")


def test_an_end_date_alone_means_limited_disclosure(services, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [["信息名称", "生成日期", "公开截止日期"], ["公示", "2024-01-02", "2024-02-01"]],
    )
    import_catalog(services, path)
    (entry,) = services.catalog.all()
    assert (entry.period, entry.period_end) == ("限期公开", dt.date(2024, 2, 1))


def test_imported_numbers_in_own_pattern_are_never_handed_out_again(services, agency, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["索引号", "信息名称", "生成日期"],
            [f"{AGENCY_CODE}/2024-00007", "旧条目", "2024-01-02"],
            ["", "新条目", "2024-02-03"],
        ],
    )
    import_catalog(services, path)
    added = services.catalog.add(agency.id, EntryDraft("后来新增", dt.date(2024, 5, 1)))
    numbers = sorted(e.index_no for e in services.catalog.all())
    assert numbers == [f"{AGENCY_CODE}/2024-{n:05d}" for n in (7, 8, 9)]
    assert added.index_no == f"{AGENCY_CODE}/2024-00009"


# -- bad input ------------------------------------------------------------------------------------
def bad_file(tmp_path, saved_index_no):
    long_title = "关于" + "安全生产" * 50 + "的通知"
    rows = [
        COLUMNS,
        GOOD,  # 2 fine
        ["", "日期不存在的条目", "", "2023-02-30", "主动公开", "", "", "", "", ""],  # 3
        ["", "  ", "", "2023-03-01", "主动公开", "", "", "", "", ""],  # 4
        ["", "公开形式写错", "", "2023-03-02", "主动", "", "", "", "", ""],  # 5
        [GOOD[0], "索引号重复", "", "2023-03-03", "主动公开", "", "", "", "", ""],  # 6
        [saved_index_no, "与库中重复", "", "2023-03-04", "", "", "", "", "", ""],  # 7
        ["", long_title, "", "2023-03-05", "", "", "", "", "", ""],  # 8
        ["", "有效性不对", "", "2023-03-06", "", "", "", "", "废止", ""],  # 9
        ["", "多了一列", "", "2023-03-07", "", "", "", "", "", "", "多出来的"],  # 10
        REPEALED,  # 11 fine
    ]
    return write_csv(tmp_path / "bad.csv", rows, "utf-8-sig")


@pytest.mark.parametrize("blank_header_cell", [False, True])
def test_rows_as_wide_as_the_header_or_not_read_alike(tmp_path, blank_header_cell):
    """A row exactly as wide as the header takes a shortcut; short, long and blank-headed
    cells take the general way: both give the same values and stray cells."""
    header = ["信息名称", "", "生成日期"] if blank_header_cell else ["信息名称", "生成日期"]
    rows = [["短"], ["正好", "2024-01-02"], ["长", "2024-01-03", "多出"]]
    if blank_header_cell:
        rows = [["短"], ["正好", "", "2024-01-02"], ["长", "多出", "2024-01-03"]]
    parsed = read_catalog_file(write_csv(tmp_path / "a.csv", [header, *rows]))
    assert [(r.row_number, r.values, r.extra_cells) for r in parsed.rows] == [
        (2, {"title": "短"}, 0),
        (3, {"title": "正好", "generated_on": "2024-01-02"}, 0),
        (4, {"title": "长", "generated_on": "2024-01-03"}, 1),
    ]


@pytest.fixture
def saved_entry(services, agency):
    return services.catalog.add(agency.id, EntryDraft("已有条目", dt.date(2023, 1, 9)))


def test_any_invalid_row_refuses_the_whole_file(services, saved_entry, tmp_path):
    path = bad_file(tmp_path, saved_entry.index_no)
    nodes_before = node_paths(services)

    with pytest.raises(ImportRefused) as refused:
        import_catalog(services, path)

    found = {(p.row_number, p.column): p.reason for p in refused.value.problems}
    assert len(found) == len(refused.value.problems)  # one reason per cell, no echo of a bad date
    assert set(found) == {
        (3, "生成日期"),
        (4, "信息名称"),
        (5, "公开形式"),
        (6, "索引号"),
        (7, "索引号"),
        (8, "信息名称"),
        (9, "失效/废止日期"),
        (10, "整行"),
    }
    assert "2023-02-30 不存在" in found[3, "生成日期"]
    assert "不能为空" in found[4, "信息名称"]
    assert "“主动”" in found[5, "公开形式"]
    assert "第 2 行" in found[6, "索引号"]
    assert "已被数据库中的条目使用" in found[7, "索引号"]
    assert "过长" in found[8, "信息名称"]
    assert "须填写废止日期" in found[9, "失效/废止日期"]
    assert "有 1 个有内容的单元格不在任何列名之下" in found[10, "整行"]
    assert [p.row_number for p in refused.value.problems] == sorted(
        p.row_number for p in refused.value.problems
    )
    assert "没有导入任何条目" in str(refused.value)
    assert [e.title for e in services.catalog.all()] == ["已有条目"]
    assert node_paths(services) == nodes_before


def category_file(tmp_path):
    rows = [
        ["信息名称", "生成日期", "主题分类"],
        ["拼错分类的条目", "2024-01-02", "法定主动公开内容/统计信"],
        ["已有分类的条目", "2024-01-03", " 法定主动公开内容 / 统计信息 "],
        ["新专题的条目", "2024-01-04", "专题/防汛"],
        ["同一新专题", "2024-01-05", "专题/防汛"],
    ]
    return write_csv(tmp_path / "分类.csv", rows)


def test_an_unknown_category_is_a_row_problem_not_a_new_node(services, tmp_path):
    nodes_before = node_paths(services)

    with pytest.raises(ImportRefused) as refused:
        import_catalog(services, category_file(tmp_path))

    found = {(p.row_number, p.column): p.reason for p in refused.value.problems}
    assert found == {
        (
            2,
            "主题分类",
        ): "没有这个主题分类：法定主动公开内容/统计信；请先在分类树中新建，或改正拼写",
        (4, "主题分类"): "没有这个主题分类：专题/防汛；请先在分类树中新建，或改正拼写",
        (5, "主题分类"): "没有这个主题分类：专题/防汛；请先在分类树中新建，或改正拼写",
    }
    assert missing_categories(refused.value.problems) == ["专题/防汛", "法定主动公开内容/统计信"]
    assert node_paths(services) == nodes_before
    assert services.catalog.count() == 0

    result = import_catalog(services, category_file(tmp_path), skip_invalid=True)
    assert result.imported == 1
    assert node_paths(services) == nodes_before
    [entry] = services.catalog.all()
    assert entry.node_path == "法定主动公开内容/统计信息"


def test_missing_categories_are_created_only_when_chosen_and_audited(services, tmp_path):
    before = len(services.audit.events())

    result = import_catalog(services, category_file(tmp_path), create_categories=True)

    assert result.imported == 4
    assert {"专题", "专题/防汛", "法定主动公开内容/统计信"} <= node_paths(services)
    by_title = {e.title: e.node_path for e in services.catalog.all()}
    assert by_title["同一新专题"] == by_title["新专题的条目"] == "专题/防汛"
    created = [e for e in services.audit.events()[before:] if e.entity == "class_node"]
    assert sorted(e.detail for e in created) == sorted(
        ["专题（导入时新建）", "防汛（导入时新建）", "统计信（导入时新建）"]
    )


def test_a_category_removed_after_checking_is_not_recreated(services, agency):
    from desktop_app.db.repositories.catalog import ImportedEntry

    item = ImportedEntry(EntryDraft("条目", dt.date(2024, 1, 2)).normalized(), "已删除的分类")
    with pytest.raises(ValidationError, match="没有这个主题分类：已删除的分类"):
        services.catalog.import_entries(agency.id, [item])
    assert "已删除的分类" not in node_paths(services)


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"生成日期": "明天"}, "生成日期", "“明天”不是日期"),
        ({"发布日期": "2023-12-01"}, "发布日期", "发布日期早于生成日期"),
        ({"公开时限": "限期公开"}, "公开截止日期", "须填写公开截止日期"),
        ({"公开时限": "半年"}, "公开时限", "“半年”：应为"),
        ({"索引号": "青应急 001"}, "索引号", "只能包含"),
        ({"主题分类": "其他/" + "长" * 61}, "主题分类", "分类名称过长"),
        ({"有效性": "作废"}, "有效性", "“作废”不是有效值"),
        ({"失效/废止日期": "2024-05-01"}, "失效/废止日期", "有效的条目不应填写"),
        (
            {"有效性": "失效", "失效/废止日期": "2023-12-31"},
            "失效/废止日期",
            "失效日期早于生成日期",
        ),
        ({"有效性": "废止", "失效/废止日期": "2024-13-01"}, "失效/废止日期", "2024-13-01 不存在"),
    ],
    ids=[
        "date",
        "published",
        "period-end",
        "period",
        "index-no",
        "node",
        "validity",
        "date-while-valid",
        "withdrawn-before",
        "bad-withdrawal-date",
    ],
)
def test_each_rule_names_its_column(services, tmp_path, cells, column, reason):
    header = [
        "索引号",
        "信息名称",
        "生成日期",
        "发布日期",
        "公开时限",
        "公开截止日期",
        "主题分类",
        "有效性",
        "失效/废止日期",
    ]
    row = {"信息名称": "某条目", "生成日期": "2024-01-01", **cells}
    path = write_csv(tmp_path / "one.csv", [header, [row.get(name, "") for name in header]])

    with pytest.raises(ImportRefused) as refused:
        import_catalog(services, path)

    (problem,) = refused.value.problems
    assert (problem.row_number, problem.column) == (2, column)
    assert reason in problem.reason
    assert services.catalog.count() == 0


def test_skip_invalid_saves_only_the_valid_rows(services, saved_entry, tmp_path):
    result = import_catalog(services, bad_file(tmp_path, saved_entry.index_no), skip_invalid=True)

    assert (result.imported, result.skipped, len(result.problems)) == (2, 8, 8)
    assert sorted(e.title for e in services.catalog.all()) == sorted(
        ["已有条目", GOOD[1], REPEALED[1]]
    )


def lookups(monkeypatch):
    """How the 索引号 of an import were looked up: by a query of their own, or in the saving
    transaction's numbers."""
    from desktop_app.db.repositories.catalog import CatalogRepository

    asked: list[str] = []
    query, save = CatalogRepository.taken_index_nos, CatalogRepository.import_entries

    def taken_index_nos(repository, numbers):
        asked.append("query")
        return query(repository, numbers)

    def import_entries(repository, *args, settle=None, **kwargs):
        def counted(held):
            asked.append("transaction")
            return settle(held)

        return save(repository, *args, settle=counted if settle else None, **kwargs)

    monkeypatch.setattr(CatalogRepository, "taken_index_nos", taken_index_nos)
    monkeypatch.setattr(CatalogRepository, "import_entries", import_entries)
    return asked


def test_numbers_are_looked_up_once_and_named_alike_refused_or_skipped(
    services, saved_entry, tmp_path, monkeypatch
):
    path = bad_file(tmp_path, saved_entry.index_no)
    asked = lookups(monkeypatch)
    with pytest.raises(ImportRefused) as refused:
        import_catalog(services, path)
    assert asked == ["query"]  # refused whatever the database holds: nothing opened to save
    asked.clear()
    result = import_catalog(services, path, skip_invalid=True)
    assert asked == ["transaction"]
    assert result.problems == refused.value.problems


@pytest.mark.parametrize("skip_invalid", [False, True])
def test_a_number_taken_is_found_in_the_saving_transaction(
    any_db, tmp_path, monkeypatch, skip_invalid
):
    """A file whose only fault is a 索引号 held already: refused (or the row skipped) as before,
    the 主题分类 it would have created included."""
    services = any_db
    saved_entry = services.catalog.add(
        services.agencies.current().id, EntryDraft("已有条目", dt.date(2023, 1, 9))
    )
    rows = [
        ["索引号", "信息名称", "生成日期", "主题分类"],
        ["", "新条目", "2024-02-03", "新分类"],
        [saved_entry.index_no, "与库中重复", "2024-02-04", "新分类"],
        ["QX-2024-1", "旧条目", "2024-02-05", ""],
    ]
    path = write_csv(tmp_path / "taken.csv", rows)
    nodes_before = node_paths(services)
    asked = lookups(monkeypatch)
    if not skip_invalid:
        with pytest.raises(ImportRefused) as refused:
            import_catalog(services, path, create_categories=True)
        problems = refused.value.problems
        assert [e.title for e in services.catalog.all()] == ["已有条目"]
        assert node_paths(services) == nodes_before
    else:
        result = import_catalog(services, path, skip_invalid=True, create_categories=True)
        problems = result.problems
        assert (result.imported, result.skipped) == (2, 1)
        assert sorted(e.title for e in services.catalog.all()) == ["已有条目", "新条目", "旧条目"]
    assert asked == ["transaction"]
    assert [(p.row_number, p.column, p.reason) for p in problems] == [
        (3, "索引号", f"索引号 {saved_entry.index_no} 已被数据库中的条目使用，索引号不能重复使用")
    ]


def test_cancel_while_saving_keeps_nothing(services, tmp_path):
    rows = [["信息名称", "生成日期", "主题分类"]] + [
        [f"条目{i}", "2024-01-02", "新分类/子类"] for i in range(2500)
    ]
    path = write_csv(tmp_path / "many.csv", rows)
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return (
            total == 0 or done < total * 3 // 4
        )  # total 0: still reading; cancel half-way through saving

    with pytest.raises(ImportCancelled):
        import_catalog(services, path, progress=progress, create_categories=True)
    assert services.catalog.count() == 0
    assert "新分类" not in node_paths(services)
    assert (1000, 0) in seen
    assert seen[-1][1] == 5000
    assert any(2500 < done < 5000 for done, _ in seen)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
        ("broken.xlsx", b"not a zip", "不是 Excel 工作簿"),
        (
            "huge.csv",
            f'信息名称,生成日期\n"{"长" * 200_000}",2024-01-02\n'.encode(),
            "不是有效的 CSV 文件",
        ),
        ("noheader.csv", "名称甲,名称乙\n1,2\n".encode(), "找不到表头"),
        ("nodate.csv", "信息名称,文号\n某条目,\n".encode(), "缺少必填的列：生成日期"),
        ("empty.csv", "信息名称,生成日期\n,\n".encode(), "没有数据行"),
        ("twice.csv", "信息名称,标题,生成日期\n".encode(), "是同一列"),
    ],
    ids=[
        "xls",
        "not-zip",
        "huge-field",
        "no-header",
        "no-date-column",
        "no-rows",
        "same-column-twice",
    ],
)
def test_unreadable_files_get_a_chinese_reason(services, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        import_catalog(services, path)


def test_missing_file(services, tmp_path):
    with pytest.raises(UserError, match="找不到文件"):
        import_catalog(services, tmp_path / "none.csv")


# -- export and round trip ------------------------------------------------------------------------
@pytest.fixture
def varied_catalog(services, agency):
    nodes = {node.path: node.id for node in services.classification.nodes()}
    drafts = [
        EntryDraft(
            "=1+1 不是公式",
            dt.date(2023, 4, 1),
            doc_number="青应急〔2023〕3号",
            publisher="办公室",
            node_id=nodes["法定主动公开内容/统计信息"],
            keywords="统计 月报",
            summary='第一行，含逗号\n第二行 "引号"',
        ),
        EntryDraft(
            "限期公示",
            dt.date(2024, 2, 1),
            period="限期公开",
            period_end=dt.date(2024, 3, 1),
            published_on=dt.date(2024, 2, 2),
            disclosure_form="依申请公开",
            genre="公告",
        ),
        EntryDraft(
            "规范性文件",
            dt.date(2023, 5, 1),
            genre="行政规范性文件",
            node_id=nodes["法定主动公开内容/法规、规章和规范性文件"],
            index_no="LEGACY-2019-01",
        ),
    ]
    entries = services.catalog.add_many(agency.id, drafts)
    services.catalog.withdraw(entries[2].id, "废止", dt.date(2024, 6, 30))
    deep = services.classification.ensure_path("其他/专题/子专题")
    services.catalog.add(agency.id, EntryDraft("深层分类", dt.date(2025, 1, 2), node_id=deep))
    return services.catalog.all()


def read_back(path):
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as src:
            return list(csv.reader(src))
    return [
        list(row) for row in load_workbook(path, read_only=True).active.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_import_export_gives_the_same_rows(services, varied_catalog, tmp_path, suffix):
    first = tmp_path / f"first{suffix}"
    assert export_catalog(varied_catalog, first) is True
    copy = other_services(tmp_path, "copy")
    try:
        # Another database has only the default tree: the user creates the catalog's own nodes.
        assert import_catalog(copy, first, create_categories=True).imported == len(varied_catalog)
        second = tmp_path / f"second{suffix}"
        export_catalog(copy.catalog.all(), second)
    finally:
        copy.close()

    rows = read_back(first)
    assert rows == read_back(second)
    assert rows[0] == list(HEADER)
    assert len(rows) == 5
    if suffix == ".csv":
        assert first.read_bytes() == second.read_bytes()
        assert first.read_bytes().startswith(b"\xef\xbb\xbf")
    by_title = {row[1]: row for row in rows[1:]}
    formula = "'=1+1 不是公式" if suffix == ".csv" else "=1+1 不是公式"  # see test_csv_formulas
    assert by_title[formula][13] == '第一行，含逗号\n第二行 "引号"'
    assert by_title["规范性文件"][0] == "LEGACY-2019-01"
    assert by_title["规范性文件"][14:] in (
        ["废止", "2024-06-30"],
        ["废止", dt.datetime(2024, 6, 30)],
    )
    assert by_title["深层分类"][10] == "其他/专题/子专题"


def test_export_is_cancellable_and_leaves_no_file(varied_catalog, tmp_path):
    target = tmp_path / "out.xlsx"
    assert export_catalog(varied_catalog, target, progress=lambda done, total: False) is False
    assert list(tmp_path.glob("out.xlsx*")) == []


def test_export_rejects_other_suffixes(varied_catalog, tmp_path):
    with pytest.raises(ValueError, match=r"\.xlsx 或 \.csv"):
        export_catalog(varied_catalog, tmp_path / "out.txt")


# -- command line ---------------------------------------------------------------------------------
def test_cli_import_lists_problems_and_exits_1(services, saved_entry, db_path, tmp_path, capsys):
    path = bad_file(tmp_path, saved_entry.index_no)
    services.close()

    assert run(["--db", str(db_path), "catalog", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第 3 行 【生成日期】 日期 2023-02-30 不存在" in err
    assert "第 4 行 【信息名称】 不能为空" in err
    assert "没有导入任何条目" in err

    assert run(["--db", str(db_path), "catalog", "import", str(path), "--skip-invalid"]) == 1
    captured = capsys.readouterr()
    assert "已导入 2 条，跳过 8 行" in captured.out
    assert "第 10 行 【整行】" in captured.err


def test_cli_export_then_import_into_a_new_database(
    varied_catalog, services, db_path, tmp_path, capsys
):
    services.close()
    target = tmp_path / "导出.xlsx"
    assert run(["--db", str(db_path), "catalog", "export", str(target)]) == 0
    assert f"已导出 {len(varied_catalog)} 条" in capsys.readouterr().out

    new_db = str(tmp_path / "new.sqlite")
    assert (
        run(["--db", new_db, "init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE])
        == 0
    )
    # The new database has only the default tree: its own node is a row problem until the
    # user asks for it to be created.
    assert run(["--db", new_db, "catalog", "import", str(target)]) == 1
    err = capsys.readouterr().err
    assert "【主题分类】 没有这个主题分类：其他/专题/子专题；请先在分类树中新建，或改正拼写" in err
    assert "--create-categories" in err
    assert run(["--db", new_db, "catalog", "import", str(target), "--create-categories"]) == 0
    assert f"已导入 {len(varied_catalog)} 条，跳过 0 行" in capsys.readouterr().out
    assert run(["--db", str(db_path), "catalog", "export", str(tmp_path / "x.doc")]) == 1
    assert "不支持的导出格式" in capsys.readouterr().err


# -- size -----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_fifty_thousand_rows_import_in_one_transaction(services, tmp_path):
    entries = [
        CatalogEntry(
            id=i,
            index_no=f"{AGENCY_CODE}/{2020 + i % 5}-{i:06d}",
            title=f"第 {i} 号安全生产检查通报",
            doc_number=f"青应急〔{2020 + i % 5}〕{i}号",
            publisher=AGENCY_NAME,
            generated_on=dt.date(2020 + i % 5, 1 + i % 12, 1 + i % 28),
            published_on=None,
            disclosure_form="主动公开",
            period="长期公开",
            period_end=None,
            scope="面向社会",
            node_id=None,
            node_path=f"法定主动公开内容/监督检查情况/{i % 7}组",
            genre="通报",
            keywords="检查 通报",
            summary="通报本次检查发现的问题和整改要求。" * 3,
            validity="废止" if i % 10 == 0 else "有效",
            validity_date=dt.date(2025, 6, 1) if i % 10 == 0 else None,
        )
        for i in range(50_000)
    ]
    path = tmp_path / "big.xlsx"
    export_catalog(entries, path)

    # How long it takes is measured in bench/, not here: a busy machine must not fail a test.
    result = import_catalog(services, path, create_categories=True)

    assert result.imported == 50_000
    assert services.catalog.count() == 50_000
