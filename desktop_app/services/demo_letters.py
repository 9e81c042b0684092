"""Demo letters: the office settings and letters of several kinds for the demo register.

Letters start with the last weeks of the last demo year (as if the office began issuing them from
the program then), so the register checks have nothing to report on the demo data.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop_app.domain.fee_ledger import Payment
from desktop_app.domain.letter_records import LetterSettings
from desktop_app.domain.letters import FORMS, form_for_outcome, needs_answer_letter
from desktop_app.services import letters as service

if TYPE_CHECKING:
    from desktop_app.domain.requests import Request
    from desktop_app.services.context import Services

REVIEW_BODY = "青溪县人民政府"
SHORT_NAME = "青溪应急"
STARTED_WEEKS_BEFORE_YEAR_END = 6
# What the clerk writes into the editable parts of the demo letters.
EDIT_TEXTS = {
    "提供内容": "所申请文件的电子版一份",
    "提供方式": "通过电子邮件发送至申请人登记的邮箱",
    "公开位置": "本局门户网站“政府信息公开”专栏",
    "不予公开部分": "涉及企业经营数据的附表",
    "理由": "该部分内容属于企业的商业秘密，经征求意见，企业不同意公开",
    "检索情况": "检索了本局公文管理系统和档案室",
    "负责机关": "青溪县自然资源和规划局",
    "办理渠道": "青溪县信访局或12345政务服务便民热线",
    "前次答复": "本局此前已作出的答复",
    "获取途径": "新华书店或者出版单位",
    "查询途径": "不动产登记资料查询的有关规定",
    "补正事项": "请写明所需信息的年份和所涉企业名称",
    "延期理由": "所需信息分散在多个科室，需要逐一调取核对",
    "缴费方式": "到本局办公室现场缴纳或者银行转账",
}


def add_demo_letters(services: Services, year: int, today: dt.date) -> None:
    """Settings, answers to the requests concluded at the end of `year`, and procedural letters."""
    agency_id = services.agencies.current().id
    services.letters.save_settings(agency_id, LetterSettings(SHORT_NAME, review_body=REVIEW_BODY))
    start = dt.date(year, 12, 31) - dt.timedelta(weeks=STARTED_WEEKS_BEFORE_YEAR_END)
    open_requests = 0
    for request in services.requests.all():
        if request.received_on < start:
            continue
        if request.answered_on is None:  # one procedural letter each, in turn
            kind = PROCEDURAL[open_requests % len(PROCEDURAL)]
            open_requests += 1
            on = request.received_on + dt.timedelta(days=0 if kind == "回执" else 2)
            _issue(services, request, kind, on, today=today)
        elif needs_answer_letter(request.outcome):
            form = form_for_outcome(request.outcome).key
            _issue(services, request, "答复", request.answered_on, today, form)


PROCEDURAL = ("回执", "补正", "收费", "延期")
FEE_PAGES = 150  # the 收费 demo letter charges by pages


def _issue(
    services: Services, request: Request, kind: str, on: dt.date, today: dt.date, form: str = ""
) -> None:
    names = FORMS[form].editable if form else ("补正事项", "延期理由", "缴费方式")
    edits = {name: EDIT_TEXTS[name] for name in names}
    pages = FEE_PAGES if kind == "收费" else None
    service.issue(services, service.draft(services, request, kind, on, edits, form, pages))
    if kind == "收费":  # the applicant paid a few days later, as the ledger shows
        paid = min(on + dt.timedelta(days=3), max(today, on))
        services.letters.record_payment(request.id, Payment(paid_on=paid))
