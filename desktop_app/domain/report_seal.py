"""Tamper evidence of a signed report: a digest per part, an HMAC seal over them, what differs.

The content hash alone proves nothing against someone who can write the database: they edit a
paragraph and store the new hash beside it. The seal is an HMAC-SHA256 with a key kept outside
the database, over the content hash, the sign-off and a short digest of every part (each
section's text, each table cell, title, 落款日期, 签发人, 签发日期, 签发理由). The part digests
let a mismatch say *what* differs; the HMAC makes recomputing them after an edit useless.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import astuple, dataclass

from desktop_app.domain.annual_report import (
    AnnualReport,
    Seal,
    content_hash,
    decimal_text,
    numbered,
)

# Verdicts.
NOT_SIGNED = "未签发"
INTACT = "已加封，未被改动"
UNSEALED = "未加封"  # signed before seals existed: only the content hash can be checked
UNVERIFIABLE = "无法核验签封"  # sealed with a key this computer does not hold
TAMPERED = "已被改动"

PART_DIGEST_CHARS = 16  # the parts only locate a change; the full content hash is sealed too


@dataclass(frozen=True)
class Integrity:
    status: str
    differences: tuple[str, ...] = ()
    note: str = ""

    @property
    def refuses(self) -> bool:
        """Export and reopen stop unless the signed content is proven (or predates seals)."""
        return self.status in (TAMPERED, UNVERIFIABLE)

    @property
    def message(self) -> str:
        if self.status == TAMPERED:
            listed = "；".join(self.differences)
            return f"已签发版本与签发时不一致（{listed}），数据可能在程序之外被改动"
        if self.note:
            return f"{self.status}：{self.note}"
        return self.status


def key_id(key: bytes) -> str:
    """A short public name of a key, so "another key" is told apart from "forged"."""
    return hashlib.sha256(b"disclosure-desk seal key id\0" + key).hexdigest()[:12]


def fingerprint(report: AnnualReport) -> dict[str, str]:
    """Part name → short digest, for everything a signed revision freezes."""
    sign_off = report.sign_off
    parts: dict[str, object] = {
        "title": report.title,
        "format": [report.year, report.format],
        "lead": list(report.lead),
        "catalog": list(astuple(report.catalog)),
        "closing_date": report.closing_date.isoformat() if report.closing_date else None,
        "signer": sign_off.signer if sign_off else None,
        "signed_on": str(sign_off.signed_on) if sign_off else None,
        "reason": sign_off.reason if sign_off else None,
    }
    for item in numbered(report.sections):
        path = ".".join(str(i) for i in item.path)
        parts[f"section:{path}"] = [item.section.heading, list(item.section.paragraphs)]
    for (table, row, col), cell in report.cells.items():
        parts[f"cell:{table}|{row}|{col}"] = [decimal_text(cell.value), cell.source, cell.reason]
    return {name: _digest(value) for name, value in parts.items()}


def seal_value(key: bytes, report: AnnualReport, parts: dict[str, str]) -> str:
    """HMAC-SHA256 over the revision's identity, its content hash and its part digests."""
    message = _canonical(
        {
            "year": report.year,
            "revision": report.revision,
            "content_hash": report.sign_off.content_hash if report.sign_off else None,
            "parts": parts,
        }
    )
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def make_seal(key: bytes, report: AnnualReport) -> Seal:
    """The seal of a report whose sign_off (with its content hash) is already set."""
    parts = fingerprint(report)
    return Seal(seal_value(key, report, parts), key_id(key), parts)


def verify(report: AnnualReport, seal: Seal | None, key: bytes | None) -> Integrity:
    """Recompute everything the signature froze and compare it with what was stored."""
    sign_off = report.sign_off
    if sign_off is None:
        return Integrity(NOT_SIGNED)
    hash_changed = content_hash(report) != sign_off.content_hash
    if seal is None:
        if hash_changed:
            return Integrity(
                TAMPERED, ("正文、表格、标题或落款日期（此版本签发时未加封，无法指出具体位置）",)
            )
        return Integrity(
            UNSEALED, note="签发早于加封功能，仅核对了内容校验值，签发人和签发日期无法核验"
        )
    differences = _differences(report, fingerprint(report), seal.parts)
    if hash_changed and not differences:
        differences = ["内容校验值（SHA-256）"]
    if differences:
        return Integrity(TAMPERED, tuple(differences))
    if key is None:
        return Integrity(UNVERIFIABLE, note="本机没有签发时所用的签封密钥文件")
    if key_id(key) != seal.key_id:
        return Integrity(
            UNVERIFIABLE,
            note=f"签封所用密钥（编号 {seal.key_id}）不是本机当前的密钥（编号 {key_id(key)}）",
        )
    if not hmac.compare_digest(seal_value(key, report, seal.parts), seal.value):
        return Integrity(TAMPERED, ("签封与内容不符：签发记录中的校验值被重新计算或改写过",))
    return Integrity(INTACT)


def _differences(report: AnnualReport, now: dict[str, str], then: dict[str, str]) -> list[str]:
    changed = [name for name in then if now.get(name) != then[name]]
    added = [name for name in now if name not in then]
    return [_describe(report, name, name in added) for name in changed + added]


def _describe(report: AnnualReport, name: str, added: bool) -> str:
    """A part name in words a clerk understands."""
    fixed = {
        "title": "标题",
        "format": "年度或报告格式",
        "lead": "正文开头的段落",
        "catalog": "公开目录信息（索引号、文号等）",
        "closing_date": "落款日期",
        "signer": "签发人",
        "signed_on": "签发日期",
        "reason": "签发理由",
    }
    if name in fixed:
        return fixed[name]
    kind, _, where = name.partition(":")
    if kind not in ("cell", "section"):  # a part this version does not know
        return f"其他部分（{name}）"
    if kind == "cell":
        table, row, col = where.split("|")
        return f"表{table}“{row} / {col}”单元格" + ("（签发后新增）" if added else "")
    headings = {".".join(map(str, i.path)): i.heading for i in numbered(report.sections)}
    if where in headings:
        return f"“{headings[where]}”部分的文字" + ("（签发后新增）" if added else "")
    position = "-".join(str(int(i) + 1) for i in where.split("."))
    return f"第 {position} 部分（签发后被删除）"


def _digest(value: object) -> str:
    return hashlib.sha256(_canonical(value).encode("utf-8")).hexdigest()[:PART_DIGEST_CHARS]


def _canonical(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
