"""Alembic environment: runs on the connection handed over by desktop_app.db.migrate."""

from alembic import context

from desktop_app.db.migrate import include_object
from desktop_app.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
