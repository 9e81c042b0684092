"""Register checks on letters: answers missing or contradicting the register, remedies, late 补正.

A concluded request needs an answer letter only once the office issues its letters here: requests
concluded before its first letter in the program were answered in Word and are not reported.

A correction replaces the letter it names, so only the latest letter of each chain is judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.domain.letter_records import Letter
from desktop_app.domain.letters import (
    ANSWER,
    CORRECTION_NOTICE_WORKDAYS,
    answer_form,
    has_remedy,
    needs_answer_letter,
)
from desktop_app.domain.requests import Request
from desktop_app.domain.workcalendar import WorkCalendar


@dataclass(frozen=True)
class LetterFinding:
    rule: str
    request_number: str
    message: str


def current_letters(letters: Iterable[Letter]) -> list[Letter]:
    letters = list(letters)
    replaced = {letter.replaces for letter in letters if letter.replaces}
    return [letter for letter in letters if letter.number not in replaced]


def check_letters(
    requests: Iterable[Request], letters: Iterable[Letter], calendar: WorkCalendar
) -> list[LetterFinding]:
    """Every finding, request by request in register order."""
    letters = current_letters(letters)
    # Answers from before the office's first letter in the program were written elsewhere.
    since = min((letter.issued_on for letter in letters), default=None)
    by_request: dict[int, list[Letter]] = {}
    for letter in letters:
        by_request.setdefault(letter.request_id, []).append(letter)
    findings = []
    for request in requests:
        findings += _request_findings(request, by_request.get(request.id, []), calendar, since)
    return findings


def _request_findings(
    request: Request, letters: list[Letter], calendar: WorkCalendar, since: dt.date | None
) -> list[LetterFinding]:
    number = request.number
    found = [
        LetterFinding(
            "文书-5", number, f"文书 {x.number} 的存档内容与签发时的 SHA-256 不一致，已被改动"
        )
        for x in letters
        if not x.intact
    ]
    answers = [x for x in letters if x.kind == ANSWER]
    concluded = request.answered_on and since and request.answered_on >= since
    if concluded and needs_answer_letter(request.outcome) and not answers:
        found.append(
            LetterFinding("文书-1", number, f"已办结（{request.outcome}），但没有签发答复书")
        )
    for answer in answers:
        outcome = answer_form(answer.form).outcome
        if outcome != request.outcome:
            found.append(
                LetterFinding(
                    "文书-2",
                    number,
                    f"答复书 {answer.number}（{answer.form}）应计入“{outcome}”，"
                    f"与台账记录的办理结果“{request.outcome or '未填写'}”不一致",
                )
            )
        if not has_remedy(answer.content.text):
            found.append(
                LetterFinding(
                    "文书-3",
                    number,
                    f"答复书 {answer.number} 没有告知行政复议、行政诉讼的权利和期限",
                )
            )
    latest = calendar.add_workdays(request.received_on, CORRECTION_NOTICE_WORKDAYS)
    for notice in (x for x in letters if x.kind == "补正" and x.issued_on > latest):
        found.append(
            LetterFinding(
                "文书-4",
                number,
                f"补正通知书 {notice.number} 于 {notice.issued_on} 签发，晚于收到申请后第"
                f"{CORRECTION_NOTICE_WORKDAYS}个工作日（{latest}）",
            )
        )
    return found
