"""Developer tool: autogenerate the next Alembic revision from the ORM models.

Usage: uv run python scripts/new_migration.py "what changed" 0002
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

from desktop_app.db.engine import Database
from desktop_app.db.migrate import _config, upgrade

with tempfile.TemporaryDirectory() as tmp:
    db = Database(f"sqlite:///{Path(tmp) / 'autogen.sqlite'}")
    upgrade(db)
    config = _config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=sys.argv[1], autogenerate=True, rev_id=sys.argv[2])
    db.dispose()
