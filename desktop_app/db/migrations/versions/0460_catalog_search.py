"""catalog search index and listing indexes

Revision ID: 0460_catalog_search
Revises: 0450_signin_letter_version
Create Date: 2026-11-30

Search finds Chinese substrings through an index made for them. SQLite: an FTS5 table with the
trigram tokenizer over the searched fields, its content read from catalog_entry and kept in step by
triggers (a later batch migration that copies catalog_entry must create the triggers again).
PostgreSQL: a pg_trgm GIN index on the fields joined by U+0001. Where the SQLite build lacks FTS5 or
the server refuses pg_trgm, the index is left out and search scans (the repository checks).
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0460_catalog_search"
down_revision = "0450_signin_letter_version"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

_FIELDS = "title, doc_number, keywords, index_no"
_NEW = "new.id, new.title, new.doc_number, new.keywords, new.index_no"
_OLD = "'delete', old.id, old.title, old.doc_number, old.keywords, old.index_no"
_SQLITE = (
    f"CREATE VIRTUAL TABLE catalog_fts USING fts5({_FIELDS}, content='catalog_entry', "
    "content_rowid='id', tokenize='trigram')",
    f"""CREATE TRIGGER catalog_fts_ai AFTER INSERT ON catalog_entry BEGIN
        INSERT INTO catalog_fts(rowid, {_FIELDS}) VALUES ({_NEW}); END""",
    f"""CREATE TRIGGER catalog_fts_ad AFTER DELETE ON catalog_entry BEGIN
        INSERT INTO catalog_fts(catalog_fts, rowid, {_FIELDS}) VALUES ({_OLD}); END""",
    f"""CREATE TRIGGER catalog_fts_au AFTER UPDATE OF {_FIELDS} ON catalog_entry BEGIN
        INSERT INTO catalog_fts(catalog_fts, rowid, {_FIELDS}) VALUES ({_OLD});
        INSERT INTO catalog_fts(rowid, {_FIELDS}) VALUES ({_NEW}); END""",
    "INSERT INTO catalog_fts(catalog_fts) VALUES ('rebuild')",
)
_PG = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_catalog_entry_search_trgm ON catalog_entry USING gin "
    "((title || E'\\x01' || doc_number || E'\\x01' || keywords || E'\\x01' || index_no) "
    "gin_trgm_ops)",
)


def upgrade() -> None:
    with op.batch_alter_table("catalog_entry", schema=None) as batch_op:
        batch_op.create_index("ix_catalog_entry_order", ["generated_on", "index_no"], unique=False)
        batch_op.create_index("ix_catalog_entry_valid_node", ["validity", "node_id"], unique=False)
        batch_op.create_index(
            "ix_catalog_entry_genre",
            ["genre", "generated_on", "validity", "validity_date"],
            unique=False,
        )
    bind = op.get_bind()
    statements = {"sqlite": _SQLITE, "postgresql": _PG}.get(bind.dialect.name, ())
    if not statements:
        return
    try:
        with bind.begin_nested():  # a savepoint: a refusal leaves the rest of the upgrade intact
            for statement in statements:
                bind.execute(sa.text(statement))
    except sa.exc.DBAPIError as exc:
        log.warning("catalog search index not created, search will scan: %s", exc)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("catalog_fts_ai", "catalog_fts_ad", "catalog_fts_au"):
            bind.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
        bind.execute(sa.text("DROP TABLE IF EXISTS catalog_fts"))
    elif bind.dialect.name == "postgresql":
        bind.execute(sa.text("DROP INDEX IF EXISTS ix_catalog_entry_search_trgm"))
    with op.batch_alter_table("catalog_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_entry_genre")
        batch_op.drop_index("ix_catalog_entry_valid_node")
        batch_op.drop_index("ix_catalog_entry_order")
