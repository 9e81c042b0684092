"""The live list of failed rules of the annual report; clicking one asks to show what it concerns.

A finding that names cells goes to its first cell; a text rule to its section in the outline;
a table rule without cells (表格-0: tables still empty) to the tables; anything else to the text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app.domain.report_checks import ERROR, Finding
from desktop_app.ui.plain_terms import rule_explanation

ERROR_COLOUR = QColor("#c62828")
WARNING_COLOUR = QColor("#8a5a00")
WARNING_BACKGROUND = QColor("#fff4d6")
_FINDING_ROLE = Qt.ItemDataRole.UserRole
# Rule ids start with the table they check (二-1, 三-4, 四-1) or the kind of data (表格-0, 台账-1).
_TABLE_RULES = ("二", "三", "四", "表格", "台账")


class FindingsPanel(QWidget):
    """Clicking a finding emits one of: `cell_requested(key)`, `section_requested(path)`
    (path () = the outline's first section) or `table_requested(table)` ("" = the first table)."""

    cell_requested = Signal(object)
    section_requested = Signal(object)
    table_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("检查结果")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.findings = list(findings)
        self.list.clear()
        errors = sum(1 for f in findings if f.severity == ERROR)
        warnings = len(findings) - errors
        if not findings:
            self.summary.setText("检查结果：未发现问题")
        else:
            self.summary.setText(
                f"检查结果：{errors} 处错误，{warnings} 处提示（点击定位到相关单元格或章节；"
                "鼠标停在一条上可看它检查的是什么）"
            )
        for finding in findings:
            label = "错误" if finding.severity == ERROR else "提示"
            item = QListWidgetItem(f"[{finding.rule}] {label}：{finding.message}")
            if explanation := rule_explanation(finding.rule):
                item.setToolTip(f"规则 {finding.rule}：{explanation}")
            item.setData(_FINDING_ROLE, finding)
            if finding.severity == ERROR:
                item.setForeground(QBrush(ERROR_COLOUR))
            else:
                item.setForeground(QBrush(WARNING_COLOUR))
                item.setBackground(QBrush(WARNING_BACKGROUND))
            self.list.addItem(item)

    def rules(self) -> list[str]:
        return [f.rule for f in self.findings]

    def _clicked(self, item: QListWidgetItem) -> None:
        finding: Finding = item.data(_FINDING_ROLE)
        area = finding.rule.split("-")[0]
        if finding.cells:
            self.cell_requested.emit(finding.cells[0])
        elif finding.section is not None:
            self.section_requested.emit(finding.section)
        elif area in _TABLE_RULES:
            self.table_requested.emit(area if area in _TABLE_RULES[:3] else "")
        else:
            self.section_requested.emit(())
