"""Default letter texts (our own wording), office templates and drafting a letter from the facts.

A template is the letter's body, one paragraph per line, with placeholders in braces ({收到日期}).
The facts fill most placeholders; the clerk fills only the kind's editable ones (reasons, what is
provided …). The legal basis and the remedy sentence are generated, never part of a template, so
no edit can drop them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.domain.catalog import FieldProblem
from desktop_app.domain.letters import (
    ANSWER,
    AnswerForm,
    answer_form,
    cited_articles,
    kind_of,
    legal_basis,
    remedy_sentence,
    under_2008_text,
)

_INTRO = "本机关于{收到日期}收到您提出的政府信息公开申请（编号：{编号}）{补正情况}"
_ASKED = _INTRO + "，申请获取：“{申请内容}”。经审查，现答复如下："
_GROUNDS = {
    "国家秘密": "属于国家秘密",
    "法律行政法规禁止公开": "属于法律、行政法规禁止公开的信息",
    "危及三安全一稳定": "公开后可能危及国家安全、公共安全、经济安全或者社会稳定",
    "第三方合法权益": "涉及第三方的商业秘密或者个人隐私，公开会损害其合法权益",
    "内部事务信息": "属于本机关的内部事务信息",
    "过程性信息": "属于本机关履职过程中形成的讨论记录、请示报告等过程性信息",
    "行政执法案卷": "属于行政执法案卷信息",
}
_ANSWER_BODIES = {
    "予以公开": "您申请获取的信息属于可以公开的政府信息。{依据}，本机关向您提供{提供内容}，"
    "提供方式：{提供方式}。",
    "已主动公开": "您申请获取的信息本机关已经主动公开。{依据}，请您在{公开位置}查阅或者下载。",
    "部分公开": "您申请获取的信息中，{提供内容}可以公开，随本答复一并提供；{不予公开部分}"
    "不予公开，理由是：{理由}。{依据}，本机关对该申请作区分处理。",
    **{
        key: f"您申请获取的信息{ground}，具体理由是：{{理由}}。{{依据}}，本机关决定不予公开。"
        for key, ground in _GROUNDS.items()
    },
    "行政查询事项": "您申请获取的信息，法律、行政法规对其获取另有专门规定。{依据}，"
    "请您按照{查询途径}办理。",
    "信息不存在": "本机关经检索（{检索情况}），没有找到您申请获取的政府信息。{依据}，"
    "现告知您该政府信息不存在。",
    "非本机关掌握": "您申请获取的信息不由本机关掌握。{依据}，经了解，该信息由{负责机关}掌握，"
    "您可以向其提出申请。",
    "需要加工分析": "本机关没有您所要求的现成信息，需要对现有资料进行加工、分析才能形成"
    "（{理由}）。{依据}，本机关不予提供。",
    "补正后仍不明确": "本机关已通知您补正申请，补正后的申请仍不能确定所需信息的名称、文号"
    "或者其他便于查找的特征。{依据}，本机关无法按该申请提供政府信息。",
    "信访举报投诉": "您提出的事项属于信访、投诉或者举报，不属于政府信息公开申请。{依据}，"
    "本机关不作为政府信息公开申请处理，请您通过{办理渠道}反映。",
    "重复申请": "您此次申请的内容与本机关已经答复的申请（{前次答复}）相同。{依据}，本机关不予重复处理。",
    "公开出版物": "您申请获取的是公开出版物。{依据}，请您通过{获取途径}获取。",
    "大量反复申请": "您在短时间内提出的申请数量明显超过合理范围，本机关已请您说明理由，"
    "{理由}。{依据}，本机关不予处理。",
    "确认或重新出具": "您要求本机关确认或者重新出具您已经获取的信息，不属于政府信息公开申请的"
    "处理范围（{理由}），本机关不予处理。",
    "逾期未缴费": "本机关已向您送达信息处理费收费通知，您未在规定期限内缴纳。{依据}，"
    "视为您放弃本次申请，本机关不再处理。",
}
_PROCEDURAL = {
    "回执": _INTRO + "，申请获取：“{申请内容}”。\n"
    "{依据}，本机关以上述日期为收到申请之日，将于{答复期限}前作出答复；"
    "需要延长答复期限的，本机关将另行书面告知。",
    "补正": _INTRO + "。该申请的内容不够明确，本机关无法据此确定您需要的政府信息。"
    "{依据}，请您对下列内容一并作出补正：\n{补正事项}\n"
    "请在收到本通知之日起{补正期限}个工作日内提交补正后的申请，本机关自收到补正之日起重新计算"
    "答复期限；无正当理由逾期不补正的，视为放弃申请，本机关不再处理。",
    "延期": _INTRO + "。因{延期理由}，本机关不能在法定期限内作出答复。经本机关政府信息公开工作"
    "机构负责人同意，{依据}，答复期限延长至{延期后期限}。",
    "征求第三方": "本机关收到一份政府信息公开申请（编号：{编号}），申请获取的信息涉及贵方：{征求事项}。"
    "公开该信息可能损害贵方的合法权益，{依据}，现书面征求贵方意见。\n"
    "请于{征求回复期限}前（收到本意见书之日起十五个工作日内）书面回复是否同意公开及理由；"
    "逾期未回复的，本机关将依照条例的规定决定是否公开。",
    "征求意见告知": _INTRO + "，申请获取的信息涉及第三方的合法权益。本机关已于{文书日期}书面征求"
    "第三方意见，{依据}，征求意见所需时间不计入答复期限，本机关收到意见后将依法作出答复。",
    "第三方告知": "本机关就编号为{编号}的政府信息公开申请征求了贵方意见，贵方不同意公开。"
    "本机关认为不公开可能对公共利益造成重大影响，{依据}，决定予以公开。公开的内容：{公开内容}；"
    "理由：{公开理由}。",
    "说明理由": _INTRO + "。您申请的数量、频次明显超过合理范围，{依据}，请您说明理由：{说明事项}\n"
    "请在收到本告知书之日起{说明期限}个工作日内书面说明；理由不合理的，本机关将告知不予处理。",
    "收费": _INTRO + "。{依据}，本机关对该申请收取信息处理费。{收费说明}，应缴金额{收费金额}元。\n"
    "请自收到本通知次日起二十个工作日内（{缴费期限}前）缴纳，缴费方式：{缴费方式}。"
    "逾期未缴纳的，视为放弃申请，本机关不再处理。",
}
CLOSING_PHRASE = {
    ANSWER: "特此答复。",
    "补正": "特此通知。",
    "收费": "特此通知。",
    "征求第三方": "特此函告。",
}
DEFAULT_EDITS = {"补正期限": "15", "说明期限": "15"}
EDIT_LABELS = {"补正期限": "补正期限（工作日）", "说明期限": "说明期限（工作日）"}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MISSING = "〔请填写{}〕"


def template_key(kind: str, form: str = "") -> str:
    """Templates are kept per procedural kind and per answer form (“答复:予以公开”)."""
    return f"{ANSWER}:{form}" if kind == ANSWER else kind


def default_template(key: str) -> str:
    if key.startswith(f"{ANSWER}:"):
        return f"{_ASKED}\n{_ANSWER_BODIES[key.partition(':')[2]]}"
    return _PROCEDURAL[key]


def template_keys() -> list[str]:
    return [*_PROCEDURAL, *(template_key(ANSWER, form) for form in _ANSWER_BODIES)]


@dataclass(frozen=True)
class LetterFacts:
    """What the register knows about the request; the letter's data is made from these."""

    agency: str
    request_number: str
    applicant: str
    received_on: dt.date
    content: str
    corrected_on: dt.date | None = None
    due: dt.date | None = None
    extended_due: dt.date | None = None
    fee_amount: Decimal | None = None
    fee_explanation: str = ""
    payment_due: dt.date | None = None
    consult_reply_by: dt.date | None = None
    review_body: str = ""


@dataclass(frozen=True)
class LetterDraft:
    kind: str
    form: str  # answer form, "" for procedural letters
    letter_date: dt.date
    title: str
    addressee: str
    paragraphs: tuple[str, ...]
    agency: str
    edits: dict[str, str] = field(default_factory=dict)
    template_version: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def editable_fields(kind: str, form: str = "") -> tuple[str, ...]:
    letter_kind = kind_of(kind)
    extra = answer_form(form).editable if kind == ANSWER else letter_kind.editable
    return tuple(
        dict.fromkeys(extra + tuple(k for k in DEFAULT_EDITS if k in _template_names(kind, form)))
    )


def _template_names(kind: str, form: str) -> set[str]:
    return set(_PLACEHOLDER.findall(default_template(template_key(kind, form))))


def _values(facts: LetterFacts, letter_date: dt.date, basis: str) -> dict[str, str]:
    corrected = f"，于{cn_date(facts.corrected_on)}收到补正后的申请" if facts.corrected_on else ""
    return {
        "编号": facts.request_number,
        "申请人": facts.applicant,
        "收到日期": cn_date(facts.received_on),
        "补正情况": corrected,
        "申请内容": facts.content,
        "答复期限": cn_date(facts.due),
        "延期后期限": cn_date(facts.extended_due),
        "收费金额": str(facts.fee_amount) if facts.fee_amount is not None else "",
        "收费说明": facts.fee_explanation,
        "缴费期限": cn_date(facts.payment_due),
        "征求回复期限": cn_date(facts.consult_reply_by),
        "文书日期": cn_date(letter_date),
        "机关名称": facts.agency,
        "依据": basis,
    }


FACT_NAMES = tuple(
    _values(LetterFacts("", "", "", dt.date(2024, 1, 1), ""), dt.date(2024, 1, 1), "")
)


def template_problems(key: str, text: str) -> list[FieldProblem]:
    """An office's template may use the facts and its kind's editable parts, and must keep {依据}."""
    if key not in template_keys():
        return [
            FieldProblem("文书模板", f"没有“{key}”这种文书模板，可选：{'、'.join(template_keys())}")
        ]
    kind, _, form = key.partition(":")
    allowed = set(FACT_NAMES) | set(editable_fields(kind, form))
    problems = [
        FieldProblem(
            "文书模板", f"“{{{name}}}”不是可用的占位符，可用：{'、'.join(sorted(allowed))}"
        )
        for name in sorted(set(_PLACEHOLDER.findall(text)) - allowed)
    ]
    if "{依据}" in default_template(key) and "{依据}" not in text:
        problems.append(FieldProblem("文书模板", "模板必须保留“{依据}”（法律依据），请加回"))
    if not text.strip():
        problems.append(FieldProblem("文书模板", "模板不能为空"))
    return problems


OPTIONAL = {"补正情况"}  # empty when there was no 补正: nothing to fill in


def fill(text: str, values: dict[str, str]) -> str:
    """Placeholders replaced; an empty part shows as 〔请填写…〕 in a draft and blocks issuing."""

    def value(match: re.Match[str]) -> str:
        name = match[1]
        return (
            values.get(name, "") if name in OPTIONAL else values.get(name) or MISSING.format(name)
        )

    return _PLACEHOLDER.sub(value, text)


def draft_letter(
    kind: str,
    facts: LetterFacts,
    letter_date: dt.date,
    edits: dict[str, str] | None = None,
    form: str = "",
    template: tuple[int, str] | None = None,
) -> LetterDraft:
    """The letter as it would be issued today: template filled, basis and remedy generated."""
    letter_kind = kind_of(kind)
    answer: AnswerForm | None = answer_form(form) if kind == ANSWER else None
    key = template_key(kind, form)
    version, text = template or (0, default_template(key))
    old = under_2008_text(facts.received_on)
    cited = answer or letter_kind
    articles = cited_articles(cited.key, cited.articles, facts.received_on)
    basis = legal_basis(articles, cited.fee_rules, old)
    edits = {**DEFAULT_EDITS, **{k: v.strip() for k, v in (edits or {}).items()}}
    values = {**_values(facts, letter_date, basis or "经审查"), **edits}
    paragraphs = [fill(line, values) for line in text.splitlines() if line.strip()]
    if answer:
        paragraphs.append(remedy_sentence(answer, letter_date, facts.review_body, old))
    paragraphs.append(CLOSING_PHRASE.get(kind, "特此告知。"))
    addressee = edits.get("第三方", "") if letter_kind.to_third_party else facts.applicant
    title = letter_kind.title
    return LetterDraft(
        kind=kind,
        form=form,
        letter_date=letter_date,
        title=title,
        addressee=f"{addressee or MISSING.format('第三方' if letter_kind.to_third_party else '申请人')}：",
        paragraphs=tuple(paragraphs),
        agency=facts.agency,
        edits={k: v for k, v in edits.items() if k in editable_fields(kind, form)},
        template_version=version,
    )


def issue_problems(draft: LetterDraft) -> list[FieldProblem]:
    """What keeps a draft from being issued: every editable part and fact it uses must be filled."""
    text = "\n".join((draft.addressee, *draft.paragraphs))
    missing = sorted(set(re.findall(r"〔请填写([^〕]*)〕", text)))
    return [FieldProblem(name, f"尚未填写“{name}”，请在文书表单中填写后再签发") for name in missing]
