"""帮助 → 关于: the version, the agency, where the data, logs and settings are; open or copy them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app import __version__
from desktop_app.domain.agency import Agency
from desktop_app.logs import LOG_FILENAME
from desktop_app.ui.messages import open_file


class AboutDialog(QDialog):
    def __init__(self, services, agency: Agency | None, parent: QWidget | None = None) -> None:
        """`agency`: as the main window read it when it opened (None: not read yet)."""
        super().__init__(parent)
        self.setWindowTitle("关于政府信息公开工作台")
        paths = services.paths
        self.facts = (
            ("版本", __version__),
            ("机关", f"{agency.name}（{agency.code}）" if agency else "正在读取…"),
            ("数据库", services.database_location),
            ("数据文件夹", str(paths.data_dir)),
            ("日志文件", str(paths.log_dir / LOG_FILENAME)),
            ("设置文件", str(paths.settings_file)),
        )
        form = QFormLayout(self)
        form.addRow(QLabel("<b>政府信息公开工作台</b>"))
        for label, value in self.facts:
            text = QLabel(value, wordWrap=True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}：", text)
        open_folder = QPushButton("打开数据文件夹")
        open_folder.clicked.connect(lambda: open_file(paths.data_dir))
        copy = QPushButton("复制以上信息")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text()))
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (open_folder, copy, close):
            row.addWidget(button)
        form.addRow(row)
        self.resize(640, 0)

    def text(self) -> str:
        """What a user pastes into a message to whoever helps them."""
        return "\n".join(f"{label}：{value}" for label, value in self.facts)
