"""`audit …`: check the hash chain of the audit trail and list its events."""

from __future__ import annotations

from desktop_app.cli import date_argument, print_json
from desktop_app.domain.audit import ENTITY_LABELS, EventFilter
from desktop_app.errors import UserError
from desktop_app.services.audit_export import changes_text, event_row


def register(commands) -> None:
    audit = commands.add_parser(
        "audit", help="操作日志", description="操作日志：谁在何时对什么做了什么，只能追加。"
    )
    sub = audit.add_subparsers(dest="audit_command", metavar="<操作>", title="操作", required=True)

    verify = sub.add_parser(
        "verify",
        help="校验操作日志的哈希链，断裂时退出码为 1",
        description="逐条重算操作日志的哈希链：有事件被改动或删除时指出第一个断裂的事件并以 1 退出。",
    )
    verify.set_defaults(handler=run_verify)

    listing = sub.add_parser("list", help="列出操作日志", description="列出操作日志，旧的在前。")
    entities = "、".join(f"{key}（{label}）" for key, label in ENTITY_LABELS.items())
    listing.add_argument("--entity", metavar="对象", help=f"对象类型：{entities}")
    listing.add_argument("--id", metavar="ID", help="对象编号（与 --entity 同用）")
    listing.add_argument("--since", metavar="YYYY-MM-DD", help="从这一天（本地日期）起")
    listing.add_argument("--by", metavar="NAME", help="只列出该用户的操作")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=run_list)


def run_verify(_args, services) -> int:
    broken, count = services.audit.verify()
    if broken is not None:
        print(str(broken))
        return 1
    print(f"操作日志完整：共 {count} 个事件，哈希链无断裂")
    return 0


def _entity(text: str | None) -> str | None:
    if not text:
        return None
    by_label = {label: key for key, label in ENTITY_LABELS.items()}
    if text in ENTITY_LABELS or text in by_label:
        return by_label.get(text, text)
    raise UserError(f"--entity：没有“{text}”这类对象，可选：{'、'.join(ENTITY_LABELS)}")


def run_list(args, services) -> int:
    wanted = EventFilter(
        entity=_entity(args.entity),
        entity_id=args.id,
        since=date_argument(args.since, "起始日期") if args.since else None,
        actor=args.by,
    )
    events = services.audit.events(wanted)
    if args.json:
        print_json(
            [
                {
                    "id": e.id,
                    "at_utc": e.at_utc.isoformat(),
                    "at_local": e.at_local,
                    "user": e.actor,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "action": e.action,
                    "detail": e.detail,
                    "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in e.changes],
                    "hash": e.hash,
                }
                for e in events
            ]
        )
        return 0
    for e in events:
        print("\t".join(event_row(e)[:7]))
        if e.changes:
            print(f"\t{changes_text(e)}")
    return 0
