"""Catalog repository on SQLite and PostgreSQL: 索引号 assignment, legacy numbers, withdrawal, attachments."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import delete, func, select, update

from desktop_app.app import attachments_dir
from desktop_app.db.models import AttachmentContentRow, CatalogEntryRow, IndexSerial
from desktop_app.domain.catalog import EntryDraft
from desktop_app.errors import NotFoundError, UserError, ValidationError
from tests.conftest import AGENCY_CODE


def draft(title="关于做好防汛工作的通知", day=dt.date(2024, 3, 5), **fields) -> EntryDraft:
    return EntryDraft(title=title, generated_on=day, publisher="青溪县应急管理局", **fields)


def add(services, *drafts):
    agency = services.agencies.current()
    return [services.catalog.add(agency.id, d) for d in drafts]


def serials(services) -> dict[int, int]:
    with services.db.session() as session:
        return {row.year: row.last_serial for row in session.scalars(select(IndexSerial))}


def test_index_numbers_count_per_year_in_the_agency_pattern(any_db):
    a, b, c = add(any_db, draft(), draft(day=dt.date(2024, 12, 31)), draft(day=dt.date(2025, 1, 2)))
    assert a.index_no == f"{AGENCY_CODE}/2024-00001"
    assert b.index_no == f"{AGENCY_CODE}/2024-00002"
    assert c.index_no == f"{AGENCY_CODE}/2025-00001"  # the year of 生成日期, not of today


def test_each_agency_has_its_own_pattern_and_counter(any_db):
    other = any_db.agencies.create("青溪县统计局", "77573808-6", "QX-{code}-{year}-{serial:03d}")
    first = any_db.catalog.add(other.id, draft())
    assert first.index_no == "QX-77573808-6-2024-001"
    assert add(any_db, draft())[0].index_no == f"{AGENCY_CODE}/2024-00001"


def test_a_serial_is_never_handed_out_twice_even_after_withdrawal(any_db):
    first, second = add(any_db, draft(), draft())
    any_db.catalog.withdraw(second.id, "废止", dt.date(2024, 6, 1))
    third = add(any_db, draft())[0]
    assert third.index_no.endswith("-00003")
    assert len({first.index_no, second.index_no, third.index_no}) == 3


def test_legacy_numbers_are_kept_verbatim_and_the_counter_moves_past_them(any_db):
    legacy_own = f"{AGENCY_CODE}/2024-00007"
    foreign = "QXYJ-2019-0042"
    kept = add(
        any_db, draft(index_no=f"  {legacy_own} "), draft(index_no=foreign, day=dt.date(2019, 5, 6))
    )
    assert [e.index_no for e in kept] == [legacy_own, foreign]
    assert serials(any_db)[2024] == 7
    assert 2019 not in serials(any_db)  # a number in another pattern does not move our counter
    assert add(any_db, draft())[0].index_no == f"{AGENCY_CODE}/2024-00008"


def test_legacy_number_below_the_counter_does_not_move_it_back(any_db):
    add(
        any_db,
        draft(index_no=f"{AGENCY_CODE}/2024-00009"),
        draft(index_no=f"{AGENCY_CODE}/2024-00004"),
    )
    assert serials(any_db)[2024] == 9
    assert add(any_db, draft())[0].index_no == f"{AGENCY_CODE}/2024-00010"


def test_assignment_skips_a_number_already_held_by_an_entry(any_db):
    agency = any_db.agencies.current()
    add(any_db, draft(index_no=f"{AGENCY_CODE}/2024-00001"))
    with any_db.db.session() as session:  # as if the number had been imported by an older version
        session.get(IndexSerial, (agency.id, 2024)).last_serial = 0
    assert add(any_db, draft())[0].index_no == f"{AGENCY_CODE}/2024-00002"


def test_duplicate_index_numbers_are_refused_and_nothing_is_saved(any_db):
    existing = add(any_db, draft())[0]
    agency = any_db.agencies.current()
    with pytest.raises(ValidationError) as refused:
        any_db.catalog.add_many(agency.id, [draft(title="新"), draft(index_no=existing.index_no)])
    assert refused.value.problems[0].field == "index_no"
    assert "不能重复" in str(refused.value)
    with pytest.raises(ValidationError, match="重复出现"):
        any_db.catalog.add_many(agency.id, [draft(index_no="A-1"), draft(index_no="A-1")])
    assert any_db.catalog.count() == 1
    assert any_db.catalog.taken_index_nos([existing.index_no, "A-1"]) == {existing.index_no}


def test_update_changes_fields_but_never_the_index_number(any_db):
    entry = add(any_db, draft(doc_number="青应急[2024]3号"))[0]
    assert entry.doc_number == "青应急〔2024〕3号"
    changed = any_db.catalog.update(
        entry.id, draft(title="关于做好防汛抗旱工作的通知", day=dt.date(2025, 2, 1))
    )
    assert changed.title == "关于做好防汛抗旱工作的通知"
    assert changed.generated_on == dt.date(2025, 2, 1)
    assert changed.index_no == entry.index_no  # moving to another year keeps the number
    with pytest.raises(ValidationError, match="索引号一经分配不能修改"):
        any_db.catalog.update(entry.id, draft(index_no="OTHER-1"))
    assert any_db.catalog.get(entry.id).index_no == entry.index_no


def test_update_refuses_invalid_input_naming_the_field(any_db):
    entry = add(any_db, draft())[0]
    with pytest.raises(ValidationError) as refused:
        any_db.catalog.update(entry.id, draft(title="  ", period="限期公开"))
    assert {p.field for p in refused.value.problems} == {"title", "period_end"}
    assert "信息名称" in str(refused.value)
    assert any_db.catalog.get(entry.id).title == entry.title


def test_withdrawn_entries_are_kept_and_frozen(any_db):
    entry = add(any_db, draft())[0]
    withdrawn = any_db.catalog.withdraw(entry.id, "失效", dt.date(2024, 8, 1))
    assert (withdrawn.validity, withdrawn.validity_date, withdrawn.withdrawn) == (
        "失效",
        dt.date(2024, 8, 1),
        True,
    )
    assert [e.id for e in any_db.catalog.all()] == [entry.id]
    with pytest.raises(UserError, match="不能再修改"):
        any_db.catalog.update(entry.id, draft(title="改"))
    with pytest.raises(ValidationError, match="不能再次撤销"):
        any_db.catalog.withdraw(entry.id, "废止", dt.date(2024, 9, 1))
    with pytest.raises(ValidationError, match="早于生成日期"):
        any_db.catalog.withdraw(add(any_db, draft())[0].id, "废止", dt.date(2020, 1, 1))


def test_repository_has_no_way_to_delete_entries():
    from desktop_app.db.repositories.catalog import CatalogRepository

    assert not [name for name in dir(CatalogRepository) if "delete" in name or "remove" in name]


def test_attachment_is_copied_with_its_sha256(any_db, tmp_path):
    entry = add(any_db, draft())[0]
    source = tmp_path / "通知.PDF"
    content = b"%PDF-1.4 test attachment \x00\xff" * 1000
    source.write_bytes(content)
    attachment = any_db.catalog.attach(entry.id, source)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert (attachment.filename, attachment.size) == ("通知.PDF", len(content))
    stored = any_db.catalog.attachment_path(attachment)
    assert stored.read_bytes() == content
    assert stored.suffix == ".pdf"
    source.write_bytes(b"changed later")  # the copy does not follow the original
    assert any_db.catalog.get(entry.id).attachments == (attachment,)
    out = tmp_path / "out.pdf"
    any_db.catalog.export_attachment(attachment, out)
    assert out.read_bytes() == content


def test_failed_attachment_leaves_no_row_and_no_file(any_db, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("x")
    with pytest.raises(NotFoundError):
        any_db.catalog.attach(9999, source)
    folder = attachments_dir(any_db.db.url, any_db.paths)
    assert not folder.exists() or list(folder.iterdir()) == []
    with pytest.raises(UserError, match="附件文件不存在"):
        any_db.catalog.attach(9999, tmp_path / "missing.txt")


def test_a_failed_transaction_leaves_nothing_behind(any_db):
    agency = any_db.agencies.current()
    before = serials(any_db)
    good = [draft(title=f"第{i}条") for i in range(3)]
    with pytest.raises(ValidationError, match="第 4 条"):
        any_db.catalog.add_many(agency.id, [*good, draft(title="")])
    with pytest.raises(
        ValidationError, match="不存在"
    ):  # fails inside the transaction, after numbering
        any_db.catalog.add_many(agency.id, [*good, draft(node_id=987654)])

    def cancel(done, total):
        return done < total

    with pytest.raises(UserError, match="已取消"):
        any_db.catalog.add_many(agency.id, good, progress=cancel)
    with any_db.db.session() as session:
        assert session.scalar(select(func.count()).select_from(CatalogEntryRow)) == 0
    assert serials(any_db) == before
    assert add(any_db, draft())[0].index_no.endswith("-00001")


def test_entries_by_year_and_tree_paths(any_db):
    node_id = any_db.classification.ensure_path("法定主动公开内容/统计信息")
    add(any_db, draft(node_id=node_id), draft(day=dt.date(2023, 1, 1)))
    in_2024 = any_db.catalog.all(year=2024)
    assert [e.node_path for e in in_2024] == ["法定主动公开内容/统计信息"]
    assert [e.generated_on.year for e in any_db.catalog.all()] == [2023, 2024]
    with pytest.raises(NotFoundError):
        any_db.catalog.get(424242)


def test_an_altered_or_missing_attachment_file_is_refused_with_the_reason(services, tmp_path):
    entry = add(services, draft())[0]
    source = tmp_path / "批复.pdf"
    source.write_bytes(b"%PDF-1.4 original")
    attachment = services.catalog.attach(entry.id, source)
    stored = services.catalog.attachment_path(attachment)
    assert stored.parent == attachments_dir(services.db.url, services.paths)  # beside the file
    assert services.catalog.verified_path(attachment) == stored
    stored.write_bytes(b"%PDF-1.4 altered")
    with pytest.raises(UserError, match="SHA-256 不符"):
        services.catalog.export_attachment(attachment, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()
    stored.unlink()
    with pytest.raises(UserError, match="从备份中恢复"):
        services.catalog.verified_path(attachment)


@pytest.mark.postgres
def test_on_a_shared_server_an_attachment_opens_on_every_workstation(pg_url, tmp_path):
    from desktop_app.app import open_services

    first, second = (open_services(pg_url, tmp_path / name) for name in ("甲", "乙"))
    try:
        first.agencies.create("青溪县应急管理局", AGENCY_CODE)
        entry = add(first, draft())[0]
        source = tmp_path / "批复.pdf"
        content = b"%PDF-1.4 shared " * 5000
        source.write_bytes(content)
        attachment = first.catalog.attach(entry.id, source)
        # the other workstation has never seen the file: it comes from the database
        [seen] = second.catalog.get(entry.id).attachments
        local = second.catalog.verified_path(seen)
        assert local.read_bytes() == content
        assert local.is_relative_to(tmp_path / "乙")
        local.write_bytes(b"changed by hand")  # a damaged local copy is replaced, not trusted
        assert second.catalog.verified_path(seen).read_bytes() == content
        with second.db.session() as session:  # the stored bytes themselves are checked too
            session.execute(
                update(AttachmentContentRow)
                .where(AttachmentContentRow.attachment_id == attachment.id)
                .values(data=b"altered on the server")
            )
        local.unlink()
        with pytest.raises(UserError, match="SHA-256 不符"):
            second.catalog.export_attachment(seen, tmp_path / "out.pdf")
        assert not local.exists()  # nothing altered is left to be opened later
        with second.db.session() as session:  # as an older version left it: no bytes stored
            session.execute(delete(AttachmentContentRow))
        with pytest.raises(UserError, match="旧版本"):
            second.catalog.verified_path(seen)
    finally:
        first.close()
        second.close()


def test_entries_can_be_read_for_some_genres_only(any_db):
    rule, notice, other = add(
        any_db, draft(genre="规章"), draft(genre="通知"), draft(genre="行政规范性文件")
    )
    found = any_db.catalog.all(genres=("规章", "行政规范性文件"))
    assert [e.id for e in found] == [rule.id, other.id]
    assert notice.id in {e.id for e in any_db.catalog.all()}
