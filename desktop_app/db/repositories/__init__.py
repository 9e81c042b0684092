"""Repositories: each method is one short transaction and returns domain dataclasses."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

IN_CHUNK = 500  # values per `IN (…)`: well under every driver's limit on bound parameters


def present(session: Session, column: InstrumentedAttribute, values: Iterable) -> set:
    """Those of `values` that `column` holds, asked `IN_CHUNK` at a time."""
    wanted, found = list(dict.fromkeys(values)), set()
    for start in range(0, len(wanted), IN_CHUNK):
        found.update(
            session.scalars(select(column).where(column.in_(wanted[start : start + IN_CHUNK])))
        )
    return found
