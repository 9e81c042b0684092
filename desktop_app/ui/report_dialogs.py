"""The dialogs of the 年度报告 tab: new report, sign-off, import, PDF export (copy, revision, file,
optional PAdES signature) and the revision history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import report_format as rf
from desktop_app.domain.dates import parse_date
from desktop_app.services.report_layout import COPY_LABELS, Certificate
from desktop_app.services.reports import RevisionRecord
from desktop_app.ui import file_dialogs, tasks
from desktop_app.ui.date_field import DateField
from desktop_app.ui.font_settings import WARNING_STYLE
from desktop_app.ui.form_dialog import ERROR_STYLE, error_label, ok_cancel
from desktop_app.ui.plain_terms import PADES, PDF_A
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.text_table import fill_rows, text_table

FORMAT_LABELS = {rf.FORMAT_2021: "2021 年统一格式（含三张统计表）", rf.FORMAT_FREE: "自由格式"}


def choose_report_file(parent: QWidget) -> str:
    return file_dialogs.open_file(
        parent,
        "导入年度报告",
        "",
        "已发布的报告、报送交换文件或纯文本报告 (*.pdf *.docx *.html *.htm *.json *.txt);;"
        "所有文件 (*)",
    )


def choose_json_path(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(parent, "导出报送交换文件", suggested, "JSON 文件 (*.json)")


def ask_year(parent: QWidget, name: str) -> int | None:
    year, ok = QInputDialog.getInt(
        parent, "导入纯文本报告", f"{name} 是哪一年度的报告？", dt.date.today().year - 1, 2008, 2100
    )
    return year if ok else None


class NewReportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建年度报告")
        self.year = QSpinBox(minimum=2008, maximum=2100, value=dt.date.today().year - 1)
        self.format = QComboBox()
        for fmt, label in FORMAT_LABELS.items():
            self.format.addItem(label, fmt)
        form = QFormLayout(self)
        form.addRow("报告年度：", self.year)
        form.addRow("格式：", self.format)
        form.addRow(ok_cancel(self))


class SignDialog(QDialog):
    """签发人 always; a reason as well when the checker still reports errors. Warnings are
    mentioned, so that nobody signs a report with empty sections unawares."""

    def __init__(
        self,
        errors: int,
        warnings: int = 0,
        parent: QWidget | None = None,
        closing_date: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("签发年度报告")
        self.errors = errors
        self.signer = QLineEdit()
        # 成文日期: the date printed under the report; the signing date unless one was set before
        self.closing_date = DateField((closing_date or dt.date.today()).isoformat())
        self.closing_date.setReadOnly(closing_date is not None)
        self.date_error = error_label()
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("报告仍有错误时必须填写签发理由")
        self.catalog = QCheckBox("同时列入公开目录（政府信息公开年度报告）")
        box = ok_cancel(self)
        self.ok = box.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout(self)
        if errors:
            warning = QLabel(
                f"检查发现 {errors} 处错误。仍要签发，请填写理由（将随签发记录保存）。",
                wordWrap=True,
            )
            warning.setStyleSheet(ERROR_STYLE)
            form.addRow(warning)
        if warnings:
            form.addRow(
                QLabel(
                    f"另有 {warnings} 处提示（不影响签发），见报告下方的检查结果。", wordWrap=True
                )
            )
        form.addRow("签发人：", self.signer)
        form.addRow("成文日期：", self.closing_date)
        form.addRow("", self.date_error)
        form.addRow("签发理由：", self.reason)
        form.addRow(self.catalog)
        form.addRow(box)
        self.signer.textChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self.closing_date.textChanged.connect(self._update)
        self._update()

    def signed_on(self) -> dt.date | None:
        """The date typed, or None (with the reason shown under the field) when it is no date."""
        try:
            day = parse_date(self.closing_date.text())
        except ValueError as exc:
            self.date_error.setText(str(exc))
            self.date_error.setVisible(True)
            return None
        self.date_error.setVisible(False)
        return day

    def _update(self) -> None:
        reason_ok = not self.errors or bool(self.reason.toPlainText().strip())
        day_ok = self.signed_on() is not None
        self.ok.setEnabled(bool(self.signer.text().strip()) and reason_ok and day_ok)


@dataclass(frozen=True)
class ExportChoice:
    copy: str
    path: Path
    revision: int
    certificate: Certificate | None


def choose_pdf_path(parent: QWidget, suggested: str) -> str:
    return file_dialogs.save_file(parent, "导出 PDF", suggested, "PDF 文件 (*.pdf)")


def choose_certificate(parent: QWidget, start: str) -> str:
    return file_dialogs.open_file(
        parent, "选择数字证书", start, "PKCS#12 证书 (*.p12 *.pfx);;所有文件 (*)"
    )


class ExportDialog(QDialog):
    """Which copy, which revision, where, and whether to sign; `choice` after accept()."""

    def __init__(
        self,
        title: str,
        revisions: list[RevisionRecord],
        copy: str,
        revision: int,
        folder: str = "",
        certificate_file: str = "",
        parent: QWidget | None = None,
        font_notes: Callable[[], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出 PDF")
        self._title, self._folder = title, folder
        self.choice: ExportChoice | None = None
        self.copies = QButtonGroup(self)
        copies = QHBoxLayout()
        for copy_id, label in COPY_LABELS.items():
            button = QRadioButton(label, checked=copy_id == copy)
            button.setProperty("copy", copy_id)
            button.toggled.connect(lambda _on: self._suggest_path())
            self.copies.addButton(button)
            copies.addWidget(button)
        self.revision = QComboBox()
        for record in revisions:
            report = record.report
            self.revision.addItem(f"第 {report.revision} 版（{report.status}）", report.revision)
        self.revision.setCurrentIndex(max(0, self.revision.findData(revision)))
        self.revision.setEnabled(len(revisions) > 1)
        self.path = QLineEdit()
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        self.sign = QCheckBox("用数字证书签名（PAdES）", toolTip=PADES)
        self.certificate = QLineEdit(certificate_file, placeholderText="*.p12 或 *.pfx 文件")
        pick = QPushButton("选择…")
        pick.clicked.connect(self._pick_certificate)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.sign.toggled.connect(self._sign_toggled)
        self.errors = {"path": error_label(), "certificate": error_label()}
        form = QFormLayout(self)
        form.addRow("副本：", copies)
        form.addRow("版本：", self.revision)
        form.addRow("保存到：", _row(self.path, browse))
        form.addRow("", self.errors["path"])
        form.addRow("", self.sign)
        form.addRow("证书文件：", _row(self.certificate, pick))
        form.addRow("", self.errors["certificate"])
        form.addRow("证书密码：", self.password)
        terms = QLabel(
            "数字签名（PAdES）：在 PDF 里用本单位的证书签名，读者能看到签名人，"
            "签名后文件一经修改签名即失效；没有证书可以不签。"
            "网站公开版是 PDF/A-2b 格式：字体都嵌在文件里，多年后在任何电脑上打开都一样，签名后仍是这种格式。",
            wordWrap=True,
            toolTip=f"{PADES}\n\n{PDF_A}",
        )
        form.addRow("", terms)
        self.fonts = QLabel(wordWrap=True)
        # Several stand-ins make a long note: it scrolls rather than push 导出 off a small screen.
        self._fonts_area = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self._fonts_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fonts_area.setWidget(self.fonts)
        self._fonts_area.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        form.addRow("字体：", self._fonts_area)
        buttons = ok_cancel(self, "导出", self.accept_choice)
        self._export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.checking = False  # the chosen folder and certificate are being looked at
        form.addRow(buttons)
        self._form = form
        form.setRowVisible(self._fonts_area, font_notes is not None)
        if font_notes is not None:
            self.fonts.setText("正在检查本机字体……")
            tasks.run_in_background(self, font_notes, self.show_fonts, self._fonts_unknown)
        self._sign_toggled(False)
        self._suggest_path()
        self.setMinimumWidth(620)  # room for a report title in the file name

    def selected_copy(self) -> str:
        return self.copies.checkedButton().property("copy")

    def show_fonts(self, notes: list[str]) -> None:
        """What the export will print with: the proper faces, or each stand-in in plain words."""
        self._form.setRowVisible(self._fonts_area, True)
        self.fonts.setStyleSheet(WARNING_STYLE if notes else "")
        if not notes:
            self.fonts.setText("本机有规定的公文字体，导出的 PDF 使用这些字体。")
        else:
            self.fonts.setText(
                "\n".join(notes) + "\n如需规定的字体，可在 工具 → 字体设置 中选择本机的字体文件。"
            )
        wanted = self.fonts.heightForWidth(self._fonts_area.viewport().width())
        self._fonts_area.setMinimumHeight(min(wanted, self._fonts_area.maximumHeight()))
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _fonts_unknown(self, exc: BaseException) -> None:
        self.fonts.setText(
            f"无法检查本机字体（{exc}）；导出时会自动选用可用的字体，并在完成后说明。"
        )

    def _suggest_path(self) -> None:
        name = f"{self._title}（{COPY_LABELS[self.selected_copy()]}）.pdf"
        current = Path(self.path.text()) if self.path.text() else Path(self._folder or ".") / name
        self.path.setText(str(current.with_name(name)))

    def _browse(self) -> None:
        if path := choose_pdf_path(self, self.path.text()):
            self.path.setText(path)

    def _pick_certificate(self) -> None:
        if path := choose_certificate(self, self.certificate.text()):
            self.certificate.setText(path)

    def _sign_toggled(self, on: bool) -> None:
        for widget in (self.certificate, self.password):
            widget.setEnabled(on)

    def accept_choice(self) -> None:
        """Check the folder and the certificate off the UI thread (either may be on a network
        drive), then accept; 导出 waits meanwhile so a second click cannot check twice."""
        for label in self.errors.values():
            label.setVisible(False)
        text = self.path.text().strip()
        if not text:
            self._error("path", "请填写保存 PDF 的位置")
            return
        path = Path(text if text.lower().endswith(".pdf") else f"{text}.pdf")
        cert = Path(self.certificate.text().strip()) if self.sign.isChecked() else None
        self.checking = True
        self._export_button.setEnabled(False)
        tasks.run_in_background(
            self,
            lambda: _place_problems(path, cert),
            lambda problems: self._checked(problems, path, cert),
            lambda exc: self._checked({"path": f"无法访问 {path.parent}：{exc}"}, path, cert),
        )

    def _checked(self, problems: dict[str, str], path: Path, cert: Path | None) -> None:
        self.checking = False
        self._export_button.setEnabled(True)
        for field, message in problems.items():
            self._error(field, message)
        if problems:
            return
        certificate = Certificate(cert, self.password.text() or None) if cert else None
        revision = self.revision.currentData()
        self.choice = ExportChoice(self.selected_copy(), path, revision, certificate)
        self.accept()

    def _error(self, field: str, message: str) -> None:
        self.errors[field].setText(message)
        self.errors[field].setVisible(True)


def _place_problems(path: Path, cert: Path | None) -> dict[str, str]:
    """Field → what is wrong with the folder to save in and the certificate file, if anything."""
    problems = {}
    if not path.parent.is_dir():
        problems["path"] = f"文件夹 {path.parent} 不存在，请另选位置"
    if cert is not None and not cert.is_file():
        problems["certificate"] = "请选择证书文件（.p12 或 .pfx），或取消“数字签名”"
    return problems


class HistoryDialog(QDialog):
    """Every revision of a year's report with its sign-off and exported PDFs; re-export any one."""

    HEADERS = ("版本", "状态", "签发人", "签发日期", "核验", "内容校验值（SHA-256）")

    def __init__(self, records: list[RevisionRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("版本记录")
        self.records = records
        self.export_revision: int | None = None
        self.table = text_table(self.HEADERS)
        fill_rows(self.table, [_revision_row(r) for r in records])
        self.table.itemSelectionChanged.connect(self._show_pdfs)
        self.pdfs = text_table(("副本", "文件", "SHA-256"))
        export = QPushButton("导出此版本…")
        export.clicked.connect(self._export)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(export)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("已签发的版本只读，重新打开后仍可查看和重新导出："))
        layout.addWidget(self.table, 2)
        layout.addWidget(QLabel("从所选版本导出的 PDF："))
        layout.addWidget(self.pdfs, 1)
        layout.addLayout(buttons)
        self.table.selectRow(len(records) - 1)
        fit_to_screen(self, 820, 480)

    def selected(self) -> RevisionRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def _show_pdfs(self) -> None:
        record = self.selected()
        rows = [(COPY_LABELS[c], p, h) for c, p, h in record.pdfs] if record else []
        fill_rows(self.pdfs, rows)

    def _export(self) -> None:
        if record := self.selected():
            self.export_revision = record.report.revision
            self.accept()


def _revision_row(record: RevisionRecord) -> tuple[str, ...]:
    report, sign_off = record.report, record.report.sign_off
    return (
        f"第 {report.revision} 版",
        report.status,
        sign_off.signer if sign_off else "",
        str(sign_off.signed_on) if sign_off else "",
        record.integrity.message if sign_off else "",
        sign_off.content_hash if sign_off else "",
    )


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return box
