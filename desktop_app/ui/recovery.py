"""Crash recovery: what was typed but not yet saved, kept in the data folder's `recovery/`.

Two kinds of file, one mechanism: the report text (`RecoveryFile`) and each open form's changed
fields (`FormDrafts`, one file per form and record). Both are written (atomically, a moment after
each change) while something is unsaved and removed once it is saved or discarded, so a crash or a
killed process loses at most the last second of typing; at the next start the main window offers
what it finds. Writes and removals run off the UI thread, one after the other in the order asked
(ui/tasks.py: in_order); a draft is read on the UI thread only as its form opens, before anyone
can type into it. Each database has its own files, named by a digest of its URL (never the URL: a
server URL may hold a password), so text is never offered to another database.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from desktop_app.domain.annual_report import Section, sections_from_json, sections_to_json
from desktop_app.jsonfile import write_json
from desktop_app.ui import tasks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecoveredText:
    year: int
    sections: tuple[Section, ...]


def _digest(database_url: str) -> str:
    return hashlib.sha256(database_url.encode("utf-8")).hexdigest()[:16]


class RecoveryFile:
    def __init__(self, data_dir: Path, database_url: str) -> None:
        self.path = data_dir / "recovery" / f"unsaved-report-text-{_digest(database_url)}.json"

    def keep(self, year: int, sections: tuple[Section, ...]) -> None:
        data, path = {"year": year, "sections": sections_to_json(sections)}, self.path
        tasks.in_order(lambda: write_json(path, data))

    def read(self) -> RecoveredText | None:
        """The unsaved text of this database, if a previous session left some."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return RecoveredText(int(data["year"]), sections_from_json(data["sections"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable recovery file %s: %s", self.path, exc)
            return None

    def clear(self) -> None:
        tasks.in_order(partial(self.path.unlink, missing_ok=True))


@dataclass(frozen=True)
class FormDraft:
    """The fields of one form changed since it opened: field name (form_dialog.field_names) →
    (widget class, value). `kind` and `record_id` (None: a new record) say which form to reopen."""

    kind: str
    record_id: int | None
    title: str
    fields: dict[str, tuple[str, object]]

    def hint(self) -> str:
        """The first text typed (before any choice made), shortened: enough for the user to
        recognise the form."""
        fields = sorted(self.fields.values(), key=lambda field: field[0] == "QComboBox")
        texts = (v for _kind, v in fields if isinstance(v, str) and v.strip())
        text = next(texts, "").strip().replace("\n", " ")
        return text if len(text) <= 30 else f"{text[:30]}…"


class FormDrafts:
    """The draft files of one database's forms: by default those a crash left, offered at the
    next start; `SAVED_LETTERS` holds the letters the user saved to finish later (never offered
    as lost work: the 文书 dialog of their request opens with them)."""

    RECOVERY = "recovery/form-drafts"
    SAVED_LETTERS = "letter-drafts/saved"

    def __init__(self, data_dir: Path, database_url: str, place: str = RECOVERY) -> None:
        self.folder = data_dir / f"{place}-{_digest(database_url)}"

    def path(self, kind: str, record_id: int | None) -> Path:
        return self.folder / f"{kind}-{'new' if record_id is None else record_id}.json"

    def keep(self, draft: FormDraft) -> None:
        """The safety net, written a moment after each change: a failure is only logged."""
        tasks.in_order(lambda: self.write(draft))

    def write(self, draft: FormDraft) -> None:
        """Write the draft now; OSError when it cannot be written."""
        data = {
            "kind": draft.kind,
            "record_id": draft.record_id,
            "title": draft.title,
            "fields": [[name, kind, value] for name, (kind, value) in draft.fields.items()],
        }
        write_json(self.path(draft.kind, draft.record_id), data)

    def read(self, kind: str, record_id: int | None) -> FormDraft | None:
        return self._read(self.path(kind, record_id))

    def all(self) -> list[FormDraft]:
        """Every draft a previous session left, oldest first."""
        files = sorted(self.folder.glob("*.json"), key=lambda f: f.stat().st_mtime)
        return [draft for path in files if (draft := self._read(path)) is not None]

    def clear(self, kind: str, record_id: int | None) -> None:
        tasks.in_order(partial(self.path(kind, record_id).unlink, missing_ok=True))

    @staticmethod
    def _read(path: Path) -> FormDraft | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            record_id = None if data["record_id"] is None else int(data["record_id"])
            fields = {_field_name(name): (str(kind), value) for name, kind, value in data["fields"]}
            return FormDraft(str(data["kind"]), record_id, str(data["title"]), fields)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable form draft %s: %s", path, exc)
            return None


def _field_name(name: object) -> str:
    """Drafts written before fields had names know them by position: `#<position>`, the name
    form_dialog still gives a field it has no other name for."""
    if isinstance(name, int):
        return f"#{name}"
    if isinstance(name, str):
        return name
    raise TypeError(f"a field name, not {name!r}")
