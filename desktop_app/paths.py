"""Where the program keeps its data, logs and settings (platformdirs), overridable for tests."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "DisclosureDesk"
DATA_DIR_ENV = "DISCLOSURE_DESK_DATA_DIR"
DB_ENV = "DISCLOSURE_DESK_DB"
DB_FILENAME = "disclosure-desk.sqlite"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path
    config_dir: Path
    cache_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | Path | None = None) -> AppPaths:
        """`--data-dir`, then $DISCLOSURE_DESK_DATA_DIR, then the per-user folders of the platform."""
        chosen = data_dir or os.environ.get(DATA_DIR_ENV)
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(root, root / "logs", root, root / "cache")
        dirs = PlatformDirs(APP_NAME, appauthor=False)
        return cls(
            Path(dirs.user_data_dir),
            Path(dirs.user_log_dir),
            Path(dirs.user_config_dir),
            Path(dirs.user_cache_dir),
        )

    @property
    def default_db(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"
