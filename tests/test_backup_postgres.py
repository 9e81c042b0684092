"""PostgreSQL: `backup` writes every table (attached files included) as a logical export that
`backup verify` checks and `restore` reads into an empty database, row for row."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop_app.app import open_services
from desktop_app.db import migrate
from desktop_app.db.models import Base
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.requests import RequestDraft
from desktop_app.errors import UserError
from desktop_app.hashing import file_sha256
from desktop_app.services.backup import BackupCancelled, backup
from desktop_app.services.backup_verify import verify
from desktop_app.services.logical_backup import table_member
from desktop_app.services.restore import restore
from tests.conftest import AGENCY_CODE, AGENCY_NAME, new_pg_database
from tests.test_backup import _add

pytestmark = pytest.mark.postgres


@pytest.fixture
def second_pg_url(_pg_admin_url):
    with new_pg_database(_pg_admin_url) as url:
        yield url


def _every_row(services) -> dict[str, list]:
    with services.db.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def attached_bytes() -> bytes:
    return b"%PDF-1.4 \x00\xff binary" * 100


@pytest.fixture
def source(pg_url, tmp_path):
    services = open_services(pg_url, tmp_path / "data")
    services.agencies.create(AGENCY_NAME, AGENCY_CODE)
    services.classification.seed_default()
    agency = services.agencies.current()
    entry = _add(services, agency, "服务器上的条目", "第二条")[0]
    attached = tmp_path / "附件.pdf"
    attached.write_bytes(attached_bytes())
    services.catalog.attach(entry.id, attached)
    services.requests.add(
        agency.id,
        RequestDraft(
            received_on=dt.date(2024, 5, 6),
            applicant_type="自然人",
            content="申请公开某事项",
            fee=Decimal("12.50"),
        ),
    )
    yield services
    services.close()


def test_a_logical_backup_restores_row_for_row_into_an_empty_database(
    source, second_pg_url, tmp_path
):
    made = backup(source, tmp_path / "pg.zip")
    assert made.counts == {"entries": 2, "requests": 1, "reports": 0}
    noted = source.audit.events()[-1]  # like a SQLite backup: where it went, and its hash
    assert (noted.entity, noted.action) == ("backup", "备份")
    assert noted.detail == f"{made.path.resolve()}，SHA-256 {file_sha256(made.path)}"
    assert noted.actor == source.db.user.name
    assert made.attachments == 1
    checked = verify(made.path)
    assert checked.counts == made.counts

    out = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", second_pg_url, "--data-dir"]
        + [str(tmp_path / "data2"), "restore", str(made.path), "--yes"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    target = open_services(second_pg_url, tmp_path / "data2")
    try:
        restored, original = _every_row(target), _every_row(source)
        # The trail goes on from the backup's, with the restore as its next event.
        *kept, restore_event = restored.pop("audit_event")
        *in_backup, _backup_event = original.pop("audit_event")  # noted once the file was written
        assert kept == in_backup
        assert restore_event[4:7] == ("database", "", "恢复")
        assert target.audit.verify()[0] is None
        restored.pop("audit_head"), original.pop("audit_head")
        assert restored == original
        # the sequences follow the restored ids: the next entry gets a new one
        new = _add(target, target.agencies.current(), "恢复后新增的条目")[0]
        assert new.id > max(row[0] for row in _every_row(source)["catalog_entry"])
        saved = target.catalog.get(_every_row(source)["attachment"][0][1]).attachments[0]
        assert target.catalog.verified_path(saved).read_bytes() == attached_bytes()
    finally:
        target.close()


def test_a_database_with_data_is_not_overwritten(source, tmp_path):
    made = backup(source, tmp_path / "pg.zip")
    before = _every_row(source)
    with pytest.raises(UserError, match="目标数据库不是空的"):
        restore(source, verify(made.path))
    reopened = open_services(source.db.url, tmp_path / "data")
    try:
        assert _every_row(reopened) == before
    finally:
        reopened.close()


def test_a_damaged_table_is_named(source, tmp_path):
    from tests.test_backup_verify import _rewrite

    made = backup(source, tmp_path / "pg.zip")
    damaged = _rewrite(
        made.path,
        lambda m: m.update({"tables/catalog_entry.jsonl": m["tables/catalog_entry.jsonl"][:-2]}),
    )
    with pytest.raises(
        UserError, match="表 catalog_entry 的数据与说明文件记录的 SHA-256 或行数不一致"
    ):
        verify(damaged)


def test_a_sqlite_backup_is_not_restored_into_a_server(services, agency, second_pg_url, tmp_path):
    made = backup(services, tmp_path / "sqlite.zip")
    target = open_services(second_pg_url, tmp_path / "data2")
    with pytest.raises(UserError, match="SQLite 数据文件的备份，不能恢复到数据库服务器"):
        restore(target, verify(made.path))
    target.close()


def test_a_cancelled_server_backup_leaves_no_file_and_no_trail_event(source, tmp_path):
    events_before = len(source.audit.events())
    target = tmp_path / "cancelled.zip"
    with pytest.raises(BackupCancelled, match="已取消备份"):
        backup(source, target, lambda done, total: done < 2)
    assert list(tmp_path.glob("*.zip")) == []
    assert len(source.audit.events()) == events_before


@pytest.mark.parametrize(
    ("revision", "refusal"),
    [
        # today's tables, said to be of a schema without reports or letters
        ("0100_requests", "不属于它注明的数据库版本 0100_requests"),
        ("9999_from_the_future", "更新版本的程序创建（版本 9999_from_the_future）"),
    ],
)
def test_a_backup_not_of_a_schema_this_program_restores_is_refused_and_nothing_written(
    source, second_pg_url, tmp_path, revision, refusal
):
    from tests.test_backup_verify import _manifest, _rewrite, _set_manifest

    made = backup(source, tmp_path / "pg.zip")

    def restated(members):
        manifest = _manifest(members)
        manifest["schema_revision"] = revision
        _set_manifest(members, manifest)

    target = open_services(second_pg_url, tmp_path / "data2", first_user=False)
    try:
        with pytest.raises(UserError, match=refusal):
            restore(target, verify(_rewrite(made.path, restated)))
        assert migrate.current_revision(target.db) == migrate.head_revision()  # not taken down
        assert _every_row(target)["catalog_entry"] == []
    finally:
        target.close()


def test_restored_in_this_process_the_server_database_has_the_backups_rows(
    source, second_pg_url, tmp_path
):
    made = backup(source, tmp_path / "pg.zip")
    target = open_services(second_pg_url, tmp_path / "data2", first_user=False)
    result = restore(target, verify(made.path))  # closes `target`, as after any restore
    assert result.safety_backup is None  # an empty server database: nothing to keep
    reopened = open_services(second_pg_url, tmp_path / "data2")
    try:
        titles = sorted(entry.title for entry in reopened.catalog.all())
        assert titles == sorted(entry.title for entry in source.catalog.all())
        assert len(titles) == 2
    finally:
        reopened.close()


def test_a_server_backup_is_not_restored_into_a_sqlite_file(source, services, tmp_path):
    made = backup(source, tmp_path / "pg.zip")
    with pytest.raises(UserError, match="逻辑备份，只能恢复到一个新建的空 PostgreSQL 数据库"):
        restore(services, verify(made.path))
    assert _every_row(services)["catalog_entry"] == []


OLDER = "0480_stats_speed"  # a schema an earlier program left; 0495 and 0500 changed indexes only


def _left_by_an_older_program(services) -> None:
    from alembic import command

    config = migrate._config()
    with services.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, OLDER)


def test_a_server_database_is_copied_before_it_is_migrated(source, pg_url, tmp_path):
    before = _every_row(source)
    _left_by_an_older_program(source)
    again = open_services(pg_url, tmp_path / "data")  # the newer program's first start
    try:
        assert migrate.current_revision(again.db) == migrate.head_revision()
    finally:
        again.close()
    (copy,) = (tmp_path / "data" / "backups").glob(f"*.before-{OLDER}-*.zip")
    checked = verify(copy)  # what `backup verify` checks: each table's hash and rows, the counts
    assert checked.schema_revision == OLDER
    assert checked.counts == {"entries": 2, "requests": 1, "reports": 0}
    with zipfile.ZipFile(copy) as archive:
        copied = {
            name: [json.loads(line) for line in archive.read(table_member(name)).splitlines()]
            for name in ("catalog_entry", "disclosure_request", "attachment_content")
        }
    assert [row["title"] for row in copied["catalog_entry"]] == [
        row[before_column("catalog_entry", "title")] for row in before["catalog_entry"]
    ]
    assert copied["disclosure_request"][0]["fee"] == {"$decimal": "12.50"}
    assert [base64.b64decode(row["data"]["$bytes"]) for row in copied["attachment_content"]] == [
        attached_bytes()
    ]
    assert not list((tmp_path / "data").rglob("*.tmp"))


def before_column(table: str, column: str) -> int:
    return [c.name for c in Base.metadata.tables[table].columns].index(column)


def test_without_its_copy_a_server_database_is_not_migrated(source, pg_url, tmp_path):
    _left_by_an_older_program(source)
    backups = tmp_path / "data" / "backups"
    shutil.rmtree(backups, ignore_errors=True)
    backups.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(UserError, match="升级数据库前须先备份.*数据库未做任何修改"):
        open_services(pg_url, tmp_path / "data")
    assert migrate.current_revision(source.db) == OLDER
    assert _every_row(source)["catalog_entry"]  # every row still there, under the old schema


def test_a_current_server_database_opens_without_a_copy(source, pg_url, tmp_path):
    again = open_services(pg_url, tmp_path / "data")
    again.close()
    assert not list((tmp_path / "data").glob("backups/*.before-*"))


def test_the_copy_made_before_a_migration_restores_with_the_newer_program(
    source, pg_url, second_pg_url, tmp_path
):
    """Into an empty database taken down to the copy's schema, then migrated as its source was."""
    before = _every_row(source)
    _left_by_an_older_program(source)
    open_services(pg_url, tmp_path / "data").close()  # the newer program's first start: the copy
    (copy,) = (tmp_path / "data" / "backups").glob(f"*.before-{OLDER}-*.zip")
    target = open_services(second_pg_url, tmp_path / "data2", first_user=False)
    restore(target, verify(copy))  # closes `target`
    reopened = open_services(second_pg_url, tmp_path / "data2")
    try:
        assert migrate.current_revision(reopened.db) == migrate.head_revision()
        assert _every_row(reopened) == before  # every row of every table, the trail's too
        assert reopened.audit.verify()[0] is None  # the chain intact
        reopened.catalog.add(  # the sequences follow the restored ids
            reopened.agencies.current().id,
            EntryDraft(title="恢复后新增", generated_on=dt.date.today()),
        )
    finally:
        reopened.close()
