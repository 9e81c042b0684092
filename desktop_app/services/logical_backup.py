"""Backup and restore of a PostgreSQL database as a logical export: every table (the attached
files included: a server keeps them in `attachment_content`) as JSON Lines in one zip, read from
one consistent snapshot, and read back into an empty database (taken down to the backup's schema
first when that is an older one, and migrated after).

For the server itself `pg_dump` stays the tool of choice; this lets an office without one move
its data, or keep a copy it can check with `backup verify`.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import json
import logging
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, MetaData, Table, delete, func, insert, make_url, select, text

from desktop_app import __version__
from desktop_app.db import migrate
from desktop_app.db.engine import Database
from desktop_app.db.models import Base
from desktop_app.db.models_audit import AuditHeadRow
from desktop_app.errors import UserError
from desktop_app.paths import AppPaths
from desktop_app.progress import Progress
from desktop_app.services.backup import COUNTED_TABLES, MANIFEST, BackupCancelled
from desktop_app.services.desk import staging_ledger
from desktop_app.staged import staged, write_problem

if TYPE_CHECKING:
    from desktop_app.services.context import Services

log = logging.getLogger(__name__)

KIND = "logical"
BATCH = 500


def table_member(name: str) -> str:
    return f"tables/{name}.jsonl"


def _encode(value: object) -> object:
    """JSON for the column types the models use; tagged so that reading gives the same type."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, bytes | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    return value


_DECODERS: dict[str, Callable[[str], object]] = {
    "$datetime": dt.datetime.fromisoformat,
    "$date": dt.date.fromisoformat,
    "$decimal": decimal.Decimal,
    "$bytes": base64.b64decode,
}


def _decode(value: object) -> object:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text_value),) = value.items()
        if tag in _DECODERS:
            return _DECODERS[tag](text_value)
    return value


def write_tables(
    db: Database, archive: zipfile.ZipFile, progress: Progress | None, revision: str
) -> dict[str, Any]:
    """Every table into the zip from one snapshot; returns {table: {rows, sha256}}.

    At the program's schema the models name the tables; at an older one (a copy made before a
    migration) they are read as the database has them."""
    tables = {}
    snapshot = db.engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with snapshot as connection, connection.begin():  # one snapshot: the tables agree
        if revision == migrate.head_revision():
            ordered = Base.metadata.sorted_tables
        else:
            ordered = _tables_as_they_are(connection)
        for done, table in enumerate(ordered, start=1):
            digest, rows = hashlib.sha256(), 0
            with archive.open(table_member(table.name), "w", force_zip64=True) as out:
                for row in connection.execute(select(table)).mappings():
                    line = (
                        json.dumps(
                            {key: _encode(value) for key, value in row.items()},
                            ensure_ascii=False,
                        ).encode()
                        + b"\n"
                    )
                    digest.update(line)
                    out.write(line)
                    rows += 1
            tables[table.name] = {"rows": rows, "sha256": digest.hexdigest()}
            if progress is not None and not progress(done, len(ordered)):
                raise BackupCancelled
    return tables


def read_tables(db: Database, archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Insert every table of the zip into the empty database `db`, in one transaction. A backup
    of an older schema (the copy made before a migration) goes into the database taken down to
    that schema, which is then migrated as the database it came from would have been."""
    revision = manifest["schema_revision"]
    if not migrate.is_known_revision(revision):
        raise UserError(
            f"该备份由更新版本的程序创建（版本 {revision}），请升级本程序后再恢复；数据未做任何修改"
        )
    older = revision != migrate.head_revision()
    with db.engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if table is AuditHeadRow.__table__:  # the migration's start of the chain, no event yet
                if connection.scalar(select(func.max(table.c.last_id))):
                    raise UserError("目标数据库已有操作日志：请恢复到一个新建的空数据库")
                connection.execute(delete(table))
            elif connection.execute(select(func.count()).select_from(table)).scalar():
                raise UserError(
                    f"目标数据库不是空的（表 {table.name} 已有数据）：请恢复到一个新建的空数据库"
                )
        tables = Base.metadata.sorted_tables
        if older:
            migrate.move_to(connection, revision)
            tables = _tables_as_they_are(connection)
        if unknown := set(manifest["tables"]) - {table.name for table in tables}:
            raise UserError(
                f"备份中的表（{'、'.join(sorted(unknown))}）不属于它注明的数据库版本 {revision}："
                "备份文件与其说明不符，未恢复任何数据"
            )
        for table in tables:
            if table.name not in manifest["tables"]:
                continue
            with archive.open(table_member(table.name)) as lines:
                batch = []
                for line in lines:
                    batch.append({k: _decode(v) for k, v in json.loads(line).items()})
                    if unknown := batch[-1].keys() - table.columns.keys():
                        raise UserError(
                            f"备份中表 {table.name} 的列（{'、'.join(sorted(unknown))}）不属于它"
                            f"注明的数据库版本 {revision}：备份文件与其说明不符，未恢复任何数据"
                        )
                    if len(batch) == BATCH:
                        connection.execute(insert(table), batch)
                        batch = []
                if batch:
                    connection.execute(insert(table), batch)
        _restart_sequences(connection, tables)
        if older:
            migrate.move_to(connection, "head")


def _tables_as_they_are(connection: Connection) -> list[Table]:
    """The database's tables as its own schema has them (an older one than the models')."""
    found = MetaData()
    found.reflect(connection)
    return [t for t in found.sorted_tables if t.name != "alembic_version"]


def _restart_sequences(connection: Connection, tables: list[Table]) -> None:
    """Rows came with their ids: the next id each sequence gives must follow the largest one."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is not None:
                connection.execute(
                    text(
                        f'SELECT setval(:sequence, coalesce((SELECT max("{column.name}") '
                        f'FROM "{table.name}"), 0) + 1, false)'
                    ),
                    {"sequence": sequence},
                )


def logical_manifest(tables: dict[str, Any], revision: str) -> dict[str, Any]:
    return {
        "program": "disclosure-desk",
        "kind": KIND,
        "version": __version__,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "schema_revision": revision,
        # An older schema may lack a counted table: none of its rows, then.
        "counts": {
            key: tables.get(name, {}).get("rows", 0) for key, name in COUNTED_TABLES.items()
        },
        "tables": tables,
    }


def write_logical_backup(
    services: Services, target: Path, progress: Progress | None
) -> tuple[dict[str, Any], int]:
    """The zip at `target` (a staging file); returns the manifest and the attachments' count."""
    manifest = _write_zip(
        services.db, target, progress, migrate.current_revision(services.db) or ""
    )
    return manifest, manifest["tables"]["attachment"]["rows"]


def _write_zip(
    db: Database, target: Path, progress: Progress | None, revision: str
) -> dict[str, Any]:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        manifest = logical_manifest(write_tables(db, archive, progress, revision), revision)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def copy_before_migrating(db: Database, paths: AppPaths, revision: str) -> Path:
    """A server database's tables as they are, written to backups/ of the data folder before a
    migration changes them (a SQLite file gets its copy beside it); `restore` reads it back.
    Nothing is migrated unless it was written whole."""
    folder = paths.data_dir / "backups"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{make_url(db.url).database}.before-{revision}-{stamp}.zip"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with staged(target, staging_ledger(paths)) as temporary:
            _write_zip(db, temporary, None, revision)
    except OSError as exc:
        raise UserError(
            f"升级数据库前须先备份，但备份未能写入：{write_problem(exc, target)}。"
            "数据库未做任何修改，程序无法打开它；解决后重新启动程序即可"
        ) from exc
    log.info("wrote %s before migrating from %s", target, revision)
    return target
