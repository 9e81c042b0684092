"""JSON files the program writes (settings, holidays, exchange files): UTF-8 with readable Chinese,
written to a staging file and renamed, so a crash never leaves half a file."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.staged import staged


def write_json(path: Path, data: object, indent: int = 2) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with staged(path) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=indent), encoding="utf-8")
