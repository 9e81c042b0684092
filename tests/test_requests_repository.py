"""Request register storage: numbering that never reuses, clock events as rows, applicants kept apart."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import inspect

from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.domain.deadlines import CONSULT_END, CONSULT_START, ClockEvent
from desktop_app.domain.report_format import APPLICANT_TYPES, T3_NEW, T3_TOTAL, T4_COLUMNS
from desktop_app.domain.request_stats import table3, table3_counts, table4, table4_counts
from desktop_app.domain.requests import (
    APPEAL_KINDS,
    APPEAL_RESULTS,
    OUTCOMES,
    PENDING,
    AppealDraft,
    Applicant,
    RequestDraft,
)
from desktop_app.errors import NotFoundError, ValidationError

D = dt.date


@pytest.fixture
def services(any_db):
    """Every test here runs on SQLite and, when a server is reachable, on PostgreSQL."""
    return any_db


@pytest.fixture
def repo(services):
    return RequestRepository(services.db)


MARCH_1 = D(2024, 3, 1)


def _draft(received=MARCH_1, **changes) -> RequestDraft:
    return RequestDraft(
        **{
            "received_on": received,
            "applicant_type": "自然人",
            "content": "某道路施工许可",
            **changes,
        }
    )


def test_migration_creates_the_tables(services):
    tables = set(inspect(services.db.engine).get_table_names())
    assert {
        "disclosure_request",
        "request_event",
        "request_applicant",
        "request_appeal",
        "request_serial",
    } <= tables


def test_numbers_per_year_never_reused(repo, agency):
    first = repo.add(agency.id, _draft())
    second = repo.add(agency.id, _draft(D(2024, 5, 1)))
    other_year = repo.add(agency.id, _draft(D(2023, 12, 30)))
    assert (first.number, second.number, other_year.number) == (
        "2024-0001",
        "2024-0002",
        "2023-0001",
    )
    # An imported number in the register's format moves the counter past it.
    repo.add(agency.id, _draft(number="2024-0010"))
    assert repo.add(agency.id, _draft()).number == "2024-0011"


def test_duplicate_number_is_refused_and_nothing_saved(repo, agency):
    repo.add(agency.id, _draft(number="旧-1"))
    with pytest.raises(ValidationError, match="旧-1 已被其他申请使用"):
        repo.add_many(agency.id, [(_draft(), None), (_draft(number="旧-1"), None)])
    with pytest.raises(ValidationError, match="重复"):
        repo.add_many(agency.id, [(_draft(number="X"), None), (_draft(number="X"), None)])
    assert len(repo.all()) == 1


def test_invalid_draft_names_its_position(repo, agency):
    with pytest.raises(ValidationError, match="第 2 条：不能为空") as caught:
        repo.add_many(agency.id, [(_draft(), None), (_draft(content=""), None)])
    assert caught.value.problems[0].field == "申请内容"
    assert repo.all() == []


def test_events_fee_and_update(repo, agency):
    events = (ClockEvent(CONSULT_START, D(2024, 3, 5)), ClockEvent(CONSULT_END, D(2024, 3, 12)))
    saved = repo.add(agency.id, _draft(events=events, fee=Decimal("30.5")))
    assert repo.get(saved.id).events == events
    assert repo.get(saved.id).fee == Decimal("30.50")
    done = repo.update(
        saved.id,
        replace(saved.draft(), answered_on=D(2024, 3, 20), outcome="予以公开", events=events[:1]),
    )
    assert done.status == "已办结"
    assert done.events == events[:1]
    assert done.number == saved.number
    with pytest.raises(NotFoundError):
        repo.get(9999)


def test_applicant_lives_apart_from_the_request(repo, agency, services):
    saved = repo.add(agency.id, _draft(), Applicant(name="王某", phone=" 13900000000 "))
    assert repo.applicant(saved.id) == Applicant(name="王某", phone="13900000000")
    assert "王某" not in repr(repo.all())
    assert "王某" not in repr(repo.stat_records(2024))
    repo.set_applicant(saved.id, Applicant(name="王某某", email="a@b.cn"))
    assert repo.applicants() == {saved.id: Applicant(name="王某某", email="a@b.cn")}
    other = repo.add(agency.id, _draft())
    assert repo.applicant(other.id) == Applicant()


def test_stat_records_only_those_that_can_appear_in_the_year(repo, agency):
    done_before = repo.add(
        agency.id, _draft(D(2023, 3, 1), answered_on=D(2023, 3, 5), outcome="予以公开")
    )
    carried = repo.add(agency.id, _draft(D(2023, 12, 28)))
    this_year = repo.add(agency.id, _draft(D(2024, 6, 1)))
    repo.add(agency.id, _draft(D(2025, 1, 2)))
    ids = {r.id for r in repo.stat_records(2024)}
    assert ids == {carried.id, this_year.id}
    assert done_before.id not in ids


def _varied_register(count: int) -> list[tuple[RequestDraft, None]]:
    """Requests over 2022–2025, a quarter received or answered on a year's first or last day."""
    rng = random.Random(14)
    edges = [D(y, m, d) for y in (2022, 2023, 2024, 2025) for m, d in ((1, 1), (12, 31))]
    drafts = []
    for _ in range(count):
        received = (
            rng.choice(edges)
            if rng.random() < 0.25
            else D(2022, 1, 1) + dt.timedelta(rng.randrange(1400))
        )
        answered = received + dt.timedelta(rng.choice((0, 1, 5, 40, 400)))
        if rng.random() < 0.15 or answered > D(2025, 12, 31):
            answered = None
        draft = _draft(
            received,
            applicant_type=rng.choice(APPLICANT_TYPES),
            answered_on=answered,
            outcome=rng.choice(OUTCOMES) if answered else "",
        )
        drafts.append((draft, None))
    return drafts


def test_stat_groups_give_exactly_the_counts_of_the_records(repo, agency):
    repo.add_many(agency.id, _varied_register(600))
    for year in (2021, 2022, 2023, 2024, 2025, 2026):
        by_record = table3(repo.stat_records(year), year).counts
        assert table3_counts(repo.stat_groups(year), year).counts == by_record, year
    assert table3(repo.stat_records(2024), 2024).counts[T3_NEW][T3_TOTAL] > 100
    assert sum(g.count for g in repo.stat_groups(2024)) == len(repo.stat_records(2024))


def test_a_bad_stored_outcome_is_named_by_a_request_answered_in_the_year(repo, agency, services):
    from sqlalchemy import text

    still_open = repo.add(agency.id, _draft(D(2024, 1, 5)))
    answered = repo.add(
        agency.id, _draft(D(2024, 2, 1), answered_on=D(2024, 3, 1), outcome=OUTCOMES[0])
    )
    # A value an older version (or a hand edit) left: the open request holds it too, and comes first.
    with services.db.session() as session:
        session.execute(text("UPDATE disclosure_request SET outcome = '旧版结果'"))
    with pytest.raises(ValueError, match=f"申请 {answered.number} 已办结") as caught:
        table3_counts(repo.stat_groups(2024), 2024)
    assert still_open.number not in str(caught.value)
    with pytest.raises(ValueError, match=f"申请 {answered.number} 已办结"):
        table3(repo.stat_records(2024), 2024)


def _varied_appeals(rng: random.Random, count: int) -> list[AppealDraft]:
    """Appeals over 2022–2025, a third filed or decided on a year's first or last day."""
    edges = [D(y, m, d) for y in (2022, 2023, 2024, 2025) for m, d in ((1, 1), (12, 31))]
    drafts = []
    for _ in range(count):
        filed = (
            rng.choice(edges)
            if rng.random() < 0.3
            else D(2022, 1, 1) + dt.timedelta(rng.randrange(1400))
        )
        result = rng.choice(APPEAL_RESULTS)
        decided = None
        if result != PENDING:
            later = [day for day in edges if day >= filed]
            decided = (
                rng.choice(later)
                if later and rng.random() < 0.4
                else filed + dt.timedelta(rng.choice((0, 1, 60, 200, 400)))
            )
        drafts.append(AppealDraft(rng.choice(APPEAL_KINDS), filed, result, decided))
    return drafts


def test_appeal_groups_give_exactly_the_counts_of_the_appeals(repo, agency):
    requests = repo.add_many(agency.id, [(_draft(D(2022, 1, 1)), None)] * 20)
    rng = random.Random(4)
    for n, draft in enumerate(_varied_appeals(rng, 160)):
        repo.add_appeal(requests[n % 20].id, draft)
    appeals = repo.appeals()
    for year in (2021, 2022, 2023, 2024, 2025, 2026):
        by_appeal = table4(appeals, year).counts
        assert table4_counts(repo.appeal_groups(year), year).counts == by_appeal, year
    # The register is varied enough to tell: every column holds cases in 2024.
    counts_2024 = table4(appeals, 2024).counts
    assert all(sum(row[c] for row in counts_2024.values()) > 0 for c in T4_COLUMNS)


def test_appeals(repo, agency):
    request = repo.add(agency.id, _draft())
    appeal = repo.add_appeal(request.id, AppealDraft("行政复议", D(2024, 4, 1)))
    assert repo.appeals() == [appeal]
    assert appeal.request_number == request.number
    assert appeal.result == "尚未审结"
    with pytest.raises(ValidationError, match="早于申请的收到日期"):
        repo.add_appeal(request.id, AppealDraft("行政复议", D(2024, 2, 1)))


def test_a_catalog_only_database_upgrades_and_downgrades(tmp_path):
    from alembic import command
    from sqlalchemy import text

    from desktop_app.db import migrate
    from desktop_app.db.engine import Database

    db = Database(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = migrate._config()
    try:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(
                text("INSERT INTO agency (name, code, index_pattern) VALUES ('甲', 'c', 'p')")
            )
        migrate.upgrade(db)
        tables = set(inspect(db.engine).get_table_names())
        assert {"disclosure_request", "request_applicant"} <= tables
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT name FROM agency")).scalar() == "甲"
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
        assert "disclosure_request" not in set(inspect(db.engine).get_table_names())
    finally:
        db.dispose()


def test_number_cannot_be_changed_after_saving(repo, agency):
    saved = repo.add(agency.id, _draft())
    with pytest.raises(ValidationError, match="编号一经分配不能修改"):
        repo.update(saved.id, replace(saved.draft(), number="2024-0099"))
    assert repo.get(saved.id).number == saved.number


def test_events_on_the_same_day_come_back_in_their_saved_order(repo, agency, services):
    from sqlalchemy import text

    day = D(2024, 3, 5)
    events = (ClockEvent(CONSULT_START, day), ClockEvent(CONSULT_END, day))
    saved = repo.add(agency.id, _draft(events=events))
    # Rows stored out of their id order, as PostgreSQL's heap holds them after updates and vacuum.
    with services.db.session() as session:
        session.execute(text("DELETE FROM request_event"))
        for row_id, kind in ((1001, CONSULT_END), (1000, CONSULT_START)):
            session.execute(
                text(
                    "INSERT INTO request_event (id, request_id, kind, on_date) VALUES (:i, :r, :k, :d)"
                ),
                {"i": row_id, "r": saved.id, "k": kind, "d": day},
            )
    assert repo.get(saved.id).events == events
    assert repo.all()[0].events == events
