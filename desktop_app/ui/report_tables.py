"""The three official tables (二、三、四) as editable grids laid out like the printed tables.

The layout is not retyped here: each grid is built from the print `Table` of official_tables, so
merged header cells and labels match the PDF. Number positions are found by giving the print
table a unique marker per cell. Editing a cell validates the text and emits `cell_edited`; the view
saves through the services. Computed cells are shaded blue, overridden ones amber with the reason;
a cell held without a number (blank or "/" in an imported report, or cleared) reads 未给出 in grey.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import report_format as rf
from desktop_app.domain.annual_report import (
    COMPUTED,
    NOT_GIVEN,
    OVERRIDDEN,
    AnnualReport,
    CellKey,
)
from desktop_app.domain.limits import number_problem
from desktop_app.services.report_layout import Table, number, table_four, table_three, table_two
from desktop_app.ui.form_dialog import ok_cancel
from desktop_app.ui.messages import show_error

COMPUTED_COLOUR = QColor("#dcebfa")
OVERRIDDEN_COLOUR = QColor("#ffe3a3")
LABEL_COLOUR = QColor("#f0f0f0")
NOT_GIVEN_COLOUR = QColor("#8a8a8a")
MARKED_COLOUR = QColor("#fde0dc")
_MARK = 900_000  # markers well above any label that is a plain number (labels never are)
_BUILDERS = {"二": table_two, "三": table_three, "四": table_four}
_CELL_LISTS = {"二": rf.table2_cells, "三": rf.table3_cells, "四": rf.table4_cells}
# Widths (pixels) of the label columns; number columns get NUMBER_WIDTH.
# 56: a group label's number （三） on one line (at 40 it was cut to "（…").
_LABEL_WIDTHS = {"二": {0: 260}, "三": {0: 64, 1: 56, 2: 330}, "四": {}}
NUMBER_WIDTH = {"二": 150, "三": 74, "四": 64}
SOURCE_ACTION = "查看对应申请"


def is_fee(key: CellKey) -> bool:
    return key[0] == "二" and key[2] == rf.T2_FEE_AMOUNT


def parse_cell(key: CellKey, text: str) -> Decimal | None:
    """The value typed into a cell; ValueError (Chinese) names the cell and what it must hold."""
    text = text.strip()
    if not text:
        return None
    what = "不超过四位小数的非负数" if is_fee(key) else "非负整数"
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0:
        raise ValueError(f"“{key[1]} {key[2]}”应填写{what}，不能是“{text}”")
    decimals = -value.normalize().as_tuple().exponent
    if decimals > (rf.T2_FEE_DECIMALS if is_fee(key) else 0):
        raise ValueError(f"“{key[1]} {key[2]}”应填写{what}，不能是“{text}”")
    if problem := number_problem(value):
        raise ValueError(f"“{key[1]} {key[2]}”{problem}")
    return value


class ReasonDialog(QDialog):
    """Asks why a computed value is being changed; OK only once a reason is typed."""

    def __init__(self, key: CellKey, reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("修正自动计算的数值")
        self.reason = QLineEdit(placeholderText="例如：台账漏登一件，已核实纸质件")
        buttons = ok_cancel(self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        label = QLabel(
            f"“{key[1]} {key[2]}”是自动计算的数值。修改它需要填写修正原因：", wordWrap=True
        )
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.reason.setText(reason)  # changing an override again: the earlier reason to amend


class _NumberDelegate(QStyledItemDelegate):
    """Editors accept digits only (and up to four decimals in the fee column)."""

    def __init__(self, grid: TableGrid) -> None:
        super().__init__(grid)
        self._grid = grid

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        editor = super().createEditor(parent, option, index)
        key = self._grid.key_at(index.row(), index.column())
        if isinstance(editor, QLineEdit) and key is not None:
            pattern = rf"\d*(\.\d{{0,{rf.T2_FEE_DECIMALS}}})?" if is_fee(key) else r"\d*"
            editor.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), editor))
        return editor

    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt override
        super().setEditorData(editor, index)
        key = self._grid.key_at(index.row(), index.column())
        report = self._grid.report
        if isinstance(editor, QLineEdit) and key and report is not None and report.unknown(key):
            editor.clear()  # 未给出 is what the cell shows, not a number to edit


class TableGrid(QTableWidget):
    """One official table; `cell_edited(key, value, reason)` after a valid change."""

    cell_edited = Signal(object, object, str)
    sources_requested = Signal(str, str)

    def __init__(self, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.keys: dict[tuple[int, int], CellKey] = {}
        self.positions: dict[CellKey, tuple[int, int]] = {}
        self.report: AnnualReport | None = None
        self._loading = False
        self.horizontalHeader().setVisible(False)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setItemDelegate(_NumberDelegate(self))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        markers: dict[str, dict[str, int]] = {}
        for i, (row, col) in enumerate(_CELL_LISTS[table]()):
            markers.setdefault(row, {})[col] = _MARK + i
        self._lay_out(_BUILDERS[table](markers))
        self.itemChanged.connect(self._changed)

    # -- layout --------------------------------------------------------------------------------
    def _lay_out(self, table: Table) -> None:
        cells = _CELL_LISTS[self.table]()
        width = sum(c.colspan for c in table.rows[0])
        self.setColumnCount(width)
        self.setRowCount(len(table.rows))
        taken: set[tuple[int, int]] = set()
        labels: dict[tuple[int, int], str] = {}
        for r, row in enumerate(table.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
                if cell.rowspan > 1 or cell.colspan > 1:
                    self.setSpan(r, c, cell.rowspan, cell.colspan)
                if cell.text.isdigit() and int(cell.text) >= _MARK:
                    key = (self.table, *cells[int(cell.text) - _MARK])
                    self.keys[(r, c)], self.positions[key] = key, (r, c)
                    self.setItem(r, c, self._number_item())
                else:
                    self.setItem(r, c, self._label_item("", cell.align))
                    labels[(r, c)] = cell.text
                c += cell.colspan
        for column in range(width):
            self.setColumnWidth(
                column, _LABEL_WIDTHS[self.table].get(column, NUMBER_WIDTH[self.table])
            )
        # Qt sizes a row-spanning cell into its first row alone: size rows before texting those.
        spanning = {pos: text for pos, text in labels.items() if self.rowSpan(*pos) > 1}
        for (r, c), text in labels.items():
            if (r, c) not in spanning:
                self.item(r, c).setText(text)
        self.resizeRowsToContents()
        for (r, c), text in spanning.items():
            self.item(r, c).setText(text)

    def _label_item(self, text: str, align: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setBackground(QBrush(LABEL_COLOUR))
        horizontal = (
            Qt.AlignmentFlag.AlignLeft if align == "left" else Qt.AlignmentFlag.AlignHCenter
        )
        item.setTextAlignment(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _number_item(self) -> QTableWidgetItem:
        item = QTableWidgetItem("")
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def key_at(self, row: int, column: int) -> CellKey | None:
        return self.keys.get((row, column))

    # -- showing the report --------------------------------------------------------------------
    def set_report(self, report: AnnualReport) -> None:
        self.report = report
        self._loading = True
        try:
            for (r, c), key in self.keys.items():
                self._show(self.item(r, c), key, report)
        finally:
            self._loading = False

    def _show(self, item: QTableWidgetItem, key: CellKey, report: AnnualReport) -> None:
        cell = report.cells.get(key)
        unknown = report.unknown(key)
        item.setText(NOT_GIVEN if unknown else number(None if cell is None else cell.value))
        item.setForeground(QBrush(NOT_GIVEN_COLOUR) if unknown else QBrush())
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not report.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        if cell is not None and cell.source == COMPUTED:
            item.setBackground(QBrush(COMPUTED_COLOUR))
            item.setToolTip("自动计算")
        elif cell is not None and cell.source == OVERRIDDEN:
            item.setBackground(QBrush(OVERRIDDEN_COLOUR))
            item.setToolTip(f"人工修正：{cell.reason}")
        elif unknown:
            item.setBackground(QBrush())
            item.setToolTip("未给出数字（空白或“/”），按未知处理，不计为 0；填入数字即可补上")
        else:
            item.setBackground(QBrush())
            item.setToolTip("")

    def mark(self, key: CellKey, text: str, tooltip: str) -> None:
        """Show `text` instead of the report's number (a roll-up's incomplete sum), shaded."""
        item = self.item(*self.positions[key])
        self._loading = True  # shown, not typed: no edit to save
        try:
            item.setText(text)
            item.setForeground(QBrush())  # a number, if incomplete: not the grey of 未给出
            item.setBackground(QBrush(MARKED_COLOUR))
            item.setToolTip(tooltip)
        finally:
            self._loading = False

    def select_key(self, key: CellKey) -> bool:
        table, row, col = key
        if row in rf.T3_GROUP_ITEMS:  # a subtotal the template does not show: its first item
            key = (table, rf.T3_GROUP_ITEMS[row][0], col)
        if key not in self.positions:
            return False
        r, c = self.positions[key]
        self.setCurrentCell(r, c)
        self.scrollToItem(self.item(r, c))
        return True

    # -- editing -------------------------------------------------------------------------------
    def _changed(self, item: QTableWidgetItem) -> None:
        key = self.key_at(item.row(), item.column())
        if self._loading or key is None or self.report is None:
            return
        old = self.report.cells.get(key)
        try:
            value = parse_cell(key, item.text())
        except ValueError as exc:
            show_error(self, "数值有误", str(exc))
            self.set_report(self.report)
            return
        if (old.value if old else None) == value:
            self.set_report(self.report)  # "05" for 5: show the number as stored
            return
        reason = ""
        if old is not None and old.source in (COMPUTED, OVERRIDDEN):
            dialog = ReasonDialog(key, old.reason, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.set_report(self.report)  # cancelled: show the stored value again
                return
            reason = dialog.reason.text().strip()
        self.cell_edited.emit(key, value, reason)

    def context_actions(self, row: int, column: int) -> list[QAction]:
        """查看对应申请 on a computed or overridden cell of table 三 or 四."""
        key = self.key_at(row, column)
        cell = None if key is None or self.report is None else self.report.cells.get(key)
        if self.table == "二" or cell is None or cell.source not in (COMPUTED, OVERRIDDEN):
            return []
        action = QAction(SOURCE_ACTION, self)
        action.triggered.connect(lambda: self.sources_requested.emit(key[1], key[2]))
        return [action]

    def _context_menu(self, pos) -> None:
        index = self.indexAt(pos)
        actions = self.context_actions(index.row(), index.column())
        if actions:
            menu = QMenu(self)
            menu.addActions(actions)
            menu.exec(self.viewport().mapToGlobal(pos))


class ReportTables(QTabWidget):
    """表二 / 表三 / 表四 as tabs; forwards the grids' signals with the table named."""

    cell_edited = Signal(object, object, str)
    sources_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grids: dict[str, TableGrid] = {}
        for table in rf.TABLE_KEYS:
            grid = TableGrid(table)
            grid.cell_edited.connect(self.cell_edited)
            grid.sources_requested.connect(self.sources_requested)
            self.grids[table] = grid
            self.addTab(grid, f"表{table}")

    def set_report(self, report: AnnualReport) -> None:
        for grid in self.grids.values():
            grid.set_report(report)

    def mark(self, key: CellKey, text: str, tooltip: str) -> None:
        self.grids[key[0]].mark(key, text, tooltip)

    def select_key(self, key: CellKey) -> bool:
        grid = self.grids.get(key[0])
        if grid is None or not grid.select_key(key):
            return False
        self.setCurrentWidget(grid)
        grid.setFocus()
        return True
