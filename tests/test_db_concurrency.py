"""Two program instances writing at the same moment: every save succeeds, no number is handed out
twice, and a save racing a signature cannot overwrite the signed revision.

Each worker opens its own Services (its own engine and connections), as a second office would on a
shared PostgreSQL database or a second window on the same SQLite file.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from desktop_app.app import open_services
from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.requests import RequestDraft

WORKERS = 2
SAVES_EACH = 8


def _request(i: int) -> RequestDraft:
    return RequestDraft(
        received_on=dt.date(2024, 3, 1), applicant_type="自然人", content=f"并发申请 {i}"
    )


def _entry(i: int) -> EntryDraft:
    return EntryDraft(title=f"并发条目 {i}", generated_on=dt.date(2024, 3, 1))


def _save_concurrently(any_db, tmp_path, save) -> list:
    """Run `save(services, agency_id, i)` SAVES_EACH times in each worker, all starting together."""
    agency_id = any_db.agencies.current().id
    start, saved, failures = threading.Barrier(WORKERS), [], []

    def work(worker: int) -> None:
        services = open_services(any_db.db.url, tmp_path / "data")
        try:
            start.wait()
            for i in range(SAVES_EACH):
                saved.append(save(services, agency_id, worker * 100 + i))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            services.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    return saved


@pytest.mark.parametrize("first_of_the_year", [True, False])
def test_request_numbers_are_unique_when_two_instances_save_at_once(
    any_db, tmp_path, first_of_the_year
):
    if not first_of_the_year:  # the year's counter row already exists
        any_db.requests.add(any_db.agencies.current().id, _request(0))
    saved = _save_concurrently(
        any_db, tmp_path, lambda s, agency_id, i: s.requests.add(agency_id, _request(i)).number
    )
    numbers = [r.number for r in any_db.requests.all()]
    assert len(saved) == WORKERS * SAVES_EACH
    assert len(set(numbers)) == len(numbers) == len(saved) + (0 if first_of_the_year else 1)
    assert sorted(numbers) == [f"2024-{n:04d}" for n in range(1, len(numbers) + 1)]


@pytest.mark.parametrize("first_of_the_year", [True, False])
def test_index_numbers_are_unique_when_two_instances_save_at_once(
    any_db, tmp_path, first_of_the_year
):
    if not first_of_the_year:
        any_db.catalog.add(any_db.agencies.current().id, _entry(0))
    saved = _save_concurrently(
        any_db, tmp_path, lambda s, agency_id, i: s.catalog.add(agency_id, _entry(i)).index_no
    )
    expected = WORKERS * SAVES_EACH + (0 if first_of_the_year else 1)
    assert len(set(saved)) == len(saved) == WORKERS * SAVES_EACH
    assert any_db.catalog.count() == expected
    code = any_db.agencies.current().code
    assert max(saved) == f"{code}/2024-{expected:05d}"


def test_a_save_waits_for_a_concurrent_sign_and_then_refuses(any_db, tmp_path):
    from desktop_app.db.models_reports import ReportRow
    from desktop_app.db.repositories.agency import lock_numbering
    from desktop_app.domain import report_format as rf
    from desktop_app.domain.annual_report import SIGNED
    from desktop_app.errors import UserError
    from desktop_app.services import annual_reports as ar

    draft, agency_id = ar.create(any_db, 2024, rf.FORMAT_2021), any_db.agencies.current().id
    other, outcome = open_services(any_db.db.url, tmp_path / "data"), []

    def save() -> None:
        try:
            outcome.append(any_db.reports.save(draft))
        except UserError as exc:
            outcome.append(exc)

    saver = threading.Thread(target=save)
    try:
        with other.db.session() as session:  # another instance signing, as reports.sign does
            lock_numbering(session, agency_id)
            saver.start()
            saver.join(timeout=1)
            assert saver.is_alive()  # the save waits for the signing transaction…
            row = session.get(ReportRow, draft.id)
            row.status, row.signer, row.signed_on = SIGNED, "张主任", dt.date(2025, 1, 20)
        saver.join(timeout=30)
    finally:
        other.close()
    [refused] = outcome  # …and then sees the signature
    assert isinstance(refused, UserError)
    assert "已签发，只读" in str(refused)
    assert any_db.reports.latest(agency_id, 2024).sign_off.signer == "张主任"
