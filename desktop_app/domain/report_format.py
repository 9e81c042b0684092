"""The official annual-report format (国办公开办函〔2021〕30号): sections and table labels, verbatim.

Labels are keys of the stored cells and of the JSON exchange format, so they must never be retyped:
every other module takes them from here.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_2021 = "2021"
FORMAT_FREE = "free"
FORMATS = (FORMAT_2021, FORMAT_FREE)

SECTIONS_2021 = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)

# ---- Table 二 (section 二): four blocks of 条例第二十条 -------------------------------------------
T2_ISSUED, T2_REPEALED, T2_IN_FORCE = "本年制发件数", "本年废止件数", "现行有效件数"
T2_DECISIONS = "本年处理决定数量"
T2_FEE_AMOUNT = "本年收费金额（单位：万元）"
T2_FEE_DECIMALS = 4  # the fee is kept to four decimals of 万元


@dataclass(frozen=True)
class Table2Block:
    article: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]


TABLE2_BLOCKS = (
    Table2Block(
        "第二十条第（一）项", ("规章", "行政规范性文件"), (T2_ISSUED, T2_REPEALED, T2_IN_FORCE)
    ),
    Table2Block("第二十条第（五）项", ("行政许可",), (T2_DECISIONS,)),
    Table2Block("第二十条第（六）项", ("行政处罚", "行政强制"), (T2_DECISIONS,)),
    Table2Block("第二十条第（八）项", ("行政事业性收费",), (T2_FEE_AMOUNT,)),
)
TABLE2_CONTENT_HEADER = "信息内容"
# Column headers of table 二 in the 2019 trial format (国办公开办函〔2019〕60号), which counts other
# things than the 2021 columns: its numbers must not be read into them.
TABLE2_TRIAL_COLUMNS = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "采购项目数量",
    "采购总金额",
)
# Its rows and block that the 2021 format dropped: table cells, never text.
TABLE2_TRIAL_ROWS = ("其他对外管理服务事项", "第二十条第（九）项", "政府集中采购")
# Genres of catalog entries that table 二's first block counts.
TABLE2_CATALOG_GENRES = ("规章", "行政规范性文件")

# ---- Table 三 (section 三): requests by applicant type ----------------------------------------
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT_HEADER = "申请人情况"
T3_NATURAL = "自然人"
T3_LEGAL_GROUP = "法人或其他组织"
T3_LEGAL = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
T3_TOTAL = "总计"
T3_COLUMNS = (T3_NATURAL, *T3_LEGAL, T3_TOTAL)
APPLICANT_TYPES = (T3_NATURAL, *T3_LEGAL)

T3_NEW = "一、本年新收政府信息公开申请数量"
T3_CARRIED_IN = "二、上年结转政府信息公开申请数量"
T3_RESULTS = "三、本年度办理结果"  # a heading row: holds no numbers
T3_CARRIED_OUT = "四、结转下年度继续办理"

T3_DISCLOSED = "（一）予以公开"
T3_PARTLY = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
T3_REFUSED = "（三）不予公开"
T3_UNABLE = "（四）无法提供"
T3_NOT_HANDLED = "（五）不予处理"
T3_OTHER = "（六）其他处理"
T3_RESULT_TOTAL = "（七）总计"

# Groups of outcomes whose row holds the sum of its items.
T3_GROUP_ITEMS: dict[str, tuple[str, ...]] = {
    T3_REFUSED: (
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ),
    T3_UNABLE: (
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
    ),
    T3_NOT_HANDLED: (
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    T3_OTHER: (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ),
}


def _result_rows() -> tuple[str, ...]:
    rows: list[str] = [T3_DISCLOSED, T3_PARTLY]
    for group, items in T3_GROUP_ITEMS.items():
        rows += [group, *items]
    return (*rows, T3_RESULT_TOTAL)


T3_RESULT_ROWS = _result_rows()
# The group each item row belongs to. The template prints a group as a label cell spanning its
# items, without numbers; the group rows' sums are kept for the checks.
T3_GROUP_ITEM_OF = {item: group for group, items in T3_GROUP_ITEMS.items() for item in items}
# Every row of table 三 in print order; T3_RESULTS is a label-only row.
T3_ROWS = (T3_NEW, T3_CARRIED_IN, T3_RESULTS, *T3_RESULT_ROWS, T3_CARRIED_OUT)
T3_DATA_ROWS = tuple(row for row in T3_ROWS if row != T3_RESULTS)
# The rows with numbers of the official template (25).
T3_PRINTED_ROWS = tuple(row for row in T3_DATA_ROWS if row not in T3_GROUP_ITEMS)
# The outcome labels a request can have: the leaves of the tree, without their numbers.
T3_OUTCOME_ROWS = (
    T3_DISCLOSED,
    T3_PARTLY,
    *(i for items in T3_GROUP_ITEMS.values() for i in items),
)


def outcome_label(row: str) -> str:
    """A result row without its number: '（二）部分公开（…）' → '部分公开（…）', '1.属于国家秘密' → '属于国家秘密'."""
    if row.startswith("（"):
        return row[row.index("）") + 1 :]
    return row.split(".", 1)[1]


# ---- Table 四 (section 四): appeals and lawsuits --------------------------------------------
T4_REVIEW = "行政复议"
T4_LITIGATION = "行政诉讼"
T4_DIRECT = "未经复议直接起诉"
T4_AFTER_REVIEW = "复议后起诉"
T4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
# JSON / storage keys of the three groups, as in the exchange format.
T4_GROUPS = (T4_REVIEW, f"{T4_LITIGATION}（{T4_DIRECT}）", f"{T4_LITIGATION}（{T4_AFTER_REVIEW}）")

TABLE_KEYS = ("二", "三", "四")


def table2_cells() -> list[tuple[str, str]]:
    """(row, column) of every cell of table 二."""
    return [(row, col) for block in TABLE2_BLOCKS for row in block.rows for col in block.columns]


def table3_cells() -> list[tuple[str, str]]:
    return [(row, col) for row in T3_DATA_ROWS for col in T3_COLUMNS]


def table4_cells() -> list[tuple[str, str]]:
    return [(group, col) for group in T4_GROUPS for col in T4_COLUMNS]


CELLS_BY_TABLE = {"二": table2_cells, "三": table3_cells, "四": table4_cells}
