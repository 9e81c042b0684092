"""文书 of one request: draft a letter in a form beside its live preview, issue it, and print or
re-export the letters already issued (frozen: they can only be read, printed and corrected).

The preview is drafted and rendered in the background a moment after the last keystroke; issuing,
recording a delivery and loading the letters run in the background too, the action buttons
disabled meanwhile. Only the parts meant for editing are fields of the form.

保存草稿 (Ctrl+S, or 保存 when closing with changes) keeps the letter as typed — every field, the
date and pages too — and the dialog of the same request opens with it, to be finished later.
Issuing is the separate 签发… action, confirmed first: it allocates the 文号, freezes the letter
for good and removes the saved draft. Typing not yet saved is also kept in a crash draft
(ui/recovery.py) as in the other forms.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
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
from desktop_app.domain.users import CLERK, REVIEWER
from desktop_app.errors import ValidationError
from desktop_app.services.letters import Drafted
from desktop_app.staged import write_problem
from desktop_app.ui import file_dialogs, roles, tasks
from desktop_app.ui.form_dialog import AsksBeforeDiscarding, error_label
from desktop_app.ui.messages import confirm, show_error
from desktop_app.ui.pdf_preview import make_print_dialog, print_pdf
from desktop_app.ui.recovery import FormDraft, FormDrafts

PREVIEW_DELAY_MS = 400
PREVIEWING = "正在生成预览…"  # until the preview of the latest typing is shown
SAVE_TIP = "Ctrl+S：保存正在写的文书，以后打开本申请的文书时接着写；不分配文号，不签发"
ISSUE_TIP = "签发后分配文号、文书定稿，不能再修改（有错误只能签发更正文书）；签发前会再确认"
HEADERS = ("文号", "类型", "日期", "送达", "SHA-256")


class LettersDialog(AsksBeforeDiscarding, QDialog):
    """`issued` fires with each new letter (the register reloads: outcomes and clock events move).
    `busy` while an action (issuing, recording a delivery) runs in the background."""

    issued = Signal(object)

    def __init__(self, services, request: Request, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.request = services, request
        self.setWindowTitle(f"文书（答复书、告知书）— {request.number}")
        self.resize(1200, 760)
        self.edits: dict[str, QPlainTextEdit] = {}
        self.drafted: Drafted | None = None
        self.letters: list = []
        self.busy = False
        self._folder = tempfile.TemporaryDirectory(
            prefix="disclosure-desk-letter-", ignore_cleanup_errors=True
        )
        self._serial = 0
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._saved = FormDrafts(
            services.paths.data_dir, services.database_url, FormDrafts.SAVED_LETTERS
        )
        self._build()
        self._rebuild_fields()
        if (saved := self._saved.read("letters", request.id)) is not None:
            self.fill_fields(saved.fields)  # before the first showing: this is the saved state
            self.draft_status.setText("已打开保存的草稿")
        self.keep_drafts(services, "letters", request.id)
        self.watch_changes()
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
        self.save_button = QPushButton("保存草稿", toolTip=SAVE_TIP)
        self.save_button.clicked.connect(self.save)
        self.issue_button = QPushButton("签发…", toolTip=ISSUE_TIP)
        self.issue_button.clicked.connect(lambda: self.issue())
        self.draft_status = QLabel()
        actions = QHBoxLayout()
        for widget in (self.save_button, self.issue_button, self.draft_status):
            actions.addWidget(widget)
        actions.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.addLayout(self.form_layout)
        column.addWidget(self.problems)
        column.addLayout(actions)
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
        user = self.services.user
        for button in (self.issue_button, self.correct_button):
            roles.gate(button, user, REVIEWER)
        roles.gate(self.delivery_button, user, CLERK)
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
        self.edits = {}
        for name in editable_fields(kind, self.form.currentText() if kind == ANSWER else ""):
            edit = QPlainTextEdit()
            edit.setFixedHeight(60)
            edit.textChanged.connect(self._schedule)
            edit.textChanged.connect(self._update_modified)
            self.edits[name] = edit
            self.form_layout.addRow(EDIT_LABELS.get(name, name), edit)
        self._schedule()

    # -- what the user changes (AsksBeforeDiscarding) --------------------------------------------
    def fields(self) -> list[QWidget]:
        """The letter being drafted, in a fixed order (the issued letters and the delivery row are
        records, not typing): the choices, then the parts of the chosen kind."""
        return [self.kind, self.form, self.date, self.pages, *self.edits.values()]

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Ctrl+S and 保存草稿: keep the letter as typed, to finish later (any role may draft),
        then `then()`. Never issues: issuing allocates a 文号 and cannot be undone, so it is only
        ever 签发…. Said saved once the file is written; a failure is said and nothing marked."""
        if self.busy:  # issuing: its end decides what is left to keep
            return
        request_id, saved, values = self.request.id, self._saved, self.field_values()

        def written(status: str) -> None:
            self.mark_clean(values)  # what was typed meanwhile stays unsaved
            self.draft_status.setText(status.format(QTime.currentTime().toString("HH:mm")))
            if then is not None:
                then()

        if any(edit.toPlainText().strip() for edit in self.edits.values()):
            title = self.windowTitle().replace("[*]", "")
            draft = FormDraft("letters", request_id, title, self.storable_values())
            self._run(
                lambda: saved.write(draft),
                lambda _none: written("草稿已保存（{}），签发前可继续修改"),
                self._draft_not_saved,
            )
        else:  # nothing written: a draft would only bring back empty fields
            saved.clear("letters", request_id)
            written("没有填写内容，已清除草稿（{}）")

    def _draft_not_saved(self, exc: BaseException) -> None:
        text = write_problem(exc) if isinstance(exc, OSError) else str(exc)
        show_error(self, "草稿未保存", f"{text}\n所写的文书内容仍在窗口中，可稍后再保存。")

    def save_and_close(self) -> None:
        self.save(then=self.reject)  # saved: closes without asking again

    def reject(self) -> None:
        if not self.busy:  # an action under way ends first: its result is shown here
            super().reject()

    # -- drafting and preview --------------------------------------------------------------------
    def _schedule(self) -> None:
        self._timer.start()

    def _drafting(self):
        """A function drafting the letter as typed now, to run in the background (it reads the
        register and the templates); it takes only plain values, never a widget."""
        kind = self.kind.currentData()
        edits = {
            name: edit.toPlainText()
            for name, edit in self.edits.items()
            if edit.toPlainText().strip()
        }
        letters, request = self.services.letter_service, self.request
        on, form = self.date.date().toPython(), self.form.currentText() if kind == ANSWER else ""
        pages = (self.pages.value() or None) if kind == "收费" else None
        return lambda: letters.draft(request, kind, on, edits, form, pages)

    def refresh_preview(self) -> None:
        self._timer.stop()
        self._serial += 1
        serial, drafting, letters = self._serial, self._drafting(), self.services.letter_service
        path = Path(self._folder.name) / f"draft-{serial}.pdf"
        self.preview_status.setText(PREVIEWING)

        def render() -> tuple[int, Drafted, Path]:
            drafted = drafting()
            path.write_bytes(letters.preview_pdf(drafted))
            return serial, drafted, path

        tasks.run_in_background(
            self, render, self._rendered, lambda exc: self._preview_failed(serial, exc)
        )

    def _rendered(self, result: tuple[int, Drafted, Path]) -> None:
        serial, drafted, path = result
        if serial != self._serial:
            return  # an older preview finishing late
        self.drafted = drafted
        missing = issue_problems(drafted.draft)
        self._show_problems("；".join(p.message for p in missing))
        self.document.load(str(path))
        self.preview_status.setText(f"预览（文号在签发时分配）：共 {self.document.pageCount()} 页")

    def _preview_failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        self.drafted = None
        self.preview_status.setText("预览生成失败")
        self._show_problems(str(exc))

    def _show_problems(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.setVisible(bool(text))

    # -- background actions ----------------------------------------------------------------------
    def _run(self, work, on_done, on_failed) -> None:
        """Run `work` in the background, the action buttons disabled until it ends."""
        self._set_busy(True)

        def done(value) -> None:
            self._set_busy(False)
            on_done(value)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            on_failed(exc)

        tasks.run_in_background(self, work, done, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (
            self.save_button,
            self.issue_button,
            self.correct_button,
            self.delivery_button,
            self.export_button,
            self.print_button,
        ):
            roles.set_enabled(button, not busy)

    def _failed(self, title: str, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._show_problems("；".join(p.message for p in exc.problems))
        else:
            show_error(self, title, str(exc))

    # -- issuing ---------------------------------------------------------------------------------
    def issue_correction(self) -> None:
        """Issue the draft as a new letter naming the selected one, which stays as it was."""
        letter = self.selected_letter()
        if letter is None:
            self._show_problems("请先在下表中选择要更正的文书")
            return
        self.issue(letter)

    def issue(self, replaces=None) -> None:
        """Draft the letter as typed (in the background), confirm, then issue it."""
        if self.busy:
            return
        self._timer.stop()
        self._run(
            self._drafting(),
            lambda drafted: self._confirm_issue(drafted, replaces),
            self._issue_failed,
        )

    def _confirm_issue(self, drafted: Drafted, replaces) -> None:
        self.drafted = drafted
        if missing := issue_problems(drafted.draft):
            self._show_problems("；".join(p.message for p in missing))
            return
        also = f"，作为 {replaces.number} 的更正（原文书保留）" if replaces else ""
        question = f"签发后“{drafted.draft.title}”不能再修改，并分配文号{also}。确定签发吗？"
        if not confirm(self, "签发文书", question):
            return
        letters, request_id = self.services.letter_service, self.request.id
        replaces_id = replaces.id if replaces else None
        saved = self._saved

        def issue() -> tuple:
            letter = letters.issue(drafted, replaces_id)
            saved.clear("letters", request_id)  # issued: the saved draft has done its job
            return letter, letters.request(request_id), letters.letters(request_id)

        self._run(issue, self._issued, self._issue_failed)

    def _issued(self, result: tuple) -> None:
        letter, self.request, letters = result
        self._show_letters(letters)
        self._show_problems("")
        self.preview_status.setText(f"已签发：{letter.number}")
        self.draft_status.setText("")
        self.mark_clean()  # issued: nothing typed is left unsaved
        self.issued.emit(letter)

    def _issue_failed(self, exc: BaseException) -> None:
        self._failed("无法签发", exc)

    # -- issued letters --------------------------------------------------------------------------
    def reload_letters(self) -> None:
        """Read the issued letters in the background; the actions need no waiting for it (with
        none listed yet, none is selected)."""
        letters, request_id = self.services.letter_service, self.request.id
        tasks.run_in_background(
            self,
            lambda: letters.letters(request_id),
            self._show_letters,
            lambda exc: self._failed("无法读取文书", exc),
        )

    def _show_letters(self, letters: list) -> None:
        self.letters = letters
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
        if self.busy:
            return
        letters, request_id = self.services.letter_service, self.request.id
        method, on = self.delivery_method.currentText(), self.delivered_on.date().toPython()

        def record() -> list:
            letters.record_delivery(letter.id, method, on)
            return letters.letters(request_id)

        def recorded(letters: list) -> None:
            self._show_problems("")
            self._show_letters(letters)

        self._run(record, recorded, lambda exc: self._failed("无法登记送达", exc))

    def selected_letter(self):
        row = self.table.currentRow()
        return self.letters[row] if 0 <= row < len(self.letters) else None

    def export_selected(self, path: str | None = None) -> None:
        letter = self.selected_letter()
        if letter is None or self.busy:
            return
        path = path or file_dialogs.save_file(
            self, "导出文书", f"{letter.number}.pdf", "PDF 文件 (*.pdf)"
        )
        if not path:
            return
        letters, target = self.services.letter_service, Path(path)
        self._run(
            lambda: letters.export_letter(letter, target),
            lambda _path: None,
            lambda exc: self._failed("无法导出", exc),
        )

    def print_selected(self) -> None:
        """Write the frozen PDF in the background, then ask the system's print dialog."""
        letter = self.selected_letter()
        if letter is None or self.busy:
            return
        letters, path = self.services.letter_service, Path(self._folder.name) / "print.pdf"
        self._run(
            lambda: letters.export_letter(letter, path),
            self._print,
            lambda exc: self._failed("无法打印", exc),
        )

    def _print(self, path: Path) -> None:
        document = QPdfDocument(self)
        document.load(str(path))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if make_print_dialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            print_pdf(document, printer)
