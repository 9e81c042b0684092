"""The 年度报告 tab: reports by year on the left; the editor (text, tables, preview, findings).

Every read and write goes through the typed ReportService (services/reports.py) on the thread
pool, one at a time: each takes the report the previous write returned, so quick successive edits
never overwrite one another.
After each write the findings are computed again and the tables repainted. Text being typed is
also kept in a recovery file until it is saved (see ui/recovery.py); closing the main window waits
for the queued writes (`save_before_close`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import DRAFT, SIGNED, AnnualReport, numbered
from desktop_app.domain.report_checks import ERROR, Finding
from desktop_app.domain.users import CLERK, REVIEWER
from desktop_app.errors import ConcurrentEditError
from desktop_app.services import fonts, report_integrity
from desktop_app.services.report_layout import COPY_FILING, COPY_LABELS
from desktop_app.services.reports import CheckedReport, DraftExists, RevisionRecord
from desktop_app.settings import Settings
from desktop_app.ui import roles, tasks
from desktop_app.ui.audit_window import AuditDialog
from desktop_app.ui.conflict import ConflictDialog
from desktop_app.ui.export_place import (
    ExportedNotice,
    choose_path,
    export_folder,
    remember_in_background,
)
from desktop_app.ui.findings_panel import FindingsPanel
from desktop_app.ui.messages import confirm, show_error, show_info
from desktop_app.ui.pdf_preview import PdfPreview
from desktop_app.ui.recovery import RecoveryFile
from desktop_app.ui.report_dialogs import (
    ExportDialog,
    HistoryDialog,
    NewReportDialog,
    SignDialog,
    ask_year,
    choose_json_path,
    choose_report_file,
)
from desktop_app.ui.report_editor import SectionEditor, join_paragraphs
from desktop_app.ui.report_tables import ReportTables
from desktop_app.ui.requests_sources_dialog import RequestsSourcesDialog

_YEAR_ROLE = Qt.ItemDataRole.UserRole
BANNER_STYLE = "color: #1b5e20; background: #e8f5e9; padding: 6px;"
ALARM_STYLE = "color: #b71c1c; background: #ffebee; padding: 6px; font-weight: bold;"
RECOVERY_MS = 500  # the recovery file trails the typing by at most this
Op = Callable[[AnnualReport], AnnualReport]


class ReportView(QWidget):
    """`catalog_entry_created(entry)` after a signature listed the report in the catalog;
    `settled` once the last queued write has finished."""

    catalog_entry_created = Signal(object)
    settled = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.reports = services.annual_reports
        self.loaded = False
        self._running = 0  # background jobs of this view still under way
        self.report: AnnualReport | None = None
        self.findings: list[Finding] = []
        # Queued jobs: (year, job(latest report of that year), on_done on the UI thread).
        self._queue: list[tuple[int, Callable[[AnnualReport], object], Callable]] = []
        self.conflict: ConflictDialog | None = None  # open while a refused save is shown
        self.recovery = RecoveryFile(services.paths.data_dir, services.database_url)
        self._recovery_due = QTimer(self, singleShot=True, interval=RECOVERY_MS)
        self._recovery_due.timeout.connect(self._keep_unsaved_text)
        self._build()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.years = QListWidget()
        self.years.currentItemChanged.connect(
            lambda item, _old: item and self.open_year(item.data(_YEAR_ROLE))
        )
        self.new_button = QPushButton("新建…")
        self.new_button.clicked.connect(self.new_report)
        self.import_button = QPushButton("导入…")
        self.import_button.setToolTip(
            "导入已发布的报告（PDF、Word、网页）、报送交换 JSON 文件，或以前的纯文本年度报告"
        )
        self.import_button.clicked.connect(self.import_file)
        for button in (self.new_button, self.import_button):
            roles.gate(button, self.services.user, CLERK)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("报告年度"))
        column.addWidget(self.years, 1)
        column.addWidget(self.new_button)
        column.addWidget(self.import_button)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.banner = QLabel(visible=False, wordWrap=True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.editor = SectionEditor()
        self.tables = ReportTables()
        self.preview = PdfPreview(self.reports)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, "正文")
        self.tabs.addTab(self.tables, "统计表")
        self.tabs.addTab(self.preview, "PDF 预览")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.findings_panel = FindingsPanel()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.findings_panel)
        split.setSizes([560, 160])
        self.right = QWidget()
        right = QVBoxLayout(self.right)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.title)
        right.addLayout(self._build_actions())
        right.addWidget(self.banner)
        self.exported = ExportedNotice()
        right.addWidget(self.exported)
        right.addWidget(split, 1)
        outer = QSplitter()
        outer.addWidget(left)
        outer.addWidget(self.right)
        outer.setSizes([150, 1150])
        layout = QVBoxLayout(self)
        layout.addWidget(outer)
        self.editor.sections_changed.connect(self.save_sections)
        self.editor.text_edited.connect(self._recovery_due.start)
        self.tables.cell_edited.connect(self.set_cell)
        self.tables.sources_requested.connect(self.show_sources)
        self.findings_panel.cell_requested.connect(self.select_cell)
        self.findings_panel.section_requested.connect(self.select_section)
        self.findings_panel.table_requested.connect(self.select_table)
        self._show(None)

    def _build_actions(self) -> QHBoxLayout:
        self.status = QLabel()
        self.submit_button = QPushButton("提交审核")
        self.sign_button = QPushButton("签发…")
        self.reopen_button = QPushButton("重新打开")
        self.fill_button = QPushButton("用台账填充")
        self.fill_button.setToolTip("用依申请公开台账和公开目录重新计算统计表；人工修正的数值保留")
        # a push button with a menu: a click opens it, and it looks like its neighbours
        self.export_button = QPushButton("导出")
        menu = QMenu(self.export_button)
        for copy, label in COPY_LABELS.items():
            menu.addAction(f"{label} PDF…").triggered.connect(
                lambda _c=False, copy=copy: self.export_pdf(copy)
            )
        menu.addSeparator()
        menu.addAction("报送交换 JSON…").triggered.connect(self.export_json)
        self.export_button.setMenu(menu)
        self.history_button = QPushButton("版本记录…")
        self.history_button.setToolTip("各版本的签发信息和导出的 PDF；可重新导出已签发的旧版本")
        self.history_button.clicked.connect(self.show_history)
        self.changes_button = QPushButton("修改记录…")
        self.changes_button.setToolTip("本版本的历史记录：谁在何时修改、填充、签发、导出")
        self.changes_button.clicked.connect(self.show_changes)
        self.progress = QProgressBar(maximumWidth=160, visible=False)
        self.progress.setRange(0, 0)
        user = self.services.user
        for button in (self.submit_button, self.fill_button):
            roles.gate(button, user, CLERK)
        for button in (self.sign_button, self.reopen_button):
            roles.gate(button, user, REVIEWER)
        self.submit_button.clicked.connect(self.submit)
        self.sign_button.clicked.connect(self.sign)
        self.reopen_button.clicked.connect(self.reopen)
        self.fill_button.clicked.connect(self.fill)
        row = QHBoxLayout()
        row.addWidget(self.status)
        row.addStretch(1)
        for widget in (
            self.fill_button,
            self.submit_button,
            self.sign_button,
            self.reopen_button,
            self.export_button,
            self.history_button,
            self.changes_button,
            self.progress,
        ):
            row.addWidget(widget)
        return row

    # -- loading -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def reload(self, year: int | None = None) -> None:
        """Read the years in the background, then list them and open `year` (default: the newest)."""
        self.loaded = True
        self._run(self.reports.years, lambda years: self._list_years(years, year), self._failed)

    def _list_years(self, years: list[int], year: int | None) -> None:
        self.years.blockSignals(True)
        self.years.clear()
        for y in reversed(years):
            item = QListWidgetItem(f"{y} 年度")
            item.setData(_YEAR_ROLE, y)
            self.years.addItem(item)
        self.years.blockSignals(False)
        if year is None and years:
            year = years[-1]
        if year in years:
            self.years.setCurrentRow(list(reversed(years)).index(year))  # opens it
        else:
            self._show(None)

    def open_year(self, year: int) -> None:
        self.flush_text()
        self._run(
            lambda: self.reports.open(year),
            lambda result: self._show(*result) if self.selected_year() == year else None,
            self._failed,
        )

    def selected_year(self) -> int | None:
        item = self.years.currentItem()
        return None if item is None else item.data(_YEAR_ROLE)

    def flush_text(self) -> None:
        """Queue the text being typed before anything that reads or replaces the stored report."""
        self.editor.save_if_dirty()

    def save_before_close(self) -> bool:
        """Queue the unsaved text; True when writes are still under way (`settled` follows)."""
        self.flush_text()
        return self.busy or bool(self._queue)

    def _keep_unsaved_text(self) -> None:
        if self.report is not None and self.editor.dirty:
            self.recovery.keep(self.report.year, self.editor.sections())

    def _show(self, report: AnnualReport | None, findings: list[Finding] = ()) -> None:
        """Show a whole report (text included): after opening, signing, reopening or filling."""
        self.right.setEnabled(report is not None)
        if report is None:
            self.report = None
            self.title.setText("还没有年度报告，请点“新建…”")
            self.banner.setVisible(False)
            self.findings_panel.set_findings([])
            return
        same_year = self.report is not None and self.report.year == report.year
        # Text typed while this write ran stays in the editor, to be saved next.
        if not (same_year and self.editor.dirty and not report.read_only):
            self.editor.set_report(report)
        self._refresh(report, findings)

    def _refresh(self, report: AnnualReport, findings: list[Finding]) -> None:
        """What changes after any write: tables, findings, status and buttons (not the text)."""
        self.report, self.findings = report, list(findings)
        self.title.setText(f"{report.title}（第 {report.revision} 版）")
        self.status.setText(f"状态：{report.status}")
        has_tables = report.format == rf.FORMAT_2021
        self.tabs.setTabVisible(self.tabs.indexOf(self.tables), has_tables)
        self.tables.set_report(report)
        self.findings_panel.set_findings(self.findings)
        self.preview.set_report(report)
        if self.tabs.currentWidget() is self.preview:
            self.preview.refresh()
        if report.read_only and report.sign_off is not None:
            s = report.sign_off
            reason = f"；签发理由：{s.reason}" if s.reason else ""
            self.banner.setText(
                f"已签发：签发人 {s.signer}，签发日期 {s.signed_on}{reason}。"
                "本修订版只读；如需修改请点“重新打开”生成新修订版。"
            )
        tampered = [
            f for f in self.findings if f.rule == report_integrity.RULE and f.severity == ERROR
        ]
        if tampered:
            self.banner.setText(f"⚠ {tampered[0].message}。导出和重新打开已停止。")
        self.banner.setStyleSheet(ALARM_STYLE if tampered else BANNER_STYLE)
        self.banner.setVisible(report.read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        report, idle = self.report, not self.busy
        status = report.status if report else None
        roles.set_enabled(self.submit_button, idle and status == DRAFT)
        roles.set_enabled(self.sign_button, idle and status is not None and status != SIGNED)
        roles.set_enabled(self.reopen_button, idle and status == SIGNED)
        roles.set_enabled(
            self.fill_button,
            idle and status is not None and status != SIGNED and report.format == rf.FORMAT_2021,
        )
        self.export_button.setEnabled(idle and report is not None)

    def _tab_changed(self, _index: int) -> None:
        self.flush_text()
        if self.tabs.currentWidget() is self.preview and self.report is not None:
            self.preview.refresh(self.report)

    # -- writing -------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._running > 0

    def _run(self, fn, on_done, on_error) -> None:
        self._running += 1
        self.progress.setVisible(True)
        self._update_buttons()

        def finish(callback, value) -> None:
            self._running -= 1
            self.progress.setVisible(self.busy)
            self._update_buttons()
            callback(value)
            if not self.busy:
                self._next()  # writes queued while something else ran
            if not self.busy:
                self.settled.emit()

        tasks.run_in_background(
            self, fn, lambda r: finish(on_done, r), lambda e: finish(on_error, e)
        )

    def write(self, op: Op, whole: bool = False, then: Callable[[], None] | None = None) -> None:
        """Queue a write `op(latest report) -> saved report`; `whole` re-shows the text as well;
        `then()` runs after it succeeded."""
        if self.report is None:
            return
        reports, year = self.reports, self.report.year

        def shown(result: CheckedReport) -> None:
            if then is not None:
                then()
            if self.report is not None and self.report.year == year:  # still on screen
                (self._show if whole else self._refresh)(*result)

        self._enqueue(year, lambda base: reports.checked(op(base)), shown)

    def _enqueue(self, year: int, job: Callable[[AnnualReport], object], on_done) -> None:
        self._queue.append((year, job, on_done))
        if not self.busy:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            return
        year, job, on_done = self._queue.pop(0)
        reports, report = self.reports, self.report

        def run():
            # The report on screen is the newest of its year: every write of it passes here.
            latest = report if report and report.year == year else reports.current(year)
            return job(latest)

        self._run(run, on_done, self._write_failed)

    def _write_failed(self, exc: BaseException) -> None:
        """Nothing was saved: say why, drop queued writes and show the report as stored; when
        someone else saved first, the clerk's text stays on screen until they reload."""
        self._queue.clear()
        if isinstance(exc, ConcurrentEditError) and self.report is not None:
            self._show_conflict(exc, self.report.year)
            return
        self._failed(exc)
        if self.report is not None:
            self.open_year(self.report.year)

    def _show_conflict(self, exc: ConcurrentEditError, year: int) -> None:
        typed = [
            (item.heading, join_paragraphs(item.section.paragraphs))
            for item in numbered(self.editor.sections())
        ]
        self.conflict = ConflictDialog(lambda: self.open_year(year), self)
        self.conflict.panel.show_conflict(str(exc), typed)
        self.conflict.show()

    def _failed(self, exc: BaseException) -> None:
        show_error(self, "年度报告", str(exc))

    def set_cell(self, key, value, reason: str) -> None:
        reports = self.reports
        self.write(lambda r: reports.set_cell(r, key, value, reason))

    def save_sections(self, sections) -> None:
        reports = self.reports
        self.write(lambda r: reports.save_sections(r, sections), then=self._text_saved)

    def _text_saved(self) -> None:
        """The recovery file goes once no newer unsaved text remains."""
        if not self.editor.dirty:
            self._recovery_due.stop()
            self.recovery.clear()

    def recover(self, year: int, sections) -> None:
        """Save text recovered after a crash into the report of `year` and show that report."""
        reports = self.reports
        self._enqueue(
            year,
            lambda base: reports.save_sections(base, sections),
            lambda report: (self.recovery.clear(), self.reload(report.year)),
        )

    def fill(self) -> None:
        self.flush_text()
        reports = self.reports
        self.write(lambda r: reports.fill(r.year), whole=True)

    def submit(self) -> None:
        self.flush_text()
        reports = self.reports
        self.write(lambda r: reports.submit(r.year))

    def sign(self) -> None:
        if self.report is None:
            return
        self.flush_text()
        errors = sum(1 for f in self.findings if f.severity == ERROR)
        dialog = SignDialog(
            errors, len(self.findings) - errors, self, closing_date=self.report.closing_date
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or (on := dialog.signed_on()) is None:
            return
        reports = self.reports
        signer, reason = dialog.signer.text().strip(), dialog.reason.toPlainText().strip()
        catalog, year = dialog.catalog.isChecked(), self.report.year

        def job(_latest):
            report, entry = reports.sign(year, signer, reason, on, create_catalog_entry=catalog)
            return reports.checked(report), entry

        def done(result) -> None:
            shown, entry = result
            if self.report is not None and self.report.year == year:  # still on screen
                self._show(*shown)
            if entry is not None:
                self.catalog_entry_created.emit(entry)

        self._enqueue(year, job, done)

    def reopen(self) -> None:
        reports = self.reports
        self.write(lambda r: reports.reopen(r.year), whole=True)

    def new_report(self) -> None:
        dialog = NewReportDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reports, year, fmt = self.reports, dialog.year.value(), dialog.format.currentData()
        self._run(
            lambda: reports.create(year, fmt),
            lambda report: self.reload(report.year),
            self._failed,
        )

    def import_file(self) -> None:
        """An exchange JSON file (its year inside) or a plain-text report (the year is asked)."""
        path = choose_report_file(self)
        if not path:
            return
        if path.lower().endswith(".json"):
            self._import_json(path, replace_draft=False)
            return
        year = ask_year(self, Path(path).name)
        if year is None:
            return
        reports = self.reports
        self._run(lambda: reports.import_file(Path(path), year), self._imported, self._failed)

    def _imported(self, result) -> None:
        """A report is in: show what the user must confirm or place by hand."""
        self.reload(result.report.year)
        notes = result.notes()
        if notes:
            shown = "\n".join(notes[:30]) + (f"\n……共 {len(notes)} 条" if len(notes) > 30 else "")
            show_info(self, "导入已发布的报告：请核对", shown)

    def _import_json(self, path: str, replace_draft: bool) -> None:
        def failed(exc: BaseException) -> None:
            question = f"{exc}。是否替换？（草稿中已写的内容将被覆盖）"
            if isinstance(exc, DraftExists):
                if confirm(self, "导入报送文件", question):
                    self._import_json(path, replace_draft=True)
            else:
                self._failed(exc)

        reports = self.reports
        self._run(
            lambda: reports.import_json(Path(path), replace_draft),
            lambda report: self.reload(report.year),
            failed,
        )

    def export_json(self) -> None:
        """The exchange file the county's roll-up reads (same as `report export-json`)."""
        if self.report is None:
            return
        self.flush_text()
        reports, year = self.reports, self.report.year
        choose_path(
            self,
            self.services.paths.settings_file,
            f"{self.report.title}.json",
            lambda suggested: choose_json_path(self, suggested),
            lambda path: self._enqueue(
                year,
                lambda _latest: reports.export_json(year, Path(path)),
                lambda out: self.exported.show_path("已导出报送文件", Path(out)),
            ),
        )

    def export_pdf(self, copy: str, revision: int | None = None, history=None) -> None:
        """Ask which copy, revision, file and certificate, then export in the background;
        `history` is the report's revision history when the caller has just read it."""
        if self.report is None:
            return
        self.flush_text()
        reports, year = self.reports, self.report.year
        settings_file = self.services.paths.settings_file

        def read(_latest):  # after the text just queued is saved
            known = history if history is not None else reports.history(year)
            return known, Settings.load(settings_file), export_folder(settings_file)

        self._enqueue(year, read, lambda found: self._ask_export(copy, revision, *found))

    def _ask_export(
        self, copy: str, revision: int | None, history, settings: Settings, folder: Path
    ) -> None:
        if self.report is None:
            return
        dialog = ExportDialog(
            self.report.title,
            history,
            copy,
            revision or self.report.revision,
            str(folder),
            settings.certificate_file,
            self,
            font_notes=lambda: fonts.plain_font_notes(fonts.resolved_roles(settings.fonts)),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice
        settings.last_folder = str(choice.path.parent)
        if choice.certificate:
            settings.certificate_file = str(choice.certificate.path)
        settings_file = self.services.paths.settings_file
        remember_in_background(self, lambda: settings.save(settings_file))
        self.progress.setToolTip(f"正在导出 {choice.path.name}")
        reports, year = self.reports, self.report.year
        # queued: the PDF is made from the report with every edit before it saved
        self._enqueue(
            year,
            lambda _latest: reports.export_pdf(
                year, choice.copy, choice.path, choice.certificate, choice.revision
            ),
            self._exported,
        )

    def _exported(self, result) -> None:
        missing = f"，缺字：{''.join(result.missing_chars)}" if result.missing_chars else ""
        signed = "（已数字签名）" if result.signed else ""
        substituted = (
            f"，{len(result.fallbacks)} 种字体已替代（见提示）" if result.fallbacks else ""
        )
        self.status.setText(f"已导出 {result.pages} 页{signed}{missing}{substituted}")
        self.exported.show_path("已导出 PDF", result.path)
        # Every substituted font and missing character is named, so nothing is lost silently.
        self.status.setToolTip("\n".join(result.fallbacks))

    def show_history(self) -> None:
        if self.report is None:
            return
        reports, year = self.reports, self.report.year
        self._enqueue(year, lambda _latest: reports.history(year), self._show_history)

    def _show_history(self, history: list[RevisionRecord]) -> None:
        dialog = HistoryDialog(history, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.export_revision:
            self.export_pdf(COPY_FILING, dialog.export_revision, history)

    def show_changes(self) -> None:
        if self.report is not None:
            title = f"修改记录 — {self.report.year} 年度报告第 {self.report.revision} 版"
            AuditDialog(self.services, "report", self.report.id, title, self).exec()

    # -- navigation ----------------------------------------------------------------------------
    def select_cell(self, key) -> None:
        if self.tables.select_key(key):
            self.tabs.setCurrentWidget(self.tables)

    def select_table(self, table: str) -> None:
        """A table's first cell ("" = the first table): where filling in starts."""
        grid = self.tables.grids.get(table) or next(iter(self.tables.grids.values()))
        self.select_cell(next(iter(grid.positions)))

    def select_section(self, path: tuple[int, ...]) -> None:
        """The section in the outline with its text ready to edit (() = the first section)."""
        self.tabs.setCurrentWidget(self.editor)
        self.editor.select_path(path or (0,))
        self.editor.paragraphs.setFocus()

    def show_sources(self, row: str, column: str) -> None:
        if self.report is not None:
            RequestsSourcesDialog(self.services, row, column, self.report.year, self).exec()
