"""The annual-report tab on a real SQLite report: cells, rules failing and clearing, sign-off."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel

from desktop_app.domain import report_format as rf
from desktop_app.domain.requests import RequestDraft
from desktop_app.services import annual_reports
from desktop_app.settings import Settings
from desktop_app.ui import pdf_preview, report_dialogs, report_tables, report_view, tasks
from desktop_app.ui.report_tables import COMPUTED_COLOUR, OVERRIDDEN_COLOUR, SOURCE_ACTION
from desktop_app.ui.report_view import ReportView
from tests.certificates import make_certificate, validate

YEAR = 2021
NEW_TOTAL = ("三", rf.T3_NEW, rf.T3_TOTAL)
NEW_NATURAL = ("三", rf.T3_NEW, rf.T3_NATURAL)


@pytest.fixture
def errors(monkeypatch):
    """Message boxes recorded instead of shown (a modal box would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(report_view, "show_error", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(report_tables, "show_error", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(pdf_preview, "show_error", lambda _p, _t, text: shown.append(text))
    return shown


@pytest.fixture
def view(qtbot, services, errors):
    annual_reports.create(services, YEAR, rf.FORMAT_2021)
    widget = ReportView(services)
    qtbot.addWidget(widget)
    widget.reload()
    qtbot.waitUntil(lambda: widget.report is not None and not widget.busy)
    return widget


def idle(qtbot, view):
    qtbot.waitUntil(lambda: not view.busy and not view._queue and not tasks.pending())


def item_of(view, key):
    grid = view.tables.grids[key[0]]
    return grid.item(*grid.positions[key])


def type_into(qtbot, view, key, text):
    """Type into a cell as the user does: open the cell's editor, type, press Enter."""
    grid = view.tables.grids[key[0]]
    view.tabs.setCurrentWidget(view.tables)
    view.tables.setCurrentWidget(grid)
    grid.setCurrentCell(*grid.positions[key])
    grid.editItem(item_of(view, key))
    # the editor of this edit is the newest: one closed before may linger until its deletion
    editors = grid.viewport().findChildren(report_tables.QLineEdit)
    assert editors
    editor = editors[-1]
    editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits through a queued call
    qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.State.EditingState)
    idle(qtbot, view)


def test_grids_mirror_the_official_tables_with_merged_headers(view):
    three = view.tables.grids["三"]
    assert three.columnCount() == 10
    assert three.item(0, 0).text() == rf.T3_NOTE
    assert (three.rowSpan(0, 0), three.columnSpan(0, 0)) == (3, 3)
    assert three.item(0, 3).text() == rf.T3_APPLICANT_HEADER
    assert three.columnSpan(0, 3) == 7
    # every number cell of the official template has exactly one grid position: 25 rows, and
    # the groups （三）…（六） are labels spanning their items
    assert set(three.positions) == {("三", r, c) for r in rf.T3_PRINTED_ROWS for c in rf.T3_COLUMNS}
    assert len({r for r, _ in three.positions.values()}) == 25
    refused = three.positions[("三", rf.T3_GROUP_ITEMS[rf.T3_REFUSED][0], rf.T3_NATURAL)]
    assert three.item(refused[0], 1).text() == rf.T3_REFUSED
    assert three.rowSpan(refused[0], 1) == len(rf.T3_GROUP_ITEMS[rf.T3_REFUSED])
    four = view.tables.grids["四"]
    assert four.columnCount() == 15
    assert four.columnSpan(0, 5) == 10
    assert len(view.tables.grids["二"].positions) == len(rf.table2_cells())


def test_editing_a_cell_fails_rule_then_fixing_it_clears(qtbot, view, services):
    assert "表格-0" in view.findings_panel.rules()
    type_into(qtbot, view, NEW_NATURAL, "5")
    stored = annual_reports.current(services, YEAR)
    assert stored.value(*NEW_NATURAL) == Decimal(5)
    assert item_of(view, NEW_TOTAL).text() == "5"  # the total follows, as in a spreadsheet
    assert "三-4" in view.findings_panel.rules()  # 5 received, none handled or carried over
    type_into(qtbot, view, NEW_TOTAL, "6")  # a total of the user's own: kept, and wrong
    assert "三-1" in view.findings_panel.rules()
    assert any(rf.T3_NEW in f.message and f.rule == "三-1" for f in view.findings)
    type_into(qtbot, view, NEW_TOTAL, "5")
    assert "三-1" not in view.findings_panel.rules()


def test_an_outcome_edit_updates_the_result_total_row_and_column(qtbot, view, services):
    secret = rf.T3_GROUP_ITEMS[rf.T3_REFUSED][0]
    type_into(qtbot, view, ("三", secret, rf.T3_NATURAL), "2")
    type_into(qtbot, view, ("三", secret, rf.T3_LEGAL[0]), "1")
    assert item_of(view, ("三", secret, rf.T3_TOTAL)).text() == "3"
    assert item_of(view, ("三", rf.T3_RESULT_TOTAL, rf.T3_NATURAL)).text() == "2"
    assert item_of(view, ("三", rf.T3_RESULT_TOTAL, rf.T3_TOTAL)).text() == "3"
    stored = annual_reports.current(services, YEAR)
    assert stored.value("三", rf.T3_REFUSED, rf.T3_TOTAL) == 3  # the hidden subtotal, for checks
    view.select_cell(("三", rf.T3_REFUSED, rf.T3_TOTAL))  # a finding on it shows its first item
    grid = view.tables.grids["三"]
    assert (grid.currentRow(), grid.currentColumn()) == grid.positions[("三", secret, rf.T3_TOTAL)]


def test_invalid_input_is_refused_with_a_message_and_nothing_saved(qtbot, view, services, errors):
    item_of(view, NEW_NATURAL).setText("-3")  # what a paste would do: the validator is bypassed
    idle(qtbot, view)
    assert errors
    assert "非负整数" in errors[0]
    assert rf.T3_NEW in errors[0]
    assert item_of(view, NEW_NATURAL).text() == ""
    assert annual_reports.current(services, YEAR).value(*NEW_NATURAL) is None
    fee = ("二", "行政事业性收费", rf.T2_FEE_AMOUNT)
    item_of(view, fee).setText("1.23456")
    assert "四位小数" in errors[-1]
    type_into(qtbot, view, fee, "1.2345")
    assert annual_reports.current(services, YEAR).value(*fee) == Decimal("1.2345")


def test_clicking_a_finding_selects_its_first_cell(qtbot, view):
    type_into(qtbot, view, NEW_NATURAL, "2")
    type_into(qtbot, view, NEW_TOTAL, "3")
    view.tabs.setCurrentWidget(view.editor)
    panel = view.findings_panel
    row = panel.rules().index("三-1")
    panel.list.itemClicked.emit(panel.list.item(row))
    grid = view.tables.grids["三"]
    assert view.tabs.currentWidget() is view.tables
    assert view.tables.currentWidget() is grid
    assert (grid.currentRow(), grid.currentColumn()) == grid.positions[view.findings[row].cells[0]]


def _filled(services, view, qtbot):
    agency = services.agencies.current()
    services.requests.add(
        agency.id,
        RequestDraft(
            received_on=dt.date(YEAR, 3, 1),
            applicant_type="自然人",
            content="预算",
            answered_on=dt.date(YEAR, 3, 8),
            outcome="予以公开",
        ),
    )
    view.fill()
    idle(qtbot, view)


def test_overriding_a_computed_cell_asks_for_a_reason(qtbot, view, services, monkeypatch):
    _filled(services, view, qtbot)
    item = item_of(view, NEW_NATURAL)
    assert item.text() == "1"
    assert item.background().color() == COMPUTED_COLOUR
    assert item.toolTip() == "自动计算"
    asked = []

    def cancel(dialog):
        asked.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(report_tables.ReasonDialog, "exec", cancel)
    type_into(qtbot, view, NEW_NATURAL, "2")
    assert len(asked) == 1
    assert not asked[0].ok.isEnabled()
    assert item_of(view, NEW_NATURAL).text() == "1"
    assert annual_reports.current(services, YEAR).value(*NEW_NATURAL) == 1

    def give_reason(dialog):
        dialog.reason.setText("纸质登记漏录一件")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_tables.ReasonDialog, "exec", give_reason)
    type_into(qtbot, view, NEW_NATURAL, "2")
    cell = annual_reports.current(services, YEAR).cells[NEW_NATURAL]
    assert (cell.value, cell.source, cell.reason) == (2, "overridden", "纸质登记漏录一件")
    item = item_of(view, NEW_NATURAL)
    assert item.background().color() == OVERRIDDEN_COLOUR
    assert "纸质登记漏录一件" in item.toolTip()
    assert item_of(view, NEW_TOTAL).text() == "2"  # the computed total follows the override
    assert "三-1" not in view.findings_panel.rules()
    monkeypatch.setattr(report_tables.ReasonDialog, "exec", cancel)
    type_into(qtbot, view, NEW_NATURAL, "3")
    assert asked[-1].reason.text() == "纸质登记漏录一件"  # offered again to amend
    assert annual_reports.current(services, YEAR).value(*NEW_NATURAL) == 2


def test_computed_cell_opens_the_requests_behind_it(qtbot, view, services, monkeypatch):
    _filled(services, view, qtbot)
    opened = []

    def fake_exec(dialog):
        qtbot.waitUntil(lambda: dialog.loaded)  # the records are read in the background
        opened.append((dialog.windowTitle(), dialog.records.rowCount()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(report_view.RequestsSourcesDialog, "exec", fake_exec)
    grid = view.tables.grids["三"]
    actions = grid.context_actions(*grid.positions[NEW_NATURAL])
    assert [a.text() for a in actions] == [SOURCE_ACTION]
    actions[0].trigger()
    assert opened == [(f"{YEAR}年表三：{rf.T3_NEW} · {rf.T3_NATURAL}", 1)]
    # label cells and table 二 offer nothing
    assert grid.context_actions(0, 0) == []


def test_paragraph_edit_is_saved(qtbot, view, services):
    editor = view.editor
    editor.outline.setCurrentItem(editor.outline.topLevelItem(0))
    editor.paragraphs.setPlainText("本机关认真贯彻条例。\n\n第二段\n接着写。")
    editor.save_button.click()
    idle(qtbot, view)
    section = annual_reports.current(services, YEAR).sections[0]
    assert section.paragraphs == ("本机关认真贯彻条例。", "第二段接着写。")
    editor.add_child_button.click()  # a sub-section under 一、, saved at once
    idle(qtbot, view)
    assert editor.outline.currentItem().text(0) == "（一）新的小节"
    editor.heading.setText("组织领导")
    editor.heading.textEdited.emit("组织领导")
    editor.outline.setCurrentItem(editor.outline.topLevelItem(1))  # leaving saves
    idle(qtbot, view)
    stored = annual_reports.current(services, YEAR).sections[0]
    assert [c.heading for c in stored.children] == ["组织领导"]
    assert not editor.remove_button.isEnabled()  # the six official sections stay


def test_signed_report_is_read_only(qtbot, view, services, monkeypatch):
    type_into(qtbot, view, NEW_NATURAL, "1")  # an error: signing needs a reason

    def sign(dialog):
        assert dialog.errors > 0
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert any(t.startswith("另有 3 处提示") for t in texts)  # 一、五、六 have no text
        dialog.signer.setText("李明")
        assert not dialog.ok.isEnabled()
        dialog.reason.setPlainText("数据经分管领导核实")
        assert dialog.ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_view.SignDialog, "exec", sign)
    view.sign_button.click()
    idle(qtbot, view)
    assert view.report.status == "已签发"
    assert not view.banner.isHidden()
    assert "李明" in view.banner.text()
    assert str(dt.date.today()) in view.banner.text()
    item = item_of(view, NEW_NATURAL)
    assert not item.flags() & Qt.ItemFlag.ItemIsEditable
    assert view.editor.paragraphs.isReadOnly()
    assert view.editor.heading.isReadOnly()
    assert not view.editor.add_child_button.isEnabled()
    assert not any(b.isEnabled() for b in (view.fill_button, view.sign_button, view.submit_button))
    assert view.reopen_button.isEnabled()
    view.reopen_button.click()
    idle(qtbot, view)
    assert view.report.revision == 2
    assert view.report.status == "草稿"
    assert item_of(view, NEW_NATURAL).flags() & Qt.ItemFlag.ItemIsEditable
    assert view.banner.isHidden()


def test_preview_loads_the_pdf_and_prints_at_true_scale(qtbot, view, tmp_path, monkeypatch):
    view.tabs.setCurrentWidget(view.preview)
    qtbot.waitUntil(lambda: view.preview.loaded, timeout=60_000)
    document = view.preview.document
    assert document.status() == QPdfDocument.Status.Ready
    assert document.pageCount() > 0
    out = tmp_path / "printed.pdf"

    def accept(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(pdf_preview.QPrintDialog, "exec", accept)
    view.preview.print_button.click()
    printed = pypdfium2.PdfDocument(str(out))
    assert len(printed) == document.pageCount()
    width, height = printed[0].get_size()
    assert abs(width - 595.3) < 1.5
    assert abs(height - 841.9) < 1.5
    images = [o for o in printed[0].get_objects() if o.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
    left, bottom, right, top = images[0].get_bounds()
    # the rendered page covers the paper edge to edge: not shrunk into the printer's margins
    assert max(abs(left), abs(bottom), abs(right - width), abs(top - height)) < 1.5
    printed.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # harmless on the offscreen platform
def test_main_window_has_the_report_tab_loaded_when_shown(qtbot, services):
    from desktop_app.ui import main_window

    annual_reports.create(services, YEAR, rf.FORMAT_FREE)
    window = main_window.MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    assert "年度报告" in [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentWidget(window.report_view)
    qtbot.waitUntil(lambda: window.report_view.report is not None)
    tasks.wait_for_all()
    assert window.report_view.years.item(0).text() == f"{YEAR} 年度"
    # a free-form report has no tables to edit
    assert not window.report_view.tabs.isTabVisible(
        window.report_view.tabs.indexOf(window.report_view.tables)
    )


def accept_export(qtbot, monkeypatch, path, sign_with=None, revision_index=None):
    """Make the export dialog return at once as if the user chose `path` (and a certificate)."""
    seen = []

    def fake_exec(dialog):
        seen.append(Path(dialog.path.text()).name)
        dialog.path.setText(str(path))
        if revision_index is not None:
            dialog.revision.setCurrentIndex(revision_index)
        if sign_with:
            dialog.sign.setChecked(True)
            dialog.certificate.setText(str(sign_with[0]))
            dialog.password.setText(sign_with[1])
        dialog.accept_choice()
        qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
        return dialog.result()

    monkeypatch.setattr(report_dialogs.ExportDialog, "exec", fake_exec)
    return seen


def test_export_runs_in_the_background_and_records_the_pdf(
    qtbot, view, services, tmp_path, monkeypatch
):
    out = tmp_path / "报告.pdf"
    suggested = accept_export(qtbot, monkeypatch, out)
    view.editor.paragraphs.setPlainText(
        "导出前刚写的一段。"
    )  # not yet saved: export saves it first
    view.export_button.menu().actions()[0].trigger()  # 存档打印版…
    assert view.progress.isVisibleTo(view)
    assert not view.export_button.isEnabled()
    idle(qtbot, view)
    assert not view.progress.isVisibleTo(view)
    assert suggested == [f"{view.report.title}（存档打印版）.pdf"]
    pdf = pypdfium2.PdfDocument(str(out))
    assert len(pdf) > 0
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert "导出前刚写的一段" in text.replace("\r", "").replace("\n", "")
    assert [copy for copy, _path, _sha in services.reports.pdfs(view.report.id)] == ["filing"]
    assert "已导出" in view.status.text()


def test_export_names_substituted_fonts(qtbot, view, services, tmp_path, monkeypatch):
    Settings(fonts={"title": str(tmp_path / "gone.ttf")}).save(services.paths.settings_file)
    accept_export(qtbot, monkeypatch, tmp_path / "x.pdf")
    view.export_button.menu().actions()[1].trigger()  # 网站公开版…
    idle(qtbot, view)
    assert "字体已替代" in view.status.text()
    assert f"设置中的字体文件 {tmp_path / 'gone.ttf'} 不存在" in view.status.toolTip()


def test_signed_export_of_an_earlier_revision_from_the_history(
    qtbot, view, services, tmp_path, monkeypatch
):
    cert_file, cert = make_certificate(tmp_path, b"secret")
    annual_reports.fill(services, YEAR)
    annual_reports.sign(services, YEAR, "王局长", reason="测试")
    annual_reports.reopen(services, YEAR)
    view.reload()
    idle(qtbot, view)
    out = tmp_path / "第一版.pdf"
    accept_export(qtbot, monkeypatch, out, sign_with=(cert_file, "secret"))
    monkeypatch.setattr(
        report_dialogs.HistoryDialog,
        "exec",
        lambda d: (d.table.selectRow(0), d._export(), d.result())[-1],
    )
    view.history_button.click()
    idle(qtbot, view)
    status, _ = validate(out, cert)
    assert status.intact
    assert "已数字签名" in view.status.text()
    first = services.reports.revisions(services.agencies.current().id, YEAR)[0]
    assert [p[1] for p in services.reports.pdfs(first.id)] == [str(out.resolve())]
    assert Settings.load(services.paths.settings_file).certificate_file == str(cert_file)


def test_new_report_from_the_dialog_and_a_taken_year_refused(
    qtbot, view, services, errors, monkeypatch
):
    def choose(year, fmt):
        def fake_exec(dialog):
            dialog.year.setValue(year)
            dialog.format.setCurrentIndex(dialog.format.findData(fmt))
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(report_view.NewReportDialog, "exec", fake_exec)
        view.new_button.click()
        idle(qtbot, view)

    choose(YEAR + 1, rf.FORMAT_FREE)
    assert [view.years.item(i).text() for i in range(view.years.count())] == [
        "2022 年度",
        "2021 年度",
    ]
    assert view.report.year == YEAR + 1
    assert view.report.format == rf.FORMAT_FREE
    assert not view.fill_button.isEnabled()  # no tables to fill
    choose(YEAR, rf.FORMAT_2021)
    assert len(errors) == 1
    assert str(YEAR) in errors[0]
    view.years.setCurrentRow(1)
    qtbot.waitUntil(lambda: view.report.year == YEAR)
    idle(qtbot, view)
    assert view.tabs.isTabVisible(view.tabs.indexOf(view.tables))


def test_submit_moves_the_report_to_review(qtbot, view, services):
    view.submit_button.click()
    idle(qtbot, view)
    assert annual_reports.current(services, YEAR).status == "待审核"
    assert view.status.text() == "状态：待审核"
    assert not view.submit_button.isEnabled()
    assert view.sign_button.isEnabled()


def test_a_number_typed_with_a_leading_zero_shows_as_stored(qtbot, view, services):
    type_into(qtbot, view, NEW_NATURAL, "3")
    type_into(qtbot, view, NEW_NATURAL, "03")
    assert item_of(view, NEW_NATURAL).text() == "3"
    assert annual_reports.current(services, YEAR).value(*NEW_NATURAL) == 3


def test_text_typed_while_the_tables_fill_is_kept(qtbot, view, services):
    view.fill()
    assert view.busy
    view.editor.paragraphs.setPlainText("填充时写的文字。")  # typed before the fill finished
    idle(qtbot, view)
    assert view.editor.paragraphs.toPlainText() == "填充时写的文字。"
    assert view.editor.dirty
    view.editor.save_button.click()
    idle(qtbot, view)
    assert annual_reports.current(services, YEAR).sections[0].paragraphs == ("填充时写的文字。",)


def test_exchange_json_out_and_a_text_report_in(qtbot, view, services, tmp_path, monkeypatch):
    out = tmp_path / "报送.json"
    monkeypatch.setattr(report_view, "choose_json_path", lambda _p, _suggested: str(out))
    view.export_button.menu().actions()[-1].trigger()  # 报送交换 JSON…
    idle(qtbot, view)
    assert json.loads(out.read_text("utf-8"))["year"] == YEAR
    assert view.exported.label.text() == f"已导出报送文件：{out.resolve()}"
    old = tmp_path / "2011年报告.txt"
    old.write_text("一、概况\n本局全年公开信息三十条。\n二、申请\n全年未收到申请。\n", "gb18030")
    monkeypatch.setattr(report_view, "choose_report_file", lambda _p: str(old))
    monkeypatch.setattr(
        report_view, "ask_year", lambda _p, name: 2011 if name == old.name else None
    )
    view.import_button.click()
    idle(qtbot, view)
    assert view.report.year == 2011
    assert view.report.format == rf.FORMAT_FREE
    assert [s.paragraphs for s in view.report.sections] == [
        ("本局全年公开信息三十条。",),
        ("全年未收到申请。",),
    ]


def test_importing_a_json_over_a_draft_asks_first(qtbot, view, services, tmp_path, monkeypatch):
    out = tmp_path / "报送.json"
    monkeypatch.setattr(report_view, "choose_json_path", lambda _p, _suggested: str(out))
    view.export_button.menu().actions()[-1].trigger()
    idle(qtbot, view)
    data = json.loads(out.read_text("utf-8"))
    data["title"] = "从文件导入的标题"
    out.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    monkeypatch.setattr(report_view, "choose_report_file", lambda _p: str(out))
    asked = []
    monkeypatch.setattr(report_view, "confirm", lambda _p, _t, text: asked.append(text) or False)
    view.import_button.click()
    idle(qtbot, view)
    assert len(asked) == 1
    assert f"{YEAR} 年度已有报告草稿" in asked[0]
    assert annual_reports.current(services, YEAR).title != "从文件导入的标题"  # kept
    monkeypatch.setattr(report_view, "confirm", lambda _p, _t, _text: True)
    view.import_button.click()
    idle(qtbot, view)
    assert annual_reports.current(services, YEAR).title == "从文件导入的标题"
    assert view.report.title == "从文件导入的标题"


def test_a_signed_report_changed_in_the_database_shows_an_alarm_banner(
    qtbot, view, services, errors
):
    annual_reports.sign(services, YEAR, "李明", reason="测试")
    from sqlalchemy import create_engine, text

    engine = create_engine(services.db.url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE annual_report SET signer = '王某'"))
    engine.dispose()
    view.open_year(YEAR)
    idle(qtbot, view)
    assert not view.banner.isHidden()
    assert "签发人" in view.banner.text()
    assert "导出和重新打开已停止" in view.banner.text()
    view.reopen_button.click()
    idle(qtbot, view)
    assert any("已停止重新打开" in e for e in errors)
    assert view.report.revision == 1


def test_a_published_report_in_shows_what_to_confirm(qtbot, view, services, tmp_path, monkeypatch):
    from tests import published_reports as pub

    path = pub.write_docx(tmp_path / "已发布.docx")
    monkeypatch.setattr(report_view, "choose_report_file", lambda _p: str(path))
    monkeypatch.setattr(report_view, "ask_year", lambda _p, _name: pub.YEAR)
    shown = []
    monkeypatch.setattr(report_view, "show_info", lambda _p, _t, text: shown.append(text))
    view.import_button.click()
    idle(qtbot, view)
    assert view.report.year == pub.YEAR
    assert view.report.format == rf.FORMAT_2021
    assert item_of(view, ("三", rf.T3_NEW, rf.T3_NATURAL)).text() == "9487"
    assert len(shown) == 1
    assert f"“{pub.TYPO}”按“{pub.OFFICIAL}”读入" in shown[0]


def test_a_cell_not_given_reads_so_and_opens_empty_for_a_number(qtbot, view, services):
    """Cleared (or blank and "/" in an imported report), a cell is not given, not 0: it says so
    in grey, and its editor opens empty rather than on the words."""
    type_into(qtbot, view, NEW_NATURAL, "3")
    type_into(qtbot, view, NEW_NATURAL, "")
    item = item_of(view, NEW_NATURAL)
    assert view.report.unknown(NEW_NATURAL)
    assert item.text() == "未给出"
    assert item.foreground().color() == report_tables.NOT_GIVEN_COLOUR
    assert "不计为 0" in item.toolTip()
    grid = view.tables.grids["三"]
    grid.setCurrentCell(*grid.positions[NEW_NATURAL])
    grid.editItem(item)
    editor = grid.viewport().findChildren(report_tables.QLineEdit)[-1]
    assert editor.text() == ""
    editor.setText("7")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.State.EditingState)
    idle(qtbot, view)
    assert item_of(view, NEW_NATURAL).text() == "7"
    assert item_of(view, NEW_NATURAL).foreground().style() == Qt.BrushStyle.NoBrush
