"""kill -9 while saving: every change has its event and every event its change, the chain intact."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.app import open_services
from desktop_app.domain.catalog import EntryDraft
from tests.conftest import AGENCY_CODE, AGENCY_NAME

ROOT = Path(__file__).resolve().parents[1]

# Edits one entry and adds another, again and again, each a transaction of its own.
WRITER = """
import datetime as dt, sys
from dataclasses import replace
from desktop_app.app import open_services
from desktop_app.domain.catalog import EntryDraft

services = open_services(sys.argv[1], sys.argv[2], create=False)
agency, entry_id = services.agencies.current(), int(sys.argv[3])
print("ready", flush=True)
n = 0
while True:
    n += 1
    entry = services.catalog.get(entry_id)
    services.catalog.update(entry_id, replace(entry.draft(), title=f"{sys.argv[4]}第{n}次修改"))
    services.catalog.add(agency.id, EntryDraft(
        title=f"{sys.argv[4]}新增{n}", generated_on=dt.date(2024, 3, 1),
        disclosure_form="主动公开", period="长期公开"))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_never_leaves_a_change_without_its_event(any_db_target, tmp_path):
    data = tmp_path / "data"
    services = open_services(any_db_target, data)
    try:
        agency = services.agencies.create(AGENCY_NAME, AGENCY_CODE)
        entry = services.catalog.add(
            agency.id,
            EntryDraft(
                title="原标题",
                generated_on=dt.date(2024, 3, 1),
                disclosure_form="主动公开",
                period="长期公开",
            ),
        )
    finally:
        services.close()
    rng = random.Random(8)
    for run in range(3):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, any_db_target, str(data), str(entry.id), f"第{run}轮"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        time.sleep(rng.uniform(0.3, 1.2))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)

    services = open_services(any_db_target, data)
    try:
        broken, _ = services.audit.verify()
        assert broken is None
        events = services.audit.history("catalog_entry", entry.id)
        edits = [e for e in events if e.action == "修改"]
        assert edits, "the writer saved nothing before it was killed: give it longer"
        assert edits[-1].changes[0].new == services.catalog.get(entry.id).title
        for before, after in zip(edits, edits[1:], strict=False):
            assert after.changes[0].old == before.changes[0].new  # no edit without its event
        created = [
            e for e in services.audit.events() if e.entity == "catalog_entry" and e.action == "新增"
        ]
        assert len(created) == services.catalog.count()
        numbers = {e.index_no for e in services.catalog.all()}
        assert {e.detail.split(" ", 1)[0] for e in created} == numbers  # each entry has its event
    finally:
        services.close()


# Adds tree nodes: a write that takes no other lock than the chain's, so only the chain head
# keeps the two writers from both appending after the same event.
APPENDER = """
import sys
from desktop_app.app import open_services

services = open_services(sys.argv[1], sys.argv[2], create=False)
print("ready", flush=True)
sys.stdin.readline()  # both start together
for n in range(12):
    services.classification.add(None, f"{sys.argv[3]}{n}")
"""


def test_two_processes_appending_at_once_keep_one_chain(any_db_target, tmp_path):
    data = tmp_path / "data"
    services = open_services(any_db_target, data)
    services.agencies.create(AGENCY_NAME, AGENCY_CODE)
    _, before = services.audit.verify()
    services.close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", APPENDER, any_db_target, str(data), name],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for name in ("甲", "乙")
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    services = open_services(any_db_target, data)
    try:
        assert services.audit.verify() == (None, before + 24)
        added = [
            e for e in services.audit.events() if e.entity == "class_node" and e.action == "新增"
        ]
        assert len(added) == 24
    finally:
        services.close()
