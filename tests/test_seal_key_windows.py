"""The seal key's DPAPI protection, run by a real Windows CPython: on Windows this Python
(.github/workflows/windows.yml), elsewhere the Windows Python under Wine.

Under Wine it needs `wine` and the Windows Python that scripts/windows-smoke.sh unpacks (its work
folder: $DISCLOSURE_DESK_WINDOWS_SMOKE_DIR or ~/.cache/disclosure-desk-windows-smoke); skipped
otherwise. Wine's crypt32 is a re-implementation: there this proves our ctypes calls and file
format, not that DPAPI ties the key to the Windows user (Windows' own does so by design).
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.errors import UserError
from desktop_app.services import seal_key

ROOT = Path(__file__).resolve().parents[1]
SMOKE_DIR = Path(
    os.environ.get("DISCLOSURE_DESK_WINDOWS_SMOKE_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "disclosure-desk-windows-smoke"
)
WINDOWS_PYTHON = SMOKE_DIR / "python" / "cp311" / "python.exe"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform != "win32" and not (shutil.which("wine") and WINDOWS_PYTHON.is_file()),
        reason=f"needs wine and the Windows Python at {WINDOWS_PYTHON} "
        "(run scripts/windows-smoke.sh first)",
    ),
]


def windows_path(path: Path) -> str:
    """Wine shows the Linux root as drive Z: (its default; no `winepath`, one Wine start less)."""
    return str(path) if sys.platform == "win32" else "Z:" + str(path).replace("/", "\\")


def child_env() -> dict[str, str]:
    return dict(
        os.environ,
        WINEPREFIX=str(SMOKE_DIR / "wineprefix"),
        WINEDEBUG="-all",
        PYTHONIOENCODING="utf-8",
    )


def dpapi(command: str, target: Path) -> subprocess.CompletedProcess:
    """scripts/seal_key_dpapi.py under the Windows Python (stdin closed, output piped: Wine's
    Python cannot set up its streams on redirected files)."""
    script = windows_path(ROOT / "scripts" / "seal_key_dpapi.py")
    python = [sys.executable] if sys.platform == "win32" else ["wine", str(WINDOWS_PYTHON)]
    return subprocess.run(
        [*python, script, command, windows_path(target)],
        env=child_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_default_key_is_dpapi_protected_and_reads_back(tmp_path):
    data_dir = tmp_path / "张 三" / "DisclosureDesk"  # a Chinese user name with a space
    created = dpapi("create", data_dir)
    assert created.returncode == 0, created.stdout + created.stderr
    key = bytes.fromhex(created.stdout.strip())
    assert len(key) == 32

    path = data_dir / seal_key.DEFAULT_NAME
    magic, kind, payload = path.read_text("ascii").split()
    assert (magic, kind) == (seal_key.MAGIC, seal_key.DPAPI)
    blob = base64.b64decode(payload)
    assert key not in blob  # encrypted, not merely encoded
    assert key.hex().encode() not in blob
    with pytest.raises(UserError):  # off Windows nobody can open it
        seal_key.read_key(path)

    again = dpapi("read", path)  # another process, the same Windows user: the same key
    assert again.returncode == 0, again.stdout + again.stderr
    assert bytes.fromhex(again.stdout.strip()) == key

    created_twice = dpapi("create", data_dir)  # the first signature's key is never replaced
    assert bytes.fromhex(created_twice.stdout.strip()) == key


def test_damaged_dpapi_key_file_gets_a_chinese_message(tmp_path):
    data_dir = tmp_path / "数据"
    assert dpapi("create", data_dir).returncode == 0
    path = data_dir / seal_key.DEFAULT_NAME
    magic, kind, payload = path.read_text("ascii").split()
    blob = bytearray(base64.b64decode(payload))
    blob[-30] ^= 0xFF  # inside the encrypted key: CryptUnprotectData's integrity check fails
    path.write_text(f"{magic} {kind} {base64.b64encode(bytes(blob)).decode()}\n", "ascii")

    damaged = dpapi("read", path)
    assert damaged.returncode == 1
    assert "格式不正确或已损坏" in damaged.stdout
    assert "Traceback" not in damaged.stdout + damaged.stderr
