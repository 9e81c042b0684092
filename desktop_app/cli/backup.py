"""`backup FILE.zip`: the database snapshot, the attached files and a manifest in one zip."""

from __future__ import annotations

import sys
from pathlib import Path


def register(commands) -> None:
    backup = commands.add_parser(
        "backup",
        help="备份数据：数据库快照和全部附件写入一个 .zip 文件",
        description="把数据库的一致快照（程序运行中也可以备份）、全部附件和说明文件 backup.json "
        "写入一个 .zip 文件。恢复时解压，把 .sqlite 文件和附件文件夹放回数据文件夹，"
        "或用 --db 打开解压出的 .sqlite 文件。",
    )
    backup.add_argument("file", metavar="FILE.zip", type=Path, help="备份文件（已存在时覆盖）")
    backup.set_defaults(handler=run_backup)


def run_backup(args, services) -> int:
    from desktop_app.services.backup import backup  # noqa: PLC0415

    result = backup(services, args.file)
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
