"""Tables of real published annual reports: the rows of their tables as printed (numbers and the
official labels only, no sentence of the reports), with where each was published.

Public documents. A blank string is a cell the report left empty. The import must place every
number, and the checker must find exactly the errors the published tables contain.
"""

from __future__ import annotations

from dataclasses import dataclass

_ = ""  # a cell left empty in the published table
T3_HEADER = (
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
    ["自然人", "法人或其他组织", "总计"],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
)
T4_HEADER = (
    ["行政复议", "行政诉讼"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
)


@dataclass(frozen=True)
class RealReport:
    agency: str
    year: int
    source: str  # where it was published
    table_format: str  # the format its tables follow
    rows: tuple[list[str], ...]  # every row of its tables 二, 三, 四, in order, cells as printed
    # A number the report's text quotes, as a clause of it (only for the text checks).
    quoted: tuple[str, ...] = ()
    # Labels printed with a typo: as printed → the official label.
    typos: tuple[tuple[str, str], ...] = ()


SHANGHAI_OFFICE_2019 = RealReport(
    agency="上海市人民政府办公厅",
    year=2019,
    source="“中国上海”门户网站 www.shanghai.gov.cn，政府信息公开年报栏目，2020-01-31 发布",
    # the 2019 trial format: table 二 has other columns, （六）其他处理 has no items
    table_format="2019 试行格式",
    rows=(
        # ---- 表二 (2019 trial columns: not those of the 2021 format)
        ["第二十条第（一）项"],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "13", "13", "524"],
        ["规范性文件", "60", "60", "368"],
        ["第二十条第（五）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "0", "0", "0"],
        ["其他对外管理服务事项", "0", "0", "0"],
        ["第二十条第（六）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", "0", "0", "0"],
        ["行政强制", "0", "0", "0"],
        ["第二十条第（八）项"],
        ["信息内容", "上一年项目数量", "本年增/减"],
        ["行政事业性收费", "0", "0"],
        ["第二十条第（九）项"],
        ["信息内容", "采购项目数量", "采购总金额"],
        ["政府集中采购", "6", "251000元"],
        # ---- 表三: the outcome rows leave 总计 empty
        *T3_HEADER,
        ["一、本年新收政府信息公开申请数量", "821", "35", _, _, "2", "1", "859"],
        ["二、上年结转政府信息公开申请数量", "18", _, _, _, _, _, "18"],
        ["三、本年度办理结果", "（一）予以公开", "258", "12", _, _, "1", "1", _],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3", _, _, _, _, _, _],
        ["（三）不予公开", "1.属于国家秘密", "14", _, _, _, _, _, _],
        ["2.其他法律行政法规禁止公开", _, _, _, _, _, _, _],
        ["3.危及“三安全一稳定”", _, _, _, _, _, _, _],
        ["4.保护第三方合法权益", _, _, _, _, _, _, _],
        ["5.属于三类内部事务信息", "5", _, _, _, _, _, _],
        ["6.属于四类过程性信息", "3", "1", _, _, _, _, _],
        ["7.属于行政执法案卷", _, _, _, _, _, _, _],
        ["8.属于行政查询事项", "10", "2", _, _, _, _, _],
        ["（四）无法提供", "1.本机关不掌握相关政府信息", "252", "12", _, _, "1", _, _],
        ["2.没有现成信息需要另行制作", "44", "3", _, _, _, _, _],
        ["3.补正后申请内容仍不明确", "25", _, _, _, _, _, _],
        ["（五）不予处理", "1.信访举报投诉类申请", "148", "1", _, _, _, _, _],
        ["2.重复申请", "5", "4", _, _, _, _, _],
        ["3.要求提供公开出版物", _, _, _, _, _, _, _],
        ["4.无正当理由大量反复申请", _, _, _, _, _, _, _],
        ["5.要求行政机关确认或重新出具已获取信息", _, _, _, _, _, _, _],
        ["（六）其他处理", _, _, _, _, _, _, _],
        ["（七）总计", "767", "35", _, _, "2", "1", "805"],
        ["四、结转下年度继续办理", "72", _, _, _, _, _, "72"],
        # ---- 表四
        *T4_HEADER,
        ["5", _, _, "2", "7", "8", _, _, "1", "9", _, _, _, _, _],
    ),
    # its section 一 quotes its tables' totals in wordings of its own (an aside in brackets, the
    # number before 顺延到下年度, 诉讼 without 行政), each agreeing with its table, and how the
    # requests were answered, where two numbers count less than the table gives: 258 予以公开及
    # 部分公开 is the natural persons' 予以公开 alone (the table gives 272 + 3), 265 无法提供 is
    # its first item alone (the table gives 265 + 47 + 25)
    quoted=(
        "市政府办公厅代表市政府共受理政府信息公开申请859件",
        "答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）",
        "信息公开类行政复议7件，诉讼9件",
        "予以公开及部分公开258件，占33.9%",
        "不予公开35件，占4.34%",
        "因本机关不掌握等原因无法提供265件，占32.9%",
        "不予处理158件，占19.6%",
        "其他处理0件",
    ),
)

CORPUS = (SHANGHAI_OFFICE_2019,)

# ---- 2021-format reports of which the stored copy holds only the top of the page: table 二 and
# the first rows of table 三 (the copy ends there). The rows are the report's as far as it goes.
T2_2021 = (
    ["第二十条第（一）项"],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
)
T2_2021_REST = (
    ["第二十条第（五）项"],
    ["信息内容", "本年处理决定数量"],
    ["行政许可", "0"],
    ["第二十条第（六）项"],
    ["信息内容", "本年处理决定数量"],
    ["行政处罚", "0"],
    ["行政强制", "0"],
    ["第二十条第（八）项"],
    ["信息内容", "本年收费金额（单位：万元）"],
    ["行政事业性收费", "0"],
)
ZEROS = ["0"] * 7

HANYANG_OFFICE_2022 = RealReport(
    agency="武汉市汉阳区人民政府办公室",
    year=2022,
    source="www.hanyang.gov.cn/bmxxgk/zfgzjg/qrmzfbgs/zfxxgkndbg/202301/t20230119_2136694.shtml",
    table_format="2021 年格式（表二“现行有效件数”栏加注“历史累计”）",
    rows=(
        T2_2021[0],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数（历史累计）"],
        ["规章", "0", "0", _],  # 规章's 现行有效件数 is left empty
        ["行政规范性文件", "5", "12", "8"],
        *T2_2021_REST,
        *T3_HEADER,
        ["一、本年新收政府信息公开申请数量", "8", "0", "0", "0", "0", "0", "8"],
        ["二、上年结转政府信息公开申请数量", *ZEROS],
    ),
    # its section 三 counts the requests in 份 and says none was carried over
    quoted=("2022年,区政府办公室共收到8份政府信息公开申请,均为自然人申请", "无下年度结转"),
)

CHANGCHUN_VETERANS_2023 = RealReport(
    agency="长春市退役军人事务局",  # the department of the address's column (styjrswj)
    year=2023,
    source="js.changchun.gov.cn/zcbm/styjrswj/ndbg/202401/t20240115_3271106.html",
    table_format="2021 年格式",
    rows=(
        *T2_2021,
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "0", "0", "0"],
        *T2_2021_REST,
        *T3_HEADER,
        ["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"],
        ["二、上年结转政府信息公开申请数量", *ZEROS],
    ),
    # its section 一 quotes two applications where table 三 counts three new ones
    quoted=("本年度，共受理政府信息公开申请2件",),
)

JIUYUAN_SERVICES_2022 = RealReport(
    agency="九原区政务服务局",
    year=2022,
    source="www.jiuyuanqu.gov.cn/ztbm1/51391.html",
    table_format="2021 年格式",
    rows=(
        *T2_2021,
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "0", "0", "0"],
        *T2_2021_REST,
        *T3_HEADER,
        ["一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"],
        ["二、上年结转政府信息公开申请数量", *ZEROS],
        ["三、本年度办理结果", "（一）予以公开", *ZEROS],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", *ZEROS],
        ["（三）不予公开", "1.属于国家秘密", *ZEROS],
        ["2.其他法律行政法规禁止公开", *ZEROS],
        ["3.危及“三安全一稳定”", *ZEROS],
    ),
)

ERDAO_HOUSING_2022 = RealReport(
    agency="长春市二道区房屋征收工作管理办公室",
    year=2022,
    source="zwgk.changchun.gov.cn/ed/qzfzcbm/edqfwzsyglbgs/zfxxgknb/202301/t20230117_3105437.html",
    table_format="2021 年格式（只填自然人和总计两栏，其余留空）",
    rows=(
        *T2_2021,
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "0", "0", "0"],
        *T2_2021_REST,
        *T3_HEADER,
        ["一、本年新收政府信息公开申请数量", "56", _, _, _, _, _, "56"],
        ["二、上年结转政府信息公开申请数量", "0", _, _, _, _, _, "0"],
        ["三、本年度办理结果", "（一）予以公开", "18", _, _, _, _, _, _],  # its 总计 left empty
        ["（二）部分公开（区分处理的，只计这一情况，不计其他情形）", _, _, _, _, _, _, _],
        ["（三）不予公开", "1.属于国家秘密", _, _, _, _, _, _, _],
        ["2.其他法律行政法规禁止公开", _, _, _, _, _, _, _],
        ["3.危及“三安全一稳定”", _, _, _, _, _, _, _],
        ["4.保护第三方合法权益", _, _, _, _, _, _, _],
        ["5.属于三类内容事务信息", _, _, _, _, _, _, _],
        ["6.属于四类过程性信息", _, _, _, _, _, _, _],
        ["7.属于行政执法案卷", _, _, _, _, _, _, _],
        ["8.属于行政查询事项", _, _, _, _, _, _, _],
    ),
    typos=(
        (
            "（二）部分公开（区分处理的，只计这一情况，不计其他情形）",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("5.属于三类内容事务信息", "5.属于三类内部事务信息"),
    ),
)

TOPS_2021_FORMAT = (
    HANYANG_OFFICE_2022,
    CHANGCHUN_VETERANS_2023,
    JIUYUAN_SERVICES_2022,
    ERDAO_HOUSING_2022,
)


def copied_text(report: RealReport) -> str:
    """The report as text copied from its web page: six headings (our own one-line text under
    each) and the tables' rows with their cells separated by tabs, empty cells kept."""
    opens = {"第二十条第（一）项": 1, T3_HEADER[0][0]: 2, T4_HEADER[0][0]: 3}  # the table's section
    sections = [[f"{'一二三四五六'[i]}、{h}", "（正文从略。）"] for i, h in enumerate(HEADINGS)]
    section = 0
    for row in report.rows:
        section = opens.get(row[0], section)
        sections[section].append("\t".join(row))
    title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    return "\n".join([title, *(line for lines in sections for line in lines)]) + "\n"


HEADINGS = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)
