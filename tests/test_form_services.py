"""The services the register, catalog and settings forms save through, on a real SQLite file:
new and updated rows, a stale copy refused, every field problem at once, partial attachments."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from desktop_app.domain.catalog import EntryDraft, FieldProblem
from desktop_app.domain.requests import APPEAL_KINDS, AppealDraft, Applicant, RequestDraft
from desktop_app.errors import ConcurrentEditError, ValidationError
from desktop_app.services.catalog_export import export_entries
from tests.conftest import AGENCY_CODE, AGENCY_NAME


def request_draft(content: str) -> RequestDraft:
    return RequestDraft(received_on=dt.date(2024, 5, 6), applicant_type="自然人", content=content)


def test_a_request_is_registered_updated_and_a_stale_copy_refused(services):
    added = services.register.save(request_draft("申请公开防汛预案"), Applicant(name="李华"))
    assert services.register.get(added.id).content == "申请公开防汛预案"
    assert services.register.applicant(added.id).name == "李华"

    updated = services.register.save(
        request_draft("申请公开防汛预案及演练记录"), Applicant(name="李华"), added
    )
    assert services.register.get(added.id).content == "申请公开防汛预案及演练记录"
    with pytest.raises(ConcurrentEditError):
        services.register.save(request_draft("旧副本的修改"), Applicant(name="李华"), added)
    assert services.register.get(added.id).content == updated.content


def test_an_appeal_for_an_unknown_number_reports_it_with_the_forms_problems(services):
    form_problem = FieldProblem("提起日期", "请填写日期")
    with pytest.raises(ValidationError) as refused:
        services.register.save_appeal(None, [form_problem], "2024-9999")
    fields = [problem.field for problem in refused.value.problems]
    assert fields == ["提起日期", "申请编号"]
    assert services.requests.appeals() == []


def test_an_appeal_is_added_to_the_numbered_request_and_updated(services):
    request = services.register.save(request_draft("申请公开执法记录"), Applicant(name="王芳"))
    draft = AppealDraft(kind=APPEAL_KINDS[0], filed_on=dt.date(2024, 7, 1))
    appeal = services.register.save_appeal(draft, [], f" {request.number} ")
    assert (appeal.request_id, appeal.kind) == (request.id, APPEAL_KINDS[0])

    decided = AppealDraft(
        kind=APPEAL_KINDS[0], filed_on=dt.date(2024, 7, 1), remarks="已受理", result=appeal.result
    )
    services.register.save_appeal(decided, [], request.number, appeal)
    (stored,) = services.requests.appeals()
    assert stored.remarks == "已受理"


def test_an_entry_is_saved_and_a_missing_file_named_while_the_others_are_attached(
    services, tmp_path
):
    present = tmp_path / "检查记录.pdf"
    present.write_bytes(b"%PDF-1.4 record")
    missing = tmp_path / "不存在.pdf"
    draft = EntryDraft(title="安全生产检查通知", generated_on=dt.date(2024, 3, 1))

    saved = services.entries.save_entry(draft, files=[present, missing])

    assert saved.entry.title == "安全生产检查通知"
    assert [a.filename for a in saved.entry.attachments] == ["检查记录.pdf"]
    assert "不存在.pdf" in saved.attach_problem
    assert services.entries.get(saved.entry.id).title == "安全生产检查通知"

    renamed = EntryDraft(title="安全生产检查通知（修订）", generated_on=dt.date(2024, 3, 1))
    again = services.entries.save_entry(renamed, saved.entry)
    assert (again.entry.title, again.attach_problem) == ("安全生产检查通知（修订）", "")


def test_exported_entries_are_every_listed_one_and_the_export_is_in_the_trail(
    services, agency, tmp_path
):
    drafts = [EntryDraft(title=t, generated_on=dt.date(2024, 3, 1)) for t in ("甲通知", "乙方案")]
    ids = [entry.id for entry in services.catalog.add_many(agency.id, drafts)]
    out = tmp_path / "目录.csv"

    assert export_entries(services.catalog, services.audit, ids, out) is True

    with out.open(encoding="utf-8-sig", newline="") as sheet:
        header, *rows = list(csv.reader(sheet))
    titles = {row[header.index("信息名称")] for row in rows}
    assert titles == {"甲通知", "乙方案"}
    last = services.audit.events()[-1]
    assert last.entity == "catalog_entry"
    assert "2 条" in last.detail


def test_a_cancelled_export_leaves_no_file_and_no_trail_event(services, agency, tmp_path):
    drafts = [EntryDraft(title="丙公告", generated_on=dt.date(2024, 3, 1))]
    ids = [entry.id for entry in services.catalog.add_many(agency.id, drafts)]
    events = len(services.audit.events())
    out = tmp_path / "目录.csv"
    assert export_entries(services.catalog, services.audit, ids, out, lambda *_: False) is False
    assert not out.exists()
    assert len(services.audit.events()) == events


def test_first_run_registers_the_agency_with_the_default_tree(tmp_path):
    from desktop_app.app import open_services

    fresh = open_services(str(tmp_path / "new.sqlite"), tmp_path / "data")
    try:
        agency = fresh.settings.register_agency(AGENCY_NAME, AGENCY_CODE)
        assert fresh.agencies.current() == agency
        assert fresh.classification.nodes()  # seeded in the same transaction
    finally:
        fresh.close()


def test_letter_settings_are_saved_and_read_back(services, agency):
    from desktop_app.domain.letter_records import LetterSettings

    saved = services.settings.save_letter_settings(
        agency.id, LetterSettings("青溪应急", review_body="青溪县人民政府")
    )
    assert services.letters.settings(agency.id) == saved
    assert saved.review_body == "青溪县人民政府"
