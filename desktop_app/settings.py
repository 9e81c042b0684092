"""User settings: one typed object saved as JSON in the config folder (no QSettings scattered around).

Two windows (two program instances) may hold copies at once: a save writes the fields its copy
changed over the file as it is now, so what the other window saved meanwhile stays, and a field
both changed is refused instead of silently overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from desktop_app.errors import UserError
from desktop_app.filelock import try_lock
from desktop_app.jsonfile import write_json

log = logging.getLogger(__name__)

FONT_ROLES = ("title", "body", "heading1", "heading2", "table")
# How the fields read in a refusal.
LABELS = {
    "fonts": "字体",
    "last_folder": "上次使用的文件夹",
    "certificate_file": "签名证书文件",
    "seal_key_file": "签发密钥文件",
    "backup_folder": "自动备份位置",
    "backups_daily": "保留每日备份",
    "backups_weekly": "保留每周备份",
    "backups_monthly": "保留每月备份",
}
_LOCK_WAIT_S = 5.0  # a save holds the lock for milliseconds; waiting longer means a stuck writer


class SettingsChangedError(UserError):
    """Another window saved a field this copy changed too, after this copy was loaded."""

    def __init__(self, clashes: list[str], at: dt.datetime) -> None:
        names = "、".join(LABELS.get(name, name) for name in clashes)
        super().__init__(
            f"设置（{names}）已被另一个窗口于 {at:%H:%M} 修改，您这次的修改没有保存："
            "请关闭本窗口后重新打开，查看最新设置后再修改"
        )


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
            return cls()._loaded()  # noqa: SLF001 - a classmethod of the same class
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable settings file %s: %s", path, exc)
            return cls()._loaded()  # noqa: SLF001 - a classmethod of the same class
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in data.items() if k in known})
        settings.fonts = {role: p for role, p in settings.fonts.items() if role in FONT_ROLES and p}
        return settings._loaded()

    def _loaded(self) -> Settings:
        self._as_loaded = asdict(self)  # what a later save compares with; not itself a setting
        return self

    def save(self, path: Path) -> None:
        """Write the fields this copy changed since it was loaded over the file as it is now;
        SettingsChangedError (nothing written) when another window changed one of them too."""
        with _locked(path):
            theirs = asdict(Settings.load(path))
            mine, base = asdict(self), getattr(self, "_as_loaded", None)
            if base is None:  # made in code, not read: it is the whole of the settings
                base = theirs
            changed = [name for name in mine if mine[name] != base[name]]
            if clashes := [n for n in changed if theirs[n] not in (base[n], mine[n])]:
                raise SettingsChangedError(clashes, dt.datetime.fromtimestamp(path.stat().st_mtime))
            merged = {**theirs, **{name: mine[name] for name in changed}}
            write_json(path, merged)
        for name, value in merged.items():
            setattr(self, name, value)
        self._loaded()


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One writer at a time (across processes) between reading the file and renaming the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + _LOCK_WAIT_S
    with path.with_name(f"{path.name}.lock").open("a+b") as lock:
        while not try_lock(lock):
            if time.monotonic() > deadline:
                raise UserError(f"设置文件 {path} 正被另一个窗口保存且长时间未完成：请稍后再试")
            time.sleep(0.02)
        yield
