"""设置 → 自动备份…: where automatic backups go (a second drive, a network folder) and how many
daily, weekly and monthly ones rotation keeps."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop_app.domain.catalog import FieldProblem
from desktop_app.errors import UserError, ValidationError
from desktop_app.services.auto_backup import retention
from desktop_app.settings import Settings
from desktop_app.ui import file_dialogs
from desktop_app.ui.form_dialog import FormDialog


def choose_folder(parent: QWidget, start: str) -> str:
    return file_dialogs.existing_folder(parent, "选择自动备份位置", start)


class BackupSettingsDialog(FormDialog):
    """The settings file is read, and a chosen folder checked (a network drive may take seconds
    to answer), in the background."""

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("自动备份设置")
        self.services = services
        self.settings: Settings | None = None  # once read
        self.folder = QLineEdit(
            placeholderText=f"默认：{services.backups.default_folder()}",
            clearButtonEnabled=True,
        )
        browse = QPushButton("选择…")
        browse.clicked.connect(self.browse)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.folder, 1)
        line.addWidget(browse)
        self.daily, self.weekly, self.monthly = (
            QSpinBox(minimum=0, maximum=366) for _count in range(3)
        )
        form = QFormLayout()
        form.addRow("备份位置：", self.with_error("backup_folder", row))
        form.addRow("保留每日备份（天）：", self.daily)
        form.addRow("保留每周备份（周）：", self.weekly)
        form.addRow("保留每月备份（月）：", self.monthly)
        self.finish(form)
        settings_file = services.paths.settings_file
        self.read_then_fill(lambda: Settings.load(settings_file), self._fill, "正在读取备份设置…")

    def _fill(self, settings: Settings) -> None:
        self.settings = settings
        self.folder.setText(settings.backup_folder)
        kept = retention(settings)
        for box, value in zip(
            (self.daily, self.weekly, self.monthly),
            (kept.daily, kept.weekly, kept.monthly),
            strict=True,
        ):
            box.setValue(value)

    def browse(self) -> None:
        chosen = choose_folder(
            self, self.folder.text() or str(self.services.backups.default_folder())
        )
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        settings, settings_file = self.settings, self.services.paths.settings_file
        if settings is None:  # still reading
            return
        folder = self.folder.text().strip()
        settings.backup_folder = folder
        settings.backups_daily = self.daily.value()
        settings.backups_weekly = self.weekly.value()
        settings.backups_monthly = self.monthly.value()

        def write() -> None:
            if folder and not Path(folder).is_dir():
                problem = f"文件夹 {folder} 不存在或无法访问：请先连接该驱动器或另选文件夹"
                raise ValidationError([FieldProblem("backup_folder", problem)])
            settings.save(settings_file)

        self.save_in_background(lambda waiting: write(), lambda _none: self.accept(), self._refused)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, UserError):  # another window saved these settings meanwhile
            self.show_problems([FieldProblem("", str(exc))])
        else:
            raise exc
