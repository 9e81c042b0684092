"""Letters to applicants (答复书、告知书): kinds, answer forms, legal basis, table-三 row, remedies.

Each answer form names the articles of the 2019 条例 it relies on and the outcome (a table-三 leaf)
it is counted in; a request received before 2019-05-15 is handled under the 2008 text (the rule
deadlines.rules_for applies), so its letters cite that text's articles instead. Remedy sentences
are generated from the form, the letter's date and the office's 复议机关, never typed, so an
answer cannot leave the appeal periods open by omission.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop_app.domain.deadlines import (
    CONSULT_START,
    CORRECTION_NOTICE,
    EXTENDED,
    FEE_NOTICE,
    RULES_2008,
    rules_for,
)
from desktop_app.domain.report_format import T3_GROUP_ITEMS, T3_OUTCOME_ROWS, outcome_label

REGULATION = "《中华人民共和国政府信息公开条例》"
REGULATION_2008 = "《中华人民共和国政府信息公开条例》（国务院令第492号）"
REMEDY_ARTICLE_2008 = "第三十三条第二款"  # 2008 text: 复议 or 诉讼 against disclosure decisions
FEE_RULES = "《政府信息公开信息处理费管理办法》"
# 2023 行政复议法 (in force 2024-01-01) 第二十三条: a refusal to disclose goes to 复议 first.
REVIEW_FIRST_FROM = dt.date(2024, 1, 1)
REVIEW_DAYS, LAWSUIT_MONTHS = 60, 6
CORRECTION_NOTICE_WORKDAYS = 7


def _outcome(group_index: int, item: int) -> str:
    """The outcome label of table 三's (group)item, read from report_format, never retyped."""
    return outcome_label(list(T3_GROUP_ITEMS.values())[group_index][item - 1])


DISCLOSED, PARTLY = outcome_label(T3_OUTCOME_ROWS[0]), outcome_label(T3_OUTCOME_ROWS[1])


@dataclass(frozen=True)
class AnswerForm:
    """One form of the answer (答复书): what it cites, where it is counted, what the clerk writes."""

    key: str
    articles: str  # "" for forms that rest on practice only
    outcome: str  # label of the table-三 leaf
    refusal: bool  # withholds information: since 2024 the applicant must go to 复议 first
    editable: tuple[str, ...]  # placeholders the clerk fills in (reasons, what is provided …)
    fee_rules: bool = False  # also cites the fee rules (办法)


_ART14 = "第三十六条第（三）项、第十四条"
ANSWER_FORMS: tuple[AnswerForm, ...] = (
    AnswerForm("予以公开", "第三十六条第（二）项", DISCLOSED, False, ("提供内容", "提供方式")),
    AnswerForm("已主动公开", "第三十六条第（一）项", DISCLOSED, False, ("公开位置",)),
    # The withheld part of a 部分公开 is a refusal, so its remedies follow the refusal rule.
    AnswerForm("部分公开", "第三十七条", PARTLY, True, ("提供内容", "不予公开部分", "理由")),
    AnswerForm("国家秘密", _ART14, _outcome(0, 1), True, ("理由",)),
    AnswerForm("法律行政法规禁止公开", _ART14, _outcome(0, 2), True, ("理由",)),
    AnswerForm("危及三安全一稳定", _ART14, _outcome(0, 3), True, ("理由",)),
    AnswerForm("第三方合法权益", "第三十六条第（三）项、第十五条", _outcome(0, 4), True, ("理由",)),
    AnswerForm(
        "内部事务信息", "第三十六条第（三）项、第十六条第一款", _outcome(0, 5), True, ("理由",)
    ),
    AnswerForm(
        "过程性信息", "第三十六条第（三）项、第十六条第二款", _outcome(0, 6), True, ("理由",)
    ),
    AnswerForm(
        "行政执法案卷", "第三十六条第（三）项、第十六条第二款", _outcome(0, 7), True, ("理由",)
    ),
    AnswerForm("行政查询事项", "第三十六条第（七）项", _outcome(0, 8), True, ("查询途径",)),
    AnswerForm("信息不存在", "第三十六条第（四）项", _outcome(1, 1), False, ("检索情况",)),
    AnswerForm("非本机关掌握", "第三十六条第（五）项", _outcome(1, 1), False, ("负责机关",)),
    AnswerForm("需要加工分析", "第三十八条", _outcome(1, 2), False, ("理由",)),
    AnswerForm("补正后仍不明确", "第三十条", _outcome(1, 3), False, ()),
    AnswerForm("信访举报投诉", "第三十九条第一款", _outcome(2, 1), False, ("办理渠道",)),
    AnswerForm("重复申请", "第三十六条第（六）项", _outcome(2, 2), False, ("前次答复",)),
    AnswerForm("公开出版物", "第三十九条第二款", _outcome(2, 3), False, ("获取途径",)),
    AnswerForm("大量反复申请", "第三十五条", _outcome(2, 4), False, ("理由",)),
    AnswerForm("确认或重新出具", "", _outcome(2, 5), False, ("理由",)),
    AnswerForm("逾期未缴费", "第四十二条", _outcome(3, 2), False, (), fee_rules=True),
)
FORMS = {form.key: form for form in ANSWER_FORMS}
# The form an answer takes when only the outcome is known: the first form counted in that row.
DEFAULT_FORM: dict[str, AnswerForm] = {}
for _form in ANSWER_FORMS:
    DEFAULT_FORM.setdefault(_form.outcome, _form)


@dataclass(frozen=True)
class LetterKind:
    key: str  # what the CLI and the register call it (回执, 补正 …)
    title: str
    articles: str
    clock_event: str = ""  # the register's clock event that issuing this letter records
    to_third_party: bool = False  # addressed to the third party: never names the applicant
    editable: tuple[str, ...] = ()
    fee_rules: bool = False


ANSWER = "答复"
KINDS: tuple[LetterKind, ...] = (
    LetterKind("回执", "政府信息公开申请接收回执", "第三十一条"),
    LetterKind(
        "补正", "政府信息公开申请补正通知书", "第三十条", CORRECTION_NOTICE, editable=("补正事项",)
    ),
    LetterKind("延期", "延期答复告知书", "第三十三条第二款", EXTENDED, editable=("延期理由",)),
    LetterKind(
        "征求第三方",
        "征求第三方意见书",
        "第三十二条",
        CONSULT_START,
        to_third_party=True,
        editable=("第三方", "征求事项"),
    ),
    LetterKind("征求意见告知", "征求第三方意见告知书", "第三十二条、第三十三条第三款"),
    LetterKind(
        "第三方告知",
        "第三方告知书",
        "第三十二条",
        to_third_party=True,
        editable=("第三方", "公开内容", "公开理由"),
    ),
    LetterKind("说明理由", "说明理由告知书", "第三十五条", editable=("说明事项",)),
    LetterKind(
        "收费",
        "信息处理费收费通知书",
        "第四十二条",
        FEE_NOTICE,  # dated the issue day; moved to the delivery day when delivery is recorded
        editable=("缴费方式",),
        fee_rules=True,
    ),
    LetterKind(ANSWER, "政府信息公开申请答复书", ""),
)
KIND = {kind.key: kind for kind in KINDS}


def kind_of(key: str) -> LetterKind:
    if key not in KIND:
        raise ValueError(f"文书类型“{key}”不存在：应为 {'、'.join(KIND)} 之一")
    return KIND[key]


def answer_form(key: str) -> AnswerForm:
    if key not in FORMS:
        raise ValueError(f"答复形式“{key}”不存在：应为 {'、'.join(FORMS)} 之一")
    return FORMS[key]


def form_for_outcome(outcome: str) -> AnswerForm:
    """The answer form of a recorded outcome; outcomes that need no answer letter are refused."""
    if not outcome:
        raise ValueError("申请尚未记录办理结果：请先在台账中选择办理结果，再制作答复书")
    if outcome not in DEFAULT_FORM:
        raise ValueError(f"办理结果“{outcome}”不需要制作答复书")
    return DEFAULT_FORM[outcome]


def needs_answer_letter(outcome: str) -> bool:
    return outcome in DEFAULT_FORM


# The 2008 text's articles (国务院令第492号) for each answer form and letter kind; "" where that
# text has none (the grounds it left to practice; the fee, charged only from 2021, never applies).
_REFUSED_2008 = "第二十一条第（二）项"
ARTICLES_2008 = {
    "予以公开": "第二十一条第（一）项",
    "已主动公开": "第二十一条第（一）项",
    "部分公开": "第二十二条",
    "国家秘密": f"第十四条第四款、{_REFUSED_2008}",
    "法律行政法规禁止公开": _REFUSED_2008,
    "危及三安全一稳定": f"第八条、{_REFUSED_2008}",
    "第三方合法权益": f"第十四条第四款、第二十三条、{_REFUSED_2008}",
    "内部事务信息": _REFUSED_2008,
    "过程性信息": _REFUSED_2008,
    "行政执法案卷": _REFUSED_2008,
    "信息不存在": "第二十一条第（三）项",
    "非本机关掌握": "第二十一条第（三）项",
    "补正后仍不明确": "第二十一条第（四）项",
    "回执": "第二十四条第二款",
    "补正": "第二十一条第（四）项",
    "延期": "第二十四条第二款",
    "征求第三方": "第二十三条",
    "征求意见告知": "第二十三条、第二十四条第三款",
    "第三方告知": "第十四条第四款、第二十三条",
}


def under_2008_text(received_on: dt.date) -> bool:
    return rules_for(received_on) is RULES_2008


def cited_articles(key: str, articles: str, received_on: dt.date) -> str:
    """The articles a letter of this form or kind cites for a request received on that day."""
    return ARTICLES_2008.get(key, "") if under_2008_text(received_on) else articles


def legal_basis(articles: str, fee_rules: bool = False, text_2008: bool = False) -> str:
    """The basis clause (“依据《条例》第三十六条第（二）项的规定”); "" for practice-only forms."""
    if not articles:
        return ""
    also = f"和{FEE_RULES}" if fee_rules else ""
    return f"依据{REGULATION_2008 if text_2008 else REGULATION}{articles}{also}的规定"


def remedy_sentence(
    form: AnswerForm, answered_on: dt.date, review_body: str, text_2008: bool = False
) -> str:
    """How the applicant may challenge the answer, by the law in force on the answer's date;
    under the 2008 text it also cites that text's article on remedies."""
    sentence = _remedy(form, answered_on, review_body)
    if text_2008:
        return f"依据{REGULATION_2008}{REMEDY_ARTICLE_2008}的规定，{sentence}"
    return sentence


def _remedy(form: AnswerForm, answered_on: dt.date, review_body: str) -> str:
    body = review_body.strip() or "〔请填写复议机关〕"  # set once in 设置 → 文书设置
    review = f"可以自知道本答复之日起{REVIEW_DAYS}日内向{body}申请行政复议"
    if form.refusal and answered_on >= REVIEW_FIRST_FROM:
        part = "对其中不予公开部分" if form.key == "部分公开" else "对本答复"
        return (
            f"如{part}不服，{review}；对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
            "依照《中华人民共和国行政复议法》第二十三条，不予公开政府信息的，"
            "应当先申请行政复议，不能直接向人民法院起诉。"
        )
    return (
        f"如对本答复不服，{review}，"
        f"也可以自知道本答复之日起{LAWSUIT_MONTHS}个月内依法向人民法院提起行政诉讼。"
    )


REMEDY_MARK = "申请行政复议"  # every remedy sentence contains it; the register check looks for it


def has_remedy(text: str) -> bool:
    return REMEDY_MARK in text
