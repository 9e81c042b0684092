"""Logging: a rotating file in the user log folder, so a failed start is never silent."""

from __future__ import annotations

import logging
import logging.handlers

from desktop_app.paths import AppPaths

LOG_FILENAME = "disclosure-desk.log"


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log file that cannot be written (disk full, folder gone) costs the log line, never a
    "Logging error" traceback over what the user reads."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass


def setup_logging(paths: AppPaths) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_disclosure_desk", False) for h in root.handlers):
        return
    root.setLevel(logging.INFO)
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = QuietFileHandler(
            paths.log_dir / LOG_FILENAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:  # a read-only profile must not stop the program
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._disclosure_desk = True  # type: ignore[attr-defined]  # noqa: SLF001 - our mark
    root.addHandler(handler)
