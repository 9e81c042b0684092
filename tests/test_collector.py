"""desktop_app/collector.py: the collector paused through start-up and tasks, resumed by the last."""

from __future__ import annotations

import gc

import pytest

from desktop_app import collector


@pytest.fixture
def collector_state():
    """Leave the test process's collector as it was found."""
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    (gc.enable if enabled else gc.disable)()


def test_start_up_pauses_until_done_then_freezes_what_exists(collector_state):
    collector.start_up_begins()
    assert not gc.isenabled()
    assert gc.get_threshold() == collector.GC_THRESHOLD
    survivor = [object()]  # lives past start-up, like a module's tables
    collector.start_up_done()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    assert survivor not in gc.get_objects()  # frozen: no collection walks it again


def test_a_task_running_when_start_up_ends_keeps_the_collector_paused(collector_state):
    collector.start_up_begins()
    with collector.paused():
        collector.start_up_done()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_start_up_done_without_a_paused_start_changes_nothing(collector_state):
    gc.enable()
    frozen = gc.get_freeze_count()
    collector.start_up_done()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
