"""User settings: one typed object saved as JSON in the config folder (no QSettings scattered around)."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from desktop_app.jsonfile import write_json

log = logging.getLogger(__name__)

FONT_ROLES = ("title", "body", "heading1", "heading2", "table")


@dataclass
class Settings:
    # Role → path of a TrueType font the user picked; an empty or missing entry means "find one".
    fonts: dict[str, str] = field(default_factory=dict)
    last_folder: str = ""
    certificate_file: str = ""  # the PKCS#12 file last used to sign a PDF (never its password)
    seal_key_file: str = (
        ""  # an office's shared seal key (services/seal_key.py); "" = this computer's
    )
    # Automatic backups: a folder (a second drive, a network folder; empty: backups/ of the data
    # folder) and how many daily, weekly and monthly ones rotation keeps.
    backup_folder: str = ""
    backups_daily: int = 7
    backups_weekly: int = 4
    backups_monthly: int = 12

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read settings; an unreadable file is logged and replaced by defaults, never fatal."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable settings file %s: %s", path, exc)
            return cls()
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in data.items() if k in known})
        settings.fonts = {role: p for role, p in settings.fonts.items() if role in FONT_ROLES and p}
        return settings

    def save(self, path: Path) -> None:
        write_json(path, asdict(self))
