"""Technical terms the window shows, each with a short explanation in plain words (for tooltips
and the lines beside them), so a clerk who never met PDF/A or a rule id knows what it means."""

from __future__ import annotations

PDF_A = (
    "PDF/A 是专门用于长期存档的 PDF：字体全部嵌在文件里，不依赖外部内容，"
    "多年后在任何电脑上打开都和今天一样。网站公开的文件通常要求这种格式。"
)
PADES = (
    "PAdES 是 PDF 文件的数字签名标准：用本单位的数字证书（.p12/.pfx 文件）在 PDF 里签名，"
    "读者用 PDF 阅读器可以看到是谁签的、签名后文件有没有被改过。没有证书可以不签。"
)
SHA_256 = (
    "SHA-256 是文件的“数字指纹”：由文件内容算出的一串字符，文件哪怕改动一个字，指纹就完全不同。"
    "用它可以核对一份文件是不是当初保存或签发的那一份。"
)

# What each rule of the report checker looks at, by the rule id shown before each finding.
RULES = {
    "二-1": "表二中现行有效件数应不少于本年制发件数减去废止件数，少了请与目录核对",
    "二-2": "表二的数字必须是非负数（件数为整数，金额最多四位小数）",
    "三-1": "表三每一行的总计应等于自然人与各类法人或其他组织之和",
    "三-2": "表三中有小计的项目，小计应等于其下各项之和",
    "三-3": "表三“三、本年度办理结果”的总计应等于（一）至（六）各项之和",
    "三-4": "表三中本年新收加上年结转，应等于本年办结加结转下年度继续办理",
    "三-5": "表三、表四的每个数字都必须是非负整数",
    "四-1": "表四每一类的总计应等于各种结果之和",
    "跨年-1": "今年表三的“上年结转”应等于去年报告的“结转下年度继续办理”",
    "跨年-2": "表二的现行有效件数应等于去年的现行有效件数加今年制发、减今年废止的件数",
    "文字-0": "这一节还没有写正文",
    "文字-1": "这一节的文字与去年的报告完全相同，可能忘了更新",
    "文字-2": "正文里写的数字与表格中对应的数字不一致",
    "文字-3": "有被纠正的行政复议或诉讼，正文中应说明原因和整改情况",
    "文字-4": "第五部分（存在的主要问题及改进情况）没有实际内容",
    "表格-0": "表格还是空的：可以从台账和目录自动计算，或手工填写",
    "表格-1": "有单元格没有给出数字（空白或“/”），涉及它的合计无法核对",
    "台账-1": "报告签发后台账又有改动，签发时的数字与台账现在算出的数字不同",
}


def rule_explanation(rule: str) -> str:
    """One plain sentence for a checker rule id; empty for an id this list does not know."""
    return RULES.get(rule, "")
