"""An exclusive, non-blocking lock on an open file, held until the file is closed (or the process
dies: the operating system releases it, so a lock left by a kill -9 never needs clearing)."""

from __future__ import annotations

import sys
from contextlib import suppress
from typing import IO


def try_lock(file: IO) -> bool:
    """Lock `file` if nobody else holds it; False when another open file (or process) does."""
    if sys.platform == "win32":  # (not os.name: type checkers know this test)
        import msvcrt  # noqa: PLC0415 - platform-specific

        file.seek(0)
        with suppress(OSError):
            msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        return False
    import fcntl  # noqa: PLC0415 - platform-specific

    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
