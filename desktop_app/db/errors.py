"""Driver errors the user can act on (locked, read-only, disk full, corrupt) turned into UserErrors."""

from __future__ import annotations

import sqlite3

from desktop_app.errors import ConcurrentEditError, DatabaseBusy, UserError


def explain(exc: BaseException) -> UserError | None:
    """Turn a driver error the user can act on into a UserError; None for bugs."""
    # Imported here: commands that never open a database (--version) need not load SQLAlchemy.
    from sqlalchemy.exc import DBAPIError, OperationalError  # noqa: PLC0415
    from sqlalchemy.orm.exc import StaleDataError  # noqa: PLC0415

    if isinstance(exc, StaleDataError):  # another save committed between our read and our write
        return ConcurrentEditError("这条记录")
    if not isinstance(exc, DBAPIError):
        return None
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy()
    if "readonly" in text or "read-only" in text or "read only" in text:
        return UserError("数据库文件是只读的，请检查文件权限或把它复制到可写的文件夹")
    if "disk is full" in text or "no space" in text:
        return UserError("磁盘空间已满，请清理磁盘后重试；已保存的数据没有丢失")
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return UserError(
            "数据库文件已损坏或不是本程序的数据库，请从备份恢复（数据文件夹中有升级前的副本）"
        )
    if "unable to open" in text or "could not connect" in text or "connection refused" in text:
        return UserError(f"无法打开数据库：{_first_line(exc.orig or exc)}。请检查路径或服务器地址")
    if isinstance(exc, OperationalError) and type(exc.orig).__module__.startswith("psycopg"):
        # PostgreSQL refusing the login, an unknown host or database, a dropped connection:
        # all fixed by the user or the server's administrator, none a bug of ours.
        return UserError(
            f"无法使用数据库服务器：{_first_line(exc.orig or exc)}。"
            "请检查服务器地址、端口、数据库名、用户名和密码后重试；本次操作没有保存任何内容"
        )
    if isinstance(exc, OperationalError) and isinstance(exc.orig, sqlite3.OperationalError):
        return UserError(f"数据库操作失败：{_first_line(exc.orig or exc)}")
    return None


def _first_line(error: BaseException) -> str:
    """Driver messages may run over several lines; the user sees one."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
