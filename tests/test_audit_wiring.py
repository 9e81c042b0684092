"""Each write path leaves its event: requests, appeals, the tree, imports (one event), reports
(filled, signed, reopened, exported with the PDF's SHA-256), the agency and backups."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

import pytest

from desktop_app.db.repositories.catalog import ImportedEntry
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.requests import AppealDraft, Applicant, RequestDraft
from desktop_app.errors import PermissionDenied
from desktop_app.services import annual_reports as ar
from desktop_app.services.backup import backup


def actions(services, entity, entity_id) -> list[str]:
    return [e.action for e in services.audit.history(entity, entity_id)]


def test_a_request_edit_lists_each_changed_field_and_hides_applicant_details(any_db, agency):
    draft = RequestDraft(
        received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="施工许可"
    )
    request = any_db.requests.add(agency.id, draft, Applicant(name="王某"))
    changed = replace(request.draft(), answered_on=dt.date(2024, 3, 20), outcome="予以公开")
    any_db.requests.update(request.id, changed, Applicant(name="王某某", phone="13800000000"))
    created, edited = any_db.audit.history("request", request.id)
    assert created.detail == request.number
    fields = {c.field: (c.old, c.new) for c in edited.changes}
    assert fields["办结日期"] == (None, "2024-03-20")
    assert fields["办理结果"] == ("", "予以公开")
    assert "信息处理费" not in fields  # 0 and 0.00 are the same fee
    assert fields["申请人信息"] == ("（个人信息，不记录内容）",) * 2
    assert "王某" not in str(edited)

    appeal = any_db.requests.add_appeal(request.id, AppealDraft("行政复议", dt.date(2024, 4, 1)))
    any_db.requests.update_appeal(
        appeal.id, AppealDraft("行政复议", dt.date(2024, 4, 1), "结果维持", dt.date(2024, 5, 1))
    )
    assert actions(any_db, "appeal", appeal.id) == ["新增", "修改"]
    assert any_db.audit.verify()[0] is None


def test_a_register_import_is_one_event_with_its_count(services, agency):
    drafts = [
        (
            RequestDraft(
                received_on=dt.date(2024, 1, 1 + n), applicant_type="自然人", content=f"第{n}件"
            ),
            None,
        )
        for n in range(25)
    ]
    before = len(services.audit.events())
    services.requests.add_many(agency.id, drafts)
    [event] = services.audit.events()[before:]
    assert (event.action, event.detail) == ("导入", "导入 25 件")


def test_a_catalog_import_is_one_event_with_its_count(services, agency):
    items = [
        ImportedEntry(
            EntryDraft(
                title=f"通知{n}",
                generated_on=dt.date(2024, 1, 1),
                disclosure_form="主动公开",
                period="长期公开",
            ).normalized(),
            node_path="历史文件/2024",
        )
        for n in range(300)
    ]
    before = len(services.audit.events())
    services.catalog.import_entries(agency.id, items, create_paths=True)
    *created, event = services.audit.events()[before:]
    assert (event.entity, event.action, event.detail) == ("catalog_entry", "导入", "导入 300 条")
    # The user chose to create the missing categories: each new node is in the trail.
    assert [(e.entity, e.action, e.detail) for e in created] == [
        ("class_node", "新增", "历史文件（导入时新建）"),
        ("class_node", "新增", "2024（导入时新建）"),
    ]


def test_tree_edits_name_the_old_and_new_place(services):
    node = services.classification.add(None, "专项工作")
    services.classification.rename(node.id, "重点工作")
    target = services.classification.nodes()[0]
    services.classification.move(node.id, target.id)
    created, renamed, moved = services.audit.history("class_node", node.id)
    assert created.action == "新增"
    assert [(c.field, c.old, c.new) for c in renamed.changes] == [("名称", "专项工作", "重点工作")]
    assert [(c.old, c.new) for c in moved.changes] == [("（顶层）", target.path)]


def test_a_report_life_is_recorded(any_db, agency, tmp_path):
    report = ar.create(any_db, 2024, "2021")
    ar.fill(any_db, 2024)
    signed, _ = ar.sign(any_db, 2024, "局长", reason="测试签发")
    out = tmp_path / "年报.pdf"
    result = ar.export_pdf(any_db, 2024, "filing", out)
    reopened = ar.reopen(any_db, 2024)
    history = any_db.audit.history("report", report.id)
    assert [e.action for e in history] == ["新增", "自动填表", "签发", "导出", "重新打开"]
    filled = history[1]
    assert any(c.field.startswith("表三") for c in filled.changes)
    assert signed.sign_off.content_hash in history[2].detail
    assert hashlib.sha256(out.read_bytes()).hexdigest() == result.sha256
    assert result.sha256 in history[3].detail
    assert actions(any_db, "report", reopened.id) == ["新增"]


def test_signing_needs_the_reviewer_role_and_leaves_nothing_when_refused(services, agency):
    ar.create(services, 2024, "2021")
    services.users.add("张三", ("经办人",))
    services.users.sign_in("张三", "")
    with pytest.raises(PermissionDenied, match="需要「审核人」角色：用户 张三 只有 经办人"):
        ar.sign(services, 2024, "局长", reason="测试")
    with pytest.raises(PermissionDenied, match="需要「管理员」角色"):
        services.agencies.update(agency.id, "新名称", agency.index_pattern)
    assert ar.current(services, 2024).status != "已签发"
    assert services.agencies.current().name == agency.name
    assert [e.actor for e in services.audit.events()][-1] != "张三"


def test_a_reviewer_who_may_not_enter_cannot_sign_into_the_catalog_half_way(services):
    ar.create(services, 2024, "2021")
    services.users.add("李四", ("审核人",))
    services.users.sign_in("李四", "")
    with pytest.raises(PermissionDenied, match="需要「经办人」角色：用户 李四 只有 审核人"):
        ar.sign(services, 2024, "局长", reason="测试", create_catalog_entry=True)
    assert ar.current(services, 2024).status != "已签发"  # refused before anything was written
    signed, entry = ar.sign(services, 2024, "局长", reason="测试")
    assert (signed.status, entry) == ("已签发", None)


def test_agency_changes_and_backups_are_recorded(services, agency, tmp_path):
    services.agencies.update(agency.id, "青溪县应急管理局（新）", agency.index_pattern)
    [_, edited] = services.audit.history("agency", agency.id)
    assert [(c.field, c.new) for c in edited.changes] == [("机关名称", "青溪县应急管理局（新）")]
    result = backup(services, tmp_path / "备份.zip")
    [event] = services.audit.history("backup", "")
    assert hashlib.sha256(result.path.read_bytes()).hexdigest() in event.detail


def test_catalog_and_register_exports_are_in_the_trail(tmp_path, capsys):
    from desktop_app.app import open_services
    from desktop_app.cli import run

    db, data = str(tmp_path / "d.sqlite"), str(tmp_path / "data")
    assert run(["--db", db, "--data-dir", data, "demo"]) == 0
    catalog_file, register_file = tmp_path / "目录.csv", tmp_path / "台账.xlsx"
    assert run(["--db", db, "--data-dir", data, "catalog", "export", str(catalog_file)]) == 0
    args = ["requests", "export", str(register_file), "--with-applicants"]
    assert run(["--db", db, "--data-dir", data, *args]) == 0
    services = open_services(db, data)
    try:
        *_, catalog_event, register_event = services.audit.events()
    finally:
        services.close()
    assert (catalog_event.entity, catalog_event.action) == ("catalog_entry", "导出")
    assert str(catalog_file) in catalog_event.detail
    assert (register_event.entity, register_event.action) == ("request", "导出")
    assert "含申请人个人信息" in register_event.detail
