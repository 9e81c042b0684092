"""`backup FILE.zip` writes a backup, `backup verify FILE.zip` checks one, `restore FILE.zip` puts
one back in place of the current data."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from desktop_app.errors import UserError

VERIFY = "verify"


def register(commands) -> None:
    backup = commands.add_parser(
        "backup",
        help="备份数据：数据库快照和全部附件写入一个 .zip 文件；backup verify FILE.zip 校验备份",
        description="把数据库的一致快照（程序运行中也可以备份）、全部附件和说明文件 backup.json "
        "写入一个 .zip 文件。backup verify FILE.zip 按说明文件校验一份备份：SHA-256、"
        "数据库完整性、记录数和每个附件，有问题时退出码为 1。恢复请用 restore FILE.zip。",
    )
    backup.add_argument(
        "words",
        metavar="[verify] FILE.zip",
        nargs="+",
        help="备份文件（已存在时覆盖）；前面写 verify 则校验该文件",
    )
    backup.set_defaults(handler=run_backup)
    restore = commands.add_parser(
        "restore",
        help="从备份恢复：校验后替换当前数据库和附件（先自动备份当前数据）",
        description="先按说明文件校验备份，再询问确认；确认后把当前数据自动备份到数据文件夹的 "
        "backups/ 中，然后用备份替换数据库和附件，并升级到当前版本。"
        "主窗口或其他命令正打开同一数据库时拒绝恢复。",
    )
    restore.add_argument("file", metavar="FILE.zip", type=Path, help="要恢复的备份文件")
    restore.add_argument("--yes", action="store_true", help="不询问，直接恢复（用于脚本）")
    # An empty target (a new PostgreSQL database) gets the backup's users, not a first-run one.
    restore.set_defaults(handler=run_restore, creates_database=True, fills_empty_database=True)


def run_backup(args, services) -> int:
    words = args.words
    if len(words) == 2 and words[0] == VERIFY:
        return run_verify(Path(words[1]))
    if len(words) != 1:
        raise UserError("用法：backup FILE.zip（写入备份）或 backup verify FILE.zip（校验备份）")
    from desktop_app.services.backup import backup  # noqa: PLC0415

    result = backup(services, Path(words[0]))
    counts = result.counts
    print(f"已备份到：{result.path}（{result.size:,} 字节）")
    print(
        f"目录 {counts['entries']} 条、依申请公开申请 {counts['requests']} 件、"
        f"年度报告 {counts['reports']} 份、附件 {result.attachments} 个"
    )
    if result.missing:
        print(f"注意：有 {len(result.missing)} 个附件文件在数据文件夹中找不到，未能备份")
    if result.refused:
        print(
            f"注意：有 {len(result.refused)} 个附件记录的文件名指向附件文件夹之外，已跳过，"
            f"请联系管理员核查：{'、'.join(result.refused)}",
            file=sys.stderr,
        )
    return 0


def run_verify(path: Path) -> int:
    from desktop_app.services.backup_verify import verify  # noqa: PLC0415

    checked = verify(path)
    print(f"备份完好：{checked.path}（{_when(checked.created)} 备份）")
    print(describe(checked))
    return 0


def _when(created: str) -> str:
    """The manifest's ISO time as people write it (to the minute, the time zone of the backup)."""
    try:
        return f"{dt.datetime.fromisoformat(created):%Y-%m-%d %H:%M}"
    except ValueError:
        return created


def describe(checked) -> str:
    counts = checked.counts
    missing = f"；备份时有 {len(checked.missing)} 个附件文件已找不到" if checked.missing else ""
    return (
        f"目录 {counts['entries']} 条、依申请公开申请 {counts['requests']} 件、"
        f"年度报告 {counts['reports']} 份、附件 {checked.attachments} 个，SHA-256 全部一致{missing}"
    )


def run_restore(args, services) -> int:
    from desktop_app.app import open_services  # noqa: PLC0415
    from desktop_app.services.backup_verify import verify  # noqa: PLC0415
    from desktop_app.services.restore import record_restore, restore  # noqa: PLC0415

    checked = verify(args.file)
    print(f"备份已校验：{checked.path}（{_when(checked.created)} 备份）")
    print(describe(checked))
    if not args.yes and not _confirmed():
        print("已取消恢复，当前数据未改动")
        return 1
    result = restore(services, checked)
    reopened = open_services(args.db, args.data_dir)  # upgrades a backup of an older version
    try:
        record_restore(reopened, result)
    finally:
        reopened.close()
    print("已恢复。恢复前的数据已备份到：" + str(result.safety_backup or "（原来没有数据）"))
    return 0


def _confirmed() -> bool:
    try:
        answer = input("用这份备份替换当前的全部数据吗？当前数据会先自动备份。[y/N] ")
    except EOFError:  # no one to answer (a script without --yes)
        return False
    return answer.strip().lower() in {"y", "yes", "是"}
