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
from desktop_app.errors import UserError
from desktop_app.services.auto_backup import retention
from desktop_app.settings import Settings
from desktop_app.ui import file_dialogs
from desktop_app.ui.form_dialog import FormDialog


def choose_folder(parent: QWidget, start: str) -> str:
    return file_dialogs.existing_folder(parent, "选择自动备份位置", start)


class BackupSettingsDialog(FormDialog):
    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("自动备份设置")
        self.services = services
        self.settings = Settings.load(services.paths.settings_file)
        self.folder = QLineEdit(
            self.settings.backup_folder,
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
        kept = retention(self.settings)
        self.daily, self.weekly, self.monthly = (
            QSpinBox(minimum=0, maximum=366, value=value)
            for value in (kept.daily, kept.weekly, kept.monthly)
        )
        form = QFormLayout()
        form.addRow("备份位置：", self.with_error("backup_folder", row))
        form.addRow("保留每日备份（天）：", self.daily)
        form.addRow("保留每周备份（周）：", self.weekly)
        form.addRow("保留每月备份（月）：", self.monthly)
        self.finish(form)

    def browse(self) -> None:
        chosen = choose_folder(
            self, self.folder.text() or str(self.services.backups.default_folder())
        )
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        folder = self.folder.text().strip()
        if folder and not Path(folder).is_dir():
            self.show_problems(
                [
                    FieldProblem(
                        "backup_folder",
                        f"文件夹 {folder} 不存在或无法访问：请先连接该驱动器或另选文件夹",
                    )
                ]
            )
            return
        self.settings.backup_folder = folder
        self.settings.backups_daily = self.daily.value()
        self.settings.backups_weekly = self.weekly.value()
        self.settings.backups_monthly = self.monthly.value()
        try:
            self.settings.save(self.services.paths.settings_file)
        except UserError as exc:  # another window saved these settings meanwhile
            self.show_problems([FieldProblem("", str(exc))])
            return
        self.accept()
