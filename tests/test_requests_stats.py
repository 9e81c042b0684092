"""Tables 三 and 四 from the register: the spec's mapping rules, the format's consistency rules, sources."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from desktop_app.db.repositories.requests import StatRecord
from desktop_app.domain.report_format import (
    APPLICANT_TYPES,
    T3_CARRIED_IN,
    T3_CARRIED_OUT,
    T3_COLUMNS,
    T3_DISCLOSED,
    T3_GROUP_ITEMS,
    T3_NEW,
    T3_PARTLY,
    T3_RESULT_TOTAL,
    T3_TOTAL,
    T4_COLUMNS,
    T4_GROUPS,
)
from desktop_app.domain.request_stats import (
    AFTER,
    BEFORE,
    IN_YEAR,
    NOT_ANSWERED,
    RequestGroup,
    phase,
    stats_json,
    table3,
    table3_counts,
    table4,
)
from desktop_app.domain.requests import OUTCOMES, Appeal

D = dt.date


def _record(i, kind, received, answered=None, outcome=""):
    return StatRecord(i, f"N{i}", kind, received, answered, outcome)


def test_mapping_rules_by_hand():
    records = [
        _record(1, "自然人", D(2024, 3, 1), D(2024, 3, 10), "予以公开"),  # new, concluded
        _record(
            2,
            "商业企业",
            D(2023, 12, 20),
            D(2024, 1, 5),
            "部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        _record(3, "自然人", D(2024, 12, 30)),  # new, carried out
        _record(4, "其他", D(2023, 11, 1), D(2025, 1, 3), "重复申请"),  # carried in and out
        _record(
            5, "自然人", D(2023, 5, 1), D(2023, 12, 31), "予以公开"
        ),  # concluded before the year
        _record(6, "自然人", D(2025, 1, 1)),  # after the year
    ]
    t = table3(records, 2024)
    assert t.counts[T3_NEW] == {**dict.fromkeys(T3_COLUMNS, 0), "自然人": 2, T3_TOTAL: 2}
    assert t.behind(T3_CARRIED_IN, T3_TOTAL) == (2, 4)
    assert t.behind(T3_DISCLOSED, "自然人") == (1,)
    assert t.behind(T3_PARTLY, "商业企业") == (2,)
    assert t.behind(T3_CARRIED_OUT, T3_TOTAL) == (3, 4)
    assert t.counts[T3_RESULT_TOTAL][T3_TOTAL] == 2
    assert t.counts["（五）不予处理"]["其他"] == 0  # #4 is concluded in 2025, not 2024
    assert table3(records, 2025).behind("2.重复申请", "其他") == (4,)


def _random_register(count, seed=7):
    rng = random.Random(seed)
    records = []
    for i in range(count):
        received = D(2022, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        answered = received + dt.timedelta(days=rng.randrange(60)) if rng.random() < 0.9 else None
        records.append(
            _record(
                i,
                rng.choice(APPLICANT_TYPES),
                received,
                answered,
                rng.choice(OUTCOMES) if answered else "",
            )
        )
    return records


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_consistency_rules_hold_for_any_register(year):
    records = _random_register(3000)
    counts = table3(records, year).counts
    first, last = D(year, 1, 1), D(year, 12, 31)
    for column in T3_COLUMNS:
        c = {row: cells[column] for row, cells in counts.items()}
        for group, items in T3_GROUP_ITEMS.items():  # rule 2
            assert c[group] == sum(c[item] for item in items)
        assert c[T3_RESULT_TOTAL] == sum(
            c[r] for r in counts if r.startswith("（") and r != T3_RESULT_TOTAL
        )
        assert c[T3_NEW] + c[T3_CARRIED_IN] == c[T3_RESULT_TOTAL] + c[T3_CARRIED_OUT]  # rule 4
    for cells in counts.values():  # rule 1
        assert cells[T3_TOTAL] == sum(cells[k] for k in APPLICANT_TYPES)
    # An independent count of the new requests and of this year's answers.
    assert counts[T3_NEW][T3_TOTAL] == sum(first <= r.received_on <= last for r in records)
    assert counts[T3_RESULT_TOTAL][T3_TOTAL] == sum(
        r.answered_on is not None and first <= r.answered_on <= last for r in records
    )


def test_sources_match_counts_and_carry_over_between_years():
    records = _random_register(2000, seed=3)
    t2023, t2024 = table3(records, 2023), table3(records, 2024)
    for (row, column), ids in t2024.sources.items():
        assert len(ids) == t2024.counts[row][column]
    for column in T3_COLUMNS:  # across years: carried out of 2023 = carried into 2024
        assert t2023.behind(T3_CARRIED_OUT, column) == t2024.behind(T3_CARRIED_IN, column)


def test_unknown_outcome_or_type_is_refused_with_the_number():
    with pytest.raises(ValueError, match="N1 已办结"):
        table3([_record(1, "自然人", D(2024, 1, 2), D(2024, 1, 3), "同意")], 2024)
    with pytest.raises(ValueError, match="N2 的申请人类型"):
        table3([_record(2, "公民", D(2024, 1, 2))], 2024)
    with pytest.raises(ValueError, match="N3 已办结"):
        table3_counts([RequestGroup("自然人", "同意", IN_YEAR, IN_YEAR, 4, "N3")], 2024)
    # A request outside the year is not looked at, whatever it holds.
    assert (
        table3_counts([RequestGroup("公民", "同意", AFTER, NOT_ANSWERED, 4, "N4")], 2024).counts[
            T3_NEW
        ][T3_TOTAL]
        == 0
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (None, NOT_ANSWERED),
        (D(2023, 12, 31), BEFORE),
        (D(2024, 1, 1), IN_YEAR),
        (D(2024, 12, 31), IN_YEAR),
        (D(2025, 1, 1), AFTER),
    ],
)
def test_phase_of_a_date(day, expected):
    assert phase(day, 2024) == expected


def _appeal(i, kind, filed, result="尚未审结", decided=None):
    return Appeal(i, 1, "N", kind, filed, result, decided, "")


def test_table_four():
    review, direct, after = T4_GROUPS
    appeals = [
        _appeal(1, review, D(2024, 2, 1), "结果维持", D(2024, 4, 1)),
        _appeal(2, review, D(2024, 11, 1), "结果纠正", D(2025, 2, 1)),  # pending at the end of 2024
        _appeal(
            3, direct, D(2023, 6, 1), "其他结果", D(2024, 3, 1)
        ),  # filed earlier, decided in 2024
        _appeal(4, after, D(2023, 1, 1), "结果维持", D(2023, 5, 1)),  # done before 2024
        _appeal(5, after, D(2024, 7, 1)),
    ]
    t = table4(appeals, 2024)
    assert t.counts[review] == {
        "结果维持": 1,
        "结果纠正": 0,
        "其他结果": 0,
        "尚未审结": 1,
        "总计": 2,
    }
    assert t.counts[direct]["其他结果"] == 1
    assert t.behind(after, "尚未审结") == (5,)
    assert t.counts[after]["总计"] == 1
    for cells in t.counts.values():
        assert cells["总计"] == sum(cells[c] for c in T4_COLUMNS[:4])
    assert table4(appeals, 2025).behind(review, "结果纠正") == (2,)


def test_json_keyed_by_official_labels():
    document = stats_json(table3([], 2024), table4([], 2024))
    assert document["年度"] == 2024
    assert list(document["三"])[0] == T3_NEW
    assert "三、本年度办理结果" not in document["三"]
    assert list(document["四"]) == list(T4_GROUPS)


def test_fee_summary_counts_fees_of_requests_answered_in_the_year():
    from decimal import Decimal

    from desktop_app.domain.request_stats import fee_summary
    from desktop_app.domain.requests import Request

    def request(i, answered, fee):
        return Request(
            i,
            f"N{i}",
            D(2023, 12, 1),
            "自然人",
            "x",
            "网络",
            answered,
            "予以公开",
            Decimal(fee),
            "",
        )

    requests = [
        request(1, D(2024, 1, 5), "20.00"),
        request(2, D(2023, 12, 20), "50"),
        request(3, D(2024, 6, 1), "0"),
        request(4, D(2024, 7, 1), "12.50"),
    ]
    summary = fee_summary(requests, 2024)
    assert (summary.charged, summary.amount, summary.request_ids) == (2, Decimal("32.50"), (1, 4))
    assert fee_summary([], 2024).amount == 0
