"""Request register import/export: row checks (row, column, reason), all-or-nothing, personal data opt-in."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.services.catalog_import import ImportRefused
from desktop_app.services.requests_io import export_requests, import_requests
from desktop_app.services.table_reader import ImportCancelled

HEADER = ["编号", "收到日期", "申请人类型", "申请人", "申请内容", "办理结果", "办结日期"]
GOOD = [
    ["", "2023-12-20", "自然人", "张某", "城区排水规划", "部分公开", "2024-01-10"],
    ["", "2024/3/1", "商业企业", "某建材公司", "采购合同", "予以公开", "2024年3月20日"],
    ["旧台账-7", "2024-12-28", "法律服务机构", "某律师事务所", "行政处罚案卷", "", ""],
]


@pytest.fixture
def services(any_db):
    """Every test here runs on SQLite and, when a server is reachable, on PostgreSQL."""
    return any_db


def _csv(path, rows, header=HEADER, encoding="utf-8-sig"):
    with path.open("w", encoding=encoding, newline="") as out:
        csv.writer(out).writerows([header, *rows])
    return path


def _cli(db_url, tmp_path, *args):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--db",
            db_url,
            "--data-dir",
            str(tmp_path / "data"),
            "requests",
            *args,
        ],
        capture_output=True,
        text=True,
    )


def test_import_saves_requests_and_applicants_apart(services, tmp_path):
    result = import_requests(services, _csv(tmp_path / "in.csv", GOOD))
    assert (result.imported, result.skipped) == (3, 0)
    repo = RequestRepository(services.db)
    requests = {r.number: r for r in repo.all()}
    assert set(requests) == {"2023-0001", "2024-0001", "旧台账-7"}
    assert requests["2023-0001"].outcome.startswith("部分公开（")
    assert requests["2024-0001"].answered_on == dt.date(2024, 3, 20)
    assert requests["旧台账-7"].status == "办理中"
    assert repo.applicant(requests["2024-0001"].id).name == "某建材公司"


@pytest.mark.parametrize("stop_at", ["reading", "saving"])
def test_a_cancelled_import_saves_nothing(services, tmp_path, stop_at):
    rows = [
        ["", f"2024-03-{1 + i % 28:02d}", "自然人", "张某", f"第{i}项", "", ""] for i in range(2500)
    ]
    path = _csv(tmp_path / "in.csv", rows)
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return stop_at == "saving" and total == 0  # reading goes on, or not

    with pytest.raises(ImportCancelled, match="已取消导入"):
        import_requests(services, path, progress=progress)
    assert RequestRepository(services.db).all() == []
    assert calls[0] == (1000, 0)  # rows read so far, total not yet known
    if stop_at == "saving":
        assert calls[-1] == (2500, 2500)  # all checked: the last chance to stop before saving
    assert import_requests(services, path, progress=lambda *_: True).imported == 2500


def test_a_cancelled_export_writes_no_file(services, tmp_path):
    import_requests(services, _csv(tmp_path / "in.csv", GOOD))
    target = tmp_path / "out.xlsx"
    requests = RequestRepository(services.db).all()
    assert not export_requests(requests, target, progress=lambda done, total: False)
    assert not target.exists()
    seen = []
    assert export_requests(requests, target, progress=lambda *a: seen.append(a) or True)
    assert seen == [(3, 3)]
    assert target.exists()


def test_gbk_csv_is_read(services, tmp_path):
    assert (
        import_requests(services, _csv(tmp_path / "gbk.csv", GOOD[:1], encoding="gbk")).imported
        == 1
    )


def test_every_problem_as_row_column_reason_and_nothing_saved(services, tmp_path):
    rows = [
        *GOOD,
        ["", "2024-03-05", "公民", "甲", "x", "予以公开", "2024-03-01"],  # row 5
        ["", "2024-02-30", "自然人", "乙", "y", "同意公开", "2024-03-01"],  # row 6
        ["旧台账-7", "2024-03-05", "自然人", "丙", "z", "", ""],
    ]  # row 7: number repeated
    with pytest.raises(ImportRefused) as refused:
        import_requests(services, _csv(tmp_path / "bad.csv", rows))
    found = {(p.row_number, p.column) for p in refused.value.problems}
    assert found == {
        (5, "申请人类型"),
        (5, "办结日期"),
        (6, "收到日期"),
        (6, "办理结果"),
        (7, "编号"),
    }
    reasons = {(p.row_number, p.column): p.reason for p in refused.value.problems}
    assert "早于收到日期 2024-03-05" in reasons[(5, "办结日期")]
    assert "不是年度报告表三中的办理结果" in reasons[(6, "办理结果")]
    assert "第 4 行重复" in reasons[(7, "编号")]
    assert RequestRepository(services.db).all() == []


def test_skip_invalid_imports_the_good_rows(services, tmp_path):
    rows = [*GOOD, ["", "2024-03-05", "自然人", "甲", "", "", ""]]
    result = import_requests(services, _csv(tmp_path / "in.csv", rows), skip_invalid=True)
    assert (result.imported, result.skipped) == (3, 1)
    assert result.problems[0].column == "申请内容"
    assert result.problems[0].row_number == 5


def test_number_already_in_the_register_is_a_row_problem(services, tmp_path):
    import_requests(services, _csv(tmp_path / "in.csv", GOOD))
    with pytest.raises(ImportRefused) as refused:
        import_requests(services, _csv(tmp_path / "again.csv", GOOD[2:]))
    assert "已在台账中" in refused.value.problems[0].reason


def test_missing_required_column(services, tmp_path):
    from desktop_app.errors import UserError

    with pytest.raises(UserError, match="缺少必填的列：申请人类型"):
        import_requests(
            services,
            _csv(tmp_path / "in.csv", [["2024-01-01", "x"]], header=["收到日期", "申请内容"]),
        )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_round_trip_without_personal_data_by_default(services, tmp_path, suffix):
    import_requests(services, _csv(tmp_path / "in.csv", GOOD))
    repo = RequestRepository(services.db)
    target = tmp_path / f"out{suffix}"
    export_requests(repo.all(), target)
    text = (
        target.read_text("utf-8-sig")
        if suffix == ".csv"
        else json.dumps(
            [list(r) for r in load_workbook(target).active.iter_rows(values_only=True)],
            ensure_ascii=False,
            default=str,  # dates are date cells
        )
    )
    assert "采购合同" in text
    assert "某建材公司" not in text
    assert "张某" not in text
    export_requests(repo.all(), target, repo.applicants())
    # A full export imports back into an empty register with the same numbers and applicants.
    from desktop_app.app import open_services

    other = open_services(str(tmp_path / "other.sqlite"), tmp_path / "data2")
    try:
        other.agencies.create("另一机关", "11330727775738086F")
        assert import_requests(other, target).imported == 3
        again = RequestRepository(other.db)
        assert [(r.number, r.outcome, r.answered_on) for r in again.all()] == [
            (r.number, r.outcome, r.answered_on) for r in repo.all()
        ]
        assert sorted(a.name for a in again.applicants().values()) == [
            "张某",
            "某建材公司",
            "某律师事务所",
        ]
    finally:
        other.close()


def test_xlsx_import_with_date_cells(services, tmp_path):
    workbook = Workbook()
    workbook.active.append(["依申请公开台账"])  # a title line above the header
    workbook.active.append(HEADER)
    workbook.active.append(
        [
            "",
            dt.datetime(2024, 5, 6),
            "科研机构",
            "某研究所",
            "=监测数据",
            "予以公开",
            dt.datetime(2024, 5, 10),
        ]
    )
    workbook.active["E3"].data_type = "s"  # text that starts with "=", as Excel stores a '= entry
    workbook.save(tmp_path / "in.xlsx")
    assert import_requests(services, tmp_path / "in.xlsx").imported == 1
    saved = RequestRepository(services.db).all()[0]
    assert (saved.received_on, saved.content) == (dt.date(2024, 5, 6), "=监测数据")
    export_requests([saved], tmp_path / "out.xlsx")
    cells = list(load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))[1]
    assert "=监测数据" in cells  # stored as text, not as a formula


def test_cli_import_export_stats(services, tmp_path):
    source = _csv(tmp_path / "in.csv", GOOD)
    imported = _cli(services.db.url, tmp_path, "import", str(source))
    assert imported.returncode == 0, imported.stderr
    bad = _cli(services.db.url, tmp_path, "import", str(_csv(tmp_path / "bad.csv", GOOD[2:])))
    assert bad.returncode == 1
    assert "第 2 行 【编号】" in bad.stderr
    assert "没有导入任何申请" in bad.stderr
    out = tmp_path / "out.csv"
    assert _cli(services.db.url, tmp_path, "export", str(out)).returncode == 0
    assert "张某" not in out.read_text("utf-8-sig")
    assert _cli(services.db.url, tmp_path, "export", str(out), "--with-applicants").returncode == 0
    assert "张某" in out.read_text("utf-8-sig")
    stats = _cli(services.db.url, tmp_path, "stats", "--year", "2024", "--json")
    document = json.loads(stats.stdout)
    three = document["三"]
    assert three["一、本年新收政府信息公开申请数量"]["总计"] == 2
    assert three["二、上年结转政府信息公开申请数量"]["自然人"] == 1
    assert three["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]["自然人"] == 1
    assert three["四、结转下年度继续办理"]["法律服务机构"] == 1
    assert document["四"]["行政复议"]["总计"] == 0


def test_personal_data_never_in_stats(services, tmp_path):
    repo = RequestRepository(services.db)
    import_requests(services, _csv(tmp_path / "in.csv", GOOD))
    assert repo.applicants()  # they exist…
    stats = _cli(services.db.url, tmp_path, "stats", "--year", "2024", "--json").stdout
    assert all(a.name not in stats for a in repo.applicants().values())  # …and stay out of reports
