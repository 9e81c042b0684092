"""The code stays as ruff wants it (pyproject's rules and format): the one test command keeps the gate."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_finds_nothing(command):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff belongs to the dev dependencies (uv sync installs it)"
    result = subprocess.run(
        [ruff, *command, "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_runs_the_same_gates():
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert pre_commit, "pre-commit belongs to the dev dependencies (uv sync installs it)"
    config = ROOT / ".pre-commit-config.yaml"
    result = subprocess.run(
        [pre_commit, "validate-config", str(config)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"][0]["hooks"]
    entries = {hook["entry"].split(" run ", 1)[1] for hook in hooks}
    # The tools this file's tests and tests/test_types.py run, with pyproject's configuration.
    assert entries == {"ruff format", "ruff check --fix", "mypy"}
    assert all(hook["entry"].startswith("python3 -m uv run ") for hook in hooks)
