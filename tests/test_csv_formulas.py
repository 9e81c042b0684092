"""CSV exports cannot run formulas in Excel (OWASP's leading apostrophe); xlsx cells stay text."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from desktop_app.domain.catalog import EntryDraft
from desktop_app.domain.requests import Applicant, RequestDraft
from desktop_app.export.catalog_table import export_catalog
from desktop_app.export.spreadsheet import write_table
from desktop_app.services.catalog_import import import_catalog
from desktop_app.services.requests_io import export_requests

FORMULAS = ['=HYPERLINK("http://example.invalid","点击")', "+1+2", "-3+4", "@SUM(A1:A2)"]


def csv_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as src:
        return list(csv.reader(src))


@pytest.mark.parametrize("text", [*FORMULAS, "\tX", "\rY"])
def test_every_formula_start_gets_an_apostrophe_in_csv(tmp_path, text):
    path = tmp_path / "t.csv"
    write_table(path, "表", ["文字", "数"], [[text, Decimal("-5")], ["普通文字", 3]])
    rows = csv_rows(path)
    assert rows[1] == [f"'{text}", "-5"]  # a number the program writes stays a number
    assert rows[2] == ["普通文字", "3"]


def test_catalog_csv_is_neutralised_and_reads_back_as_typed(services, agency, tmp_path):
    entries = [
        services.catalog.add(agency.id, EntryDraft(title, dt.date(2024, 3, 5), doc_number=title))
        for title in FORMULAS
    ]
    path = tmp_path / "目录.csv"
    export_catalog(services.catalog.all(), path)
    exported = csv_rows(path)[1:]
    assert sorted(row[1] for row in exported) == sorted(f"'{t}" for t in FORMULAS)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in exported for cell in row)

    services.catalog.add(agency.id, EntryDraft("占位", dt.date(2024, 3, 5)))  # not in the file
    copy_db = tmp_path / "copy.sqlite"
    from desktop_app.app import open_services

    copy = open_services(str(copy_db), tmp_path / "copy-data")
    try:
        copy.agencies.create("另一机关", agency.code)
        assert import_catalog(copy, path).imported == len(entries)
        assert sorted(e.title for e in copy.catalog.all()) == sorted(FORMULAS)
    finally:
        copy.close()


def test_register_csv_neutralises_the_applicant_columns_too(services, agency, tmp_path):
    services.requests.add(
        agency.id,
        RequestDraft(dt.date(2024, 3, 5), "自然人", "=1+1", fee=Decimal("12.50")),
        Applicant(name='=HYPERLINK("x")', phone="+8613800000000", email="@a"),
    )
    path = tmp_path / "台账.csv"
    export_requests(services.requests.all(), path, services.requests.applicants())
    header, row = csv_rows(path)
    values = dict(zip(header, row, strict=True))
    assert values["申请内容"] == "'=1+1"
    assert values["申请人"] == """'=HYPERLINK("x")"""
    assert values["联系电话"] == "'+8613800000000"
    assert values["电子邮箱"] == "'@a"
    assert values["信息处理费"] == "12.50"


def test_xlsx_keeps_formula_text_as_text_cells(services, agency, tmp_path):
    for title in FORMULAS:
        services.catalog.add(agency.id, EntryDraft(title, dt.date(2024, 3, 5)))
    path = tmp_path / "目录.xlsx"
    export_catalog(services.catalog.all(), path)
    sheet = load_workbook(path).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in titles) == sorted(FORMULAS)
    assert {cell.data_type for cell in titles} == {"s"}
