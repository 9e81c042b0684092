"""The code type-checks as pyproject's [tool.mypy] asks (strict for domain, db and services)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_nothing():
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    assert mypy, "mypy belongs to the dev dependencies (uv sync installs it)"
    # The configuration names the files; its cache (.mypy_cache) makes a repeated run quick.
    result = subprocess.run([mypy], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
