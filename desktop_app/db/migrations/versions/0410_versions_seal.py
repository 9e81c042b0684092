"""report seals, draft and pending PDF records, row versions for conflict-safe saves

Revision ID: 0410_versions_seal
Revises: 0300_attachment_content
Create Date: 2026-11-30 14:07:55
"""

from typing import Literal

import sqlalchemy as sa
from alembic import op

revision = "0410_versions_seal"
down_revision = "0400_audit_users"
branch_labels = None
depends_on = None


VERSIONED = ("annual_report", "catalog_entry", "disclosure_request", "request_appeal")


def upgrade() -> None:
    for table in VERSIONED:
        # SQLite cannot ALTER-add a column defaulting to CURRENT_TIMESTAMP: copy that table.
        recreate: Literal["always", "auto"] = "always" if table == "request_appeal" else "auto"
        with op.batch_alter_table(table, schema=None, recreate=recreate) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )
            batch_op.add_column(
                sa.Column("modified_by", sa.String(length=100), server_default="", nullable=False)
            )
            if table == "request_appeal":
                batch_op.add_column(
                    sa.Column(
                        "updated_at",
                        sa.DateTime(),
                        server_default=sa.text("(CURRENT_TIMESTAMP)"),
                        nullable=False,
                    )
                )
    with op.batch_alter_table("annual_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seal", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("seal_key_id", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("seal_parts", sa.Text(), nullable=True))

    with op.batch_alter_table("report_pdf", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("draft", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("pending", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # PDFs exported before their revision was signed (or from a revision still unsigned) were
    # drafts; the day of signing is all that was recorded, so an export that day counts as signed.
    connection = op.get_bind()
    exports = connection.execute(
        sa.text(
            "SELECT p.id, p.exported_at, r.signed_on FROM report_pdf p"
            " JOIN annual_report r ON r.id = p.report_id"
        )
    )
    drafts = [
        row.id
        for row in exports
        if row.signed_on is None or _day(row.exported_at) < _day(row.signed_on)
    ]
    for report_pdf_id in drafts:
        connection.execute(
            sa.text("UPDATE report_pdf SET draft = :yes WHERE id = :id"),
            {"yes": True, "id": report_pdf_id},
        )


def _day(value: object) -> str:
    """SQLite returns text, PostgreSQL dates and datetimes: compare the ISO day."""
    return str(value)[:10]


def downgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "request_appeal":
                batch_op.drop_column("updated_at")
            batch_op.drop_column("modified_by")
            batch_op.drop_column("version")
    with op.batch_alter_table("report_pdf", schema=None) as batch_op:
        batch_op.drop_column("pending")
        batch_op.drop_column("draft")

    with op.batch_alter_table("annual_report", schema=None) as batch_op:
        batch_op.drop_column("seal_parts")
        batch_op.drop_column("seal_key_id")
        batch_op.drop_column("seal")
