"""Shared fixtures: every test gets its own data folder and a fresh, migrated SQLite file."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

AGENCY_NAME = "青溪县应急管理局"
AGENCY_CODE = "11330727775738086F"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test may touch the real user data folder or a database named in the environment."""
    monkeypatch.setenv("DISCLOSURE_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DISCLOSURE_DESK_DB", raising=False)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "desk.sqlite"


@pytest.fixture
def services(db_path, tmp_path):
    """Services on a new SQLite file, with an agency registered and the default tree seeded."""
    from desktop_app.app import open_services

    services = open_services(str(db_path), tmp_path / "data")
    services.agencies.create(AGENCY_NAME, AGENCY_CODE)
    services.classification.seed_default()
    yield services
    services.close()


@pytest.fixture
def agency(services):
    return services.agencies.current()
