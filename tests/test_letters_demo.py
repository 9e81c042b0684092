"""The demo database carries letters of several kinds, all intact, with nothing for the checks."""

from __future__ import annotations

import datetime as dt

from desktop_app.app import open_services
from desktop_app.services.demo import create_demo
from desktop_app.services.letters import check


def test_demo_has_letters_of_several_kinds(tmp_path):
    services = open_services(str(tmp_path / "demo.sqlite"), tmp_path / "data")
    try:
        create_demo(services, today=dt.date(2025, 3, 1))
        letters = services.letters.letters()
        kinds = {letter.kind for letter in letters}
        assert {"回执", "补正", "延期", "收费", "答复"} <= kinds
        assert len({letter.form for letter in letters if letter.kind == "答复"}) >= 2
        assert all(letter.intact for letter in letters)
        assert check(services) == []
        fee = next(letter for letter in letters if letter.kind == "收费")
        assert "应缴金额1700元" in fee.content.text  # 150 pages: 70×10 + 50×20
    finally:
        services.close()
