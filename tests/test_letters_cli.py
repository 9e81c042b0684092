"""`requests letter`, `letters`, `letter-export`, `letter-delivery`, `letter-settings` on a real file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pdfplumber
import pytest

from desktop_app.cli import run
from desktop_app.domain.requests import Applicant, RequestDraft


@pytest.fixture
def cli(services, db_path, capsys):
    def call(*argv):
        code = run(["--db", str(db_path), *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


@pytest.fixture
def number(services):
    draft = RequestDraft(
        received_on=dt.date(2024, 3, 1),
        applicant_type="自然人",
        content="2023年度危险化学品企业检查记录",
        outcome="予以公开",
        answered_on=dt.date(2024, 3, 20),
    )
    agency_id = services.agencies.current().id
    return services.requests.add(agency_id, draft, Applicant(name="李华")).number


def _text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(p.extract_text() for p in pdf.pages).replace("\n", "")


def test_issue_list_and_reexport(cli, number, tmp_path):
    code, out, _ = cli(
        "requests", "letter-settings", "--short-name", "青溪应急", "--review-body", "青溪县人民政府"
    )
    assert code == 0
    assert "青溪县人民政府" in out
    receipt = tmp_path / "回执.pdf"
    code, out, err = cli(
        "requests",
        "letter",
        "--number",
        number,
        "--kind",
        "回执",
        "--date",
        "2024-03-01",
        "--out",
        str(receipt),
    )
    assert code == 0, err
    assert out.splitlines()[-1] == "青溪应急依公〔2024〕1号"
    answer = tmp_path / "答复.pdf"
    code, out, err = cli(
        "requests",
        "letter",
        "--number",
        number,
        "--kind",
        "答复",
        "--date",
        "2024-03-20",
        "--set",
        "提供内容=检查记录12份",
        "--set",
        "提供方式=电子邮件",
        "--out",
        str(answer),
    )
    assert code == 0, err
    assert out.splitlines()[-1] == "青溪应急依公〔2024〕2号"
    printed = _text(answer)
    assert "第三十六条第（二）项" in printed
    assert "6个月内依法向人民法院提起行政诉讼" in printed

    code, out, _ = cli("requests", "letters", "--number", number, "--json")
    listed = json.loads(out)
    assert [(x["文号"], x["类型"], x["日期"]) for x in listed] == [
        ("青溪应急依公〔2024〕1号", "回执", "2024-03-01"),
        ("青溪应急依公〔2024〕2号", "答复", "2024-03-20"),
    ]
    assert listed[1]["SHA-256"] == hashlib.sha256(answer.read_bytes()).hexdigest()

    again = tmp_path / "again.pdf"
    assert (
        cli("requests", "letter-export", "--letter", listed[1]["文号"], "--out", str(again))[0] == 0
    )
    assert again.read_bytes() == answer.read_bytes()
    code, out, _ = cli(
        "requests",
        "letter-delivery",
        "--letter",
        listed[1]["文号"],
        "--method",
        "邮寄",
        "--date",
        "2024-03-22",
    )
    assert code == 0
    code, out, _ = cli("requests", "letters", "--number", number)
    assert code == 0
    assert out.splitlines()[1].split("\t")[:3] == ["青溪应急依公〔2024〕2号", "答复", "2024-03-20"]


def test_missing_parts_are_named_and_no_number_is_used(cli, number, tmp_path):
    cli("requests", "letter-settings", "--review-body", "青溪县人民政府")
    code, _, err = cli(
        "requests",
        "letter",
        "--number",
        number,
        "--kind",
        "补正",
        "--date",
        "2024-03-04",
        "--out",
        str(tmp_path / "a.pdf"),
    )
    assert code == 1
    assert "补正事项" in err
    code, _, err = cli(
        "requests",
        "letter",
        "--number",
        number,
        "--kind",
        "回执",
        "--out",
        str(tmp_path / "no" / "a.pdf"),
    )
    assert code == 1
    assert ".pdf" in err
    code, _, err = cli(
        "requests",
        "letter",
        "--number",
        "2099-0001",
        "--kind",
        "回执",
        "--out",
        str(tmp_path / "a.pdf"),
    )
    assert code == 1
    assert "2099-0001" in err
    code, out, _ = cli("requests", "letters", "--number", number)
    assert out.strip() == "共 0 份文书"


def test_payment_clock_setting_and_waiver_before_notice(cli, number, services):
    code, out, _ = cli("requests", "letter-settings")
    assert "缴费期间：计入答复期限" in out
    code, out, _ = cli("requests", "letter-settings", "--payment-stops-clock", "是")
    assert (code, "缴费期间：不计入答复期限" in out) == (0, True)
    assert services.letters.settings(services.agencies.current().id).payment_stops_clock is True
    code, _, err = cli("requests", "fee-paid", "--number", number)
    assert code != 0
    assert "--waive" in err
    code, out, _ = cli(
        "requests", "fee-paid", "--number", number, "--waive", "低保户", "--date", "2024-03-05"
    )
    assert (code, "2024-03-05 减免（低保户）" in out) == (0, True)
    code, out, _ = cli("requests", "fees", "--json")
    (line,) = json.loads(out)
    assert (line["编号"], line["收费通知"], line["状态"], line["减免日期"]) == (
        number,
        "",
        "已减免",
        "2024-03-05",
    )
