"""Agency codes (GB 32100-2015 / GB 11714-1997), 索引号 patterns and 文号 brackets: every rule and branch."""

from __future__ import annotations

import pytest

from desktop_app.domain.identifiers import (
    DEFAULT_INDEX_PATTERN,
    INDEX_NO_MAX_LENGTH,
    IndexPattern,
    agency_code_problem,
    index_no_problem,
    normalize_agency_code,
    normalize_doc_number,
    org_code_check_char,
    org_code_problem,
    uscc_check_char,
    uscc_problem,
)

QINGXI = (
    "11330727775738086F"  # 统一社会信用代码 of a county bureau; body 775738086 is its old org code
)


@pytest.mark.parametrize(
    "code", [QINGXI, "91350100M000100Y43"]
)  # the second is GB 32100's own example
def test_valid_uscc(code):
    assert uscc_problem(code) is None
    assert uscc_check_char(code[:17]) == code[17]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (QINGXI[:17], "应为 18 位，实为 17 位"),
        (QINGXI + "1", "实为 19 位"),
        ("11330727775738086I", "不允许的字符“I”"),  # I O Z S V are never used
        ("1133072777573808OF", "不允许的字符“O”"),
        ("Z1330727775738086F", "不允许的字符“Z”"),
        ("113307277757380s6F", "不允许的字符“s”"),
        ("11A30727775738086F", "行政区划代码"),
        ("11330727775738088F", "第 9–17 位的组织机构代码校验码应为“6”，实为“8”"),
        ("11330727775738086G", "校验位应为“F”，实为“G”"),
        ("113307277757380861", "校验位应为“F”"),
    ],
)
def test_invalid_uscc_says_why(code, reason):
    problem = uscc_problem(code)
    assert problem is not None
    assert reason in problem


def test_uscc_with_lowercase_org_part_is_refused():
    # Lowercase letters are outside the character set, so they are named before any checksum.
    assert "不允许的字符“a”" in uscc_problem("11330727a75738086F")


@pytest.mark.parametrize(
    ("code", "check"),
    [
        ("77573808-6", "6"),
        ("775738086", "6"),
        ("D2143569-X", "X"),  # GB 11714's example: 11 - (sum mod 11) = 10 is written X
        ("00000006-X", "X"),  # 6 × 2 = 12 ≡ 1 (mod 11) → 10 → X
        ("00000000-0", "0"),  # sum 0 → 11 is written 0
        ("00000001-9", "9"),  # 1 × 2 = 2 → 9
    ],
)
def test_valid_org_codes(code, check):
    assert org_code_problem(code) is None
    assert org_code_check_char(code.replace("-", "")[:8]) == check


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("77573808", "应为 9 位，实为 8 位"),
        ("77573808-66", "实为 10 位"),
        ("7757380a-6", "8 位数字或大写字母"),
        ("77573808-A", "1 位校验码"),
        ("77573808-5", "校验码应为“6”，实为“5”"),
        ("D2143569-9", "校验码应为“X”"),
    ],
)
def test_invalid_org_codes(code, reason):
    assert reason in org_code_problem(code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (f"  {QINGXI.lower()} ", None),  # trimmed and upper-cased before checking
        ("77573808-6", None),
        (" 775738086", None),
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("77573808-5", "组织机构代码校验码"),  # nine characters: checked as an org code
        ("1133072777573808", "统一社会信用代码应为 18 位"),  # anything else: as a USCC
    ],
)
def test_agency_code_problem(code, expected):
    problem = agency_code_problem(code)
    if expected is None:
        assert problem is None
    else:
        assert expected in problem


def test_normalize_agency_code():
    assert normalize_agency_code(" 11330727775738086f\t") == QINGXI


def test_default_index_pattern():
    pattern = IndexPattern()
    assert pattern.template == DEFAULT_INDEX_PATTERN
    assert pattern.problem() is None
    assert pattern.format(QINGXI, 2024, 7) == f"{QINGXI}/2024-00007"
    assert pattern.format(QINGXI, 2024, 123456) == f"{QINGXI}/2024-123456"  # never truncated


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{code}-{serial}", "{year} 和 {serial}"),
        ("{code}-{year}", "{year} 和 {serial}"),
        ("{year}-{serial}-{department}", "无法使用"),  # unknown placeholder (KeyError)
        ("{year}-{serial:05q}", "无法使用"),  # bad format spec (ValueError)
        ("{year}-{serial}-{0}", "无法使用"),  # positional placeholder (IndexError)
        ("{year}-{serial", "无法使用"),  # unbalanced brace (ValueError)
    ],
)
def test_unusable_index_patterns(template, reason):
    assert reason in IndexPattern(template).problem()


def test_topic_placeholder_is_allowed():
    pattern = IndexPattern("{code}-{topic}-{year}-{serial:04d}")
    assert pattern.problem() is None
    assert pattern.format("X1", 2023, 5, "TJ") == "X1-TJ-2023-0005"


@pytest.mark.parametrize(
    ("template", "index_no", "serial"),
    [
        (DEFAULT_INDEX_PATTERN, f"{QINGXI}/2024-00042", 42),
        (DEFAULT_INDEX_PATTERN, f"{QINGXI}/2024-123456", 123456),  # more digits than the padding
        (DEFAULT_INDEX_PATTERN, f"{QINGXI}/2023-00042", None),  # another year
        (DEFAULT_INDEX_PATTERN, "77573808-6/2024-00042", None),  # another agency
        (DEFAULT_INDEX_PATTERN, f"{QINGXI}/2024-00042A", None),  # trailing text
        (DEFAULT_INDEX_PATTERN, "QXYJ-2024-0042", None),  # a legacy scheme
        ("{code}-{topic}-{year}-{serial:04d}", f"{QINGXI}-TJ-2024-0007", 7),  # any topic
        ("{code}-{topic}-{year}-{serial:04d}", f"{QINGXI}-T/J-2024-0007", None),  # topic has no "/"
        ("{serial:03d}/{year}", "015/2024", 15),  # placeholders at both ends
        ("A.{year}.{serial}", "AX2024X1", None),  # literal dots are literal
        ("第{year}-{serial}号", "第2024-3号", 3),  # literal text after the last placeholder
        ("第{year}-{serial}号", "第2024-3", None),
    ],
)
def test_serial_of(template, index_no, serial):
    assert IndexPattern(template).serial_of(index_no, QINGXI, 2024) == serial


def test_serial_of_round_trips_format():
    pattern = IndexPattern("{code}/{year}/{serial:06d}")
    for serial in (1, 99, 100000):
        assert pattern.serial_of(pattern.format(QINGXI, 2025, serial), QINGXI, 2025) == serial


@pytest.mark.parametrize(
    ("index_no", "reason"),
    [
        ("", "不能为空"),
        ("A" * (INDEX_NO_MAX_LENGTH + 1), f"最多 {INDEX_NO_MAX_LENGTH} 个字符"),
        ("QXYJ 2019-0042", "请删除空格和全角字符"),
        ("QXYJ－2019", "请删除空格和全角字符"),
        ("-2019-0042", "只能包含"),  # must start with a letter or digit
        ("索引-2019", "只能包含"),
    ],
)
def test_implausible_legacy_index_numbers(index_no, reason):
    assert reason in index_no_problem(index_no)


@pytest.mark.parametrize(
    "index_no", ["QXYJ-2019-0042", "A" * INDEX_NO_MAX_LENGTH, "775738086/2019_03.1"]
)
def test_plausible_legacy_index_numbers(index_no):
    assert index_no_problem(index_no) is None


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("青应急[2023]12号", "青应急〔2023〕12号"),
        ("青应急［2023］12号", "青应急〔2023〕12号"),
        ("青应急【2023】12号", "青应急〔2023〕12号"),
        ("青应急(2023)12号", "青应急〔2023〕12号"),
        ("青应急（2023）12号", "青应急〔2023〕12号"),
        ("青应急{2023}12号", "青应急〔2023〕12号"),
        ("青应急〔2023〕12号", "青应急〔2023〕12号"),
        ("  青应急[ 2023 ]12号 ", "青应急〔2023〕12号"),
        (
            "青应急[2023）12号",
            "青应急〔2023〕12号",
        ),  # mismatched pairs are still a year in brackets
        ("青应急(急件)12号", "青应急(急件)12号"),  # brackets around something else stay
        ("青应急[23]12号", "青应急[23]12号"),  # only four-digit years
        ("", ""),
    ],
)
def test_doc_number_year_brackets(raw, normalized):
    assert normalize_doc_number(raw) == normalized
