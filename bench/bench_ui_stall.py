"""Benchmark: the longest UI-thread stall (a 10 ms QTimer's longest gap; goal < 100 ms) while
1. a request form saves during a 50,000-row catalog import (both through the background helper),
2. the register tab opens on 20,000 requests, and reloads after an edit with a row selected,
3. the catalog window opens on 100,000 entries (first page and the tree's counts).

Run from this folder: QT_QPA_PLATFORM=offscreen ../.venv/bin/python bench_ui_stall.py
The anchor is the same timer ticking with nothing else to do (scheduling noise of this machine).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from PySide6.QtWidgets import QApplication  # noqa: E402
from register_data import request_drafts  # noqa: E402

from desktop_app.app import open_services  # noqa: E402
from desktop_app.services.catalog_import import import_catalog  # noqa: E402
from desktop_app.ui import tasks  # noqa: E402
from desktop_app.ui.register_view import RegisterView  # noqa: E402
from tests.stall_meter import StallMeter  # noqa: E402
from tests.ui.test_save_waits_for_import import catalog_file, request_form_for  # noqa: E402

AGENCY = ("青溪县应急管理局", "11330727775738086F")


def spin_until(done, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError
        QApplication.processEvents()
        time.sleep(0.002)


def new_services(folder: Path):
    services = open_services(str(folder / "bench.sqlite"), folder / "data")
    services.agencies.create(*AGENCY)
    services.classification.seed_default()
    return services


def idle(seconds: float = 2.0) -> StallMeter:
    with StallMeter() as meter:
        end = time.monotonic() + seconds
        spin_until(lambda: time.monotonic() > end)
    return meter


def save_during_import(folder: Path) -> StallMeter:
    services = new_services(folder)
    path = catalog_file(folder / "catalog.csv", 50_000)
    holding, outcome = threading.Event(), []

    def run_import(progress):
        def watch(done, total):
            if total and done > total // 2:
                holding.set()
            return progress(done, total)

        return import_catalog(services, path, progress=watch)

    form = request_form_for(services)
    try:
        with StallMeter() as meter:
            tasks.run_in_background(
                form, run_import, outcome.append, outcome.append, progress=lambda *_: None
            )
            spin_until(holding.is_set)
            form.save()
            spin_until(lambda: not form.saving and bool(outcome))
        assert form.saved is not None, form.general_error.text()
    finally:
        form.deleteLater()
        services.close()
    return meter


def open_register(folder: Path) -> StallMeter:
    services = new_services(folder)
    today = dt.date(2024, 12, 20)
    agency = services.agencies.current()
    services.requests.add_many(agency.id, request_drafts(20_000, dt.date(2022, 1, 1), 1075, today))
    view = RegisterView(services, today=lambda: today)
    view.resize(1300, 800)
    try:
        with StallMeter() as meter:
            view.show()
            spin_until(lambda: view.loaded)
            end = time.monotonic() + 0.1
            spin_until(lambda: time.monotonic() > end)  # the first page painted
            view.table.selectRow(5)
            view.reload()  # as after an edit
            spin_until(lambda: not view.loading)
    finally:
        view.close()
        services.close()
    return meter


def tree_100k(folder: Path) -> StallMeter:
    """The catalog window opening on 100,000 entries: first page and the tree's counts."""
    from make_catalog import make  # only this case needs the catalog maker

    from desktop_app.ui.main_window import MainWindow

    path = folder / "catalog.sqlite"
    make(path, 100_000)
    services = open_services(str(path), folder / "data")
    window = MainWindow(services)
    window.resize(1300, 700)
    try:
        with StallMeter() as meter:
            window.show()
            window.start_loading()
            spin_until(lambda: window.loaded and not window.model.busy)
            end = time.monotonic() + 0.2
            spin_until(lambda: time.monotonic() > end)  # the counts and first page painted
    finally:
        window.close()
        services.close()
    return meter


def main() -> None:
    app = QApplication.instance() or QApplication([])
    print(f"{'case':28s} {'longest':>9s} {'> 100 ms':>9s}")
    cases = (
        ("idle (anchor)", lambda _folder: idle()),
        ("save during 50k import", save_during_import),
        ("register, 20k requests", open_register),
        ("tree, 100k entries", tree_100k),
    )
    for name, case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            meter = case(Path(tmp))
        print(f"{name:28s} {meter.longest * 1000:7.0f} ms {len(meter.gaps_over(0.1)):9d}")
    tasks.wait_for_all()
    del app


if __name__ == "__main__":
    main()
