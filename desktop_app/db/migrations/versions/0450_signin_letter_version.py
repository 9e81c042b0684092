"""require sign-in switch, versions on letter settings, template authors

Revision ID: 0450_signin_letter_version
Revises: 0440_fee_clock
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0450_signin_letter_version"
down_revision = "0440_fee_clock"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No row yet: sign-in stays off until a 管理员 turns it on (and a restore's target stays empty).
    op.create_table(
        "access_setting",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("require_sign_in", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("modified_by", sa.String(length=100), server_default="", nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_setting")),
    )
    # SQLite cannot ALTER-add a column defaulting to CURRENT_TIMESTAMP: copy that table.
    with op.batch_alter_table("letter_setting", schema=None, recreate="always") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(
            sa.Column("modified_by", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "updated_at",
                sa.DateTime(),
                server_default=sa.text("(CURRENT_TIMESTAMP)"),
                nullable=False,
            )
        )

    with op.batch_alter_table("letter_template", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("created_by", sa.String(length=100), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("letter_template", schema=None) as batch_op:
        batch_op.drop_column("created_by")

    with op.batch_alter_table("letter_setting", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_column("modified_by")
        batch_op.drop_column("version")

    op.drop_table("access_setting")
