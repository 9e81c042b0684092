"""The 字体设置 dialog: per role (标题, 正文, …) the font the PDF export will use now, with the note
when it fell back; the user can pick a TrueType file or go back to automatic. 确定 saves, 取消 not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import UserError
from desktop_app.services import fonts as font_service
from desktop_app.ui import file_dialogs, tasks
from desktop_app.ui.form_dialog import ERROR_STYLE, ok_cancel
from desktop_app.ui.messages import show_error
from desktop_app.ui.screen_fit import fit_to_screen

WARNING_STYLE = "color: #8a5a00;"  # a fallback is allowed, but not the proper face
FONT_FILTER = "字体文件 (*.ttf *.ttc *.otf)"
SAMPLE_TEXT = "政府信息公开工作年度报告"
HINT = (
    "PDF 导出按角色选用字体：此处选择的字体文件优先，其次是 Windows 系统字体、本机安装的字体，"
    "最后是程序内置的开源字体。只能使用 TrueType 字体（.ttf，或含 TrueType 轮廓的 .ttc）。"
)
_families: dict[str, str] = {}  # font file → family Qt registered it as ("" when Qt cannot read it)


def choose_font_file(parent: QWidget, title: str) -> str:
    return file_dialogs.open_file(parent, title, "", FONT_FILTER)


def sample_family(path: Path) -> str:
    """The Qt family of a font file, registered with Qt once per process, so the sample can show it.
    Reads the whole file (10–20 MB for a Chinese face): call it in the background, as Qt 6's
    font database allows from any thread."""
    key = str(path)
    if key not in _families:
        font_id = QFontDatabase.addApplicationFont(key)
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _families[key] = families[0] if families else ""
    return _families[key]


class _Row:
    """The widgets of one role: font name, sample, buttons, and a note line under them."""

    def __init__(self, grid: QGridLayout, line: int, role: str, name: str) -> None:
        self.role = role
        self.font = QLabel("正在查找…")
        self.sample = QLabel(SAMPLE_TEXT)
        self.choose = QPushButton("选择字体文件…")
        self.reset = QPushButton("恢复自动")
        self.note = QLabel(wordWrap=True, visible=False)
        for column, widget in enumerate((QLabel(name), self.font, self.sample, self.choose)):
            grid.addWidget(widget, line, column)
        grid.addWidget(self.reset, line, 4)
        grid.addWidget(self.note, line + 1, 1, 1, 4)

    def show_note(self, text: str, style: str) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(style)
        self.note.setVisible(bool(text))


class FontSettingsDialog(QDialog):
    """`fonts` holds the pending choices (role → file); they reach the settings file on 确定 only."""

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.fonts: dict[str, str] = {}  # read from the settings file with the first resolve
        self.statuses: dict[str, font_service.RoleStatus] = {}
        self.resolving = False
        self.loaded = False  # until the settings are read, nothing can be chosen or saved
        self._generation = 0  # a newer resolve makes older results stale
        self.setWindowTitle("字体设置")
        self._build()
        self._set_enabled(False)
        self.refresh()
        fit_to_screen(self, 980, 420)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(HINT, wordWrap=True))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.rows: dict[str, _Row] = {}
        for i, (role, name) in enumerate(font_service.role_names().items()):
            row = _Row(grid, 2 * i, role, name)
            row.choose.clicked.connect(lambda _=False, r=role: self.choose(r))
            row.reset.clicked.connect(lambda _=False, r=role: self.reset(r))
            self.rows[role] = row
        layout.addLayout(grid)
        layout.addStretch(1)
        buttons = ok_cancel(self)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)

    @property
    def busy(self) -> bool:
        """Reading the settings, resolving, checking a chosen file or saving."""
        return self.resolving or not self._ok.isEnabled()

    def _set_enabled(self, on: bool) -> None:
        """The choices and 确定, off while the settings are read, a file checked or saved."""
        for row in self.rows.values():
            row.choose.setEnabled(on)
            row.reset.setEnabled(on and row.role in self.fonts)
        self._ok.setEnabled(on)

    # -- resolving -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Resolve every role off the UI thread (fc-list and font files take a few hundred ms);
        the first time, the choices saved in the settings file are read there too."""
        self._generation += 1
        generation, user, services = self._generation, dict(self.fonts), self._services
        first = not self.loaded
        self.resolving = True
        for row in self.rows.values():
            row.font.setText("正在查找…")

        def resolve() -> tuple[dict[str, str], list, dict[str, str]]:
            chosen = font_service.load_fonts(services) if first else user
            statuses = font_service.resolved_roles(chosen)
            return chosen, statuses, {s.role: sample_family(s.path) for s in statuses}

        tasks.run_in_background(
            self,
            resolve,
            lambda found: self._resolved(generation, *found),
            lambda exc: self._failed(generation, exc),
        )

    def _resolved(
        self, generation: int, fonts: dict[str, str], statuses: list, families: dict[str, str]
    ) -> None:
        if generation != self._generation:
            return
        self.resolving = False
        self.fonts, self.loaded = fonts, True
        self.statuses = {s.role: s for s in statuses}
        for status in statuses:
            self._show(self.rows[status.role], status, families[status.role])
        self._set_enabled(True)

    def _show(self, row: _Row, status: font_service.RoleStatus, family: str) -> None:
        source = "（已选择）" if status.from_settings else ""
        row.font.setText(f"{status.label}{source}")
        row.font.setToolTip(str(status.path))
        if family:
            row.sample.setFont(QFont(family, 14))
        row.show_note(status.fallback, WARNING_STYLE)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.resolving = False
            show_error(self, "字体设置", f"无法查找本机字体：{exc}")

    # -- actions -------------------------------------------------------------------------------
    def choose(self, role: str) -> None:
        name = font_service.role_names()[role]
        path = choose_font_file(self, f"选择{name}的字体文件")
        if not path:
            return
        self._set_enabled(False)
        tasks.run_in_background(
            self,
            lambda: font_service.check_font_file(role, path),
            lambda checked: self._chosen(role, checked),
            lambda exc: self._not_chosen(role, exc),
        )

    def _chosen(self, role: str, checked: Path) -> None:
        self.fonts[role] = str(checked)
        self.refresh()

    def _not_chosen(self, role: str, exc: BaseException) -> None:
        """Said next to the role; the previous choice stays."""
        self._set_enabled(True)
        reason = str(exc) if isinstance(exc, UserError | OSError) else f"无法读取该文件（{exc}）"
        self.rows[role].show_note(f"{reason}。未保存。", ERROR_STYLE)

    def reset(self, role: str) -> None:
        self.fonts.pop(role, None)
        self.refresh()

    def accept(self) -> None:
        """Saves off the UI thread; the dialog closes once the choices are in the file."""
        services, fonts = self._services, dict(self.fonts)
        self._set_enabled(False)
        tasks.run_in_background(
            self, lambda: font_service.save_fonts(services, fonts), self._saved, self._not_saved
        )

    def _saved(self, _none: None) -> None:
        self._set_enabled(True)
        super().accept()

    def _not_saved(self, exc: BaseException) -> None:
        self._set_enabled(True)
        show_error(self, "字体设置", f"无法保存设置：{exc}")

    def done(self, result: int) -> None:
        self._generation += 1  # a resolve still running must not touch a closed dialog
        super().done(result)
