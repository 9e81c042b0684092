"""`report …` and `requests`-fed commands end to end through the real CLI on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json

import pdfplumber
import pytest

from desktop_app.cli import run
from desktop_app.cli.report import CERT_PASSWORD_ENV
from desktop_app.domain import report_format as rf
from tests.certificates import make_certificate, validate
from tests.conftest import AGENCY_CODE, AGENCY_NAME

SAMPLE_TEXT = """政务公开 >> 信息公开目录 >> 青溪县应急管理局 >> 政府信息公开年度报告
索引号：11330727775738086F/2010-00007   公开形式：主动公开
文号：                                   公开时限：长期公开
发布机构：青溪县应急管理局               生成日期：2010-03-29

　　根据条例规定，现将本局2009年政府信息公开工作情况报告如下。
一、概述
　　本局成立工作小组，由分管副局长牵头。
（一）制度建设
　　制定了公开目录编制办法和保密审查办法。
二、主动公开情况
　　全年主动公开政府信息四十二条。
青溪县应急管理局
2010年 3月29日
"""


@pytest.fixture
def cli(any_db_target, capsys):
    """`disclosure-desk --db <new database> …` in-process, on SQLite and PostgreSQL."""

    def call(*args: str) -> tuple[int, str, str]:
        code = run(["--db", any_db_target, *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert call("init", "--agency-name", AGENCY_NAME, "--agency-code", AGENCY_CODE)[0] == 0
    return call


def _exchange(year: int, name: str, code: str, new: int, handled: int) -> dict:
    """A balanced exchange file: `new` requests from 自然人, `handled` disclosed, rest carried over."""
    three = {row: {col: 0 for col in rf.T3_COLUMNS} for row in rf.T3_DATA_ROWS}
    for row, value in (
        (rf.T3_NEW, new),
        (rf.T3_DISCLOSED, handled),
        (rf.T3_RESULT_TOTAL, handled),
        (rf.T3_CARRIED_OUT, new - handled),
    ):
        three[row][rf.T3_NATURAL] = three[row][rf.T3_TOTAL] = value
    return {
        "format": "2021",
        "year": year,
        "agency": {"name": name, "code": code},
        "title": f"{name}{year}年政府信息公开工作年度报告",
        "sections": [
            {"heading": f"{n}{h}", "paragraphs": []}
            for n, h in zip("一二三四五六", rf.SECTIONS_2021, strict=True)
        ],
        "tables": {
            "二": {
                row: {col: 0 for col in block.columns}
                for block in rf.TABLE2_BLOCKS
                for row in block.rows
            },
            "三": three,
            "四": {group: {col: 0 for col in rf.T4_COLUMNS} for group in rf.T4_GROUPS},
        },
    }


def test_new_check_sign_export(cli, tmp_path):
    assert cli("report", "new", "--year", "2024", "--format", "2021")[0] == 0
    code, out, _ = cli("report", "check", "--year", "2024")
    assert code == 0
    assert "表格尚未填写" in out
    assert cli("report", "fill", "--year", "2024")[0] == 0
    code, out, err = cli("report", "sign", "--year", "2024", "--signer", "张主任", "--catalog")
    assert code == 0
    assert "提示 [文字-0] “一、总体情况”还没有正文" in err  # signed, but not unawares
    index_no = out.strip().splitlines()[-1]
    assert index_no.startswith(f"{AGENCY_CODE}/")
    code, _, err = cli("report", "fill", "--year", "2024")
    assert code == 1
    assert "已签发" in err
    web = tmp_path / "web.pdf"
    code, out, _ = cli("report", "export", "--year", "2024", "--copy", "web", "--out", str(web))
    assert code == 0
    assert "SHA-256" in out
    with pdfplumber.open(web) as pdf:
        text = "".join(p.extract_text() for p in pdf.pages)
    assert f"{AGENCY_NAME}2024年政府信息公开工作年度报告" in text.replace("\n", "")
    assert index_no in text  # the web copy's catalog header carries the new entry's 索引号


def test_import_json_with_broken_numbers_then_check_fails(cli, tmp_path):
    data = _exchange(2024, AGENCY_NAME, AGENCY_CODE, new=5, handled=3)
    data["tables"]["三"][rf.T3_RESULT_TOTAL][rf.T3_NATURAL] = 2  # breaks 总计 and （七）
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli("report", "import-json", str(path))[0] == 0
    code, out, _ = cli("report", "check", "--year", "2024", "--json")
    findings = json.loads(out)
    assert code == 1
    assert {"三-1", "三-3"} <= {f["rule"] for f in findings if f["severity"] == "error"}
    out_path = tmp_path / "out.json"
    assert cli("report", "export-json", "--year", "2024", "--out", str(out_path))[0] == 0
    again = json.loads(out_path.read_text(encoding="utf-8"))
    assert again["tables"]["三"] == data["tables"]["三"]


def test_import_json_of_another_agency_is_refused(cli, tmp_path):
    path = tmp_path / "other.json"
    path.write_text(
        json.dumps(_exchange(2024, "青溪县民政局", "11330727MB1234567X", 1, 1), ensure_ascii=False),
        encoding="utf-8",
    )
    code, _, err = cli("report", "import-json", str(path))
    assert code == 1
    assert "机构代码" in err
    assert err.count("\n") == 1


def test_import_text_keeps_paragraphs_and_catalog_data(cli, any_db_target, tmp_path):
    path = tmp_path / "2009.txt"
    path.write_bytes(SAMPLE_TEXT.encode("gb18030"))
    code, out, _ = cli("report", "import-text", str(path), "--year", "2009")
    assert code == 0, out
    from desktop_app.app import open_services

    services = open_services(any_db_target)
    try:
        report = services.reports.latest(services.agencies.current().id, 2009)
    finally:
        services.close()
    assert report.title == f"{AGENCY_NAME}2009年政府信息公开工作年度报告"
    assert report.catalog.index_no == "11330727775738086F/2010-00007"
    assert report.closing_date.isoformat() == "2010-03-29"
    assert report.sections[0].children[0].paragraphs == ("制定了公开目录编制办法和保密审查办法。",)
    assert report.lead == ("根据条例规定，现将本局2009年政府信息公开工作情况报告如下。",)


def test_rollup_sums_departments_and_refuses_mixed_years(cli, tmp_path):
    files = []
    for i, (name, new, handled) in enumerate((("青溪县民政局", 4, 4), ("青溪县教育局", 6, 5))):
        path = tmp_path / f"d{i}.json"
        path.write_text(
            json.dumps(_exchange(2024, name, f"code-{i}", new, handled), ensure_ascii=False),
            encoding="utf-8",
        )
        files.append(str(path))
    out = tmp_path / "county.json"
    code, text, _ = cli("report", "rollup", *files, "--out", str(out))
    assert code == 0, text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["tables"]["三"][rf.T3_NEW][rf.T3_TOTAL] == 10
    assert data["tables"]["三"][rf.T3_CARRIED_OUT][rf.T3_NATURAL] == 1
    assert [d["name"] for d in data["departments"]] == ["青溪县民政局", "青溪县教育局"]
    odd = tmp_path / "odd.json"
    odd.write_text(
        json.dumps(_exchange(2023, "青溪县林业局", "code-9", 1, 1), ensure_ascii=False),
        encoding="utf-8",
    )
    code, _, err = cli("report", "rollup", *files, str(odd), "--out", str(tmp_path / "x.json"))
    assert code == 1
    assert "2023 年度" in err
    assert not (tmp_path / "x.json").exists()


def test_export_signed_with_a_certificate_file(cli, tmp_path, monkeypatch):
    cert_file, cert = make_certificate(tmp_path, b"secret")
    assert cli("report", "new", "--year", "2024", "--format", "2021")[0] == 0
    out_pdf = tmp_path / "filing.pdf"
    export = ("report", "export", "--year", "2024", "--copy", "filing", "--out", str(out_pdf))
    monkeypatch.setenv(CERT_PASSWORD_ENV, "wrong")
    code, _, err = cli(*export, "--cert", str(cert_file))
    assert code == 1
    assert "证书" in err
    assert "密码" in err
    assert not out_pdf.exists()
    monkeypatch.setenv(CERT_PASSWORD_ENV, "secret")
    code, out, _ = cli(*export, "--cert", str(cert_file))
    assert code == 0
    assert "已数字签名" in out
    assert hashlib.sha256(out_pdf.read_bytes()).hexdigest() in out  # the hash of the signed file
    status, _ = validate(out_pdf, cert)
    assert status.intact
    assert status.valid


def test_history_keeps_a_signed_revision_readable_after_reopen(cli, tmp_path):
    assert cli("report", "new", "--year", "2024", "--format", "2021")[0] == 0
    assert cli("report", "fill", "--year", "2024")[0] == 0
    assert cli("report", "sign", "--year", "2024", "--signer", "张主任")[0] == 0
    assert cli("report", "reopen", "--year", "2024")[0] == 0
    first = tmp_path / "first.pdf"
    export = ("report", "export", "--year", "2024", "--copy", "filing")
    assert cli(*export, "--revision", "1", "--out", str(first))[0] == 0
    code, _, err = cli(*export, "--revision", "7", "--out", str(tmp_path / "x.pdf"))
    assert code == 1
    assert "第 7 版" in err
    code, out, _ = cli("report", "history", "--year", "2024", "--json")
    assert code == 0
    history = json.loads(out)
    assert [(r["revision"], r["status"]) for r in history] == [(1, "已签发"), (2, "草稿")]
    assert history[0]["signer"] == "张主任"
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert history[0]["pdfs"] == [
        {"copy": "filing", "path": str(first.resolve()), "sha256": digest}
    ]
    assert history[1]["pdfs"] == []
    with pdfplumber.open(first) as pdf:
        assert "张主任" in "".join(p.extract_text() for p in pdf.pages)  # the filing copy's 签发人
    code, out, _ = cli("report", "history", "--year", "2024")
    assert "第 1 版  已签发  签发人 张主任" in out
    assert f"存档打印版 {first.resolve()}  SHA-256 {digest}" in out
