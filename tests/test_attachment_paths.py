"""Attachment files stay inside the attachments folder, whatever name the database holds."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from sqlalchemy import update

from desktop_app.attachment_paths import confined
from desktop_app.db.models import AttachmentRow
from desktop_app.domain.catalog import EntryDraft
from desktop_app.errors import UserError
from desktop_app.services.backup import backup


@pytest.mark.parametrize(
    "name",
    ["../../x.txt", "..", ".", "", "a/b.txt", "a\\b.txt", "C:x.txt", "/etc/passwd", "a\0b", "a\nb"],
)
def test_names_that_leave_the_folder_are_refused(tmp_path, name):
    assert confined(tmp_path, name) is None


def test_a_link_leading_out_is_refused(tmp_path):
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "link.txt").symlink_to(tmp_path / "outside.txt")
    assert confined(tmp_path / "inside", "link.txt") is None
    assert confined(tmp_path / "inside", "0f3a.pdf") == tmp_path / "inside" / "0f3a.pdf"


def _tampered(services, agency, tmp_path, stored_name):
    entry = services.catalog.add(agency.id, EntryDraft("带附件的条目", dt.date(2024, 3, 5)))
    source = tmp_path / "附件.txt"
    source.write_text("正文", encoding="utf-8")
    services.catalog.attach(entry.id, source)
    with services.db.session() as session:  # what another workstation could have written
        session.execute(update(AttachmentRow).values(stored_name=stored_name))
    return services.catalog.get(entry.id).attachments[0]


@pytest.mark.parametrize("escape", ["../../x.txt", "ABSOLUTE"])
def test_reading_or_writing_outside_the_folder_is_refused(any_db, agency, tmp_path, escape):
    target = tmp_path / "elsewhere" / "x.txt"
    target.parent.mkdir()
    stored = str(target) if escape == "ABSOLUTE" else escape
    attachment = _tampered(any_db, any_db.agencies.current(), tmp_path, stored)
    with pytest.raises(UserError, match="不在附件文件夹 .* 之内，已拒绝读写该文件"):
        any_db.catalog.verified_path(attachment)
    with pytest.raises(UserError, match="已拒绝读写"):
        any_db.catalog.export_attachment(attachment, tmp_path / "导出.txt")
    assert not target.exists()
    assert not (tmp_path / "导出.txt").exists()


def test_a_backup_skips_and_reports_a_name_leading_out(services, agency, db_path, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("不属于本程序的文件", encoding="utf-8")
    _tampered(services, agency, tmp_path, "../secret.txt")
    result = backup(services, tmp_path / "备份.zip")
    assert result.refused == ("../secret.txt",)
    assert result.attachments == 0
    with zipfile.ZipFile(result.path) as archive:
        assert not [n for n in archive.namelist() if "secret" in n]
