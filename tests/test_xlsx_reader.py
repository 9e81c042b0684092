"""Workbooks as the importers see them (table_reader.open_workbook, python-calamine underneath):
rows numbered from 1 and cells from column A wherever the table starts, blanks as None, whole
numbers as int, dates as dates — for files written like Excel's (shared strings) and like ours."""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter
from openpyxl import Workbook

from desktop_app.services.table_reader import cell_date, cell_text, open_workbook

# The table starts in B3 below two blank rows, as a title-less sheet someone tidied up.
CELLS = {
    (3, 2): "标题",
    (3, 3): "编号",
    (3, 4): "成文日期",
    (4, 2): "关于防汛工作的通知",
    (4, 3): 7,
    (4, 4): dt.datetime(2024, 3, 5),
    (5, 2): "半角 1.5",
    (5, 3): 1.5,
}
EXPECTED = [
    (None, None, None, None),
    (None, None, None, None),
    (None, "标题", "编号", "成文日期"),
    (None, "关于防汛工作的通知", 7, dt.date(2024, 3, 5)),
    (None, "半角 1.5", 1.5, None),
]


def write_like_excel(path):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("目录")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for (row, column), value in CELLS.items():
        if isinstance(value, dt.datetime):
            sheet.write_datetime(row - 1, column - 1, value, dates)
        else:
            sheet.write(row - 1, column - 1, value)
    book.add_worksheet("空白")
    book.close()


def write_with_openpyxl(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "目录"
    for (row, column), value in CELLS.items():
        cell = sheet.cell(row, column, value)
        if isinstance(value, dt.datetime):
            cell.number_format = "yyyy-mm-dd"
    book.create_sheet("空白")
    book.save(path)


@pytest.mark.parametrize("write", [write_like_excel, write_with_openpyxl])
def test_rows_and_cells_keep_their_places_and_kinds(tmp_path, write):
    path = tmp_path / "目录.xlsx"
    write(path)
    workbook = open_workbook(path)
    first, blank = workbook.worksheets
    rows = list(first.iter_rows())
    width = len(EXPECTED[2])
    assert [row + (None,) * (width - len(row)) for row in rows] == [
        row + (None,) * (width - len(row)) for row in EXPECTED
    ]
    assert list(first.iter_rows(max_row=3))[-1] == rows[2]
    assert list(blank.iter_rows()) == []
    assert isinstance(rows[3][2], int)
    assert cell_text(rows[3][2]) == "7"
    assert cell_date(rows[3][3]) == dt.date(2024, 3, 5)
