"""Files are written beside their target and renamed onto it, so that a crash, an error or a
cancellation never leaves half a file in place of the old one.

Whatever goes wrong with the target (folder missing, a folder in its place, no permission, disk
full, the file open in another program) comes out as an OSError naming the target itself, never
its staging file; `write_problem` says it in one Chinese line.

A staging file that holds personal data (a backup being written to a USB drive) is also noted in a
ledger folder inside the data folder while it exists: a kill -9 cannot run the clean-up, so the next
start reads the ledger and removes what a dead process left behind (`sweep`). Each note stays locked
by its writer, so a second program starting meanwhile never removes a file still being written.
"""

from __future__ import annotations

import errno
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.filelock import try_lock

STAGING_SUFFIX = ".tmp"


@contextmanager
def staged(path: Path, ledger: Path | None = None) -> Iterator[Path]:
    """A file beside `path` to write: renamed onto `path` when the block ends normally, removed
    when it raises. With a `ledger` folder, a kill meanwhile is cleaned up by the next `sweep`."""
    path = Path(path)
    check_target(path)
    tmp = path.with_name(f"{path.name}{STAGING_SUFFIX}")
    with _noted(ledger, tmp) if ledger is not None else _nothing():
        try:
            yield tmp
            os.replace(tmp, path)
        except OSError as exc:
            if exc.filename not in (None, str(tmp), str(path)):
                raise  # another file the block used: its own error
            raise type(exc)(exc.errno, exc.strerror, str(path)) from exc
        finally:
            tmp.unlink(missing_ok=True)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _noted(ledger: Path, tmp: Path) -> Iterator[None]:
    """A locked note naming `tmp`, written before `tmp` exists and removed after it is gone."""
    ledger.mkdir(parents=True, exist_ok=True)
    note = ledger / f"{uuid.uuid4().hex}.json"
    try:
        with note.open("w+", encoding="utf-8") as file:
            try_lock(file)  # a fresh file: nobody else can hold it yet
            file.write(json.dumps({"path": str(tmp.resolve())}, ensure_ascii=False))
            file.flush()
            try:
                yield
            finally:
                tmp.unlink(missing_ok=True)
    finally:
        note.unlink(missing_ok=True)  # closed first: Windows cannot remove an open file


def sweep(ledger: Path) -> list[Path]:
    """Remove the staging files noted by processes that died writing them; returns those removed."""
    removed: list[Path] = []
    if not ledger.is_dir():
        return removed
    for note in sorted(ledger.glob("*.json")):
        try:
            with note.open("r+", encoding="utf-8") as file:
                if not try_lock(file):
                    continue  # its writer is alive
                try:
                    path = Path(json.loads(file.read())["path"])
                except (ValueError, KeyError, TypeError):
                    path = None
            if path is not None and not path.parent.is_dir():
                continue  # a drive not mounted now: try again at the next start
            # Only a staging name is ever removed, whatever the note says.
            if path is not None and path.name.endswith(STAGING_SUFFIX) and path.is_file():
                path.unlink()
                removed.append(path)
            note.unlink()
        except OSError:
            continue  # unreadable now: try again at the next start
    return removed


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
