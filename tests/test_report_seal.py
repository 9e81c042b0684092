"""Signed reports changed behind the program's back — directly in the database, as an auditor
tried — are caught on every read and refused for export and reopen, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

from desktop_app.cli import run
from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import Section, content_hash
from desktop_app.domain.report_seal import INTACT, TAMPERED, UNSEALED, UNVERIFIABLE, fingerprint
from desktop_app.errors import UserError
from desktop_app.services import annual_reports as ar
from desktop_app.services import seal_key

PARAGRAPH = "本年度，我局主动公开政府信息一百二十条。"
FORGED = "本年度，我局主动公开政府信息一千二百条。"
NEW_TOTAL = ("三", rf.T3_NEW, rf.T3_TOTAL)


@pytest.fixture
def signed(any_db):
    """A 2024 report with text, signed by 张主任 on 2025-01-20."""
    report = ar.create(any_db, 2024, rf.FORMAT_2021)
    sections = (Section("总体情况", (PARAGRAPH,)), *report.sections[1:])
    report = ar.save(any_db, replace(report, sections=sections))
    ar.set_cell(any_db, report, NEW_TOTAL, Decimal(3))
    report, _ = ar.sign(any_db, 2024, "张主任", reason="测试", on=dt.date(2025, 1, 20))
    return report


def _sql(services, statement: str, **params) -> None:
    """Write the database directly, as someone with only database access would."""
    engine = create_engine(services.db.url)
    with engine.begin() as connection:
        connection.execute(text(statement), params)
    engine.dispose()


def _forge_paragraph(services, report_id: int) -> None:
    engine = create_engine(services.db.url)
    with engine.begin() as connection:
        body = json.loads(
            connection.scalar(
                text("SELECT body_json FROM annual_report WHERE id = :id"), {"id": report_id}
            )
        )
        body["sections"][0]["paragraphs"] = [FORGED]
        connection.execute(
            text("UPDATE annual_report SET body_json = :b WHERE id = :id"),
            {"b": json.dumps(body, ensure_ascii=False), "id": report_id},
        )
    engine.dispose()


def _cli(services, capsys, *args: str) -> tuple[int, str, str]:
    code = run(["--db", services.db.url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_untouched_signed_report_verifies(any_db, signed, capsys):
    assert ar.history(any_db, 2024)[0].integrity.status == INTACT
    code, out, _ = _cli(any_db, capsys, "report", "verify", "--year", "2024")
    assert code == 0
    assert "已签发版本未被改动" in out
    _, out, _ = _cli(any_db, capsys, "report", "check", "--year", "2024")
    assert "签封-1" not in out  # (the table's own rule errors were overruled at signing)


def test_a_paragraph_changed_in_the_database_is_named_and_refused(any_db, signed, capsys, tmp_path):
    _forge_paragraph(any_db, signed.id)
    code, out, _ = _cli(any_db, capsys, "report", "verify", "--year", "2024")
    assert code == 1
    assert "“一、总体情况”部分的文字" in out
    code, out, _ = _cli(any_db, capsys, "report", "check", "--year", "2024")
    assert code == 1
    assert "错误 [签封-1]" in out
    assert "一、总体情况" in out
    code, out, _ = _cli(any_db, capsys, "report", "history", "--year", "2024")
    assert "与签发时不一致" in out
    pdf = tmp_path / "forged.pdf"
    code, _, err = _cli(
        any_db, capsys, "report", "export", "--year", "2024", "--copy", "filing", "--out", str(pdf)
    )
    assert code == 1
    assert "已停止导出" in err
    assert "一、总体情况" in err
    assert not pdf.exists()
    assert not any(tmp_path.glob("forged.pdf*"))
    code, _, err = _cli(any_db, capsys, "report", "reopen", "--year", "2024")
    assert code == 1
    assert "已停止重新打开" in err
    assert [r.revision for r in any_db.reports.revisions(any_db.agencies.current().id, 2024)] == [1]
    with pytest.raises(UserError, match="已停止导出"):
        ar.export_json(any_db, 2024, tmp_path / "forged.json")


def test_the_signer_and_date_changed_in_the_database_are_named(any_db, signed, capsys):
    _sql(
        any_db,
        "UPDATE annual_report SET signer = :s, signed_on = :d WHERE id = :id",
        s="李某",
        d=dt.date(2025, 2, 1),
        id=signed.id,
    )
    code, out, _ = _cli(any_db, capsys, "report", "verify", "--year", "2024")
    assert code == 1
    assert "签发人" in out
    assert "签发日期" in out
    assert "部分的文字" not in out  # only what changed is named


def test_recomputing_the_hashes_after_an_edit_does_not_forge_the_seal(any_db, signed, capsys):
    """Someone who can write the database but not read the key file redoes every hash."""
    _forge_paragraph(any_db, signed.id)
    forged = ar.current(any_db, 2024)
    forged = replace(forged, sign_off=replace(forged.sign_off, content_hash=content_hash(forged)))
    _sql(
        any_db,
        "UPDATE annual_report SET content_hash = :h, seal_parts = :p WHERE id = :id",
        h=content_hash(forged),
        p=json.dumps(fingerprint(forged), ensure_ascii=False),
        id=signed.id,
    )
    verdict = ar.history(any_db, 2024)[0].integrity
    assert verdict.status == TAMPERED
    assert "签封与内容不符" in verdict.message
    assert _cli(any_db, capsys, "report", "verify", "--year", "2024")[0] == 1


def test_a_report_signed_before_seals_is_unsealed_not_an_alarm(any_db, signed, capsys):
    _sql(
        any_db,
        "UPDATE annual_report SET seal = NULL, seal_key_id = NULL, seal_parts = NULL WHERE id = :id",
        id=signed.id,
    )
    code, out, _ = _cli(any_db, capsys, "report", "verify", "--year", "2024")
    assert code == 0
    assert UNSEALED in out
    _, out, _ = _cli(any_db, capsys, "report", "check", "--year", "2024")
    assert "提示 [签封-1] 未加封" in out
    assert "错误 [签封-1]" not in out
    _forge_paragraph(any_db, signed.id)  # its content hash still catches a changed text
    assert _cli(any_db, capsys, "report", "verify", "--year", "2024")[0] == 1


def test_another_key_cannot_verify_and_stops_the_export(any_db, signed, tmp_path):
    key_file = seal_key.key_file(any_db)
    key_file.unlink()
    seal_key.create_key(key_file, protect=False)
    verdict = ar.history(any_db, 2024)[0].integrity
    assert verdict.status == UNVERIFIABLE
    assert "不是本机当前的密钥" in verdict.message
    assert str(key_file) in verdict.message  # where to put the right key
    with pytest.raises(UserError, match="已停止导出"):
        ar.export_pdf(any_db, 2024, "filing", tmp_path / "x.pdf")
    key_file.unlink()
    assert ar.history(any_db, 2024)[0].integrity.status == UNVERIFIABLE
    assert not key_file.exists()  # reading never makes a key


def test_the_key_file_is_outside_the_database_and_private(any_db, signed):
    key_file = seal_key.key_file(any_db)
    assert key_file.parent == any_db.paths.data_dir
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = seal_key.read_key(key_file)
    assert len(key) == 32
    engine = create_engine(any_db.db.url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT * FROM annual_report")).all()
    engine.dispose()
    assert key.hex() not in repr(stored)


def test_an_office_key_file_from_the_settings_is_used(any_db, tmp_path, monkeypatch):
    office_key = tmp_path / "share" / "office-seal-key.txt"
    monkeypatch.setenv(seal_key.KEY_FILE_ENV, str(office_key))
    ar.create(any_db, 2024, rf.FORMAT_FREE)
    ar.sign(any_db, 2024, "张主任", reason="测试")
    assert office_key.exists()
    assert not (any_db.paths.data_dir / seal_key.DEFAULT_NAME).exists()
    assert ar.history(any_db, 2024)[0].integrity.status == INTACT
    monkeypatch.delenv(seal_key.KEY_FILE_ENV)  # a workstation without the office key
    assert ar.history(any_db, 2024)[0].integrity.status == UNVERIFIABLE


def test_a_damaged_key_file_is_a_clear_error(any_db, signed):
    seal_key.key_file(any_db).write_text("garbage", encoding="ascii")
    with pytest.raises(UserError, match="格式不正确"):
        ar.history(any_db, 2024)


def test_a_table_cell_changed_in_the_database_is_named(any_db, signed):
    key = NEW_TOTAL
    _sql(
        any_db,
        "UPDATE report_cell SET value = '99' WHERE report_id = :id AND table_key = :t"
        " AND row_label = :r AND col_label = :c",
        id=signed.id,
        t=key[0],
        r=key[1],
        c=key[2],
    )
    affected = ar.history(any_db, 2024)[0].integrity
    assert affected.status == TAMPERED
    assert f"表三“{rf.T3_NEW} / {rf.T3_TOTAL}”单元格" in affected.message


def test_exports_of_an_intact_signed_report_still_work(any_db, signed, tmp_path):
    out = tmp_path / "signed.pdf"
    result = ar.export_pdf(any_db, 2024, "filing", out)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == result.sha256
    assert ar.history(any_db, 2024)[0].pdfs == [("filing", str(out.resolve()), result.sha256)]


def test_the_office_key_file_can_be_set_in_the_settings(services, tmp_path):
    from desktop_app.settings import Settings

    office_key = tmp_path / "share" / "office.key"
    Settings(seal_key_file=str(office_key)).save(services.paths.settings_file)
    assert seal_key.key_file(services) == office_key
    ar.create(services, 2024, rf.FORMAT_FREE)
    ar.sign(services, 2024, "张主任", reason="测试")
    assert seal_key.read_key(office_key) == seal_key.verifying_key(services)
    assert "plain" in office_key.read_text(encoding="ascii")  # shared: not tied to one account
