"""The entry form: every catalog field, inline red messages under the offending fields, attachments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.agency import Agency
from desktop_app.domain.catalog import (
    DEFAULT_SCOPE,
    DISCLOSURE_FORMS,
    FIELD_LABELS,
    GENRES,
    PERIODS,
    Attachment,
    CatalogEntry,
    EntryDraft,
    FieldProblem,
    validate_draft,
)
from desktop_app.domain.classification import ClassNode
from desktop_app.domain.dates import parse_optional_date
from desktop_app.errors import ConcurrentEditError, UserError, ValidationError
from desktop_app.services.catalog import SavedEntry
from desktop_app.staged import write_problem
from desktop_app.ui import file_dialogs, tasks
from desktop_app.ui.conflict import ConflictPanel
from desktop_app.ui.date_field import DateField
from desktop_app.ui.form_dialog import FormDialog, with_checks
from desktop_app.ui.messages import open_file, show_error
from desktop_app.ui.plain_terms import SHA_256
from desktop_app.ui.screen_fit import fit_to_screen

_ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole


def choose_save_path(parent: QWidget, name: str) -> str:
    return file_dialogs.save_file(parent, "附件另存为", name)


def choose_files(parent: QWidget) -> list[str]:
    """Files picked in the system dialog (tests replace this function)."""
    files = file_dialogs.open_files(parent, "选择附件")
    return files


class EntryDialog(FormDialog):
    """New entry (entry=None) or edit; after accept(), `saved` holds the saved CatalogEntry."""

    def __init__(
        self,
        services,
        nodes: list[ClassNode],
        entry: CatalogEntry | None = None,
        node_id: int | None = None,
        parent: QWidget | None = None,
        publisher: str | None = None,
    ) -> None:
        """`publisher`: a new entry's 发布机构, the agency's name as the window read it (None:
        read here, in the background)."""
        super().__init__(parent)
        self._services, self._entry = services, entry
        self._publisher = publisher
        self.saved: CatalogEntry | None = None
        self.pending_files: list[Path] = []
        self.attachment_busy = False  # a stored attachment is being checked or copied
        self.setWindowTitle("编辑目录条目" if entry else "新增目录条目")
        self._build(nodes)
        self._fill(entry.draft() if entry else None, node_id)
        self.keep_drafts(services, "entry", entry.id if entry else None)
        fit_to_screen(self, 620, 720)

    # -- layout ------------------------------------------------------------------------------
    def _build(self, nodes: list[ClassNode]) -> None:
        self.index_no = QLabel(self._entry.index_no if self._entry else "保存后自动分配")
        self.title = QLineEdit()
        self.doc_number = QLineEdit(placeholderText="如：青应急〔2024〕12号")
        self.publisher = QLineEdit()
        self.generated_on = DateField()
        self.published_on = DateField()
        self.disclosure_form = QComboBox()
        self.disclosure_form.addItems(DISCLOSURE_FORMS)
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.period_end = DateField()
        self.scope = QLineEdit()
        self.node = QComboBox()
        self.node.addItem("（未分类）", None)
        for node in nodes:
            self.node.addItem(node.path, node.id)
        self.genre = QComboBox(editable=True)
        self.genre.addItems(("", *GENRES))
        self.keywords = QLineEdit(placeholderText="多个关键词用空格或逗号分隔")
        self.summary = QPlainTextEdit()
        self.summary.setFixedHeight(80)
        self.period.currentTextChanged.connect(self._period_changed)
        form = QFormLayout()
        rows = (
            ("index_no", self.index_no),
            ("title", self.title),
            ("doc_number", self.doc_number),
            ("publisher", self.publisher),
            ("generated_on", self.generated_on),
            ("published_on", self.published_on),
            ("disclosure_form", self.disclosure_form),
            ("period", self.period),
            ("period_end", self.period_end),
            ("scope", self.scope),
            ("node_path", self.node),
            ("genre", self.genre),
            ("keywords", self.keywords),
            ("summary", self.summary),
        )
        for name, widget in rows:
            form.addRow(f"{FIELD_LABELS[name]}：", self.with_error(name, widget))
        form.addRow("附件：", self._attachments_box())
        self.conflict = ConflictPanel(self.reload)
        self.finish(form, self.conflict, scroll=True)

    def _attachments_box(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.attachments = QListWidget()
        self.attachments.setFixedHeight(70)
        for attachment in self._entry.attachments if self._entry else ():
            item = QListWidgetItem(f"{attachment.filename}（SHA-256 {attachment.sha256[:12]}…）")
            item.setToolTip(f"SHA-256：{attachment.sha256}\n{SHA_256}")
            item.setData(_ATTACHMENT_ROLE, attachment)
            self.attachments.addItem(item)
        self.attachments.itemDoubleClicked.connect(lambda _item: self.open_attachment())
        buttons = QHBoxLayout()
        self._stored_buttons: list[QPushButton] = []  # wait while a stored file is checked
        for text, slot in (
            ("添加附件…", self.add_files),
            ("打开", self.open_attachment),
            ("另存为…", self.save_attachment_as),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            if slot != self.add_files:
                self._stored_buttons.append(button)
        buttons.addStretch(1)
        column.addWidget(self.attachments)
        column.addLayout(buttons)
        return box

    def _stored_attachment(self) -> Attachment | None:
        """The selected attachment if it is saved already (a file just added is not yet)."""
        item = self.attachments.currentItem()
        return item.data(_ATTACHMENT_ROLE) if item else None

    def open_attachment(self) -> None:
        if not self.attachment_busy and (attachment := self._stored_attachment()):
            catalog = self._services.entries
            self._in_background(
                lambda: catalog.verified_path(attachment), open_file, "无法打开附件"
            )

    def save_attachment_as(self) -> None:
        attachment = None if self.attachment_busy else self._stored_attachment()
        target = choose_save_path(self, attachment.filename) if attachment else ""
        if attachment and target:
            catalog = self._services.entries
            self._in_background(
                lambda: catalog.export_attachment(attachment, Path(target)),
                lambda _none: None,
                "无法导出附件",
                target,
            )

    def _in_background(
        self,
        work: Callable[[], Any],
        then: Callable[[Any], None],
        title: str,
        target: str = "",
    ) -> None:
        """Check a stored attachment against its SHA-256 (and copy it to `target`) off the UI
        thread: a large file takes seconds. Its buttons wait meanwhile."""
        self.attachment_busy = True
        for button in self._stored_buttons:
            button.setEnabled(False)

        def finished() -> None:
            self.attachment_busy = False
            for button in self._stored_buttons:
                button.setEnabled(True)

        def done(value: Any) -> None:
            finished()
            then(value)

        def failed(exc: BaseException) -> None:
            finished()
            if isinstance(exc, UserError):
                show_error(self, title, str(exc))
            elif isinstance(exc, OSError):
                show_error(self, title, write_problem(exc, target) if target else str(exc))
            else:
                raise exc

        tasks.run_in_background(self, work, done, failed)

    def _fill(self, draft: EntryDraft | None, node_id: int | None) -> None:
        if draft is None:
            self.scope.setText(DEFAULT_SCOPE)
            self._fill_publisher()
            self.node.setCurrentIndex(max(0, self.node.findData(node_id)))
            self._period_changed(self.period.currentText())
            return
        for name in ("title", "doc_number", "publisher", "scope", "keywords"):
            getattr(self, name).setText(getattr(draft, name))
        for name in ("generated_on", "published_on", "period_end"):
            value = getattr(draft, name)
            getattr(self, name).setText(value.isoformat() if value else "")
        self.disclosure_form.setCurrentText(draft.disclosure_form)
        self.period.setCurrentText(draft.period)
        self.node.setCurrentIndex(max(0, self.node.findData(draft.node_id)))
        self.genre.setCurrentText(draft.genre)
        self.summary.setPlainText(draft.summary)
        self._period_changed(draft.period)

    def _period_changed(self, period: str) -> None:
        limited = period == "限期公开"
        self.period_end.setEnabled(limited)
        if not limited:
            self.period_end.clear()

    def add_files(self) -> None:
        for name in choose_files(self):
            self.pending_files.append(Path(name))
            self.attachments.addItem(f"{Path(name).name}（保存时复制到数据文件夹）")

    # -- saving ------------------------------------------------------------------------------
    def draft(self) -> tuple[EntryDraft | None, list[FieldProblem]]:
        """The draft from the fields; or, when a date cannot be read, None and every problem
        of the form at once (the unreadable dates and whatever else the checks find)."""
        dates, problems = {}, []
        for name in ("generated_on", "published_on", "period_end"):
            try:
                dates[name] = parse_optional_date(getattr(self, name).text())
            except ValueError as exc:
                dates[name] = None
                problems.append(FieldProblem(name, str(exc)))
        draft = EntryDraft(
            title=self.title.text(),
            doc_number=self.doc_number.text(),
            publisher=self.publisher.text(),
            disclosure_form=self.disclosure_form.currentText(),
            period=self.period.currentText(),
            scope=self.scope.text(),
            node_id=self.node.currentData(),
            genre=self.genre.currentText(),
            keywords=self.keywords.text(),
            summary=self.summary.toPlainText(),
            index_no=self._entry.index_no if self._entry else "",
            **dates,
        )
        if problems:
            return None, with_checks(problems, validate_draft(draft.normalized()))
        return draft, []

    def save(self) -> None:
        """Save and close, off the UI thread (attachments are copied and hashed there too); on any
        problem show it next to its field and keep the dialog open."""
        draft, problems = self.draft()
        if draft is None:
            self.show_problems(problems)
            return
        stored, files = self._entry, list(self.pending_files)
        self.save_in_background(
            lambda waiting: self._services.entries.save_entry(draft, stored, files, waiting),
            self._saved,
            lambda exc: self._not_saved(exc, draft),
        )

    def _saved(self, result: SavedEntry) -> None:
        if result.attach_problem:
            show_error(
                self,
                "附件未保存",
                f"条目已保存（{result.entry.index_no}），但附件未能添加：{result.attach_problem}",
            )
        self.saved = result.entry
        self.accept()

    def _fill_publisher(self) -> None:
        if self._publisher is not None:
            self.publisher.setText(self._publisher)
            return
        self.publisher.setPlaceholderText("正在读取本机关名称…")

        def read(agency: Agency) -> None:
            self.publisher.setPlaceholderText("")
            if self.publisher.text():  # what the clerk typed meanwhile stays
                return
            self.publisher.setText(agency.name)
            if self._as_opened is not None:  # shown already: the name is how the form opened
                self._as_opened = {**self._as_opened, "publisher": agency.name}
                self._update_modified()

        tasks.run_in_background(
            self,
            self._services.settings.agency,
            read,
            lambda _exc: self.publisher.setPlaceholderText(""),
        )

    def _not_saved(self, exc: BaseException, draft: EntryDraft) -> None:
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, ConcurrentEditError):
            self.conflict.show_conflict(str(exc), self._typed(draft))
        elif isinstance(exc, UserError):
            self.show_problems([FieldProblem("", str(exc))])
        else:
            raise exc

    def _typed(self, draft: EntryDraft) -> list[tuple[str, str]]:
        fields = ("title", "doc_number", "publisher", "generated_on", "published_on", "keywords")
        typed = [(FIELD_LABELS[name], str(getattr(draft, name) or "")) for name in fields]
        return [*typed, (FIELD_LABELS["summary"], draft.summary)]

    def reload(self) -> None:
        """Show the entry as stored now (after someone else's save); the next save builds on it."""
        entries, entry_id = self._services.entries, self._entry.id

        def show(entry: CatalogEntry) -> None:
            self._entry = entry
            self._fill(entry.draft(), None)

        self.conflict.reload_from(lambda: entries.get(entry_id), show)

    def show_problems(self, problems: list[FieldProblem]) -> None:
        super().show_problems(problems)
        first = next((p.field for p in problems if p.field in self.errors), None)
        widget = getattr(self, first, None) if first and first != "node_path" else None
        if isinstance(widget, QWidget):
            widget.setFocus()
