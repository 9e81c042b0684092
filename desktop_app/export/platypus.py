"""ReportLab's page layout classes (platypus), imported without two costly patterns: every
exporter takes them from here.

Importing ReportLab's paragraph module compiles two patterns whose character classes reach U+FFFF,
and compiling such a class maps the whole BMP: a case-insensitive URL pattern (≈ 45 ms, a tenth of
`report export` as a whole process), used only to break a URL too long for its line, and a CJK
pattern (≈ 7 ms) used only by a text-wrapping recipe nothing here calls. Such patterns are compiled
on first use instead; every other one as ReportLab compiles it.

Page streams are written Flate-compressed only: ReportLab's default also wraps them in ASCII85, a
quarter larger, which PDF readers decode for nothing and which made the web copy's PDF/A pass
(pikepdf) decode and recompress every page.
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


def _costly(pattern: object) -> bool:
    return isinstance(pattern, str) and "\uffff" in pattern


def _import_paragraph_module() -> None:
    if "reportlab.platypus.paragraph" in sys.modules:
        return

    def compile_or_defer(pattern: Any, flags: int = 0) -> Any:
        return DeferredPattern(pattern, flags) if _costly(pattern) else _compile(pattern, flags)

    re.compile = compile_or_defer  # only while ReportLab imports
    try:
        import reportlab.platypus.paragraph  # noqa: F401, PLC0415
    finally:
        re.compile = _compile


_import_paragraph_module()

from reportlab import rl_config  # noqa: E402 - after the paragraph module's import above
from reportlab.platypus import (  # noqa: E402
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

rl_config.useA85 = 0

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
