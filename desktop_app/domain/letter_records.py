"""Issued letters as the register keeps them: office settings, 文号, frozen content and its hashes.

An issued letter is frozen: its text, the data it was drafted from and its PDF never change. The
content hash covers everything printed; both hashes are recomputed whenever a letter is read, so
a row edited outside the program shows up as 已被改动 instead of being trusted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.catalog import FieldProblem

DEFAULT_NUMBER_PATTERN = "{简称}依公〔{年}〕{序号}号"
_PATTERN_NAMES = ("{简称}", "{年}", "{序号}")
DELIVERY_METHODS = ("当面领取", "邮寄", "电子邮件", "网上平台", "传真", "其他")


@dataclass(frozen=True)
class LetterSettings:
    short_name: str = ""  # 机关简称 in the 文号; the agency's name when empty
    number_pattern: str = DEFAULT_NUMBER_PATTERN
    review_body: str = ""  # 复议机关, named in every answer's remedy sentence
    payment_stops_clock: bool = (
        False  # a 收费通知's payment period is left out of the answer period
    )
    # As read: a save names this version and is refused if the stored one moved on (0: never saved).
    version: int = 0
    modified_by: str = ""
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class TemplateEdit:
    """A template's new text, with the version it was edited from (0: our default text; None:
    read just now, nothing to compare)."""

    key: str
    text: str
    loaded_version: int | None = None


# How each value of the setting reads in the settings dialog and the CLI.
PAYMENT_CLOCK = {
    False: "计入答复期限（答复期限照常计算）",
    True: "不计入答复期限（自收费通知送达至缴费或减免，答复期限暂停计算）",
}


def settings_problems(settings: LetterSettings) -> list[FieldProblem]:
    problems = []
    pattern = settings.number_pattern.strip()
    if "{年}" not in pattern or "{序号}" not in pattern:
        problems.append(
            FieldProblem("文号格式", "必须包含“{年}”和“{序号}”，例如 {简称}依公〔{年}〕{序号}号")
        )
    leftover = pattern
    for name in _PATTERN_NAMES:
        leftover = leftover.replace(name, "")
    if "{" in leftover or "}" in leftover:
        problems.append(FieldProblem("文号格式", "只能使用“{简称}”“{年}”“{序号}”三个占位符"))
    if len(settings.short_name) > 40:
        problems.append(FieldProblem("机关简称", "过长，最多 40 字"))
    return problems


PREVIEW_SERIAL = "×"  # a draft's preview shows the pattern with this in place of the serial


def format_letter_number(pattern: str, short_name: str, year: int, serial: int | str) -> str:
    """文号 such as 青溪应急依公〔2024〕7号 (no leading zeros, as official numbers are written)."""
    return (
        pattern.replace("{简称}", short_name)
        .replace("{年}", str(year))
        .replace("{序号}", str(serial))
    )


@dataclass(frozen=True)
class FrozenContent:
    """Everything printed on the letter, and the data it was drafted from."""

    number: str
    kind: str
    form: str
    issued_on: dt.date
    title: str
    addressee: str
    text: str
    data: str  # canonical JSON

    def sha256(self) -> str:
        fields = [self.number, self.kind, self.form, self.issued_on.isoformat(), self.title]
        fields += [self.addressee, self.text, self.data]
        return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def canonical_json(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class Letter:
    id: int
    request_id: int
    request_number: str
    content: FrozenContent
    template_version: int
    pdf_sha256: str
    replaces: str  # 文号 of the letter this one corrects, "" for none
    delivery_method: str
    delivered_on: dt.date | None
    intact: bool  # both hashes recomputed on read match the recorded ones

    @property
    def number(self) -> str:
        return self.content.number

    @property
    def kind(self) -> str:
        return self.content.kind

    @property
    def form(self) -> str:
        return self.content.form

    @property
    def issued_on(self) -> dt.date:
        return self.content.issued_on

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.content.data)
        return data


def delivery_problems(method: str, on: dt.date | None, issued_on: dt.date) -> list[FieldProblem]:
    problems = []
    if method not in DELIVERY_METHODS:
        problems.append(FieldProblem("送达方式", f"应为 {'、'.join(DELIVERY_METHODS)} 之一"))
    if on is None:
        problems.append(FieldProblem("送达日期", "不能为空，请填写送达日期（YYYY-MM-DD）"))
    elif on < issued_on:
        problems.append(FieldProblem("送达日期", f"{on} 早于文书日期 {issued_on}，请核对"))
    return problems
