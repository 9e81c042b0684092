"""The log never prints tracebacks of its own, also when its disk is full."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from desktop_app.logs import QuietFileHandler

pytestmark = pytest.mark.skipif(
    not Path("/dev/full").exists(), reason="/dev/full (a disk that is always full) is Linux only"
)


def test_a_full_log_disk_costs_the_line_not_a_traceback(tmp_path, capsys):
    handler = QuietFileHandler(tmp_path / "x.log", maxBytes=1_000_000, backupCount=1)
    handler.stream.close()
    handler.stream = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - the handler owns it
    logger = logging.getLogger("test.full-disk")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for number in range(8):
            logger.warning("第 %d 条日志", number)
    finally:
        logger.removeHandler(handler)
        handler.stream = open(tmp_path / "x.log", "a", encoding="utf-8")  # noqa: SIM115
        handler.close()
    assert capsys.readouterr().err == ""
    assert logging.raiseExceptions  # the quiet part is this handler's alone


def test_the_plain_handler_would_have_printed_one(tmp_path, capsys):
    handler = logging.StreamHandler(open("/dev/full", "w", encoding="utf-8"))  # noqa: SIM115
    logger = logging.getLogger("test.full-disk-plain")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("一条日志")
    finally:
        logger.removeHandler(handler)
    assert "Logging error" in capsys.readouterr().err
