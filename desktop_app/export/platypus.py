"""ReportLab's page layout classes (platypus), imported without one costly pattern: every exporter
takes them from here.

ReportLab's paragraph module compiles, when imported, a case-insensitive URL pattern whose
character classes span the whole BMP (≈ 45 ms, a tenth of `report export` as a whole process);
it is used only to break a URL too long for its line. Such a pattern is compiled on first use
instead; every other pattern as ReportLab compiles it.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

_compile = re.compile  # the real one, also while ReportLab imports


class DeferredPattern:
    """A compiled pattern's stand-in that compiles it when first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        with self._lock:
            if self._compiled is None:
                self._compiled = _compile(*self._source)
        return getattr(self._compiled, name)


def _costly(pattern: object, flags: int) -> bool:
    """Case folding a class up to U+FFFF is what takes the time (each character is folded)."""
    return isinstance(pattern, str) and bool(flags & re.IGNORECASE) and "\uffff" in pattern


def _import_paragraph_module() -> None:
    if "reportlab.platypus.paragraph" in sys.modules:
        return

    def compile_or_defer(pattern: Any, flags: int = 0) -> Any:
        return (
            DeferredPattern(pattern, flags) if _costly(pattern, flags) else _compile(pattern, flags)
        )

    re.compile = compile_or_defer  # only while ReportLab imports
    try:
        import reportlab.platypus.paragraph  # noqa: F401, PLC0415
    finally:
        re.compile = _compile


_import_paragraph_module()

from reportlab.platypus import (  # noqa: E402 - after the paragraph module's import above
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

__all__ = [
    "BaseDocTemplate",
    "CondPageBreak",
    "Flowable",
    "Frame",
    "PageTemplate",
    "Paragraph",
    "Spacer",
    "Table",
    "TableStyle",
]
