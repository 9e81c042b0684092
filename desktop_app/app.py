"""Composition root: database → migrations → repositories, shared by the CLI and the window."""

from __future__ import annotations

import getpass
import logging
import os
from functools import partial
from pathlib import Path

from desktop_app import restore_swap
from desktop_app.db import migrate
from desktop_app.db.audit import AuditLog
from desktop_app.db.engine import Database, sqlite_path, to_url
from desktop_app.db.errors import explain
from desktop_app.db.repositories.agency import AgencyRepository
from desktop_app.db.repositories.catalog import CatalogRepository
from desktop_app.db.repositories.catalog_listing import CatalogListingRepository
from desktop_app.db.repositories.classification import ClassificationRepository
from desktop_app.db.repositories.letters import LetterRepository
from desktop_app.db.repositories.reports import ReportRepository
from desktop_app.db.repositories.requests import RequestRepository
from desktop_app.db.repositories.users import USER_ENV, UserRepository
from desktop_app.domain.users import DEFAULT_ADMIN_NAME
from desktop_app.errors import UserError
from desktop_app.paths import DB_ENV, AppPaths
from desktop_app.services.access import AccessService
from desktop_app.services.audit_trail import AuditTrail
from desktop_app.services.catalog import CatalogService
from desktop_app.services.catalog_listing import CatalogListingService
from desktop_app.services.classification import ClassificationService
from desktop_app.services.desk import Services, attachments_dir, staging_ledger
from desktop_app.services.register import RegisterService
from desktop_app.services.settings import SettingsService
from desktop_app.staged import sweep

log = logging.getLogger(__name__)


def database_url(db_arg: str | None, paths: AppPaths) -> str:
    """`--db`, then $DISCLOSURE_DESK_DB, then the SQLite file in the user data folder."""
    return to_url(db_arg or os.environ.get(DB_ENV) or paths.default_db)


def _copy_server(db: Database, paths: AppPaths, revision: str) -> Path:
    """A server database's copy before it is migrated (loaded only when a migration is due)."""
    from desktop_app.services.logical_backup import copy_before_migrating  # noqa: PLC0415

    return copy_before_migrating(db, paths, revision)


def login_name() -> str:
    """The OS login name, which names the first user; "管理员" where the OS gives none."""
    try:
        return getpass.getuser().strip()[:50] or DEFAULT_ADMIN_NAME
    except Exception:  # noqa: BLE001 - no login name in the environment or the password database
        return DEFAULT_ADMIN_NAME


def open_services(
    db_arg: str | None = None,
    data_dir: str | Path | None = None,
    create: bool = True,
    user: str | None = None,
    password: str | None = None,
    first_user: bool = True,
) -> Services:
    """Open (and migrate) the database and sign in; with create=False a SQLite file must already
    exist, so a mistyped path is reported instead of answered from a new, empty database.

    The user is `user`, else $DISCLOSURE_DESK_USER, else the one named like the OS login (made
    with every role on first run), else the database's only user; one with a password gives it.
    `first_user=False` leaves a database without users as it is (a restore's empty target).
    """
    paths = AppPaths.resolve(data_dir)
    for left in sweep(staging_ledger(paths)):
        log.warning("removed %s, left by a program stopped while writing it", left)
    url = database_url(db_arg, paths)
    db_file = sqlite_path(url)
    if db_file is not None:  # a restore a kill interrupted is finished before anything opens
        restore_swap.recover(db_file, attachments_dir(url, paths))
    if not create and db_file is not None and not db_file.exists():
        raise UserError(
            f"找不到数据库文件 {db_file}：请检查 --db 的路径；"
            "新建数据库请先运行 init（或用 demo 建立演示数据库）"
        )
    if db_file is not None and db_file.is_file() and db_file.stat().st_size == 0:
        # SQLite would quietly make an empty file a new database: a truncated copy must be noticed.
        raise UserError(
            f"数据库文件 {db_file} 是空文件（0 字节），可能复制或保存时出错：请从备份恢复；"
            "确需新建数据库请删除该文件后运行 init"
        )
    db = Database(url)
    try:
        migrate.upgrade(db, partial(_copy_server, db, paths))
    except BaseException as exc:
        db.dispose()
        # Opening happens outside db.session(), so driver errors (corrupt, locked…) are explained here.
        if (user_error := explain(exc)) is not None:
            raise user_error from exc
        raise
    users = UserRepository(db)
    try:
        if first_user:
            users.ensure_first_user(login_name())
        if first_user or users.all():
            users.sign_in(user or os.environ.get(USER_ENV), login_name(), password)
    except BaseException:
        db.dispose()
        raise
    agencies, requests = AgencyRepository(db), RequestRepository(db)
    classification, letters = ClassificationRepository(db), LetterRepository(db)
    catalog = CatalogRepository(db, attachments_dir(url, paths), attachments_in_db=db_file is None)
    audit = AuditLog(db)
    return Services(
        paths=paths,
        db=db,
        agencies=agencies,
        classification=classification,
        catalog=catalog,
        requests=requests,
        catalog_listing=CatalogListingService(CatalogListingRepository(db)),
        reports=ReportRepository(db),
        letters=letters,
        users=users,
        audit=audit,
        register=RegisterService(db, agencies, requests),
        entries=CatalogService(db, agencies, catalog),
        settings=SettingsService(db, agencies, classification, letters),
        categories=ClassificationService(db, classification),
        access=AccessService(db, users),
        audit_trail=AuditTrail(audit),
    )
