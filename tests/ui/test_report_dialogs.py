"""The export dialog (copy, revision, file, certificate) and the revision history on a real report."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

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


def accept(qtbot, d: ExportDialog) -> None:
    """导出: the folder and certificate are checked in the background."""
    d.accept_choice()
    qtbot.waitUntil(lambda: not d.checking, timeout=10_000)


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
    accept(qtbot, d)
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
    accept(qtbot, d)
    assert d.choice is None
    assert "证书文件" in d.errors["certificate"].text()
    d.revision.setCurrentIndex(0)
    d.certificate.setText(str(cert_file))
    d.password.setText("pw")
    d.path.setText(str(tmp_path / "out"))  # .pdf is added
    accept(qtbot, d)
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


# -- plain words ----------------------------------------------------------------------------------
def test_font_substitutions_are_said_in_plain_words_before_exporting(qtbot, history, tmp_path):
    from desktop_app.export.fonts import ROLE_NAMES, bundled
    from desktop_app.services.fonts import RoleStatus, plain_font_notes

    def status(role, face, fallback):
        found = bundled(face)
        return RoleStatus(role, ROLE_NAMES[role], found.path, found.label, fallback, False)

    statuses = [
        status("body", "song", "正文（仿宋）：本机没有合适的字体"),
        status("heading1", "hei", "一级标题（黑体）：本机没有合适的字体"),
        status("heading2", "kai", ""),  # the proper face: nothing to say
    ]
    d = dialog(qtbot, history, tmp_path, font_notes=lambda: plain_font_notes(statuses))
    qtbot.waitUntil(lambda: "正在检查" not in d.fonts.text())
    assert d.fonts.isVisibleTo(d)
    unchecked = dialog(qtbot, history, tmp_path)
    assert not unchecked.fonts.isVisibleTo(unchecked)  # no check asked for: no 字体 row
    lines = d.fonts.text().splitlines()
    assert lines == [
        "正文应使用仿宋字体，本机没有找到，这次改用“AR PL SungtiL GB（文鼎简报宋，内置）”。"
        "读者看到的正文是宋体样式，不是仿宋，字形看起来略有不同；文字、字号和排版都不变。",
        "一级标题应使用黑体字体，本机没有找到，这次改用“WenQuanYi Micro Hei（文泉驿微米黑，内置）”。"
        "读者看到的一级标题与黑体字形相同或相近；文字、字号和排版都不变。",
        "如需规定的字体，可在 工具 → 字体设置 中选择本机的字体文件。",
    ]


def test_proper_fonts_and_the_terms_are_explained(qtbot, history, tmp_path):
    d = dialog(qtbot, history, tmp_path, font_notes=list)
    qtbot.waitUntil(lambda: "正在检查" not in d.fonts.text())
    assert d.fonts.text() == "本机有规定的公文字体，导出的 PDF 使用这些字体。"
    assert "数字签名标准" in d.sign.toolTip()
    labels = " ".join(label.text() for label in d.findChildren(QLabel))
    assert "PDF/A-2b 格式：字体都嵌在文件里" in labels
    assert "读者能看到签名人" in labels


def test_sha_256_columns_say_what_the_value_is(qtbot, history):
    d = HistoryDialog(history)
    qtbot.addWidget(d)
    tips = [d.pdfs.horizontalHeaderItem(c).toolTip() for c in range(d.pdfs.columnCount())]
    assert tips[-1].startswith("SHA-256 是文件的“数字指纹”")
    assert tips[:-1] == ["", ""]
