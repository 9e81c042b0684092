"""Writing a file the user named: whatever stops it becomes one Chinese line naming the path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.errors import UserError
from desktop_app.staged import check_target, write_problem


@contextmanager
def writing(out: Path, staging: Path | None = None) -> Iterator[None]:
    """Errors writing `out` (folder missing, a folder, read-only, disk full, open elsewhere) as a
    UserError; the target is checked first, so no work is done for a file that cannot be written.
    An error on `staging`, the file written first and renamed onto `out`, is told as one on `out`."""
    ours = {str(out), str(staging)} if staging is not None else {str(out)}
    try:
        check_target(out)
        yield
    except OSError as exc:
        if not ours & {exc.filename, exc.filename2}:
            raise
        raise UserError(write_problem(exc, out)) from None
