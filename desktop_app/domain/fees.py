"""信息处理费: the two charging methods by excess-progressive bands, from 2021-01-01 on.

按件 charges a request by its place among the same applicant's requests in one calendar month; 按量
charges by the pages provided. One method per request. Amounts are whole 元 (Decimal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain.deadlines import PAYMENT_WORKDAYS  # noqa: F401 - the ledger's period too

FEES_FROM = dt.date(2021, 1, 1)  # requests received earlier are never charged
BY_COUNT, BY_PAGES = "按件计收", "按量计收"
METHODS = (BY_COUNT, BY_PAGES)

# (first page of the band, 元 per page); pages before the first band are free.
PAGE_BANDS: tuple[tuple[int, int], ...] = ((31, 10), (101, 20), (201, 40))
COUNT_FREE = 10  # the 1st–10th request of a month cost nothing
COUNT_FIRST_BAND_END, COUNT_FIRST_RATE = 30, 100  # 11th–30th: 100 元 each
COUNT_BAND, COUNT_STEP = 10, 100  # from the 31st: bands of ten, each 100 元 dearer


@dataclass(frozen=True)
class Fee:
    method: str
    basis: int  # pages provided, or the request's place in the month
    amount: Decimal

    @property
    def explanation(self) -> str:
        if self.method == BY_PAGES:
            return f"{BY_PAGES}：提供 {self.basis} 页，{page_breakdown(self.basis)}"
        return f"{BY_COUNT}：本月第 {self.basis} 件申请，收费 {self.amount} 元"


def fee_applies(received_on: dt.date) -> bool:
    return received_on >= FEES_FROM


def fee_for_pages(pages: int) -> Decimal:
    """Fee in 元 for `pages` pages: each band's rate applies to the pages that fall in it."""
    return Decimal(sum(n * rate for n, rate in _page_parts(pages)))


def _page_parts(pages: int) -> list[tuple[int, int]]:
    if pages < 0:
        raise ValueError("页数不能为负数")
    parts = []
    for i, (first, rate) in enumerate(PAGE_BANDS):
        last = PAGE_BANDS[i + 1][0] - 1 if i + 1 < len(PAGE_BANDS) else pages
        if pages >= first:
            parts.append((min(pages, last) - first + 1, rate))
    return parts


def page_breakdown(pages: int) -> str:
    """The sum written out band by band for the 收费通知书 (“70×10 + 100×20 = 2700 元”)."""
    parts = _page_parts(pages)
    if not parts:
        return f"不超过 {PAGE_BANDS[0][0] - 1} 页，不收费"
    terms = " + ".join(f"{n}×{rate}" for n, rate in parts)
    return f"{terms} = {fee_for_pages(pages)} 元"


def fee_for_nth(nth: int) -> Decimal:
    """Fee in 元 of an applicant's `nth` request (1-based) in one calendar month."""
    if nth < 1:
        raise ValueError("申请序次应从 1 开始")
    if nth <= COUNT_FREE:
        return Decimal(0)
    if nth <= COUNT_FIRST_BAND_END:
        return Decimal(COUNT_FIRST_RATE)
    band = (nth - COUNT_FIRST_BAND_END - 1) // COUNT_BAND + 1
    return Decimal(COUNT_FIRST_RATE + band * COUNT_STEP)


def nth_in_month(received: Iterable[tuple[dt.date, str]], key: tuple[dt.date, str]) -> int:
    """Place of the request `key` (received date, 编号) among the applicant's requests of its month."""
    day, number = key
    same_month = sorted(r for r in received if (r[0].year, r[0].month) == (day.year, day.month))
    return same_month.index(key) + 1


def compute_fee(method: str, basis: int, received_on: dt.date) -> Fee:
    """The fee of one request by one method; nothing for a request received before 2021."""
    if method not in METHODS:
        raise ValueError(f"收费方式应为 {'、'.join(METHODS)} 之一")
    if not fee_applies(received_on):
        return Fee(method, basis, Decimal(0))
    amount = fee_for_pages(basis) if method == BY_PAGES else fee_for_nth(basis)
    return Fee(method, basis, amount)
