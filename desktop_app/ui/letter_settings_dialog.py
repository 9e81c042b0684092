"""设置 → 文书设置: the office's short name, 文号 pattern, 复议机关, whether a fee's payment period
stops the answer clock, and its letter templates.

A saved template is a new version: letters already issued keep the text they were made with.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop_app.domain.letter_records import PAYMENT_CLOCK, LetterSettings, TemplateEdit
from desktop_app.domain.letter_texts import FACT_NAMES, default_template, template_keys
from desktop_app.errors import ConcurrentEditError, ValidationError
from desktop_app.ui.conflict import ConflictPanel
from desktop_app.ui.form_dialog import FormDialog


@dataclass(frozen=True)
class StoredSettings:
    """What the dialog shows, read in one go: switching templates then reads nothing."""

    agency_id: int
    settings: LetterSettings
    templates: dict[str, tuple[int, str]]  # key → (version, text)


def read_settings(letters) -> StoredSettings:
    """In the background: the agency's letter settings and every template as stored now."""
    agency_id = letters.agency_id()
    templates = {key: letters.template(agency_id, key) for key in template_keys()}
    return StoredSettings(agency_id, letters.settings(agency_id), templates)


class LetterSettingsDialog(FormDialog):
    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.agency_id: int | None = None  # with the rest, once read
        self.stored: StoredSettings | None = None
        self.setWindowTitle("文书设置")
        self.resize(760, 620)
        self.short_name = QLineEdit(placeholderText="不填则用机关全称")
        self.pattern = QLineEdit()
        self.review_body = QLineEdit(placeholderText="如 某某县人民政府")
        self.payment_clock = QComboBox()
        for stops, text in PAYMENT_CLOCK.items():
            self.payment_clock.addItem(text, stops)
        self.payment_clock.setToolTip(
            "法规未明确缴费期间是否计入答复期限，由本单位决定；改变后台账中的答复期限随即重算"
        )
        self.template_key = QComboBox()
        self.template_key.addItems(template_keys())
        self.template_key.currentTextChanged.connect(self._show_template)
        self.template = QPlainTextEdit()
        self.version = QLabel()
        self.loaded_text, self.loaded_version = "", 0
        form = QFormLayout()
        form.addRow("机关简称", self.with_error("机关简称", self.short_name))
        form.addRow("文号格式", self.with_error("文号格式", self.pattern))
        form.addRow("复议机关", self.with_error("复议机关", self.review_body))
        form.addRow("缴费期间", self.payment_clock)
        form.addRow("文书模板", self.template_key)
        form.addRow("", self.version)
        form.addRow("模板正文", self.with_error("文书模板", self.template))
        hint = QLabel(
            "文号格式可用 {简称}、{年}、{序号}。模板每行一段，可用占位符："
            + "、".join(f"{{{name}}}" for name in FACT_NAMES if name != "依据")
            + " 及该文书的可编辑部分；{依据}（法律依据）必须保留，救济告知由程序生成。",
            wordWrap=True,
        )
        self.conflict = ConflictPanel(self.reload)
        self.finish(form, hint, self.conflict)
        letters = services.letter_service
        self.read_then_fill(lambda: read_settings(letters), self._fill, "正在读取文书设置…")

    def _fill(self, stored: StoredSettings) -> None:
        if self.agency_id is None:  # first read: the draft file is named by the agency
            self.keep_drafts(self.services, "letter-settings", stored.agency_id)
        self.agency_id, self.stored, self.current = stored.agency_id, stored, stored.settings
        self.short_name.setText(self.current.short_name)
        self.pattern.setText(self.current.number_pattern)
        self.review_body.setText(self.current.review_body)
        self.payment_clock.setCurrentIndex(
            self.payment_clock.findData(self.current.payment_stops_clock)
        )
        self._show_template(self.template_key.currentText())

    def _show_template(self, key: str) -> None:
        if self.stored is None:
            return
        version, text = self.stored.templates[key]
        self.loaded_text, self.loaded_version = text, version
        self.template.setPlainText(text)
        self.version.setText("默认文本（未修改）" if version == 0 else f"本单位第 {version} 版")

    def reload(self) -> None:
        """Show what another window saved meanwhile; the typed text stays in the panel to copy."""
        letters = self.services.letter_service
        self.conflict.reload_from(lambda: read_settings(letters), self._fill)

    def _edited_template(self) -> TemplateEdit | None:
        key, text = self.template_key.currentText(), self.template.toPlainText()
        if text.strip() in (self.loaded_text.strip(), default_template(key)):
            return None
        return TemplateEdit(key, text, self.loaded_version)

    def save(self) -> None:
        if self.stored is None:  # still reading, or the read failed: nothing to build on
            return
        settings = LetterSettings(
            self.short_name.text(),
            self.pattern.text(),
            self.review_body.text(),
            self.payment_clock.currentData(),
        )
        template, loaded_version = self._edited_template(), self.current.version
        agency_id, settings_service = self.agency_id, self.services.settings
        self.save_in_background(
            lambda waiting: settings_service.save_letter_settings(
                agency_id, settings, loaded_version, template, waiting
            ),
            lambda _saved: self.accept(),
            lambda exc: self._not_saved(exc, settings),
        )

    def _not_saved(self, exc: BaseException, settings: LetterSettings) -> None:
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, ConcurrentEditError):
            typed = [
                ("机关简称", settings.short_name),
                ("文号格式", settings.number_pattern),
                ("复议机关", settings.review_body),
                ("模板正文", self.template.toPlainText()),
            ]
            self.conflict.show_conflict(str(exc), typed)
        else:
            raise exc
