"""The frame shared by the record forms: red messages under the offending field, 保存/取消."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.catalog import FieldProblem

ERROR_STYLE = "color: #c62828;"


def ok_cancel(
    dialog: QDialog, ok_text: str = "确定", on_ok=None, cancel_text: str = "取消"
) -> QDialogButtonBox:
    """The confirm and cancel buttons of a dialog; confirm runs `on_ok` (default: accept)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def with_checks(unreadable: list[FieldProblem], checked: list[FieldProblem]) -> list[FieldProblem]:
    """Fields that could not be read, then what the checks found in the other fields."""
    fields = {problem.field for problem in unreadable}
    return unreadable + [problem for problem in checked if problem.field not in fields]


def error_label() -> QLabel:
    """A hidden red label that wraps; shown when it gets a message."""
    return QLabel(styleSheet=ERROR_STYLE, wordWrap=True, visible=False)


class FormDialog(QDialog):
    """Subclasses put each input through `with_error`, call `finish(form, …)` and implement `save`.

    `show_problems` puts every problem under the field it names; a problem naming no field of
    the form goes below the form, with the field's name in front.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors: dict[str, QLabel] = {}
        self.general_error = error_label()

    def with_error(self, name: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[name] = error_label()
        column.addWidget(self.errors[name])
        column.addStretch(1)  # spare height goes below, keeping the field level with its label
        return box

    def finish(
        self, form: QFormLayout, *below: QWidget, ok_text: str = "保存", cancel_text: str = "取消"
    ) -> None:
        """Lay out the form, any widgets below it, the general message and 保存/取消."""
        buttons = ok_cancel(self, ok_text, self.save, cancel_text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in below:
            layout.addWidget(widget)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def save(self) -> None:
        raise NotImplementedError

    def error_field(self, problem: FieldProblem) -> str:
        """The form field whose label shows the problem; forms that group fields override it."""
        return problem.field

    def show_problems(self, problems: list[FieldProblem]) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear()
            label.setVisible(False)
        for problem in problems:
            field = self.error_field(problem)
            label = self.errors.get(field, self.general_error)
            if label is self.general_error:
                text = str(problem).lstrip("：")
            elif field != problem.field:
                text = f"{problem.field}：{problem.message}"
            else:
                text = problem.message
            label.setText("\n".join(filter(None, (label.text(), text))))
            label.setVisible(True)
