"""drop the catalog's index on 生成日期 alone

Revision ID: 0500_catalog_date_index
Revises: 0495_catalog_sorts
Create Date: 2026-12-01

ix_catalog_entry_order (生成日期, 索引号) begins with the same column, so every filter on 生成日期 (a
year, the years that have entries) and every sort by it is served by that index as well (EXPLAIN
QUERY PLAN, bench/README.md "sixth pass"); the one on the date alone only cost each saved entry one
more B-tree to update — one of fourteen in a 50,000-row import.
"""

from alembic import op

revision = "0500_catalog_date_index"
down_revision = "0495_catalog_sorts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("catalog_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_catalog_entry_generated_on")


def downgrade() -> None:
    with op.batch_alter_table("catalog_entry", schema=None) as batch_op:
        batch_op.create_index("ix_catalog_entry_generated_on", ["generated_on"], unique=False)
