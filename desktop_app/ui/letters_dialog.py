"""文书 of one request: draft a letter in a form beside its live preview, issue it, and print or
re-export the letters already issued (frozen: they can only be read, printed and corrected).

The preview is rendered in the background a moment after the last keystroke; issuing runs in the
background too and reports the 文号. Only the parts meant for editing are fields of the form.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.letter_records import DELIVERY_METHODS
from desktop_app.domain.letter_texts import EDIT_LABELS, editable_fields, issue_problems
from desktop_app.domain.letters import ANSWER, DEFAULT_FORM, FORMS, KINDS
from desktop_app.domain.requests import Request
from desktop_app.errors import UserError, ValidationError
from desktop_app.services import letters as service
from desktop_app.ui import file_dialogs, tasks
from desktop_app.ui.form_dialog import error_label
from desktop_app.ui.messages import confirm, show_error
from desktop_app.ui.pdf_preview import make_print_dialog, print_pdf

PREVIEW_DELAY_MS = 400
HEADERS = ("文号", "类型", "日期", "送达", "SHA-256")


class LettersDialog(QDialog):
    """`issued` fires with each new letter (the register reloads: outcomes and clock events move)."""

    issued = Signal(object)

    def __init__(self, services, request: Request, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.request = services, request
        self.setWindowTitle(f"文书（答复书、告知书）— {request.number}")
        self.resize(1200, 760)
        self.fields: dict[str, QPlainTextEdit] = {}
        self.drafted: service.Drafted | None = None
        self._folder = tempfile.TemporaryDirectory(
            prefix="disclosure-desk-letter-", ignore_cleanup_errors=True
        )
        self._serial = 0
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._build()
        self._rebuild_fields()
        self.reload_letters()

    # -- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind.title, kind.key)
        self.form = QComboBox()
        self.form.addItems(list(FORMS))
        if (default := DEFAULT_FORM.get(self.request.outcome)) is not None:
            self.form.setCurrentText(default.key)
        self.date = QDateEdit(QDate.currentDate(), calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.pages = QSpinBox(minimum=0, maximum=1_000_000, specialValueText="按件计收")
        for widget in (self.kind, self.form):
            widget.currentIndexChanged.connect(lambda _i: self._rebuild_fields())
        self.date.dateChanged.connect(lambda _d: self._schedule())
        self.pages.valueChanged.connect(lambda _v: self._schedule())
        self.form_layout = QFormLayout()
        self.form_layout.addRow("文书", self.kind)
        self.form_layout.addRow("答复形式", self.form)
        self.form_layout.addRow("文书日期", self.date)
        self.form_layout.addRow("收费页数", self.pages)
        self.problems = error_label()
        self.issue_button = QPushButton("签发…")
        self.issue_button.clicked.connect(lambda: self.issue())
        left = QWidget()
        column = QVBoxLayout(left)
        column.addLayout(self.form_layout)
        column.addWidget(self.problems)
        column.addWidget(self.issue_button)
        column.addWidget(QLabel("已签发的文书（不可修改；如有错误请签发更正文书）："))
        column.addWidget(self._issued_table(), 1)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview_status = QLabel()
        right = QWidget()
        preview = QVBoxLayout(right)
        preview.addWidget(self.preview_status)
        preview.addWidget(self.view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([520, 680])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _issued_table(self) -> QWidget:
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.export_button = QPushButton("导出 PDF…")
        self.export_button.clicked.connect(self.export_selected)
        self.print_button = QPushButton("打印…")
        self.print_button.clicked.connect(self.print_selected)
        self.correct_button = QPushButton("签发为所选文书的更正…")
        self.correct_button.clicked.connect(self.issue_correction)
        self.delivery_method = QComboBox()
        self.delivery_method.addItems(DELIVERY_METHODS)
        self.delivered_on = QDateEdit(
            QDate.currentDate(), calendarPopup=True, displayFormat="yyyy-MM-dd"
        )
        self.delivery_button = QPushButton("登记送达")
        self.delivery_button.clicked.connect(self.record_delivery)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.correct_button)
        buttons.addStretch(1)
        delivery = QHBoxLayout()
        for widget in (
            QLabel("送达："),
            self.delivery_method,
            self.delivered_on,
            self.delivery_button,
        ):
            delivery.addWidget(widget)
        delivery.addStretch(1)
        layout.addLayout(buttons)
        layout.addLayout(delivery)
        return box

    def _rebuild_fields(self) -> None:
        """The editable parts of the chosen kind (and answer form), nothing else."""
        kind = self.kind.currentData()
        self.form.setEnabled(kind == ANSWER)
        self.pages.setEnabled(kind == "收费")
        while self.form_layout.rowCount() > 4:
            self.form_layout.removeRow(4)
        self.fields = {}
        for name in editable_fields(kind, self.form.currentText() if kind == ANSWER else ""):
            edit = QPlainTextEdit()
            edit.setFixedHeight(60)
            edit.textChanged.connect(self._schedule)
            self.fields[name] = edit
            self.form_layout.addRow(EDIT_LABELS.get(name, name), edit)
        self._schedule()

    # -- drafting and preview --------------------------------------------------------------------
    def _schedule(self) -> None:
        self._timer.start()

    def draft(self) -> service.Drafted:
        kind = self.kind.currentData()
        edits = {
            name: edit.toPlainText()
            for name, edit in self.fields.items()
            if edit.toPlainText().strip()
        }
        return service.draft(
            self.services,
            self.request,
            kind,
            self.date.date().toPython(),
            edits,
            self.form.currentText() if kind == ANSWER else "",
            (self.pages.value() or None) if kind == "收费" else None,
        )

    def refresh_preview(self) -> None:
        try:
            self.drafted = self.draft()
        except UserError as exc:
            self.drafted = None
            self._show_problems(str(exc))
            return
        missing = issue_problems(self.drafted.draft)
        self._show_problems("；".join(p.message for p in missing))
        self._serial += 1
        path = Path(self._folder.name) / f"draft-{self._serial}.pdf"
        services, drafted = self.services, self.drafted
        self.preview_status.setText("正在生成预览…")

        def render() -> Path:
            path.write_bytes(service.preview_pdf(services, drafted))
            return path

        tasks.run_in_background(self, render, self._rendered, self._preview_failed)

    def _rendered(self, path: Path) -> None:
        if path.name != f"draft-{self._serial}.pdf":
            return  # an older preview finishing late
        self.document.load(str(path))
        self.preview_status.setText(f"预览（文号在签发时分配）：共 {self.document.pageCount()} 页")

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview_status.setText("预览生成失败")
        self._show_problems(str(exc))

    def _show_problems(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.setVisible(bool(text))

    # -- issuing ---------------------------------------------------------------------------------
    def issue_correction(self) -> None:
        """Issue the draft as a new letter naming the selected one, which stays as it was."""
        letter = self.selected_letter()
        if letter is None:
            self._show_problems("请先在下表中选择要更正的文书")
            return
        self.issue(letter)

    def issue(self, replaces=None) -> None:
        self._timer.stop()
        self.refresh_preview()
        if self.drafted is None or issue_problems(self.drafted.draft):
            return  # refresh_preview has shown what is missing
        title = self.drafted.draft.title
        also = f"，作为 {replaces.number} 的更正（原文书保留）" if replaces else ""
        if not confirm(
            self, "签发文书", f"签发后“{title}”不能再修改，并分配文号{also}。确定签发吗？"
        ):
            return
        self.issue_button.setEnabled(False)
        services, drafted = self.services, self.drafted
        replaces_id = replaces.id if replaces else None
        tasks.run_in_background(
            self,
            lambda: service.issue(services, drafted, replaces_id),
            self._issued,
            self._issue_failed,
        )

    def _issued(self, letter) -> None:
        self.issue_button.setEnabled(True)
        self.request = service.request_by_number(self.services, self.request.number)
        self.reload_letters()
        self.preview_status.setText(f"已签发：{letter.number}")
        self.issued.emit(letter)

    def _issue_failed(self, exc: BaseException) -> None:
        self.issue_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show_problems("；".join(p.message for p in exc.problems))
        else:
            show_error(self, "无法签发", str(exc))

    # -- issued letters --------------------------------------------------------------------------
    def reload_letters(self) -> None:
        self.letters = self.services.letters.letters(self.request.id)
        self.table.setRowCount(len(self.letters))
        for row, letter in enumerate(self.letters):
            delivered = (
                f"{letter.delivered_on} {letter.delivery_method}" if letter.delivered_on else ""
            )
            sha = letter.pdf_sha256 if letter.intact else "已被改动！"
            for column, text in enumerate(
                (letter.number, letter.kind, str(letter.issued_on), delivered, sha)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def record_delivery(self) -> None:
        letter = self.selected_letter()
        if letter is None:
            self._show_problems("请先在下表中选择已送达的文书")
            return
        on = self.delivered_on.date().toPython()
        try:
            self.services.letters.record_delivery(letter.id, self.delivery_method.currentText(), on)
        except ValidationError as exc:
            self._show_problems("；".join(p.message for p in exc.problems))
            return
        self._show_problems("")
        self.reload_letters()

    def selected_letter(self):
        row = self.table.currentRow()
        return self.letters[row] if 0 <= row < len(self.letters) else None

    def export_selected(self, path: str | None = None) -> None:
        letter = self.selected_letter()
        if letter is None:
            return
        path = path or file_dialogs.save_file(
            self, "导出文书", f"{letter.number}.pdf", "PDF 文件 (*.pdf)"
        )
        if not path:
            return
        try:
            service.export_letter(self.services, letter, Path(path))
        except UserError as exc:
            show_error(self, "无法导出", str(exc))

    def print_selected(self) -> None:
        letter = self.selected_letter()
        if letter is None:
            return
        path = Path(self._folder.name) / "print.pdf"
        try:
            service.export_letter(self.services, letter, path)
        except UserError as exc:
            show_error(self, "无法打印", str(exc))
            return
        document = QPdfDocument(self)
        document.load(str(path))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if make_print_dialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            print_pdf(document, printer)
