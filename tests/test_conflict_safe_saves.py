"""Two program instances (two Database objects on one SQLite file or one PostgreSQL database) load
the same record and save one after the other: the stale save is refused, naming who changed it
and when, and nothing of the first save is lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop_app.app import open_services
from desktop_app.db.models import CatalogEntryRow
from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import Section
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.requests import AppealDraft, RequestDraft
from desktop_app.errors import ConcurrentEditError
from desktop_app.services import annual_reports as ar


@pytest.fixture
def other(any_db, tmp_path):
    """A second instance on the same database: its own engine and connections."""
    services = open_services(any_db.db.url, tmp_path / "data")
    yield services
    services.close()


def _refused(exc_info, by: str) -> None:
    message = str(exc_info.value)
    assert "修改过，您这次的修改没有保存" in message
    assert by in message  # who saved first
    assert dt.date.today().isoformat() in message  # when: the other save just now


def test_a_stale_catalog_entry_save_is_refused(any_db, other, agency):
    entry = any_db.catalog.add(
        agency.id, EntryDraft(title="防汛方案", generated_on=dt.date(2024, 3, 1))
    )
    mine, theirs = any_db.catalog.get(entry.id), other.catalog.get(entry.id)
    saved = any_db.catalog.update(
        entry.id, replace(mine.draft(), title="防汛方案（修订）"), mine.version
    )
    assert saved.version == mine.version + 1
    with pytest.raises(ConcurrentEditError) as exc_info:
        other.catalog.update(entry.id, replace(theirs.draft(), keywords="汛期"), theirs.version)
    _refused(exc_info, other.db.user.name)
    assert "防汛方案" in str(exc_info.value)
    stored = any_db.catalog.get(entry.id)
    assert (stored.title, stored.keywords) == ("防汛方案（修订）", "")
    reloaded = other.catalog.get(entry.id)  # 重新载入, then the save goes through
    other.catalog.update(entry.id, replace(reloaded.draft(), keywords="汛期"), reloaded.version)
    stored = any_db.catalog.get(entry.id)
    assert (stored.title, stored.keywords) == ("防汛方案（修订）", "汛期")


def test_a_stale_request_save_is_refused(any_db, other, agency):
    draft = RequestDraft(
        received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="申请公开预算"
    )
    request = any_db.requests.add(agency.id, draft)
    mine, theirs = any_db.requests.get(request.id), other.requests.get(request.id)
    any_db.requests.update(
        request.id, replace(mine.draft(), remarks="已电话联系"), version=mine.version
    )
    with pytest.raises(ConcurrentEditError) as exc_info:
        other.requests.update(
            request.id, replace(theirs.draft(), content="改写"), version=theirs.version
        )
    _refused(exc_info, other.db.user.name)
    assert request.number in str(exc_info.value)
    stored = any_db.requests.get(request.id)
    assert (stored.content, stored.remarks) == ("申请公开预算", "已电话联系")


def test_a_stale_appeal_save_is_refused(any_db, other, agency):
    request = any_db.requests.add(
        agency.id,
        RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="x"),
    )
    appeal = any_db.requests.add_appeal(
        request.id, AppealDraft(kind="行政复议", filed_on=dt.date(2024, 5, 1), result="尚未审结")
    )
    [theirs] = other.requests.appeals()
    any_db.requests.update_appeal(
        appeal.id,
        AppealDraft(
            kind="行政复议", filed_on=dt.date(2024, 5, 1), result="尚未审结", remarks="补充材料"
        ),
        appeal.version,
    )
    with pytest.raises(ConcurrentEditError):
        other.requests.update_appeal(
            appeal.id,
            AppealDraft(kind="行政复议", filed_on=dt.date(2024, 5, 2), result="尚未审结"),
            theirs.version,
        )
    [stored] = any_db.requests.appeals()
    assert (stored.remarks, stored.filed_on) == ("补充材料", dt.date(2024, 5, 1))


def test_a_stale_report_draft_save_is_refused(any_db, other):
    ar.create(any_db, 2024, rf.FORMAT_FREE)
    mine, theirs = ar.current(any_db, 2024), ar.current(other, 2024)
    ar.save(any_db, replace(mine, sections=(Section("总体情况", ("甲写的段落。",)),)))
    with pytest.raises(ConcurrentEditError) as exc_info:
        ar.save(other, replace(theirs, sections=(Section("总体情况", ("乙写的段落。",)),)))
    _refused(exc_info, other.db.user.name)
    assert ar.current(any_db, 2024).sections[0].paragraphs == ("甲写的段落。",)


def test_a_save_racing_between_read_and_write_is_refused_by_the_version_check(
    any_db, other, agency
):
    """The other instance commits after this one read the row but before it writes: the UPDATE
    names the version read, matches no row, and the save is refused."""
    entry = any_db.catalog.add(
        agency.id, EntryDraft(title="原标题", generated_on=dt.date(2024, 3, 1))
    )

    def save_after_the_other() -> None:
        with any_db.db.session() as session:
            row = session.get(CatalogEntryRow, entry.id)
            other.catalog.update(
                entry.id, replace(entry.draft(), title="他人的标题"), entry.version
            )
            row.title = "我的标题"

    with pytest.raises(ConcurrentEditError):
        save_after_the_other()
    assert any_db.catalog.get(entry.id).title == "他人的标题"
