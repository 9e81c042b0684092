"""Files are written beside their target and renamed onto it, so that a crash, an error or a
cancellation never leaves half a file in place of the old one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged(path: Path) -> Iterator[Path]:
    """A file beside `path` to write: renamed onto `path` when the block ends normally, removed
    when it raises."""
    tmp = path.with_name(f"{path.name}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
