"""The export dialog (copy, revision, file, certificate) and the revision history on a real report."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.services import annual_reports
from desktop_app.ui.report_dialogs import ExportDialog, HistoryDialog
from tests.certificates import make_certificate

YEAR = 2023


@pytest.fixture
def history(services, tmp_path):
    """Revision 1 signed with a filing PDF exported from it, revision 2 a draft."""
    annual_reports.create(services, YEAR, rf.FORMAT_2021)
    annual_reports.fill(services, YEAR)
    annual_reports.sign(services, YEAR, "李局长")
    annual_reports.export_pdf(services, YEAR, "filing", tmp_path / "signed.pdf")
    annual_reports.reopen(services, YEAR)
    return annual_reports.history(services, YEAR)


def dialog(qtbot, history, tmp_path, **kw) -> ExportDialog:
    widget = ExportDialog("某局2023年报告", history, "filing", 2, str(tmp_path), **kw)
    qtbot.addWidget(widget)
    return widget


def test_the_file_name_follows_the_copy_and_a_missing_folder_is_named(qtbot, history, tmp_path):
    d = dialog(qtbot, history, tmp_path)
    assert Path(d.path.text()) == tmp_path / "某局2023年报告（存档打印版）.pdf"
    d.copies.buttons()[1].setChecked(True)
    assert Path(d.path.text()).name == "某局2023年报告（网站公开版）.pdf"
    d.path.setText(str(tmp_path / "nowhere" / "x.pdf"))
    d.accept_choice()
    assert d.choice is None
    assert "不存在" in d.errors["path"].text()
    assert not d.errors["path"].isHidden()


def test_choosing_an_earlier_revision_and_a_certificate(qtbot, history, tmp_path):
    cert_file, _ = make_certificate(tmp_path, b"pw")
    d = dialog(qtbot, history, tmp_path)
    assert [d.revision.itemText(i) for i in range(d.revision.count())] == [
        "第 1 版（已签发）",
        "第 2 版（草稿）",
    ]
    assert d.revision.currentData() == 2
    assert not d.certificate.isEnabled()
    d.sign.setChecked(True)
    d.accept_choice()
    assert d.choice is None
    assert "证书文件" in d.errors["certificate"].text()
    d.revision.setCurrentIndex(0)
    d.certificate.setText(str(cert_file))
    d.password.setText("pw")
    d.path.setText(str(tmp_path / "out"))  # .pdf is added
    d.accept_choice()
    assert d.choice.revision == 1
    assert d.choice.copy == "filing"
    assert d.choice.path == tmp_path / "out.pdf"
    assert d.choice.certificate.path == cert_file
    assert d.choice.certificate.password == "pw"


def test_history_lists_revisions_with_their_pdfs(qtbot, history, tmp_path):
    d = HistoryDialog(history)
    qtbot.addWidget(d)
    cells = [[d.table.item(r, c).text() for c in range(3)] for r in range(d.table.rowCount())]
    assert cells == [["第 1 版", "已签发", "李局长"], ["第 2 版", "草稿", ""]]
    assert d.pdfs.rowCount() == 0  # the newest (draft) revision is selected; nothing exported yet
    d.table.selectRow(0)
    assert d.pdfs.item(0, 0).text() == "存档打印版"
    assert d.pdfs.item(0, 1).text() == str((tmp_path / "signed.pdf").resolve())
    d._export()
    assert d.export_revision == 1
