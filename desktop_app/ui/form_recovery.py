"""At start-up: offer the form drafts a crash left (ui/recovery.py) and reopen the forms chosen.

Each recovered form opens as the user would open it (for the same record, or a new one) and its
draft fills the changed fields back in; the user then saves it or not, as with any typing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from desktop_app.errors import UserError
from desktop_app.ui.entry_form import EntryDialog
from desktop_app.ui.messages import ask_to_recover, show_error
from desktop_app.ui.recovery import FormDraft, FormDrafts


def offer_form_drafts(window) -> None:
    """Ask 恢复 / 丢弃 for each draft; closing the question keeps the draft for next time."""
    services = window.services
    drafts = FormDrafts(services.paths.data_dir, services.db.url)
    for draft in drafts.all():
        answer = ask_to_recover(window, _question(draft))
        if answer is False:
            drafts.clear(draft.kind, draft.record_id)
        elif answer:
            try:
                _reopen(window, draft)
            except UserError as exc:  # the record went away or can no longer be edited
                drafts.clear(draft.kind, draft.record_id)
                show_error(window, "无法恢复", f"“{draft.title}”的内容无法恢复：{exc}")


def _question(draft: FormDraft) -> str:
    hint = f"（“{draft.hint()}”）" if draft.hint() else ""
    return (
        f"上次程序意外关闭前，“{draft.title}”中有未保存的内容{hint}。\n"
        "恢复：重新打开这个表单并填回这些内容，核对后再保存；丢弃：不再保留这些内容。"
    )


def _reopen(window, draft: FormDraft) -> None:
    services, record_id = window.services, draft.record_id
    if draft.kind == "entry":
        _reopen_entry(window, record_id)
    elif draft.kind == "request":
        window.tabs.setCurrentWidget(window.register_view)
        window.register_view.open_form(record_id)
    elif draft.kind == "appeal":
        view = window.appeals
        window.tabs.setCurrentWidget(view)
        appeals = {appeal.id: appeal for appeal in services.requests.appeals()}
        if record_id is not None and record_id not in appeals:
            raise UserError("这条复议/诉讼记录已不存在")
        view.open_form(appeals.get(record_id) if record_id is not None else None)
    elif draft.kind == "letter-settings":
        window.tabs.setCurrentWidget(window.register_view)
        window.register_view.open_letter_settings()
    elif draft.kind == "letters" and record_id is not None:
        _reopen_letters(window, record_id)


def _reopen_entry(window, entry_id: int | None) -> None:
    services = window.services
    entry = services.catalog.get(entry_id) if entry_id is not None else None
    if entry is not None and entry.withdrawn:
        raise UserError(f"该条目已于 {entry.validity_date} {entry.validity}，不能再修改")
    dialog = EntryDialog(services, services.classification.nodes(), entry=entry, parent=window)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
        window.show_saved_entry(dialog.saved, f"已保存：{dialog.saved.index_no}")


def _reopen_letters(window, request_id: int) -> None:
    """The 文书 dialog of the request the letter was drafted for (gone: a NotFoundError)."""
    from desktop_app.ui.letters_dialog import LettersDialog  # noqa: PLC0415 - loads QtPdf

    view = window.register_view
    window.tabs.setCurrentWidget(view)
    dialog = LettersDialog(window.services, window.services.requests.get(request_id), window)
    dialog.issued.connect(lambda _letter: (view.reload(), view.changed.emit()))
    dialog.exec()
