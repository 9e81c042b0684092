"""设置 → 文书设置: the office's short name, 文号 pattern, 复议机关, whether a fee's payment period
stops the answer clock, and its letter templates.

A saved template is a new version: letters already issued keep the text they were made with.
"""

from __future__ import annotations

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


class LetterSettingsDialog(FormDialog):
    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.agency_id = services.letter_service.agency_id()
        self.setWindowTitle("文书设置")
        self.resize(760, 620)
        self.short_name = QLineEdit(placeholderText="不填则用机关全称")
        self.pattern = QLineEdit()
        self.review_body = QLineEdit(placeholderText="如 某某县人民政府")
        self.payment_clock = QComboBox()
        for stops, text in PAYMENT_CLOCK.items():
            self.payment_clock.addItem(text, stops)
        self._fill_settings()
        self.payment_clock.setToolTip(
            "法规未明确缴费期间是否计入答复期限，由本单位决定；改变后台账中的答复期限随即重算"
        )
        self.template_key = QComboBox()
        self.template_key.addItems(template_keys())
        self.template_key.currentTextChanged.connect(self._load_template)
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
        self._load_template(self.template_key.currentText())
        self.keep_drafts(services, "letter-settings", self.agency_id)

    def _fill_settings(self) -> None:
        self.current = self.services.letter_service.settings(self.agency_id)
        self.short_name.setText(self.current.short_name)
        self.pattern.setText(self.current.number_pattern)
        self.review_body.setText(self.current.review_body)
        self.payment_clock.setCurrentIndex(
            self.payment_clock.findData(self.current.payment_stops_clock)
        )

    def _load_template(self, key: str) -> None:
        version, text = self.services.letter_service.template(self.agency_id, key)
        self.loaded_text, self.loaded_version = text, version
        self.template.setPlainText(text)
        self.version.setText("默认文本（未修改）" if version == 0 else f"本单位第 {version} 版")

    def reload(self) -> None:
        """Show what another window saved meanwhile; the typed text stays in the panel to copy."""
        self._fill_settings()
        self._load_template(self.template_key.currentText())
        self.conflict.reloaded()

    def _edited_template(self) -> TemplateEdit | None:
        key, text = self.template_key.currentText(), self.template.toPlainText()
        if text.strip() in (self.loaded_text.strip(), default_template(key)):
            return None
        return TemplateEdit(key, text, self.loaded_version)

    def save(self) -> None:
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
