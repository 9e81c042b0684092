"""The one background helper: results arrive on the UI thread, for an owner that still exists."""

from __future__ import annotations

import threading
import time

import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.ui import tasks


def test_results_and_errors_arrive_on_the_ui_thread(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    got, work_threads, callback_threads = [], [], []

    def work():
        work_threads.append(QThread.currentThread())
        return 42

    def fail():
        raise ValueError("坏数据")

    def keep(value):
        callback_threads.append(QThread.currentThread())
        got.append(value)

    tasks.run_in_background(owner, work, keep, keep)
    tasks.run_in_background(owner, fail, keep, keep)
    qtbot.waitUntil(lambda: len(got) == 2)
    assert 42 in got
    assert any(isinstance(v, ValueError) and str(v) == "坏数据" for v in got)
    ui = QApplication.instance().thread()
    assert len(work_threads) == 1
    assert work_threads[0] is not ui  # the work ran on a pool thread …
    assert len(callback_threads) == 2
    assert all(t is ui for t in callback_threads)  # … the callbacks on the UI thread
    assert not tasks.pending()


def test_a_deleted_owner_gets_nothing(qtbot):
    release = threading.Event()
    got = []
    owner = QWidget()  # e.g. a dialog the user closed while it was still looking something up
    tasks.run_in_background(owner, lambda: release.wait(10), got.append, got.append)
    shiboken6.delete(owner)
    release.set()
    qtbot.waitUntil(lambda: not tasks.pending())
    assert got == []


def test_cancel_reaches_the_work_through_its_progress_callback(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    started, got, seen = threading.Event(), [], []

    def count(progress):
        done = 0
        started.set()
        while progress(done, 0):
            done += 1
        return "stopped"

    task = tasks.run_in_background(
        owner, count, got.append, got.append, lambda done, total: seen.append(done)
    )
    assert started.wait(10)
    task.cancel()
    qtbot.waitUntil(lambda: got == ["stopped"])
    assert task.cancelled
    assert seen  # progress was reported to the owner on the way


def test_a_later_read_supersedes_one_still_running(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    reads, got, release = tasks.LatestRead(owner), [], threading.Event()

    def slow():
        release.wait(10)
        return "旧的"

    def failing():
        raise ValueError("坏数据")

    reads.start(slow, got.append, got.append)
    reads.start(failing, got.append, got.append)  # its error is dropped too: superseded
    reads.start(lambda: "新的", got.append, got.append)
    qtbot.waitUntil(lambda: got == ["新的"])
    assert not reads.running
    release.set()  # the first read finishes last …
    qtbot.waitUntil(lambda: not tasks.pending())
    assert got == ["新的"]  # … and is not shown over the newer one


def test_one_read_at_a_time_runs_the_latest_after_the_running_one(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    reads, got, ran, release = (
        tasks.LatestRead(owner, one_at_a_time=True),
        [],
        [],
        threading.Event(),
    )

    def read(name: str, wait: bool = False):
        def run():
            ran.append(name)
            if wait:
                release.wait(10)
            return name

        return run

    reads.start(read("前缀", wait=True), got.append, got.append)
    qtbot.waitUntil(lambda: ran == ["前缀"])
    asked = reads.asked
    reads.start(read("中间"), got.append, got.append)  # waits, then is replaced: never runs
    reads.start(read("整词"), got.append, got.append)
    assert reads.asked == asked + 2
    assert reads.running
    release.set()
    qtbot.waitUntil(lambda: got == ["整词"])
    qtbot.waitUntil(lambda: not tasks.pending())
    assert ran == ["前缀", "整词"]
    assert got == ["整词"]
    assert not reads.running


def test_writes_handed_over_in_order_run_in_order_off_the_ui_thread(tmp_path, caplog):
    """A draft written, rewritten, then removed: the file ends removed, however the thread runs."""
    draft, threads = tmp_path / "draft.json", []

    def write(text: str) -> None:
        threads.append(threading.get_ident())
        time.sleep(0.01)  # a slow disk: the removal after it must still come last
        draft.write_text(text, encoding="utf-8")

    def full_disk() -> None:
        raise OSError(28, "磁盘已满")

    tasks.in_order(lambda: write("第一稿"))
    tasks.in_order(full_disk)  # logged; what comes after it still runs
    tasks.in_order(lambda: write("第二稿"))
    tasks.in_order_done()
    assert draft.read_text(encoding="utf-8") == "第二稿"
    tasks.in_order(draft.unlink)
    tasks.wait_for_all()  # closing the window waits for them too
    assert not draft.exists()
    assert threads
    assert threading.get_ident() not in threads
    assert "磁盘已满" in caplog.text
