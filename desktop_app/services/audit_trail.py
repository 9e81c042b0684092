"""The 操作日志 window's use-cases for the UI: read the events a filter asks for, export them;
any thread (the window runs them through ui/tasks.py)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from desktop_app.db.audit import AuditLog
from desktop_app.domain.audit import AuditEvent, EventFilter


class AuditTrail:
    """What the 操作日志 and 历史记录 windows ask of the trail."""

    def __init__(self, audit: AuditLog) -> None:
        self._audit = audit

    def events(self, wanted: EventFilter | None = None) -> list[AuditEvent]:
        """The events `wanted` names (all when None), oldest first."""
        return self._audit.events(wanted)

    def export(self, events: Iterable[AuditEvent], path: str | Path) -> None:
        """To .xlsx/.csv by the suffix; the spreadsheet writer loads when first used."""
        from desktop_app.services.audit_export import export_events  # noqa: PLC0415

        export_events(events, path)
