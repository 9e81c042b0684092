"""catalog search index for one- and two-character queries, sort index for 信息名称

Revision ID: 0470_catalog_ngram
Revises: 0460_catalog_search
Create Date: 2026-11-30

Trigrams (0460) cannot find a query shorter than three characters, so such a search read every
entry. This adds an index whose tokens are each character and each pair of adjacent characters of
the searched fields (domain/catalog_grams.py):
SQLite: a contentless FTS5 table `catalog_grams`, fed by triggers calling the function
`catalog_grams`, which the program registers on each connection (db/engine.py) — a tool that
writes catalog_entry without it fails with "no such function" instead of corrupting the index.
PostgreSQL: a GIN index over the SQL function `catalog_grams`, an array of the same grams (no
extension needed). A later batch migration that copies catalog_entry must create the triggers again.
"""

import logging

import sqlalchemy as sa
from alembic import op

from desktop_app.domain.catalog_grams import grams

revision = "0470_catalog_ngram"
down_revision = "0460_catalog_search"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

_FIELDS = "title, doc_number, keywords, index_no"
_NEW = "catalog_grams(new.title, new.doc_number, new.keywords, new.index_no)"
_OLD = "catalog_grams(old.title, old.doc_number, old.keywords, old.index_no)"
_SQLITE_TRIGGERS = ("catalog_grams_ai", "catalog_grams_ad", "catalog_grams_au")
_SQLITE = (
    "CREATE VIRTUAL TABLE catalog_grams USING fts5(grams, content='', detail='none', columnsize=0, "
    "tokenize='ascii')",
    f"""CREATE TRIGGER catalog_grams_ai AFTER INSERT ON catalog_entry BEGIN
        INSERT INTO catalog_grams(rowid, grams) VALUES (new.id, {_NEW}); END""",
    f"""CREATE TRIGGER catalog_grams_ad AFTER DELETE ON catalog_entry BEGIN
        INSERT INTO catalog_grams(catalog_grams, rowid, grams) VALUES ('delete', old.id, {_OLD});
        END""",
    f"""CREATE TRIGGER catalog_grams_au AFTER UPDATE OF {_FIELDS} ON catalog_entry BEGIN
        INSERT INTO catalog_grams(catalog_grams, rowid, grams) VALUES ('delete', old.id, {_OLD});
        INSERT INTO catalog_grams(rowid, grams) VALUES (new.id, {_NEW}); END""",
    "INSERT INTO catalog_grams(rowid, grams) SELECT id, "
    f"catalog_grams({_FIELDS}) FROM catalog_entry",
)
# Each field's characters and pairs, lower-cased; a pair never spans two fields. Slow (≈ 0.1 ms a
# row): queries use it only to read the index (repositories/catalog_listing.py).
_PG = (
    """CREATE FUNCTION catalog_grams(text, text, text, text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(f, i, n)), '{}')
        FROM unnest(ARRAY[lower($1), lower($2), lower($3), lower($4)]) AS fields(f),
             generate_series(1, length(f)) AS i, (VALUES (1), (2)) AS sizes(n)
        WHERE i + n - 1 <= length(f) $$""",
    f"CREATE INDEX ix_catalog_entry_search_grams ON catalog_entry USING gin "
    f"(catalog_grams({_FIELDS}))",
)


def upgrade() -> None:
    with op.batch_alter_table("catalog_entry", schema=None) as batch_op:
        batch_op.create_index("ix_catalog_entry_title", ["title", "index_no"], unique=False)
    bind = op.get_bind()
    statements = {"sqlite": _SQLITE, "postgresql": _PG}.get(bind.dialect.name, ())
    if bind.dialect.name == "sqlite":  # whichever engine migrates, the triggers' function is there
        connection = bind.connection.driver_connection
        assert connection is not None  # an open connection: Alembic runs inside it
        connection.create_function("catalog_grams", 4, grams, deterministic=True)
    try:
        with bind.begin_nested():  # a savepoint: as in 0460, no FTS5 means search scans
            for statement in statements:
                bind.execute(sa.text(statement))
    except sa.exc.DBAPIError as exc:
        log.warning("short-query search index not created, such searches will scan: %s", exc)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            bind.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
        bind.execute(sa.text("DROP TABLE IF EXISTS catalog_grams"))
    elif bind.dialect.name == "postgresql":
        bind.execute(sa.text("DROP INDEX IF EXISTS ix_catalog_entry_search_grams"))
        bind.execute(sa.text("DROP FUNCTION IF EXISTS catalog_grams(text, text, text, text)"))
    with op.batch_alter_table("catalog_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_entry_title")
