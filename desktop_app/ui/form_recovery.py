"""At start-up: offer the form drafts a crash left (ui/recovery.py) and reopen the forms chosen.

Each recovered form opens as the user would open it (for the same record, or a new one) and its
draft fills the changed fields back in; the user then saves it or not, as with any typing. What a
form needs from the database is read in the background first; the next draft is offered once the
form before it has closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog

from desktop_app.errors import UserError
from desktop_app.ui import tasks
from desktop_app.ui.entry_form import EntryDialog
from desktop_app.ui.messages import ask_to_recover, show_error
from desktop_app.ui.recovery import FormDraft, FormDrafts


def offer_form_drafts(window) -> None:
    """Ask 恢复 / 丢弃 for each draft; closing the question keeps the draft for next time."""
    services = window.services
    drafts = FormDrafts(services.paths.data_dir, services.database_url)
    tasks.run_in_background(
        window,
        drafts.all,
        lambda left: _offer(window, drafts, left),
        lambda exc: show_error(window, "无法读取未保存的表单", str(exc)),
    )


def _offer(window, drafts: FormDrafts, left: list[FormDraft]) -> None:
    while left:
        draft = left.pop(0)
        answer = ask_to_recover(window, _question(draft))
        if answer is False:
            drafts.clear(draft.kind, draft.record_id)
        elif answer:
            _reopen(window, drafts, draft, lambda: _offer(window, drafts, left))
            return


def _question(draft: FormDraft) -> str:
    hint = f"（“{draft.hint()}”）" if draft.hint() else ""
    return (
        f"上次程序意外关闭前，“{draft.title}”中有未保存的内容{hint}。\n"
        "恢复：重新打开这个表单并填回这些内容，核对后再保存；丢弃：不再保留这些内容。"
    )


def _reopen(window, drafts: FormDrafts, draft: FormDraft, then: Callable[[], None]) -> None:
    """Open the draft's form, then go on with `then`; a record that went away or can no longer
    be edited is said, and its draft dropped."""
    services, record_id = window.services, draft.record_id
    if draft.kind == "entry":
        read, show = _entry_reading(services, record_id), lambda data: _open_entry(window, *data)
    elif draft.kind == "appeal":
        read, show = _appeal_reading(services, record_id), lambda data: _open_appeal(window, data)
    elif draft.kind == "letters" and record_id is not None:
        read, show = (lambda: services.register.get(record_id)), lambda r: _open_letters(window, r)
    else:  # the register reads what its forms need itself
        if draft.kind == "request":
            window.tabs.setCurrentWidget(window.register_view)
            window.register_view.open_form(record_id)
        elif draft.kind == "letter-settings":
            window.tabs.setCurrentWidget(window.register_view)
            window.register_view.open_letter_settings()
        then()
        return

    def shown(data: Any) -> None:
        try:
            show(data)
        except UserError as exc:
            failed(exc)
            return
        then()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, UserError):  # gone or no longer editable: the draft cannot come back
            drafts.clear(draft.kind, draft.record_id)
        show_error(window, "无法恢复", f"“{draft.title}”的内容无法恢复：{exc}")
        then()

    tasks.run_in_background(window, read, shown, failed)


def _entry_reading(services, entry_id: int | None) -> Callable[[], tuple]:
    entries, classification = services.entries, services.categories
    return lambda: (
        entries.get(entry_id) if entry_id is not None else None,
        classification.nodes(),
    )


def _appeal_reading(services, appeal_id: int | None) -> Callable[[], Any]:
    register = services.register
    return lambda: register.appeal(appeal_id) if appeal_id is not None else None


def _open_entry(window, entry, nodes) -> None:
    if entry is not None and entry.withdrawn:
        raise UserError(f"该条目已于 {entry.validity_date} {entry.validity}，不能再修改")
    publisher = window.agency.name if window.agency else None
    dialog = EntryDialog(window.services, nodes, entry=entry, parent=window, publisher=publisher)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
        window.show_saved_entry(dialog.saved, f"已保存：{dialog.saved.index_no}")


def _open_appeal(window, appeal) -> None:
    window.tabs.setCurrentWidget(window.appeals)
    window.appeals.open_form(appeal)


def _open_letters(window, request) -> None:
    """The 文书 dialog of the request the letter was drafted for."""
    from desktop_app.ui.letters_dialog import LettersDialog  # noqa: PLC0415 - loads QtPdf

    view = window.register_view
    window.tabs.setCurrentWidget(view)
    dialog = LettersDialog(window.services, request, window)
    dialog.issued.connect(lambda _letter: (view.reload(), view.changed.emit()))
    dialog.exec()
