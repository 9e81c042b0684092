"""Real published reports' tables (tests/real_reports.py) printed in a PDF with their own layout
and blank cells, imported as an office imports a published PDF: every number placed, the blank
cells listed as not given, the rows of the 2019 trial table 二 listed, no false error."""

from __future__ import annotations

import pytest

from desktop_app.domain import report_format as rf
from desktop_app.domain.report_checks import ERROR, check_report
from desktop_app.services import annual_reports as ar
from tests import real_report_pdf
from tests import real_reports as real
from tests.test_report_real_corpus import printed_cells


@pytest.mark.parametrize("published", real.CORPUS, ids=lambda r: f"{r.agency}{r.year}")
def test_a_real_reports_pdf_imports_every_number_and_lists_its_blanks(
    services, tmp_path, published
):
    pdf = real_report_pdf.write_pdf(published, tmp_path / "published.pdf")
    result = ar.import_report(services, pdf, published.year)
    expected = printed_cells(published)
    assert {key: result.report.value(*key) for key in expected} == expected
    assert result.matches == ()
    # a group row printed without items (2019's （六）) is no template cell: its blanks unlisted
    assert set(result.not_given) == {
        key for key, value in expected.items() if value is None and key[1] not in rf.T3_GROUP_ITEMS
    }
    assert [f for f in check_report(result.report) if f.severity == ERROR] == []


def test_the_trial_table_two_of_the_real_pdf_is_listed_not_read(services, tmp_path):
    published = real.SHANGHAI_OFFICE_2019
    pdf = real_report_pdf.write_pdf(published, tmp_path / "published.pdf")
    result = ar.import_report(services, pdf, published.year)
    assert not any(key[0] == "二" for key in result.report.cells)
    trial = [t for t in result.unplaced if "2019 年试行格式的表二" in t]
    assert len(trial) == 6
    assert "未识别的表格行：政府集中采购 | 6 | 251000元" in result.unplaced
