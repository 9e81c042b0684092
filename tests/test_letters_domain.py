"""Letters domain: every answer form's basis, table-三 row and remedy, drafting and templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop_app.domain.letter_texts import (
    LetterFacts,
    default_template,
    draft_letter,
    editable_fields,
    issue_problems,
    template_keys,
    template_problems,
)
from desktop_app.domain.letters import (
    ANSWER_FORMS,
    FORMS,
    KINDS,
    answer_form,
    form_for_outcome,
    has_remedy,
    kind_of,
    needs_answer_letter,
    remedy_sentence,
)
from desktop_app.domain.report_format import T3_OUTCOME_ROWS, outcome_label
from desktop_app.domain.requests import OUTCOMES

REVIEW_BODY = "青溪县人民政府"
FACTS = LetterFacts(
    agency="青溪县应急管理局",
    request_number="2024-0003",
    applicant="李华",
    received_on=dt.date(2024, 3, 1),
    content="2023年度危险化学品企业检查记录",
    corrected_on=dt.date(2024, 3, 8),
    due=dt.date(2024, 4, 8),
    review_body=REVIEW_BODY,
)

# form → (articles it must cite, table-三 row it counts in, refusal)
EXPECTED = {
    "予以公开": ("第三十六条第（二）项", "（一）予以公开", False),
    "已主动公开": ("第三十六条第（一）项", "（一）予以公开", False),
    "部分公开": ("第三十七条", T3_OUTCOME_ROWS[1], True),
    "国家秘密": ("第三十六条第（三）项、第十四条", "1.属于国家秘密", True),
    "法律行政法规禁止公开": ("第三十六条第（三）项、第十四条", "2.其他法律行政法规禁止公开", True),
    "危及三安全一稳定": ("第三十六条第（三）项、第十四条", "3.危及“三安全一稳定”", True),
    "第三方合法权益": ("第三十六条第（三）项、第十五条", "4.保护第三方合法权益", True),
    "内部事务信息": ("第十六条第一款", "5.属于三类内部事务信息", True),
    "过程性信息": ("第十六条第二款", "6.属于四类过程性信息", True),
    "行政执法案卷": ("第十六条第二款", "7.属于行政执法案卷", True),
    "行政查询事项": ("第三十六条第（七）项", "8.属于行政查询事项", True),
    "信息不存在": ("第三十六条第（四）项", "1.本机关不掌握相关政府信息", False),
    "非本机关掌握": ("第三十六条第（五）项", "1.本机关不掌握相关政府信息", False),
    "需要加工分析": ("第三十八条", "2.没有现成信息需要另行制作", False),
    "补正后仍不明确": ("第三十条", "3.补正后申请内容仍不明确", False),
    "信访举报投诉": ("第三十九条第一款", "1.信访举报投诉类申请", False),
    "重复申请": ("第三十六条第（六）项", "2.重复申请", False),
    "公开出版物": ("第三十九条第二款", "3.要求提供公开出版物", False),
    "大量反复申请": ("第三十五条", "4.无正当理由大量反复申请", False),
    "确认或重新出具": ("", "5.要求行政机关确认或重新出具已获取信息", False),
    "逾期未缴费": ("第四十二条", T3_OUTCOME_ROWS[-2], False),
}


def _answer(form: str, on: dt.date):
    edits = {name: f"（{name}的内容）" for name in answer_form(form).editable}
    return draft_letter("答复", FACTS, on, edits, form=form)


def test_every_form_of_the_table_is_covered():
    assert set(FORMS) == set(EXPECTED)


@pytest.mark.parametrize("form", list(EXPECTED))
def test_answer_cites_its_articles_and_counts_in_its_row(form):
    articles, row, refusal = EXPECTED[form]
    spec = answer_form(form)
    assert spec.outcome == outcome_label(row)
    assert spec.outcome in OUTCOMES
    assert spec.refusal is refusal
    letter = _answer(form, dt.date(2024, 4, 1))
    assert issue_problems(letter) == []
    if articles:
        assert f"《中华人民共和国政府信息公开条例》{spec.articles}" in letter.text
        assert articles in letter.text
    else:  # a practice-only form cites no article
        assert "第" not in letter.text.split("现答复如下：")[1].split("如对")[0]
    assert "2024年3月8日收到补正后的申请" in letter.text
    assert letter.paragraphs[-1] == "特此答复。"


@pytest.mark.parametrize("form", list(EXPECTED))
@pytest.mark.parametrize("on", [dt.date(2023, 12, 31), dt.date(2024, 1, 1)])
def test_remedy_sentence_follows_the_law_on_the_answer_date(form, on):
    letter = _answer(form, on)
    remedy = letter.paragraphs[-2]
    assert has_remedy(remedy)
    assert f"60日内向{REVIEW_BODY}申请行政复议" in remedy
    review_first = EXPECTED[form][2] and on >= dt.date(2024, 1, 1)
    assert ("6个月内依法向人民法院提起行政诉讼" in remedy) is not review_first
    assert ("应当先申请行政复议，不能直接向人民法院起诉" in remedy) is review_first


def test_partial_answer_sends_only_the_withheld_part_to_review_first():
    remedy = remedy_sentence(answer_form("部分公开"), dt.date(2024, 5, 1), REVIEW_BODY)
    assert remedy.startswith("如对其中不予公开部分不服")


def test_without_a_review_body_the_answer_cannot_be_issued():
    letter = draft_letter(
        "答复",
        LetterFacts("机关", "2024-0001", "王五", dt.date(2024, 3, 1), "某文件"),
        dt.date(2024, 3, 5),
        {"提供内容": "文件一份", "提供方式": "电子邮件"},
        form="予以公开",
    )
    assert [p.field for p in issue_problems(letter)] == ["复议机关"]


def test_outcome_picks_the_answer_form():
    assert form_for_outcome("予以公开").key == "予以公开"
    assert form_for_outcome("本机关不掌握相关政府信息").key == "信息不存在"
    for form in ANSWER_FORMS:
        assert needs_answer_letter(form.outcome)
    with pytest.raises(ValueError, match="尚未记录办理结果"):
        form_for_outcome("")
    no_letter = outcome_label(T3_OUTCOME_ROWS[-3])  # 逾期不补正: no letter is required
    assert not needs_answer_letter(no_letter)
    with pytest.raises(ValueError, match="不需要制作答复书"):
        form_for_outcome(no_letter)


@pytest.mark.parametrize("kind", [k.key for k in KINDS if k.key != "答复"])
def test_procedural_letters_cite_their_article_and_block_issue_until_filled(kind):
    facts = FACTS.__class__(**{**vars(FACTS), "extended_due": dt.date(2024, 5, 8)})
    facts = facts.__class__(
        **{
            **vars(facts),
            "fee_amount": 100,
            "fee_explanation": "按件计收",
            "payment_due": dt.date(2024, 4, 2),
            "consult_reply_by": dt.date(2024, 3, 25),
        }
    )
    blank = draft_letter(kind, facts, dt.date(2024, 3, 4))
    editable = editable_fields(kind)
    assert {p.field for p in issue_problems(blank)} == {
        name for name in editable if name not in ("补正期限", "说明期限")
    }
    filled = draft_letter(kind, facts, dt.date(2024, 3, 4), {n: f"〈{n}〉" for n in editable})
    assert issue_problems(filled) == []
    assert kind_of(kind).articles.split("、")[0] in filled.text


@pytest.mark.parametrize("kind", ["征求第三方", "第三方告知"])
def test_letters_to_a_third_party_never_name_the_applicant(kind):
    letter = draft_letter(kind, FACTS, dt.date(2024, 3, 4), {"第三方": "某化工有限公司"})
    assert letter.addressee == "某化工有限公司："
    assert "李华" not in letter.text + letter.addressee


def test_office_templates_are_checked_and_used():
    key = "补正"
    edited = default_template(key).replace("请您对下列内容", "请您就下列内容")
    assert template_problems(key, edited) == []
    bad = edited.replace("{依据}", "").replace("{补正事项}", "{申请人电话}")
    messages = [p.message for p in template_problems(key, bad)]
    assert any("申请人电话" in m for m in messages)
    assert any("{依据}" in m for m in messages)
    letter = draft_letter(key, FACTS, dt.date(2024, 3, 4), {"补正事项": "x"}, template=(3, edited))
    assert letter.template_version == 3
    assert "请您就下列内容" in letter.text
    assert all(template_problems(k, default_template(k)) == [] for k in template_keys())
    assert "没有“催告”这种文书模板" in template_problems("催告", "{依据}")[0].message


def test_unknown_kinds_and_forms_are_refused_in_chinese():
    with pytest.raises(ValueError, match="文书类型"):
        kind_of("催告")
    with pytest.raises(ValueError, match="答复形式"):
        answer_form("不予理睬")


# A request received before 2019-05-15 is handled under the 2008 text (国务院令第492号).
FACTS_2008 = replace(FACTS, received_on=dt.date(2019, 5, 14), corrected_on=None, due=None)
# form → the 2008 articles its basis cites ("" where that text has none: no article is named)
EXPECTED_2008 = {
    "予以公开": "第二十一条第（一）项",
    "部分公开": "第二十二条",
    "国家秘密": "第十四条第四款、第二十一条第（二）项",
    "危及三安全一稳定": "第八条、第二十一条第（二）项",
    "第三方合法权益": "第十四条第四款、第二十三条、第二十一条第（二）项",
    "过程性信息": "第二十一条第（二）项",
    "信息不存在": "第二十一条第（三）项",
    "补正后仍不明确": "第二十一条第（四）项",
    "需要加工分析": "",
}


@pytest.mark.parametrize(("form", "articles"), EXPECTED_2008.items())
def test_requests_received_before_2019_05_15_cite_the_2008_text(form, articles):
    edits = dict.fromkeys(editable_fields("答复", form), "某内容")
    letter = draft_letter("答复", FACTS_2008, dt.date(2019, 5, 20), edits, form=form)
    text = letter.text
    assert not any(f"第三十{n}条" in text for n in "六七八")
    if articles:
        assert f"依据《中华人民共和国政府信息公开条例》（国务院令第492号）{articles}的规定" in text
    else:
        assert "依据《中华人民共和国政府信息公开条例》（国务院令第492号）第" not in (
            "\n".join(letter.paragraphs[:-2])
        )
    remedy = letter.paragraphs[-2]
    assert remedy.startswith(
        "依据《中华人民共和国政府信息公开条例》（国务院令第492号）第三十三条第二款的规定，如"
    )
    assert has_remedy(remedy)
    assert "6个月内依法向人民法院提起行政诉讼" in remedy


def test_the_2019_text_applies_from_2019_05_15():
    facts = replace(FACTS_2008, received_on=dt.date(2019, 5, 15))
    edits = {"提供内容": "文件一份", "提供方式": "电子邮件"}
    letter = draft_letter("答复", facts, dt.date(2019, 5, 20), edits, form="予以公开")
    assert "依据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定" in letter.text
    assert "第492号" not in letter.text


def test_a_refusal_under_the_2008_text_answered_in_2024_goes_to_review_first():
    letter = draft_letter(
        "答复", FACTS_2008, dt.date(2024, 2, 1), {"理由": "已定密"}, form="国家秘密"
    )
    assert "第三十三条第二款" in letter.paragraphs[-2]
    assert "应当先申请行政复议，不能直接向人民法院起诉" in letter.paragraphs[-2]


@pytest.mark.parametrize(
    ("kind", "articles"),
    [("补正", "第二十一条第（四）项"), ("延期", "第二十四条第二款"), ("征求第三方", "第二十三条")],
)
def test_procedural_letters_under_the_2008_text(kind, articles):
    letter = draft_letter(kind, FACTS_2008, dt.date(2019, 5, 16), {})
    assert f"（国务院令第492号）{articles}的规定" in letter.text
