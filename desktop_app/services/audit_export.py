"""The 操作日志 as people read it: one row per event, and its export to xlsx/csv."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from desktop_app.domain.audit import AuditEvent
from desktop_app.errors import UserError
from desktop_app.export.spreadsheet import write_table

HEADER = (
    "编号",
    "时间",
    "用户",
    "动作",
    "对象",
    "对象编号",
    "说明",
    "变更（原值 → 新值）",
    "SHA-256",
)
EMPTY = "（空）"
WIDTHS = (8, 22, 12, 10, 14, 10, 40, 60, 20)


def changes_text(event: AuditEvent) -> str:
    """ "字段：原值 → 新值；…", an empty or missing value written as （空）."""
    return "；".join(f"{c.field}：{c.old or EMPTY} → {c.new or EMPTY}" for c in event.changes)


def event_row(event: AuditEvent) -> tuple[str, ...]:
    return (
        str(event.id),
        event.at_local.replace("T", " "),
        event.actor,
        event.action,
        event.entity_label,
        event.entity_id,
        event.detail,
        changes_text(event),
        event.hash,
    )


def export_events(events: Iterable[AuditEvent], path: str | Path) -> None:
    try:
        write_table(path, "操作日志", HEADER, (event_row(e) for e in events), WIDTHS)
    except ValueError as exc:
        raise UserError(str(exc)) from None
