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
    # a group row printed without items (2019's （六）) is no template cell: its blanks unlisted;
    # a table the report does not have (2019's trial table 二 is not read) is not given at all
    missing = tuple(t for t in rf.TABLE_KEYS if not any(key[0] == t for key in expected))
    assert result.missing_tables == missing
    assert set(result.not_given) == {
        key for key, value in expected.items() if value is None and key[1] not in rf.T3_GROUP_ITEMS
    } | {(t, row, col) for t in missing for row, col in rf.CELLS_BY_TABLE[t]()}
    assert [f for f in check_report(result.report) if f.severity == ERROR] == []


def test_the_trial_table_two_of_the_real_pdf_is_listed_not_read(services, tmp_path):
    published = real.SHANGHAI_OFFICE_2019
    pdf = real_report_pdf.write_pdf(published, tmp_path / "published.pdf")
    result = ar.import_report(services, pdf, published.year)
    table_two = [key for key in result.report.cells if key[0] == "二"]
    assert len(table_two) == len(rf.table2_cells())
    assert all(result.report.unknown(key) for key in table_two)  # not read: unknown, never 0
    assert "未找到表二：该表的数字都按未给出处理（不计为 0），请核对原文" in result.notes()
    assert not any(note.startswith("未给出数字（空白或“/”）：表二") for note in result.notes())
    findings = [
        f for f in check_report(result.report) if f.rule == "表格-1" and f.cells[0][0] == "二"
    ]
    assert [f.message for f in findings] == [
        "表二 没有给出任何数字（原文没有该表或未能读入），按未知处理"
    ]
    trial = [t for t in result.unplaced if "2019 年试行格式的表二" in t]
    assert len(trial) == 6
    assert "未识别的表格行：政府集中采购 | 6 | 251000元" in result.unplaced
