"""JSON files the program writes (settings, holidays, exchange files): UTF-8 with readable Chinese,
written to a staging file and renamed, so a crash never leaves half a file."""

from __future__ import annotations

import json
import os
from pathlib import Path


def write_json(path: Path, data: object, indent: int = 2) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=indent), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
