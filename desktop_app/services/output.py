"""Writing a file the user named: whatever stops it becomes one Chinese line naming the path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.db.errors import UserError
from desktop_app.staged import check_target, write_problem


@contextmanager
def writing(out: Path) -> Iterator[None]:
    """Errors writing `out` (folder missing, a folder, read-only, disk full, open elsewhere) as a
    UserError; the target is checked first, so no work is done for a file that cannot be written."""
    try:
        check_target(out)
        yield
    except OSError as exc:
        if exc.filename != str(out):
            raise
        raise UserError(write_problem(exc)) from None
