"""Printed pages of real published reports as text extracted from their PDFs: one printed line
a line, as the page broke them (public documents; the text as the stored copy of each page has
it, with its half-width commas and brackets and the spaces around numbers).

The import must join the lines a page broke, keep every character, and set the table lines
aside.
"""

from __future__ import annotations

# 威海市文登区信访局2022年政府信息公开工作年度报告, page 8 of the PDF as published in the
# district's report reader: http://180.76.149.248:88/book/2022dzs/xinfang/files/basic-html/page8.html
WENDENG_PETITIONS_2022_PAGE_8 = (
    "四、因政府信息公开工作被申请行政复议提起行政诉讼情况",
    "行政复议 行政诉讼",
    "未经复议直接起诉 复议后起诉",
    "结果 结果 其他 尚未 总",
    "维持 纠正 结果 审结 计 结果 结果 其他 尚未 总 结果 结果 其他 尚未 总",
    "维持 纠正 结果 审结 计 维持 纠正 结果 审结 计",
    "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
    "五、政府信息公开工作存在的主要问题及改进情况",
    "总结我局本年度政府信息公开工作,公开信息数量明显增加,",
    "公开形式更加规范,仍存在以下问题:",
    "一是组织建设仍需改进。政府信息公开工作业务骨干以兼职",
    "为主,队伍建设整体不够稳定,且法律、互联网及相关业务领域",
    "专业人员配备不足;二是在政府信息公开这方面,由于信访工作",
    "的特殊性,我局产生的政府信息大多属于不公开发布的信息内容,",
    "同时政府信息公开内容较少,不够丰富,与公众的需求还存在一",
    "些差距。",
    "针对以上问题,我局从以下几个方面着手,继续深入推进政",
    "府信息公开工作:",
)
# the paragraphs of section 五 on that page, as the author wrote them: lines joined, no
# character added or dropped
WENDENG_PETITIONS_2022_SECTION_5 = (
    "".join(WENDENG_PETITIONS_2022_PAGE_8[8:10]),
    "".join(WENDENG_PETITIONS_2022_PAGE_8[10:16]),
    "".join(WENDENG_PETITIONS_2022_PAGE_8[16:18]),
)

# 威海市文登区人民政府办公室2022年政府信息公开工作年度报告, page 9 (the last) of the PDF:
# http://180.76.149.248:88/book/2022dzs/bangongshi/files/basic-html/page9.html
WENDENG_OFFICE_2022_PAGE_9 = (
    "(三)人大代表建议和政协提案办理结果公开情况",
    "2022 年,区政府办公室共收到市人大代表建议 1 件、市政",
    "协委员提案 1 件,内容主要涉及乡村振兴、特色产业等方面。截",
    "至 12 月底,全部建议、提案均已办理完毕,办结率为 100%,人",
    "大代表、政协委员对办理工作表示满意。",
    "(四)政务公开工作创新情况",
    "1.民生实事项目全过程公开。建立“2022 年民生实事项目实",
    "施情况”专题,通过图解、动漫动画形式形象展示年初民生实事",
    "项目内容,清单化公开项目责任单位、目标任务,按季度发布项",
    "目进展情况,使群众获得“一站式”政务公开体验。",
    "(五)其他报告事项",
    "无。",
    "威海市文登区人民政府办公室",
    "2023 年 1 月 16 日",
)

# 威海市文登区审计局2020年政府信息公开工作年度报告 (“2020年报_审计局”), page 9 of the PDF:
# http://180.76.149.248:88/book/dzs/shenji/files/basic-html/page9.html. Table 四's header is set
# upright, a character a line in each narrow column.
WENDENG_AUDIT_2020_PAGE_9 = (
    "四、结转下年度继续办理 0 0 0 0 0 0 0",
    "四、政府信息公开行政复议、行政诉讼情况",
    "2020 年,我单位对形成的政府信息实现了依法、有序公开,",
    "未出现申请行政复议、提起行政诉讼的情况。",
    "行政复议 行政诉讼",
    "未经复议直接起诉 复议后起诉",
    "结 结 其 尚",
    "结 结 其 尚 结 结 其 尚",
    "果 果 他 未",
    "总计 果 果 他 未 总 果 果 他 未 总",
    "维 纠 结 审",
    "维 纠 结 审 计 维 纠 结 审 计",
    "持 正 果 结",
    "持 正 果 结 持 正 果 结",
    "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
    "五、存在的主要问题及改进情况",
    "2020 年,在区政府及上级主管部门的大力指导支持和我局",
    "各科室的全力配合协作下,我局政务公开和政府信息公开工作取",
    "得了一些成绩,但仍存在着一些短板和不足,如政务公开内容、",
    "创新方式、开展政府开放日活动方面有待提升。",
    "2021 年,我局将根据我区部署的政务公开工作具体要求,进",
    "一步提高认识,深入查找政务公开工作各个环节中的薄弱点,加",
    "大工作力度,提升公开水平,充分发挥审计在党和国家监督体系",
    "中的重要作用。",
)
