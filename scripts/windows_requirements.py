"""The locked requirements as Windows (x64, CPython 3.11) sees them, for `pip download --platform`.

`uv export` writes the lock with environment markers (`colorama ; sys_platform == 'win32'`). Run
on Linux, `pip download --platform win_amd64` would judge those markers against Linux, dropping
what Windows needs and fetching what it does not. This evaluates each marker for Windows and
writes the requirement without it, keeping the lock's hashes (pip then runs --require-hashes).

    uv export --frozen --format requirements-txt --no-emit-project | \
        python scripts/windows_requirements.py > windows-requirements.txt
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator

from packaging.markers import Marker

# What `packaging` reports on 64-bit CPython 3.11 for Windows.
WINDOWS_X64 = {
    "implementation_name": "cpython",
    "implementation_version": "3.11.9",
    "os_name": "nt",
    "platform_machine": "AMD64",
    "platform_python_implementation": "CPython",
    "platform_release": "10",
    "platform_system": "Windows",
    "python_full_version": "3.11.9",
    "python_version": "3.11",
    "sys_platform": "win32",
}
_REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9_.\-\[\],]+==[^\s;\\]+)\s*(?:;(?P<marker>[^\\]+))?\\?$"
)


def requirement_blocks(lines: Iterable[str]) -> Iterator[tuple[str, str | None, list[str]]]:
    """(name==version, marker or None, hash options) for each requirement of a uv export."""
    current: tuple[str, str | None, list[str]] | None = None
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("--hash="):
            if current is None:
                raise ValueError(f"a hash before any requirement: {line}")
            current[2].append(line.rstrip("\\ ").strip())
            continue
        match = _REQUIREMENT.match(line)
        if match is None:
            raise ValueError(f"not a pinned requirement: {line}")
        if current is not None:
            yield current
        marker = match["marker"].strip() if match["marker"] else None
        current = (match["name"], marker, [])
    if current is not None:
        yield current


def for_windows(lines: Iterable[str]) -> list[str]:
    """Requirement lines (with their hashes, without markers) Windows x64 CPython 3.11 installs."""
    kept = []
    for name, marker, hashes in requirement_blocks(lines):
        if marker is None or Marker(marker).evaluate(WINDOWS_X64):
            kept.append(" ".join([name, *hashes]))
    return kept


def main() -> int:
    print("\n".join(for_windows(sys.stdin)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
