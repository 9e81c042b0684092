"""attachment bytes in the database, for shared server databases

Revision ID: 0300_attachment_content
Revises: 0200_reports
Create Date: 2026-11-25 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0300_attachment_content"
down_revision = "0200_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_content",
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_attachment_content_attachment_id_attachment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("attachment_id", name=op.f("pk_attachment_content")),
    )


def downgrade() -> None:
    op.drop_table("attachment_content")
