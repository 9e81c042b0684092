"""Repositories: each method is one short transaction and returns domain dataclasses."""

from collections.abc import Hashable, Iterable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

T = TypeVar("T", bound=Hashable)
V = TypeVar("V")

IN_CHUNK = 500  # values per `IN (…)`: well under every driver's limit on bound parameters


def present(session: Session, column: InstrumentedAttribute[T], values: Iterable[T]) -> set[T]:
    """Those of `values` that `column` holds, asked `IN_CHUNK` at a time."""
    wanted, found = list(dict.fromkeys(values)), set[T]()
    for start in range(0, len(wanted), IN_CHUNK):
        found.update(
            session.scalars(select(column).where(column.in_(wanted[start : start + IN_CHUNK])))
        )
    return found


def validated(value: V | None) -> V:
    """A field the domain's validation has already required (the save was refused otherwise)."""
    if value is None:
        raise AssertionError("a validated field is missing")
    return value
