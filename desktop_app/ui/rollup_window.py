"""The county roll-up window (县级汇总): departments' reports in (exchange JSON, or the reports they
published as PDF, DOCX, HTML or text), county-wide tables out.

Files are read on the thread pool. A file that cannot be read, or whose year or format differs from
the first accepted one, is listed with the reason instead of being summed; removing a file sorts the
rest again. A sum that some department did not give a number for reads `≥N` (shaded, who is missing
in its tooltip and the breakdown) and the summary counts them. Saving writes the same JSON as
`report rollup … --out` (services.rollup.rollup_files).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QFont, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import (
    NOT_GIVEN,
    SIGNED,
    AnnualReport,
    Cell,
    CellKey,
    new_report,
)
from desktop_app.domain.rollup import Department, rollup_problems, rollup_tables
from desktop_app.errors import UserError
from desktop_app.services.report_layout import number
from desktop_app.services.rollup import (
    Rollup,
    county_cell,
    county_report,
    new_requests_text,
    read_department,
    rollup_files,
)
from desktop_app.services.rollup_export import export_rollup_pdf, export_rollup_xlsx
from desktop_app.ui import file_dialogs
from desktop_app.ui.export_place import ExportedNotice, documents_folder
from desktop_app.ui.messages import show_error
from desktop_app.ui.report_tables import ReportTables
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.task_progress import TaskProgress
from desktop_app.ui.text_table import fill_rows, text_table

DEFAULT_COUNTY = "全县"
REPORT_FILTER = (
    "各部门年度报告 (*.json *.pdf *.docx *.html *.htm *.txt);;"
    "报送交换文件 (*.json);;公开的报告 (*.pdf *.docx *.html *.htm *.txt)"
)
JSON_FILTER = "年度报告交换文件 (*.json)"
PDF_FILTER = "PDF 文件 (*.pdf)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
# Only 2021-format reports are summed: instead of the format, what a published report's import
# asks to confirm (the notes in the tooltip). The file: tooltip of the row.
DEPARTMENT_COLUMNS = ("部门", "机构代码", "年度", "需核对")
REFUSED_COLUMNS = ("文件", "未纳入汇总的原因")
TOTAL_ROW = "合计"
HINT = (
    "添加各部门从“年度报告 → 导出 → 报送交换 JSON”导出的文件，或其在网站公开的报告"
    "（PDF、Word、网页、文本，机关名称和年度取自标题），可一次选择多个。"
    "同一年度、2021 统一格式的报告才能汇总；其他文件会列在下方并说明原因。"
)
REFUSED_COLOUR = QColor("#c62828")
INCOMPLETE_COLOUR = "#b45309"


@dataclass(frozen=True)
class Loaded:
    """One added file: the department it holds, or why it could not be read."""

    path: Path
    department: Department | None = None
    error: str = ""


def read_files(paths: list[Path], progress) -> list[Loaded] | None:
    """Read each file (runs on the thread pool); None once the user has cancelled."""
    loaded = []
    for done, path in enumerate(paths):
        if not progress(done, len(paths)):
            return None
        try:
            loaded.append(Loaded(path, read_department(path)))
        except UserError as exc:
            loaded.append(Loaded(path, error=str(exc)))
    progress(len(paths), len(paths))
    return loaded


def sort_out(files: list[Loaded]) -> tuple[list[Loaded], list[tuple[Loaded, str]]]:
    """Files that can be summed and the rest with the reason, each in the order they were added.

    The year most 2021-format files share is the roll-up's year (on a tie, the one added first), so
    one stray file of another year never pushes out all the others.
    """
    years = Counter(
        item.department.report.year
        for item in files
        if item.department is not None and item.department.report.format == rf.FORMAT_2021
    )
    year = years.most_common(1)[0][0] if years else None
    accepted: list[Loaded] = []
    refused: list[tuple[Loaded, str]] = []
    for item in sorted(
        files, key=lambda i: i.department is None or i.department.report.year != year
    ):
        if item.department is None:
            refused.append((item, item.error))
            continue
        problems = rollup_problems([*(a.department for a in accepted), item.department])
        if problems:
            refused.append((item, "；".join(problems)))
        else:
            accepted.append(item)
    position = {id(item): n for n, item in enumerate(files)}
    accepted.sort(key=lambda item: position[id(item)])
    refused.sort(key=lambda pair: position[id(pair[0])])
    return accepted, refused


def _share(value: Decimal | None, total: Decimal) -> str:
    if not value or not total:
        return ""
    return f"{value / total:.0%}" if value / total >= Decimal("0.005") else "<1%"


def choose_files(parent: QWidget) -> list[str]:
    return file_dialogs.open_files(parent, "添加部门年度报告", "", REPORT_FILTER)


def choose_output(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(parent, "保存县级汇总", suggested, JSON_FILTER)


def choose_export_path(parent: QWidget, suggested: str, file_filter: str) -> str:
    return file_dialogs.save_file(parent, "导出县级汇总", suggested, file_filter)


class RollupWindow(QMainWindow):
    """Add files, see the departments and refused files, the summed tables and a breakdown; save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("县级汇总 — 各部门政府信息公开工作年度报告统计表")
        self.files: list[Loaded] = []
        self.accepted: list[Loaded] = []
        self.refused_files: list[tuple[Loaded, str]] = []  # with the reason each was refused
        self.sum = rollup_tables([])  # of the accepted departments, made again as they change
        self.key: CellKey | None = None  # the cell whose per-department numbers are shown
        self._print_folder: tempfile.TemporaryDirectory | None = None
        self._build_actions()
        self._build_status()
        splitter = QSplitter()
        splitter.addWidget(self._build_files())
        splitter.addWidget(self._build_tables())
        splitter.setSizes([450, 990])
        self.setCentralWidget(splitter)
        fit_to_screen(self, 1440, 860)
        self._refresh()

    # -- building ------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        toolbar = self.addToolBar("汇总")
        toolbar.setMovable(False)
        self.add_action = QAction("添加部门报告…", self)
        self.remove_action = QAction("移除所选文件", self)
        self.save_action = QAction("保存汇总…", self)
        self.pdf_action = QAction("导出 PDF…", self)
        self.xlsx_action = QAction("导出 Excel…", self)
        self.print_action = QAction("打印…", self, shortcut=QKeySequence.StandardKey.Print)
        for action, slot in (
            (self.add_action, self.add_files),
            (self.remove_action, self.remove_selected),
            (self.save_action, self.save),
            (self.pdf_action, self.export_pdf),
            (self.xlsx_action, self.export_xlsx),
            (self.print_action, self.print_),
        ):
            action.triggered.connect(slot)
            toolbar.addAction(action)

    def _build_status(self) -> None:
        self.exported = ExportedNotice()
        self.statusBar().addPermanentWidget(self.exported)
        self.task_progress = TaskProgress()
        self.task_progress.running.connect(self._running)
        self.statusBar().addPermanentWidget(self.task_progress)

    def _build_files(self) -> QWidget:
        self.county = QLineEdit(DEFAULT_COUNTY, placeholderText=DEFAULT_COUNTY)
        self.county.textChanged.connect(lambda _text: self._county_changed())
        self.summary = QLabel(wordWrap=True)
        self.departments = text_table(DEPARTMENT_COLUMNS, several=True)
        header = self.departments.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(DEPARTMENT_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.refused = text_table(REFUSED_COLUMNS, several=True)
        self.refused.setWordWrap(True)
        self.refused.setColumnWidth(0, 140)
        # Reasons wrap: their rows grow whenever the reason column changes width.
        self.refused.horizontalHeader().sectionResized.connect(
            lambda *_: self.refused.resizeRowsToContents()
        )
        self.accepted_box = QGroupBox()
        QVBoxLayout(self.accepted_box).addWidget(self.departments)
        self.refused_box = QGroupBox()
        QVBoxLayout(self.refused_box).addWidget(self.refused)
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.addLayout(_labelled("汇总单位名称：", self.county))
        column.addWidget(self.summary)
        column.addWidget(self.accepted_box, 3)
        column.addWidget(self.refused_box, 2)
        return panel

    def _build_tables(self) -> QWidget:
        self.shown = QComboBox()
        self.shown.currentIndexChanged.connect(lambda _i: self._show_report())
        self.tables = ReportTables()
        for grid in self.tables.grids.values():
            grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            grid.currentCellChanged.connect(
                lambda r, c, _r, _c, g=grid: self._select_cell(g.key_at(r, c))
            )
        self.cell_label = QLabel(wordWrap=True)
        self.breakdown = text_table(("部门", "数值", "占合计"))
        self.breakdown.horizontalHeader().setStretchLastSection(False)
        for c, width in enumerate((260, 110, 90)):
            self.breakdown.setColumnWidth(c, width)
        self.breakdown.setMaximumHeight(220)
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.addLayout(_labelled("显示：", self.shown))
        column.addWidget(self.tables, 1)
        column.addWidget(self.cell_label)
        column.addWidget(self.breakdown)
        return panel

    # -- showing -------------------------------------------------------------------------------
    def county_name(self) -> str:
        return self.county.text().strip() or DEFAULT_COUNTY

    def _refresh(self) -> None:
        """Sort the files out again and repaint everything that depends on them."""
        self.accepted, self.refused_files = sort_out(self.files)
        self.sum = rollup_tables(self._departments())
        refused = self.refused_files
        fill_rows(
            self.departments,
            [self._department_row(item) for item in self.accepted],
            [str(item.path) for item in self.accepted],
        )
        for r, item in enumerate(self.accepted):  # what reading a published report asks to check
            if item.department.notes:
                self.departments.item(r, 3).setToolTip("\n".join(item.department.notes))
        fill_rows(self.refused, [(item.path.name, reason) for item, reason in refused])
        for r in range(len(refused)):  # item colours: a style sheet would upset the row heights
            self.refused.item(r, 1).setForeground(REFUSED_COLOUR)
        # Again once the layout has settled: the reason column's final width decides the wrapping.
        QTimer.singleShot(0, self.refused.resizeRowsToContents)
        self.accepted_box.setTitle(f"已纳入汇总的部门（{len(self.accepted)} 个）")
        self.refused_box.setTitle(f"未纳入汇总的文件（{len(refused)} 个）")
        self.refused_box.setVisible(bool(refused))
        self.summary.setText(self._summary_text(len(refused)))
        self._running(self.task_progress.task is not None)
        chosen = self.shown.currentIndex()
        self.shown.blockSignals(True)
        self.shown.clear()
        self.shown.addItem(self._sum_label())
        for item in self.accepted:
            self.shown.addItem(item.department.name)
        self.shown.setCurrentIndex(chosen if 0 <= chosen < self.shown.count() else 0)
        self.shown.blockSignals(False)
        self._show_report()

    def _sum_label(self) -> str:
        return f"{self.county_name()}合计（{len(self.accepted)} 个部门）"

    def _county_changed(self) -> None:
        """The name only titles the sum: relabel it and repaint it if it is the one shown."""
        self.shown.setItemText(0, self._sum_label())
        if self.shown.currentIndex() <= 0:
            self._show_report()

    @staticmethod
    def _department_row(item: Loaded) -> tuple[str, ...]:
        d = item.department
        return (d.name, d.code, str(d.report.year), f"{len(d.notes)} 处" if d.notes else "")

    def _summary_text(self, refused: int) -> str:
        if not self.files:
            return HINT
        if not self.accepted:
            return f"没有可汇总的报告：{refused} 个文件未纳入，原因见下方。"
        year = self.accepted[0].department.report.year
        text = f"{year} 年度 · 已纳入 {len(self.accepted)} 个部门"
        text += f" · {refused} 个文件未纳入（原因见下方）" if refused else ""
        if gaps := self.sum.gaps():
            cells = len(self.sum.incomplete())
            text += (
                f"<br><span style='color:{INCOMPLETE_COLOUR}'>{cells} 项合计不完整：{len(gaps)} 个部门"
                "未给出数字，不按 0 计，显示为“≥已给出之和”</span>"
            )
        return text

    def _departments(self) -> list[Department]:
        return [item.department for item in self.accepted]

    def shown_report(self) -> AnnualReport:
        """The county sum, or the department chosen in 显示 (values only: nothing here is editable)."""
        departments = self._departments()
        index = self.shown.currentIndex()
        if not departments:
            return new_report(self.county_name(), 0, rf.FORMAT_2021)
        if index <= 0:
            return county_report(self.sum, departments[0].report.year, self.county_name())
        report = departments[index - 1].report
        return replace(report, cells={k: Cell(c.value) for k, c in report.cells.items()})

    def _show_report(self) -> None:
        # Shown as signed: that is the grids' read-only mode (no cell can be edited here).
        self.tables.set_report(replace(self.shown_report(), status=SIGNED))
        if self.accepted and self.shown.currentIndex() <= 0:
            county_sum = self.sum
            for key in county_sum.incomplete():
                names = "、".join(county_sum.missing[key])
                tip = f"合计不完整：{names} 未给出此项；已给出的部门合计 {number(county_sum.given[key])}"
                self.tables.mark(key, str(county_cell(county_sum, key)), tip)
        self._select_cell(self.key)

    def _select_cell(self, key: CellKey | None) -> None:
        """Each department's number in `key`, and their sum."""
        self.key = key
        departments = self._departments()
        if key is None or not departments:
            self.cell_label.setText("在表中选中一个数字单元格，可查看各部门的数字。")
            self.breakdown.setRowCount(0)
            return
        self.cell_label.setText(f"表{key[0]}　{key[1]}　{key[2]}　— 各部门的数字：")
        county_sum = self.sum
        missing = county_sum.missing.get(key, ())
        values = [None if d.name in missing else d.report.value(*key) for d in departments]
        total = county_sum.given[key]
        rows = [  # no share of a sum that is not complete
            (
                d.name,
                NOT_GIVEN if d.name in missing else number(v),
                "" if missing else _share(v, total),
            )
            for d, v in zip(departments, values, strict=True)
        ]
        shown_total = county_cell(county_sum, key)
        total_text = shown_total if isinstance(shown_total, str) else number(shown_total)
        fill_rows(self.breakdown, [*rows, (TOTAL_ROW, total_text, "不完整" if missing else "")])
        bold = QFont(self.breakdown.font())
        bold.setBold(True)
        for column in range(3):
            self.breakdown.item(len(rows), column).setFont(bold)
        for r in range(len(rows) + 1):
            for column in (1, 2):
                self.breakdown.item(r, column).setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )

    # -- files ---------------------------------------------------------------------------------
    def add_files(self, _checked: bool = False, paths: list[str] | None = None) -> None:
        chosen = paths if paths is not None else choose_files(self)
        known = {item.path.absolute() for item in self.files}
        new = [Path(p) for p in dict.fromkeys(chosen) if Path(p).absolute() not in known]
        if not new:
            return
        self.statusBar().showMessage(f"正在读取 {len(new)} 个文件…")
        self._start(lambda progress: read_files(new, progress), self._files_read, cancellable=True)

    def _files_read(self, loaded: list[Loaded] | None) -> None:
        if loaded is None:
            self.statusBar().showMessage("已取消添加，没有加入任何文件", 10000)
            return
        self.files += loaded
        self._refresh()
        accepted = {id(item) for item in self.accepted}
        added = sum(1 for item in loaded if id(item) in accepted)
        refused = len(loaded) - added
        self.statusBar().showMessage(
            f"已读取 {len(loaded)} 个文件：纳入汇总 {added} 个"
            + (f"，未纳入 {refused} 个（原因见左侧列表）" if refused else ""),
            10000,
        )

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.departments.selectionModel().selectedRows()}
        gone = {self.accepted[r].path for r in rows}
        refused = self.refused_files
        gone |= {refused[i.row()][0].path for i in self.refused.selectionModel().selectedRows()}
        if gone:
            self.files = [item for item in self.files if item.path not in gone]
            self._refresh()
            self.statusBar().showMessage(f"已移除 {len(gone)} 个文件", 5000)

    # -- saving --------------------------------------------------------------------------------
    def save(self, _checked: bool = False, path: str = "") -> None:
        if not self.accepted:
            show_error(self, "无法保存汇总", "还没有可汇总的部门报告：请先添加各部门的交换文件。")
            return
        county, year = self.county_name(), self.accepted[0].department.report.year
        path = path or choose_output(
            self, str(documents_folder() / f"{county}{year}年度报告统计汇总.json")
        )
        if not path:
            return
        out = Path(path) if Path(path).suffix else Path(f"{path}.json")
        paths = [item.path for item in self.accepted]
        self.statusBar().showMessage(f"正在汇总 {len(paths)} 个部门的报告…")
        self._start(
            lambda: rollup_files(paths, out, county), lambda done: self._saved(done, out), False
        )

    def _saved(self, rolled: Rollup, out: Path) -> None:
        incomplete = len(rolled.county_sum.incomplete())
        self.statusBar().showMessage(
            f"已汇总 {len(rolled.departments)} 个部门的 {rolled.year} 年度报告"
            f"（本年新收申请共 {new_requests_text(rolled.county_sum)} 件）"
            + (f"，{incomplete} 项合计不完整" if incomplete else "")
            + f"，保存到 {out}",
            15000,
        )

    # -- printing and exporting the official tables ---------------------------------------------
    def _can_export(self) -> bool:
        if not self.accepted:
            show_error(self, "无法导出汇总", "还没有可汇总的部门报告：请先添加各部门的交换文件。")
        return bool(self.accepted)

    def _file_name(self, suffix: str) -> str:
        year = self.accepted[0].department.report.year
        return str(documents_folder() / f"{self.county_name()}{year}年度报告统计汇总{suffix}")

    def export_pdf(self, _checked: bool = False, path: str = "") -> None:
        if not self._can_export():
            return
        path = path or choose_export_path(self, self._file_name(".pdf"), PDF_FILTER)
        if path:
            out = Path(path) if Path(path).suffix else Path(f"{path}.pdf")
            departments, county = self._departments(), self.county_name()
            self._start(
                lambda: export_rollup_pdf(departments, county, out),
                lambda result: self.exported.show_path(f"已导出 PDF（{result.pages} 页）", out),
                False,
            )

    def export_xlsx(self, _checked: bool = False, path: str = "") -> None:
        if not self._can_export():
            return
        path = path or choose_export_path(self, self._file_name(".xlsx"), XLSX_FILTER)
        if path:
            out = Path(path) if Path(path).suffix else Path(f"{path}.xlsx")
            departments, county = self._departments(), self.county_name()
            self._start(
                lambda: _user_error(export_rollup_xlsx, departments, county, out),
                lambda _done: self.exported.show_path("已导出 Excel", out),
                False,
            )

    def print_(self) -> None:
        """The same PDF, made in a temporary folder, printed at its true size."""
        if not self._can_export():
            return
        if self._print_folder is None:  # removed with the window
            self._print_folder = tempfile.TemporaryDirectory(prefix="rollup-print-")
        out = Path(self._print_folder.name) / "汇总.pdf"
        departments, county = self._departments(), self.county_name()
        self._start(
            lambda: export_rollup_pdf(departments, county, out), lambda _r: self._print(out), False
        )

    def _print(self, pdf: Path) -> None:
        from desktop_app.ui.pdf_preview import make_print_dialog, print_pdf  # noqa: PLC0415

        document = QPdfDocument(self)
        document.load(str(pdf))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if make_print_dialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pages = print_pdf(document, printer)
        except UserError as exc:
            show_error(self, "打印失败", str(exc))
            return
        self.statusBar().showMessage(f"已发送 {pages} 页到打印机（原大，不缩放）", 10000)

    # -- background work -----------------------------------------------------------------------
    def _start(self, fn, on_done, cancellable: bool) -> None:
        """Run `fn` on the pool; a cancellable `fn` takes `progress` (reading files does, saving
        is one quick write and does not)."""
        self.task_progress.run(fn, on_done, self._failed, cancellable)

    def _running(self, busy: bool) -> None:
        self.add_action.setEnabled(not busy)
        self.remove_action.setEnabled(not busy)
        for action in (self.save_action, self.pdf_action, self.xlsx_action, self.print_action):
            action.setEnabled(not busy and bool(self.accepted))

    def _failed(self, exc: BaseException) -> None:
        self.statusBar().showMessage("操作没有完成", 10000)
        show_error(self, "县级汇总", str(exc) if isinstance(exc, UserError) else f"出错：{exc}")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.task_progress.cancel()
        super().closeEvent(event)


def _user_error(write, *args):
    """The spreadsheet writer says what went wrong in a ValueError; the window shows UserErrors."""
    try:
        return write(*args)
    except ValueError as exc:
        raise UserError(str(exc)) from exc


def _labelled(text: str, widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(QLabel(text))
    row.addWidget(widget, 1)
    return row
