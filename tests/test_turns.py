"""Writes that wait their turn: a lock taken between the look and the write is waited out too."""

from __future__ import annotations

import pytest

from desktop_app.errors import DatabaseBusy
from desktop_app.services import turns


def test_a_write_that_met_the_lock_runs_again_and_says_it_waited(services):
    attempts, waited = [], []

    def write():
        attempts.append(1)
        if len(attempts) == 1:  # another writer took the lock after our look
            raise DatabaseBusy
        return "saved"

    assert turns.in_turn(services.db, write, lambda: waited.append(1)) == "saved"
    assert (len(attempts), len(waited)) == (2, 1)


def test_a_lock_that_outlasts_patience_is_reported(services):
    def write():
        raise DatabaseBusy

    with pytest.raises(DatabaseBusy, match="已锁定"):
        turns.in_turn(services.db, write, patience=0.2)


def test_no_writer_means_no_wait(any_db):
    # PostgreSQL locks rows, not the database: its saves never wait for an import at all
    assert not any_db.db.another_writer()
    assert turns.in_turn(any_db.db, lambda: 7, lambda: pytest.fail("waited")) == 7


def test_sqlite_sees_another_program_writing(services, db_path):
    import sqlite3

    holder = sqlite3.connect(db_path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert services.db.another_writer()
    finally:
        holder.rollback()
        holder.close()
    assert not services.db.another_writer()
