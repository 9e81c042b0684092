"""The holiday calendar dialog: the years the program knows (with their notice), and adding or replacing
a year offline when the State Council publishes next year's arrangement; shows which due dates moved.

The calendar is read, and a year saved, in the background (`busy` meanwhile): a save recomputes
the due date of every open request.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import parse_date
from desktop_app.domain.workcalendar import Holiday, Notice, WorkCalendar, YearSchedule
from desktop_app.ui import tasks
from desktop_app.ui.form_dialog import AsksBeforeDiscarding, error_label
from desktop_app.ui.screen_fit import fit_to_screen

_YEAR_ROLE = Qt.ItemDataRole.UserRole
_COLUMNS = ("节日", "放假开始", "放假结束", "调休上班日（逗号分隔）")


class HolidayDialog(AsksBeforeDiscarding, QDialog):
    """After a save, `changes` holds (编号, old due, new due) of every open request that moved.
    A year typed but not saved is not dropped silently on 关闭 (see AsksBeforeDiscarding)."""

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._holidays = services.holidays
        self.changes: list | None = None
        self.calendar = WorkCalendar(())
        self.busy = False
        self.setWindowTitle("节假日设置")
        self._build()
        self.watch_changes()
        self._run(self._holidays.calendar, self._show_calendar)
        fit_to_screen(self, 900, 640)

    def _build(self) -> None:
        self.years = QListWidget()
        self.years.currentItemChanged.connect(lambda item, _old: self._show_year(item))
        self.detail = QPlainTextEdit(readOnly=True)
        top = QHBoxLayout()
        top.addWidget(self.years, 1)
        top.addWidget(self.detail, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self._editor())
        self.moves = QPlainTextEdit(readOnly=True, visible=False)
        self.moves.setFixedHeight(110)
        layout.addWidget(self.moves)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def _editor(self) -> QGroupBox:
        group = QGroupBox("添加或替换一个年度（按国务院办公厅放假通知填写）")
        form = QFormLayout(group)
        self.year = QSpinBox(minimum=2008, maximum=2100)
        self.notice_title = QLineEdit(
            placeholderText="如：国务院办公厅关于2027年部分节假日安排的通知"
        )
        self.notice_number = QLineEdit(placeholderText="如：国办发明电〔2026〕1号")
        self.holidays = QTableWidget(0, len(_COLUMNS))
        self.holidays.setHorizontalHeaderLabels(_COLUMNS)
        self.holidays.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.holidays.verticalHeader().setVisible(False)
        self.holidays.setFixedHeight(170)
        add_row, load = QPushButton("添加一行"), QPushButton("载入所选年度以修改")
        add_row.clicked.connect(lambda: self.add_holiday())
        load.clicked.connect(self.load_selected)
        self.save_button = QPushButton("保存该年度")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        for button in (add_row, load, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.error = error_label()
        form.addRow("年度：", self.year)
        form.addRow("通知标题：", self.notice_title)
        form.addRow("通知文号：", self.notice_number)
        form.addRow("放假安排：", self.holidays)
        form.addRow("", buttons)
        form.addRow("", self.error)
        return group

    # -- viewing -------------------------------------------------------------------------------
    def _run(self, fn, on_done) -> None:
        self.busy = True
        self.save_button.setEnabled(False)

        def finished(callback, value) -> None:
            self.busy = False
            self.save_button.setEnabled(True)
            callback(value)

        tasks.run_in_background(
            self, fn, lambda value: finished(on_done, value), lambda e: finished(self._failed, e)
        )

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(str(exc))
        self.error.setVisible(True)

    def _show_calendar(self, calendar: WorkCalendar) -> None:
        """List the years; what arrives is not a change of the user's (unless they typed already)."""
        untouched = not self.is_modified()
        self.calendar = calendar
        self.years.clear()
        for year, schedule in sorted(self.calendar.schedules.items(), reverse=True):
            numbers = "、".join(n.number for n in schedule.notices)
            mark = "（自行添加）" if schedule.user_added else ""
            item = QListWidgetItem(f"{year}年{mark}")  # the notices are listed beside it
            item.setToolTip(numbers)
            item.setData(_YEAR_ROLE, year)
            self.years.addItem(item)
        if self.years.count():
            self.years.setCurrentRow(0)
        self.year.setValue(max(self.calendar.schedules, default=2025) + 1)
        if untouched and self._as_opened is not None:
            self.mark_clean()

    def _show_year(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.detail.clear()
            return
        schedule = self.calendar.schedules[item.data(_YEAR_ROLE)]
        lines = [f"{n.title}（{n.number}）" for n in schedule.notices]
        for h in schedule.holidays:
            workdays = "、".join(d.isoformat() for d in h.workdays)
            lines.append(
                f"{h.name}：{h.start} 至 {h.end} 放假" + (f"；{workdays} 上班" if workdays else "")
            )
        self.detail.setPlainText("\n".join(lines))

    def load_selected(self) -> None:
        item = self.years.currentItem()
        if item is None:
            return
        schedule = self.calendar.schedules[item.data(_YEAR_ROLE)]
        self.year.setValue(schedule.year)
        self.notice_title.setText(schedule.notices[0].title if schedule.notices else "")
        self.notice_number.setText(schedule.notices[0].number if schedule.notices else "")
        self.holidays.setRowCount(0)
        for h in schedule.holidays:
            self.add_holiday(
                h.name,
                h.start.isoformat(),
                h.end.isoformat(),
                "，".join(d.isoformat() for d in h.workdays),
            )

    def add_holiday(
        self, name: str = "", start: str = "", end: str = "", workdays: str = ""
    ) -> None:
        row = self.holidays.rowCount()
        self.holidays.insertRow(row)
        for column, text in enumerate((name, start, end, workdays)):
            self.holidays.setItem(row, column, QTableWidgetItem(text))

    # -- saving ------------------------------------------------------------------------------
    def schedule(self) -> YearSchedule:
        """The year as typed; ValueError (Chinese, naming the row) when a date cannot be read."""
        holidays = []
        for row in range(self.holidays.rowCount()):
            name, start, end, workdays = (self._cell(row, c) for c in range(len(_COLUMNS)))
            if not (name or start or end or workdays):
                continue  # an empty row the user added and left
            try:
                days = [
                    parse_date(d)
                    for d in workdays.replace("，", ",").replace("、", ",").split(",")
                    if d.strip()
                ]
                holidays.append(Holiday(name, parse_date(start), parse_date(end), tuple(days)))
            except ValueError as exc:
                raise ValueError(f"第 {row + 1} 行（{name or '未命名'}）：{exc}") from None
        notice = Notice(self.notice_number.text().strip(), self.notice_title.text().strip())
        return YearSchedule(self.year.value(), (notice,), tuple(holidays), user_added=True)

    def _cell(self, row: int, column: int) -> str:
        item = self.holidays.item(row, column)
        return item.text().strip() if item else ""

    def save(self) -> None:
        """Write the year to the user's file, recompute open requests' due dates, log and show moves."""
        if self.busy:
            return
        self.error.setVisible(False)
        try:
            schedule = self.schedule()
        except ValueError as exc:
            self._failed(exc)
            return
        holidays = self._holidays
        self._run(lambda: holidays.save(schedule), lambda saved: self._saved(schedule, *saved))

    def _saved(self, schedule: YearSchedule, calendar: WorkCalendar, changes: list) -> None:
        self.changes = changes
        self._show_calendar(calendar)
        self.moves.setPlainText(self.describe_changes(schedule.year, changes))
        self.moves.setVisible(True)
        self.mark_clean()

    def reject(self) -> None:
        if not self.busy:  # a save under way ends first
            super().reject()

    @staticmethod
    def describe_changes(year: int, changes: list) -> str:
        if not changes:
            return f"已保存{year}年放假安排。没有办理中申请的答复期限因此改变。"
        lines = [
            f"已保存{year}年放假安排。以下 {len(changes)} 件办理中申请的答复期限已重新计算（已记入日志）："
        ]
        lines += [f"{number}：{old or '暂停'} → {new or '暂停'}" for number, old, new in changes]
        return "\n".join(lines)
