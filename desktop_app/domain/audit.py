"""The audit trail's rules: what an event holds, its canonical text, the hash chain and its check.

Each event's hash covers its own content and the previous event's hash, so an event that is
altered, removed or put out of order breaks the chain from that point on. Someone who rewrites
every later event and the chain head can forge a consistent chain; the sign-off seal, not this
chain, is what guards against that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64  # the "previous hash" of the first event

# Entities, as stored and as people read them.
ENTITY_LABELS = {
    "catalog_entry": "目录条目",
    "class_node": "主题分类",
    "request": "依申请公开申请",
    "appeal": "复议诉讼",
    "report": "年度报告",
    "agency": "机关信息",
    "user": "用户",
    "access": "登录设置",
    "backup": "备份",
    "holidays": "节假日安排",
    "letter": "文书",
    "letter_setting": "文书设置",
    "database": "数据库",
}

# Actions are stored in Chinese: they are what an auditor reads.
CREATED, EDITED, WITHDRAWN, ATTACHED = "新增", "修改", "失效/废止", "添加附件"
IMPORTED, SIGNED, REOPENED, EXPORTED = "导入", "签发", "重新打开", "导出"
FILLED, MOVED, BACKED_UP, RESTORED = "自动填表", "移动", "备份", "恢复"
ISSUED, DELIVERED, PAID_OR_WAIVED = "发出", "送达", "缴费/减免"

PERSONAL = (
    "（个人信息，不记录内容）"  # applicant details change, but their values stay out of the log
)


@dataclass(frozen=True)
class Change:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class AuditEvent:
    id: int  # 1, 2, 3 … without gaps: a gap is a removed event
    at_utc: dt.datetime  # naive, UTC
    at_local: str  # ISO 8601 with the workstation's offset, as the clerk saw the clock
    actor: str
    entity: str
    entity_id: str
    action: str
    detail: str = ""
    changes: tuple[Change, ...] = ()
    prev_hash: str = GENESIS
    hash: str = ""

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    def describe(self) -> str:
        """One line naming the event, for messages."""
        return (
            f"#{self.id}（{self.at_local[:19].replace('T', ' ')} {self.actor} "
            f"{self.action} {self.entity_label} {self.entity_id}）"
        )


def text_of(value: object) -> str | None:
    """A field value as the trail stores it: dates ISO, decimals exact, None kept."""
    return None if value is None else str(value)


def changes(
    before: Mapping[str, object], after: Mapping[str, object], labels: Mapping[str, str]
) -> tuple[Change, ...]:
    """The fields of `labels` whose value differs, labelled for people, in `labels` order."""
    return tuple(
        Change(label, text_of(before.get(name)), text_of(after.get(name)))
        for name, label in labels.items()
        if text_of(before.get(name)) != text_of(after.get(name))
    )


def canonical(event: AuditEvent) -> bytes:
    """The bytes the hash covers: every field but the hash itself, in a fixed JSON form."""
    content = {
        "id": event.id,
        "at_utc": event.at_utc.replace(tzinfo=None).isoformat(timespec="microseconds"),
        "at_local": event.at_local,
        "actor": event.actor,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "action": event.action,
        "detail": event.detail,
        "changes": [[c.field, c.old, c.new] for c in event.changes],
        "prev_hash": event.prev_hash,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def changes_to_json(items: Iterable[Change]) -> str:
    return json.dumps([[c.field, c.old, c.new] for c in items], ensure_ascii=False)


def changes_from_json(text: str) -> tuple[Change, ...]:
    return tuple(Change(*item) for item in json.loads(text or "[]"))


@dataclass(frozen=True)
class EventFilter:
    entity: str | None = None
    entity_id: str | None = None
    since: dt.date | None = None  # local calendar day; compared with the UTC time, a day early
    actor: str | None = None
    limit: int | None = None


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str

    def __str__(self) -> str:
        return f"操作日志在事件 #{self.event_id} 处断裂：{self.reason}"


def first_break(
    events: Iterable[AuditEvent], head_id: int, head_hash: str
) -> tuple[ChainBreak | None, int]:
    """The first place the chain is broken (None when intact) and how many events were checked.

    `head_id`/`head_hash` are what the chain head row says the last event is: removing events
    from the end leaves every remaining link intact, and only the head shows it.
    """
    previous_id, previous_hash, count = 0, GENESIS, 0
    for event in events:
        count += 1
        if event.id != previous_id + 1:
            missing = f"#{previous_id + 1}" + (
                f"–#{event.id - 1}" if event.id - 1 > previous_id + 1 else ""
            )
            return ChainBreak(event.id, f"它之前的事件 {missing} 已被删除"), count
        if event.prev_hash != previous_hash:
            return ChainBreak(
                event.id, "记录的前一事件哈希与前一事件不符（前一事件被改动或替换）"
            ), count
        if event_hash(event) != event.hash:
            return ChainBreak(event.id, f"{event.describe()} 的内容与其哈希不符，已被改动"), count
        previous_id, previous_hash = event.id, event.hash
    if (previous_id, previous_hash) != (head_id, head_hash):
        if head_id > previous_id:
            return ChainBreak(
                previous_id + 1, f"最后 {head_id - previous_id} 个事件已被删除"
            ), count
        return ChainBreak(previous_id, "链头记录与最后一个事件不符（链头或事件被改动）"), count
    return None, count
