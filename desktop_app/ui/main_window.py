"""The catalog window: classification tree, filters and search, the entry table, import/export."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.agency import Agency
from desktop_app.domain.catalog import DISCLOSURE_FORMS, VALIDITIES
from desktop_app.domain.catalog_listing import CatalogListing, CatalogQuery
from desktop_app.domain.users import ADMIN, CLERK
from desktop_app.errors import UserError, ValidationError
from desktop_app.ui import file_dialogs, roles, tasks
from desktop_app.ui.audit_window import AuditDialog
from desktop_app.ui.backup_action import BackupAction
from desktop_app.ui.classification_tree import ClassificationTree
from desktop_app.ui.dialogs import WithdrawDialog, catalog_import_retry
from desktop_app.ui.entry_form import EntryDialog
from desktop_app.ui.export_place import ExportedNotice, choose_path
from desktop_app.ui.form_recovery import offer_form_drafts
from desktop_app.ui.messages import ask_to_recover, show_error
from desktop_app.ui.models.catalog_model import (
    COL_DOC_NUMBER,
    COL_GENERATED,
    COL_INDEX_NO,
    COL_NODE,
    COL_TITLE,
    CatalogModel,
)
from desktop_app.ui.register_view import RegisterView
from desktop_app.ui.reminders import FeeReminderBanner, ReminderBanner
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.task_progress import TaskProgress

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from desktop_app.domain.catalog import CatalogEntry
    from desktop_app.ui.appeals_view import AppealsView
    from desktop_app.ui.report_view import ReportView

ALL = "全部"
FILE_FILTER = "目录表格 (*.xlsx *.csv)"
EMPTY_HINT = (
    "目录里还没有条目。第一步：点“新增条目”（Ctrl+N）登记一条政府信息；"
    "已有 Excel 或 CSV 目录表的，用“文件 → 导入目录”（Ctrl+I）一次导入。"
    "左侧的主题分类可以先按本机关的实际情况增删。"
)
_WIDTHS = {COL_INDEX_NO: 240, COL_TITLE: 420, COL_DOC_NUMBER: 170, COL_NODE: 200}


def choose_import_file(parent: QWidget) -> str:
    return file_dialogs.open_file(parent, "导入目录", "", FILE_FILTER)


def choose_export_file(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(parent, "导出目录", suggested, FILE_FILTER)


class MainWindow(QMainWindow):
    def __init__(self, services, agency: Agency | None = None) -> None:
        """`agency`: as read at start; without it the window reads it in the background."""
        super().__init__()
        self.services = services
        self.rollup_window = None  # opened from 文件 → 县级汇总
        self.manual = None  # 帮助 → 用户手册, kept while hidden
        self._transferring = False  # a catalog import or export is running
        self.loaded = False  # True once the catalog's first rows and counts are in the model
        self._years_due = False  # the next rows to arrive come with the catalog's years
        self._select_after: int | None = None  # the entry to select once its row is known
        # [*]: Qt shows the mark while the report text is unsaved (windowModified)
        self.agency = agency  # read once, as the program starts
        self.title_note = ""  # after the agency's name: which database this is, if not the office's
        self._show_agency()
        if agency is None:
            tasks.run_in_background(
                self,
                services.settings.agency,
                self._agency_read,
                lambda exc: log.warning("agency not read: %s", exc),
            )
        self.model = CatalogModel(services.catalog_listing, self)
        self.model.settled.connect(self._rows_arrived)
        self.model.failed.connect(self._load_failed)
        self.tree = ClassificationTree(services.categories)
        self._build_filters()
        self._build_table()
        self._build_status()
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.filters)
        self.empty_hint = QLabel(EMPTY_HINT, wordWrap=True, visible=False)
        self.empty_hint.setStyleSheet("background: #e3f2fd; padding: 10px;")
        column.addWidget(self.empty_hint)
        column.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([260, 1060])
        # Tabs: the catalog, then the register (its 台账 menu is there from the start; it reads its
        # data when first shown). Appeals and 年度报告 are built when first shown: the report tab
        # imports ReportLab and the PDF stack, half a second the catalog should not wait for.
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "公开目录")
        self.register_view = RegisterView(services, self)
        self.tabs.addTab(self.register_view, "依申请公开台账")
        self._builders: dict[int, Callable[[], QWidget]] = {}
        self._appeals_tab = self._lazy_tab("行政复议和诉讼", self._new_appeals_view)
        self._report_tab = self._lazy_tab("年度报告", self._new_report_view)
        self.tabs.currentChanged.connect(self._built)
        self.tabs.currentChanged.connect(self._show_catalog_tools)
        self.tabs.currentChanged.connect(lambda _index: self.save_report_text())
        self._build_menus()
        self._show_catalog_tools(0)
        self.reminder = ReminderBanner()
        self.reminder.view_requested.connect(self.show_pressing_requests)
        self.register_view.changed.connect(self.reminder.refresh)
        self.reminder.reminded.connect(self.statusBar().showMessage)
        self.fee_reminder = FeeReminderBanner()
        self.fee_reminder.view_requested.connect(self.show_unpaid_fees)
        self.register_view.changed.connect(self.fee_reminder.refresh)
        central = QWidget()
        page = QVBoxLayout(central)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.reminder)
        page.addWidget(self.fee_reminder)
        page.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.tree.selected.connect(lambda _ids: self.apply_filter())
        # The tree has just re-read itself; the entries show the renamed or moved paths.
        self.tree.changed.connect(self.model.refresh)
        fit_to_screen(self, 1320, 780)

    # -- building ------------------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit(
            placeholderText="搜索信息名称、文号、关键词、索引号", clearButtonEnabled=True
        )
        self.search.textChanged.connect(lambda _text: self.apply_filter())
        self.year = self._combo([ALL])
        self.form = self._combo([ALL, *DISCLOSURE_FORMS])
        self.validity = self._combo([ALL, *VALIDITIES])
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.search, 1)
        for label, combo in (
            ("年度", self.year),
            ("公开形式", self.form),
            ("有效性", self.validity),
        ):
            self.filters.addWidget(QLabel(f"{label}："))
            self.filters.addWidget(combo)

    def _combo(self, items: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.addItems(items)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return combo

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_GENERATED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line per entry; the full text is in the tooltip
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        # Fixed widths: ResizeToContents would measure all 100,000 rows.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_entry())

    def _build_status(self) -> None:
        self.counts = QLabel()
        self.task_progress = TaskProgress()
        self.exported = ExportedNotice()
        self.statusBar().addPermanentWidget(self.exported)
        self.statusBar().addPermanentWidget(self.task_progress)
        self.statusBar().addPermanentWidget(self.counts)

    def _build_menus(self) -> None:
        """Menus in the order Windows programs use; they stay on every tab, and what does not
        apply to the tab shown is disabled (a disabled action's shortcut cannot fire either)."""
        bar = self.menuBar()
        file_menu, edit_menu, view_menu = (
            bar.addMenu(t) for t in ("文件(&F)", "编辑(&E)", "视图(&V)")
        )
        entry_menu, register_menu = bar.addMenu("目录(&C)"), bar.addMenu("台账(&R)")
        report_menu, tools_menu = bar.addMenu("报告(&B)"), bar.addMenu("工具(&T)")
        help_menu = bar.addMenu("帮助(&H)")
        self.save_action = self._action(
            file_menu, "保存", self.save_report_text, QKeySequence.StandardKey.Save
        )
        self.save_action.setToolTip("保存年度报告正文（正文也会在停止输入片刻后自动保存）")
        self.print_action = self._action(
            file_menu, "打印…", self.print_current, QKeySequence.StandardKey.Print
        )
        file_menu.addSeparator()
        self.import_action = self._action(file_menu, "导入目录…", self.import_file, "Ctrl+I")
        self.export_action = self._action(file_menu, "导出当前列表…", self.export_file, "Ctrl+E")
        self.task_progress.running.connect(self._transfer_changed)
        file_menu.addSeparator()
        self._action(file_menu, "县级汇总（各部门年度报告）…", self.open_rollup)
        file_menu.addSeparator()
        file_menu.addAction(BackupAction(self))
        self._action(file_menu, "操作日志…", self.open_audit_log)
        self.restore_action = self._action(file_menu, "恢复备份…", self.open_restore)
        file_menu.addSeparator()
        self._action(file_menu, "退出", self.close, QKeySequence.StandardKey.Quit)
        self.find_action = self._action(
            edit_menu, "查找", self.focus_search, QKeySequence.StandardKey.Find
        )
        self._action(view_menu, "刷新", self.refresh_current, QKeySequence.StandardKey.Refresh)
        self.add_action = self._action(
            entry_menu, "新增条目…", self.add_entry, QKeySequence.StandardKey.New
        )
        self._action(entry_menu, "编辑条目…", self.edit_entry, "Return")
        self.withdraw_action = self._action(
            entry_menu, "废止/失效…", self.withdraw_entry, QKeySequence.StandardKey.Delete
        )
        self._action(entry_menu, "历史记录…", self.show_entry_history)
        self.register_view.register_actions(register_menu)
        self._action(report_menu, "年度报告", lambda: self.tabs.setCurrentIndex(self._report_tab))
        self.holidays_action = self._action(
            tools_menu, "节假日设置…", self.register_view.open_holidays
        )
        self._action(tools_menu, "字体设置…", self.open_font_settings)
        self._action(tools_menu, "自动备份…", self.open_backup_settings)
        self.access_action = self._action(tools_menu, "登录设置…", self.open_access_settings)
        self._action(help_menu, "用户手册", self.open_manual, QKeySequence.StandardKey.HelpContents)
        help_menu.addSeparator()
        self._action(help_menu, "关于政府信息公开工作台…", self.open_about)
        self.toolbar = self.addToolBar("常用")
        self.toolbar.setMovable(False)
        for action in (*entry_menu.actions(), self.import_action, self.export_action):
            self.toolbar.addAction(action)
        self.catalog_actions = (*entry_menu.actions(), self.import_action, self.export_action)
        self._gate_by_role(file_menu, entry_menu, tools_menu)

    def _gate_by_role(self, *menus: QMenu) -> None:
        """Grey out what the signed-in user's roles do not allow (the repositories refuse it too)."""
        user = self.services.user
        for action in (self.add_action, self.withdraw_action, self.import_action):
            roles.gate(action, user, CLERK)
        for action in (self.restore_action, self.holidays_action, self.access_action):
            roles.gate(action, user, ADMIN)
        for menu in menus:
            menu.setToolTipsVisible(True)  # a greyed action says which role it needs

    def _show_catalog_tools(self, index: int) -> None:
        on_catalog = index == 0
        # Disabled, not hidden: the menus stay put, and a disabled action's shortcut (Enter =
        # 编辑条目, Delete = 废止) cannot fire while the user works in another tab.
        for action in self.catalog_actions:
            roles.set_enabled(action, on_catalog and not self._transfer_running(action))
        self.toolbar.setVisible(on_catalog)
        self.counts.setVisible(on_catalog)
        self.save_action.setEnabled(index == self._report_tab)
        self.print_action.setEnabled(index == self._report_tab)
        self.find_action.setEnabled(index in (0, self.tabs.indexOf(self.register_view)))

    def _transfer_changed(self, busy: bool) -> None:
        """One import or export at a time: both wait while one runs."""
        self._transferring = busy
        self._show_catalog_tools(self.tabs.currentIndex())

    def _transfer_running(self, action: QAction) -> bool:
        return action in (self.import_action, self.export_action) and self._transferring

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the tab shown."""
        page = self.tabs.currentWidget()
        search = self.register_view.search if page is self.register_view else self.search
        search.setFocus()
        search.selectAll()

    def refresh_current(self) -> None:
        """F5: read the tab shown again from the database."""
        index = self.tabs.currentIndex()
        if index == 0:
            self.reload_entries()
        elif index in self._builders:
            return
        elif index == self._report_tab:
            self.report_view.reload(self.report_view.selected_year())
        else:
            self.tabs.widget(index).reload()

    def print_current(self) -> None:
        """Ctrl+P on the report tab: the PDF preview, printed at its true size."""
        if (view := self._report_view_if_built()) is not None:
            view.tabs.setCurrentWidget(view.preview)
            view.preview.print_()

    def _lazy_tab(self, title: str, build: Callable[[], QWidget]) -> int:
        """A tab holding a placeholder until `_built` puts the real page in; returns its index."""
        index = self.tabs.addTab(QWidget(), title)
        self._builders[index] = build
        return index

    def _built(self, index: int) -> QWidget:
        """The page of tab `index`, built now if it still is a placeholder."""
        build = self._builders.pop(index, None)
        if build is not None:
            current, placeholder = self.tabs.currentIndex(), self.tabs.widget(index)
            title = self.tabs.tabText(index)
            self.tabs.blockSignals(True)  # swapping the page is not the user changing tabs
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, build(), title)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
            placeholder.deleteLater()
        return self.tabs.widget(index)

    def _new_appeals_view(self) -> QWidget:
        from desktop_app.ui.appeals_view import AppealsView  # noqa: PLC0415 - built when first shown

        return AppealsView(self.services, self)

    def _new_report_view(self) -> QWidget:
        from desktop_app.ui.report_view import ReportView  # noqa: PLC0415 - ReportLab when shown

        view = ReportView(self.services, self)
        view.editor.dirty_changed.connect(self.setWindowModified)
        view.catalog_entry_created.connect(
            lambda entry: self.show_saved_entry(
                entry, f"年度报告已列入公开目录，索引号：{entry.index_no}"
            )
        )
        return view

    @property
    def appeals(self) -> AppealsView:
        return self._built(self._appeals_tab)

    @property
    def report_view(self) -> ReportView:
        return self._built(self._report_tab)

    def _report_view_if_built(self) -> ReportView | None:
        return None if self._report_tab in self._builders else self.tabs.widget(self._report_tab)

    def save_report_text(self) -> None:
        """Ctrl+S, and leaving the report tab: the report text typed so far is saved."""
        if (view := self._report_view_if_built()) is not None:
            view.flush_text()

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- loading -------------------------------------------------------------------------------
    def _agency_read(self, agency: Agency) -> None:
        self.agency = agency
        self._show_agency()

    def _agency_name(self) -> str | None:
        return self.agency.name if self.agency else None

    def note_in_title(self, note: str) -> None:
        self.title_note = note
        self._show_agency()

    def _show_agency(self) -> None:
        name = f" — {self.agency.name}" if self.agency else ""
        self.setWindowTitle(f"政府信息公开工作台{name}{self.title_note}[*]")

    def start_loading(self) -> None:
        """The first window of rows and the catalog's counts, read in the background."""
        self.counts.setText("正在载入目录…")
        self.loaded = False
        self.reload_entries()
        self.reminder.check(self.services)  # in the background: start-up never waits for it
        self.fee_reminder.check(self.services)
        # A PDF export a kill interrupted is recorded (file in place) or dropped at start too.
        tasks.run_in_background(
            self,
            self.services.annual_reports.settle_pending_pdfs,
            lambda _: None,
            lambda exc: log.warning("pending PDF exports not settled: %s", exc),
        )
        self.offer_recovery()
        # Forms after the window is on screen: a recovered form opens over it, not alone.
        QTimer.singleShot(0, self, lambda: offer_form_drafts(self))

    def offer_recovery(self) -> None:
        """Report text a crash left unsaved: saved into its report, or dropped, as the user says."""
        from desktop_app.ui.recovery import RecoveryFile  # noqa: PLC0415

        recovery = RecoveryFile(self.services.paths.data_dir, self.services.database_url)
        tasks.run_in_background(
            self,
            recovery.read,
            lambda recovered: self._offer_recovered(recovery, recovered),
            lambda exc: log.warning("recovery file not read: %s", exc),
        )

    def _offer_recovered(self, recovery, recovered) -> None:
        if recovered is None:
            return
        answer = ask_to_recover(
            self,
            f"上次关闭程序前，{recovered.year} 年度报告正文有未保存的修改。\n"
            "恢复：把这些文字保存到报告中；丢弃：不再保留这些文字。",
        )
        if answer:
            self.tabs.setCurrentIndex(self._report_tab)
            self.report_view.recover(recovered.year, recovered.sections)
        elif answer is False:
            recovery.clear()

    def _rows_arrived(self) -> None:
        self.loaded = True
        if self._years_due:
            self._years_due = False
            self._refresh_years()
        self._refresh_counts()
        if (wanted := self._select_after) is not None:
            self._select_after = None
            if (row := self.model.row_of(wanted)) is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def _load_failed(self, exc: BaseException) -> None:
        show_error(self, "无法载入目录", str(exc))

    def reload_entries(self, keep_id: int | None = None) -> None:
        """After a change (an import, a saved entry): the rows, counts, years and tree anew;
        with `keep_id`, that entry is selected once its row is known."""
        self._years_due = True
        self._select_after = keep_id
        self.model.refresh(with_summary=True, keep_id=keep_id)
        categories, reloads = self.services.categories, self.tree.reloads

        def show(found) -> None:
            if self.tree.reloads == reloads:  # the tree has not re-read itself since
                self.tree.show_counts(*found)

        tasks.run_in_background(
            self,
            categories.nodes_and_counts,
            show,
            self._load_failed,
        )

    def _refresh_years(self) -> None:
        current = self.year.currentText()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItems([ALL, *(str(y) for y in self.model.years())])
        self.year.setCurrentText(current)
        self.year.blockSignals(False)
        if self.year.currentText() != current:  # its last entry moved to another year: show all
            self.apply_filter()

    # -- filtering -----------------------------------------------------------------------------
    def apply_filter(self) -> None:
        def chosen(combo: QComboBox) -> str:
            return "" if combo.currentText() == ALL else combo.currentText()

        year = chosen(self.year)
        self.model.set_filter(
            CatalogQuery(
                text=self.search.text(),
                year=int(year) if year else None,
                node_ids=self.tree.selected_subtree(),
                disclosure_form=chosen(self.form),
                validity=chosen(self.validity),
            )
        )

    def _refresh_counts(self) -> None:
        m = self.model
        self.empty_hint.setVisible(self.loaded and m.total_count() == 0)
        shown = f"显示 {m.shown_count()} 条"
        if m.more_than_shown():
            shown = f"显示前 {m.shown_count()} 条（再多输入几个字可缩小范围）"
        self.counts.setText(f"共 {m.total_count()} 条 · {shown} · 有效 {m.valid_count()} 条")

    # -- entries -------------------------------------------------------------------------------
    def current_entry(self) -> CatalogListing | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def add_entry(self) -> None:
        node_id = self.tree.current_node_id()
        self._open_after(
            self.services.categories.nodes,
            lambda nodes: EntryDialog(
                self.services, nodes, node_id=node_id, parent=self, publisher=self._agency_name()
            ),
        )

    def edit_entry(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        if entry.withdrawn:
            show_error(
                self, "不能编辑", f"该条目已于 {entry.validity_date} {entry.validity}，不能再修改"
            )
            return
        entries, categories, entry_id = self.services.entries, self.services.categories, entry.id
        self._open_after(
            lambda: (entries.get(entry_id), categories.nodes()),  # the entry with its attachments
            lambda read: EntryDialog(self.services, read[1], entry=read[0], parent=self),
        )

    def show_entry_history(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            title = f"历史记录 — {entry.index_no} {entry.title}"
            AuditDialog(self.services, "catalog_entry", entry.id, title, self).exec()

    def open_audit_log(self) -> None:
        AuditDialog(self.services, parent=self).exec()

    def withdraw_entry(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            entries, entry_id = self.services.entries, entry.id
            self._open_after(
                lambda: entries.get(entry_id),
                lambda full: WithdrawDialog(self.services, full, self),
            )

    def _open_after(self, read, make_dialog) -> None:
        """`read()` in the background, then the dialog `make_dialog(what was read)` opens."""
        tasks.run_in_background(
            self,
            read,
            lambda value: self._after_dialog(make_dialog(value)),
            lambda exc: show_error(self, "无法读取条目", str(exc)),
        )

    def _after_dialog(self, dialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.show_saved_entry(dialog.saved, f"已保存：{dialog.saved.index_no}")

    def show_saved_entry(self, saved: CatalogEntry, message: str) -> None:
        """A new or changed entry in the table, tree counts and years, selected; `message` shown."""
        self.reload_entries(keep_id=saved.id)
        self.statusBar().showMessage(message, 10000)

    def show_pressing_requests(self) -> None:
        """The reminder's 查看: the register tab, narrowed to overdue and due-soon requests."""
        self.tabs.setCurrentWidget(self.register_view)
        self.register_view.show_pressing()

    def show_unpaid_fees(self) -> None:
        """The fee reminder's 查看: the register tab and its 信息处理费 ledger."""
        self.tabs.setCurrentWidget(self.register_view)
        self.register_view.open_fee_ledger()

    def import_file(
        self,
        _checked: bool = False,
        skip_invalid: bool = False,
        path: str = "",
        create_categories: bool = False,
    ) -> None:
        path = path or choose_import_file(self)
        if not path:
            return
        files = self.services.catalog_files
        self.statusBar().showMessage(f"正在导入 {Path(path).name}…")
        self.task_progress.run(
            lambda progress: files.import_file(path, skip_invalid, progress, create_categories),
            self._imported,
            lambda exc: self._import_failed(exc, path, create_categories),
        )

    def _imported(self, result) -> None:
        self.reload_entries()
        skipped = f"，跳过 {result.skipped} 行有问题的行" if result.skipped else ""
        self.statusBar().showMessage(f"已导入 {result.imported} 条{skipped}", 10000)

    def _import_failed(self, exc: BaseException, path: str, create_categories: bool) -> None:
        from desktop_app.services.catalog_import import missing_categories  # noqa: PLC0415

        self.statusBar().showMessage(str(exc) if isinstance(exc, UserError) else "导入失败", 10000)
        if (
            isinstance(exc, ValidationError)
            and exc.problems
            and hasattr(exc.problems[0], "row_number")
        ):
            missing = missing_categories(exc.problems)
            if chosen := catalog_import_retry(exc.problems, missing, self):
                skip_invalid, create = chosen
                create = create or create_categories  # a choice made once holds for the retry
                self.import_file(skip_invalid=skip_invalid, path=path, create_categories=create)
        elif not _is_cancel(exc):
            show_error(self, "导入失败", str(exc))

    def export_file(self) -> None:
        choose_path(
            self,
            self.services.paths.settings_file,
            f"公开目录-{dt.date.today()}.xlsx",
            lambda suggested: choose_export_file(self, suggested),
            self._export_to,
        )

    def _export_to(self, path: str) -> None:
        query, files = self.model.query, self.services.catalog_files
        self.task_progress.run(  # the rows the table shows, with every field
            lambda progress: files.export(query, path, progress),
            lambda result: self._exported(result[0], f"已导出 {result[1]} 条", path),
            lambda exc: show_error(self, "导出失败", str(exc)),
        )

    def _exported(self, finished: bool, text: str, path: str) -> None:
        if finished:
            self.exported.show_path(text, Path(path))
        else:
            self.statusBar().showMessage("已取消导出，没有写入文件", 10000)

    def open_rollup(self) -> None:
        """The roll-up window is one per main window and keeps its files while hidden."""
        from desktop_app.ui.rollup_window import RollupWindow  # noqa: PLC0415

        if self.rollup_window is None:
            self.rollup_window = RollupWindow(self)
        self.rollup_window.show()
        self.rollup_window.raise_()
        self.rollup_window.activateWindow()

    def open_manual(self) -> None:
        """Not modal: the manual stays open beside the window while the user works."""
        from desktop_app.ui.manual import ManualDialog  # noqa: PLC0415

        if self.manual is None:
            self.manual = ManualDialog(self)
        self.manual.show()
        self.manual.raise_()
        self.manual.activateWindow()

    def open_about(self) -> None:
        from desktop_app.ui.about_dialog import AboutDialog  # noqa: PLC0415

        dialog = AboutDialog(self.services, self.agency, self)
        dialog.exec()
        dialog.deleteLater()

    def open_font_settings(self) -> None:
        from desktop_app.ui.font_settings import FontSettingsDialog  # noqa: PLC0415 - loads ReportLab

        dialog = FontSettingsDialog(self.services, self)
        dialog.exec()
        dialog.deleteLater()

    def open_backup_settings(self) -> None:
        from desktop_app.ui.auto_backup import AutoBackup  # noqa: PLC0415
        from desktop_app.ui.backup_settings import BackupSettingsDialog  # noqa: PLC0415

        dialog = BackupSettingsDialog(self.services, self)
        if dialog.exec():
            for automatic in self.findChildren(AutoBackup):
                automatic.refresh()  # the folder may have changed
        dialog.deleteLater()

    def open_access_settings(self) -> None:
        from desktop_app.ui.access_dialog import AccessDialog  # noqa: PLC0415

        def opened(state) -> None:
            dialog = AccessDialog(self.services, state, self)
            dialog.exec()
            dialog.deleteLater()

        tasks.run_in_background(
            self,
            self.services.access.state,
            opened,
            lambda exc: show_error(self, "无法读取登录设置", str(exc)),
        )

    def open_restore(self) -> None:
        from desktop_app.ui.restore_dialog import RestoreDialog  # noqa: PLC0415

        dialog = RestoreDialog(self.services, self.reopen, self)
        dialog.exec()
        dialog.deleteLater()

    def reopen(self, services) -> None:
        """A restore replaced the database: a new window on it takes this one's place."""
        from desktop_app.ui.launch import open_main_window  # noqa: PLC0415

        open_main_window(services)
        self.close()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        view = self._report_view_if_built()
        if view is not None and view.save_before_close():
            # The window closes itself once the report text is saved; nothing typed is lost.
            event.ignore()
            self.statusBar().showMessage("正在保存年度报告正文，保存后关闭窗口…")
            view.settled.connect(self.close, Qt.ConnectionType.SingleShotConnection)
            return
        tasks.wait_for_all()
        super().closeEvent(event)


def _is_cancel(exc: BaseException) -> bool:
    from desktop_app.services.table_reader import ImportCancelled  # noqa: PLC0415

    return isinstance(exc, ImportCancelled)
