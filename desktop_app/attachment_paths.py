"""Where an attachment's file may be: only directly inside the attachments folder.

The stored name comes from the database, which on a shared server another workstation (or a
hostile user) may have written: a name like ``../../x.txt`` or an absolute path must never make
this program read, write or back up a file elsewhere.
"""

from __future__ import annotations

from pathlib import Path

_FORBIDDEN = frozenset("/\\:\0")


def confined(folder: Path, stored_name: str) -> Path | None:
    """`folder / stored_name` when that is a plain file name inside `folder`, else None."""
    if not stored_name or stored_name in (".", "..") or _FORBIDDEN & set(stored_name):
        return None
    if any(ord(char) < 32 for char in stored_name):
        return None
    path = folder / stored_name
    if path.resolve().parent != folder.resolve():  # a symbolic link leading out, say
        return None
    return path


def outside_message(stored_name: str, filename: str, folder: Path) -> str:
    return (
        f"附件“{filename}”记录的存储文件名“{stored_name}”不在附件文件夹 {folder} 之内，"
        "已拒绝读写该文件；数据库中的附件记录可能被改动过，请联系管理员核查"
    )
