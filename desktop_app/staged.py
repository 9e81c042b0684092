"""Files are written beside their target and renamed onto it, so that a crash, an error or a
cancellation never leaves half a file in place of the old one.

Whatever goes wrong with the target (folder missing, a folder in its place, no permission, disk
full, the file open in another program) comes out as an OSError naming the target itself, never
its staging file; `write_problem` says it in one Chinese line.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged(path: Path) -> Iterator[Path]:
    """A file beside `path` to write: renamed onto `path` when the block ends normally, removed
    when it raises."""
    path = Path(path)
    check_target(path)
    tmp = path.with_name(f"{path.name}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        if exc.filename not in (None, str(tmp), str(path)):
            raise  # another file the block used: its own error
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
    finally:
        tmp.unlink(missing_ok=True)


def check_target(path: Path) -> None:
    """Raise the OSError that writing `path` would end in for want of a folder, before any work."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))


def write_problem(exc: OSError, path: Path | str | None = None) -> str:
    """What went wrong writing `path` (default: the file the error names) and what to do."""
    target = Path(path if path is not None else exc.filename or "")
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return (
            f"无法写入 {target}：这是一个文件夹，请在文件夹后写上文件名（如 {target / '导出.pdf'}）"
        )
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return f"无法写入 {target}：文件夹 {target.parent} 不存在，请先建立该文件夹或另选保存位置"
    if exc.errno == errno.ENOSPC:
        return f"无法写入 {target}：磁盘空间已满，请清理磁盘或另选保存位置；原有文件未改动"
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return (
            f"无法写入 {target}：没有写入权限（或文件正在其他程序中打开，如 Excel、PDF 阅读器），"
            "请关闭该文件或另选保存位置"
        )
    return f"无法写入 {target}（{exc.strerror or type(exc).__name__}），请另选保存位置"
