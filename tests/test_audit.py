"""The audit trail: events with field changes in the writer's transaction, an append-only table
the database defends, and a hash chain that names the first altered or removed event."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desktop_app.app import open_services
from desktop_app.domain.catalog import EntryDraft


def draft(title: str = "关于做好防汛工作的通知", **changes) -> EntryDraft:
    base = EntryDraft(
        title=title,
        generated_on=dt.date(2024, 3, 1),
        disclosure_form="主动公开",
        period="长期公开",
        doc_number="青应急〔2024〕3号",
    )
    return replace(base, **changes)


def test_entry_life_is_recorded_with_who_when_and_each_changed_field(any_db, agency):
    entry = any_db.catalog.add(agency.id, draft())
    any_db.catalog.update(entry.id, replace(entry.draft(), title="关于做好防汛抗旱工作的通知"))
    any_db.catalog.withdraw(entry.id, "废止", dt.date(2024, 6, 1))

    created, edited, withdrawn = any_db.audit.history("catalog_entry", entry.id)
    assert (created.action, edited.action, withdrawn.action) == ("新增", "修改", "失效/废止")
    assert {e.actor for e in (created, edited, withdrawn)} == {any_db.db.user.name}
    assert [(c.field, c.old, c.new) for c in edited.changes] == [
        ("信息名称", "关于做好防汛工作的通知", "关于做好防汛抗旱工作的通知")
    ]
    assert ("有效性", "有效", "废止") in [(c.field, c.old, c.new) for c in withdrawn.changes]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert abs(now - created.at_utc) < dt.timedelta(minutes=1)
    local = dt.datetime.fromisoformat(created.at_local)
    assert abs(local.astimezone(dt.UTC).replace(tzinfo=None) - created.at_utc) < dt.timedelta(
        seconds=1
    )
    assert any_db.audit.verify() == (None, len(any_db.audit.events()))


def test_an_edit_that_changes_nothing_leaves_no_event(services, agency):
    entry = services.catalog.add(agency.id, draft())
    services.catalog.update(entry.id, entry.draft())
    assert [e.action for e in services.audit.history("catalog_entry", entry.id)] == ["新增"]


def test_a_refused_save_leaves_no_event(services, agency):
    entry = services.catalog.add(agency.id, draft())
    services.catalog.withdraw(entry.id, "废止", dt.date(2024, 6, 1))
    with pytest.raises(Exception, match="不能再修改"):
        services.catalog.update(entry.id, replace(entry.draft(), title="改"))
    assert [e.action for e in services.audit.history("catalog_entry", entry.id)] == [
        "新增",
        "失效/废止",
    ]


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"]
)
def test_the_database_refuses_to_change_or_remove_events(any_db, agency, statement):
    any_db.catalog.add(agency.id, draft())
    before = any_db.audit.events()
    with pytest.raises(DBAPIError, match="只能追加"), any_db.db.engine.begin() as connection:
        connection.execute(text(statement))
    assert any_db.audit.events() == before
    assert any_db.audit.verify() == (None, len(before))


@pytest.mark.postgres
def test_postgresql_refuses_truncate(pg_url, tmp_path):
    services = open_services(pg_url, tmp_path / "data")
    try:
        with pytest.raises(DBAPIError, match="只能追加"), services.db.engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_event"))
    finally:
        services.close()


def attacker(db_path, *statements: str) -> None:
    """Someone with the file: drops the triggers, then edits the table directly."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP TRIGGER audit_event_no_update")
        connection.execute("DROP TRIGGER audit_event_no_delete")
        for statement in statements:
            connection.execute(statement)


@pytest.fixture
def three_events(services, agency):
    """Ids of three events at the end of an intact chain."""
    for title in ("甲", "乙", "丙"):
        services.catalog.add(agency.id, draft(title))
    broken, count = services.audit.verify()
    assert broken is None
    return count - 2, count - 1, count


def test_verify_names_an_event_altered_behind_the_program(services, three_events, db_path):
    _, middle, _ = three_events
    attacker(db_path, f"UPDATE audit_event SET detail = '伪造' WHERE id = {middle}")
    broken, _ = services.audit.verify()
    assert broken.event_id == middle
    assert "已被改动" in str(broken)


def test_verify_names_the_event_after_a_removed_one(services, three_events, db_path):
    _, middle, last = three_events
    attacker(db_path, f"DELETE FROM audit_event WHERE id = {middle}")
    broken, _ = services.audit.verify()
    assert broken.event_id == last
    assert f"#{middle} 已被删除" in str(broken)


def test_verify_sees_events_removed_from_the_end(services, three_events, db_path):
    _, _, last = three_events
    attacker(db_path, f"DELETE FROM audit_event WHERE id = {last}")
    broken, _ = services.audit.verify()
    assert broken.event_id == last
    assert "最后 1 个事件已被删除" in str(broken)


def test_an_event_forged_with_a_matching_hash_breaks_the_link_to_the_next(
    services, three_events, db_path
):
    """An attacker who recomputes the altered event's own hash is still caught at the next event."""
    from desktop_app.domain.audit import event_hash

    _, middle, last = three_events
    event = next(e for e in services.audit.events() if e.id == middle)
    forged = replace(event, detail="伪造")
    attacker(
        db_path,
        f"UPDATE audit_event SET detail = '伪造', hash = '{event_hash(forged)}' WHERE id = {middle}",
    )
    broken, _ = services.audit.verify()
    assert broken.event_id == last
    assert "前一事件哈希" in str(broken)


def test_two_writers_at_once_never_fork_the_chain(any_db_target, tmp_path):
    """Two instances (own engines, own connections) append at the same time."""
    first = open_services(any_db_target, tmp_path / "data")
    first.agencies.create("青溪县应急管理局", "11330727775738086F")
    second = open_services(any_db_target, tmp_path / "data")
    _, before = first.audit.verify()
    agency_id = first.agencies.current().id
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def save_many(services, prefix: str) -> None:
        start.wait()
        try:
            for n in range(15):
                services.catalog.add(agency_id, draft(f"{prefix}{n}"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [
        threading.Thread(target=save_many, args=(s, p)) for s, p in ((first, "甲"), (second, "乙"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        broken, count = first.audit.verify()
        assert broken is None
        assert count == before + 30
        assert first.catalog.count() == 30
    finally:
        first.close()
        second.close()


def test_the_migration_downgrades_and_upgrades_again_with_its_triggers(any_db_target, tmp_path):
    from alembic import command

    from desktop_app.db import migrate

    services = open_services(any_db_target, tmp_path / "data")
    config = migrate._config()
    try:
        with services.db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0300_attachment_content")
        assert migrate.current_revision(services.db) == "0300_attachment_content"
        migrate.upgrade(services.db)  # the trigger function too is made again, not left behind
        services.users.ensure_first_user("管理员")  # the tables are new and empty: one event
        with pytest.raises(DBAPIError, match="只能追加"), services.db.engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_event"))
        assert services.audit.verify() == (None, 1)
    finally:
        services.close()
