"""Two workstations issuing letters at the same moment never get the same 文号.

On SQLite two separate processes share the file; on both engines two threads, each with its own
Services (own engine and connections), issue at once, as two offices would on a shared server.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

import pytest

from desktop_app.app import open_services
from desktop_app.domain.letter_records import LetterSettings
from desktop_app.domain.requests import Applicant, RequestDraft
from desktop_app.services import letters as service

EACH = 5
_WORKER = """
import datetime as dt, sys
from desktop_app.app import open_services
from desktop_app.services import letters as service
services = open_services(sys.argv[1], sys.argv[2])
request = service.request_by_number(services, sys.argv[3])
for _ in range({each}):
    drafted = service.draft(services, request, "回执", dt.date(2024, 3, 4))
    print(service.issue(services, drafted).number)
services.close()
"""


def _prepare(services):
    agency_id = services.agencies.current().id
    services.letters.save_settings(agency_id, LetterSettings("青溪应急"))
    draft = RequestDraft(received_on=dt.date(2024, 3, 1), applicant_type="自然人", content="某文件")
    return services.requests.add(agency_id, draft, Applicant(name="李华"))


def _expected(n: int) -> list[str]:
    return sorted(f"青溪应急依公〔2024〕{i}号" for i in range(1, n + 1))


def test_two_processes_on_one_sqlite_file_issue_distinct_numbers(services, db_path, tmp_path):
    request = _prepare(services)
    code = _WORKER.format(each=EACH)
    args = [str(db_path), str(tmp_path / "data"), request.number]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    printed = []
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        printed += out.split()
    stored = [letter.number for letter in services.letters.letters()]
    assert sorted(printed) == sorted(stored) == _expected(2 * EACH)


@pytest.mark.parametrize("first_of_the_year", [True, False])
def test_two_connections_issue_distinct_numbers(any_db, tmp_path, first_of_the_year):
    request = _prepare(any_db)
    if not first_of_the_year:
        service.issue(any_db, service.draft(any_db, request, "回执", dt.date(2024, 3, 4)))
    start, issued, failures = threading.Barrier(2), [], []

    def work() -> None:
        services = open_services(any_db.db.url, tmp_path / "data")
        try:
            start.wait()
            for _ in range(EACH):
                drafted = service.draft(services, request, "回执", dt.date(2024, 3, 4))
                issued.append(service.issue(services, drafted).number)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            services.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert failures == []
    stored = [letter.number for letter in any_db.letters.letters()]
    total = 2 * EACH + (0 if first_of_the_year else 1)
    assert sorted(stored) == _expected(total)
    assert len(issued) == 2 * EACH
