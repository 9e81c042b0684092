"""The crash-recovery file: the report text typed but not yet saved, kept in the data folder.

Written (a moment after each change) while the text is unsaved and removed once it is saved, so
a crash or a killed process loses at most the last second of typing; at the next start the main
window offers what it finds. Each database has its own file, named by a digest of its URL (never
the URL: a server URL may hold a password), so text is never offered to another database.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.annual_report import Section, sections_from_json, sections_to_json
from desktop_app.jsonfile import write_json

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecoveredText:
    year: int
    sections: tuple[Section, ...]


class RecoveryFile:
    def __init__(self, data_dir: Path, database_url: str) -> None:
        digest = hashlib.sha256(database_url.encode("utf-8")).hexdigest()[:16]
        self.path = data_dir / "recovery" / f"unsaved-report-text-{digest}.json"

    def keep(self, year: int, sections: tuple[Section, ...]) -> None:
        try:
            write_json(self.path, {"year": year, "sections": sections_to_json(sections)})
        except OSError as exc:  # the editor keeps working; only the safety net is missing
            log.warning("cannot write the recovery file %s: %s", self.path, exc)

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
        self.path.unlink(missing_ok=True)
