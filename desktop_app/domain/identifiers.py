"""Agency codes (GB 32100-2015, GB 11714-1997), 索引号 patterns and 文号 normalisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from string import Formatter

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

DEFAULT_INDEX_PATTERN = "{code}/{year}-{serial:05d}"


def uscc_check_char(body: str) -> str:
    """Check character of a 统一社会信用代码 from its first 17 characters."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(body: str) -> str:
    """Check character of a 组织机构代码 from its 8 body characters."""
    total = sum(_org_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _org_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def uscc_problem(code: str) -> str | None:
    """Why `code` is not a valid 统一社会信用代码, or None when it is."""
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，实为 {len(code)} 位"
    bad = [c for c in code if c not in USCC_CHARSET]
    if bad:
        return f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用 I、O、Z、S、V）"
    if not code[2:8].isdigit():
        return "统一社会信用代码第 3–8 位应为行政区划代码（数字）"
    org_problem = org_code_problem(code[8:17])
    if org_problem:
        return f"统一社会信用代码第 9–17 位的{org_problem}"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位应为“{expected}”，实为“{code[17]}”，请核对"
    return None


def org_code_problem(code: str) -> str | None:
    """Why `code` is not a valid 组织机构代码 (hyphen allowed), or None."""
    plain = code.replace("-", "")
    if len(plain) != 9:
        return f"组织机构代码应为 9 位，实为 {len(plain)} 位"
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", plain):
        return "组织机构代码应为 8 位数字或大写字母加 1 位校验码"
    expected = org_code_check_char(plain[:8])
    if plain[8] != expected:
        return f"组织机构代码校验码应为“{expected}”，实为“{plain[8]}”，请核对"
    return None


def agency_code_problem(code: str) -> str | None:
    """Validate an agency code: 18-character USCC or legacy 9-character 组织机构代码."""
    code = code.strip().upper()
    if not code:
        return "机构代码不能为空，请填写 18 位统一社会信用代码"
    if len(code.replace("-", "")) == 9:
        return org_code_problem(code)
    return uscc_problem(code)


def normalize_agency_code(code: str) -> str:
    return code.strip().upper()


@dataclass(frozen=True)
class IndexPattern:
    """How an agency's 索引号 are built, e.g. ``{code}/{year}-{serial:05d}``."""

    template: str = DEFAULT_INDEX_PATTERN

    def problem(self) -> str | None:
        if "{serial" not in self.template or "{year" not in self.template:
            return "索引号格式必须包含 {year} 和 {serial} 两个占位符"
        try:
            self.format("X", 2024, 1, "")
        except (KeyError, ValueError, IndexError) as exc:
            return f"索引号格式无法使用：{exc}"
        return None

    def format(self, code: str, year: int, serial: int, topic: str = "") -> str:
        return self.template.format(code=code, year=year, serial=serial, topic=topic)

    def serial_of(self, index_no: str, code: str, year: int) -> int | None:
        """The serial in `index_no` when it follows this pattern for code and year, else None."""
        match = _serial_pattern(self.template, code, year).fullmatch(index_no)
        return int(match["serial"]) if match else None


@lru_cache(maxsize=256)
def _serial_pattern(template: str, code: str, year: int) -> re.Pattern[str]:
    """The pattern's numbers of one code and year as a regular expression (an import of 50,000
    legacy numbers asks for the same few thousands of times)."""
    parts = []
    for literal, field, _spec, _conv in Formatter().parse(template):
        parts.append(re.escape(literal))
        if field == "serial":
            parts.append(r"(?P<serial>\d+)")
        elif field is not None:
            value = {"code": code, "year": str(year)}.get(field)
            parts.append(re.escape(value) if value is not None else r"[^/]*?")
    return re.compile("".join(parts))


INDEX_NO_MAX_LENGTH = 64
_INDEX_NO_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z/\-_.]*")


def index_no_problem(index_no: str) -> str | None:
    """Validate a legacy/imported 索引号: kept verbatim, but must be plausible."""
    if not index_no:
        return "索引号不能为空"
    if len(index_no) > INDEX_NO_MAX_LENGTH:
        return f"索引号过长（最多 {INDEX_NO_MAX_LENGTH} 个字符）"
    if not _INDEX_NO_RE.fullmatch(index_no):
        return "索引号只能包含数字、字母、“/”“-”“_”“.”，请删除空格和全角字符"
    return None


_YEAR_IN_BRACKETS = re.compile(r"[\[［【(（{〔]\s*(\d{4})\s*[\]］】)）}〕]")


def normalize_doc_number(doc_number: str) -> str:
    """Write the year brackets of a 文号 as 〔〕: ``某应急[2023]12号`` → ``某应急〔2023〕12号``."""
    text = doc_number.strip()
    return _YEAR_IN_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", text)
