"""Workbooks as the importers see them (table_reader.read_sheet, python-calamine underneath):
rows numbered from 1 and cells from column A wherever the table starts, blanks as None, whole
numbers as int, dates as dates — for files written like Excel's (shared strings) and like ours."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
import python_calamine
import xlsxwriter
from openpyxl import Workbook

from desktop_app.errors import UserError
from desktop_app.services.catalog_import import read_catalog_file
from desktop_app.services.table_reader import cell_date, cell_text, read_sheet

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
    first, blank = read_sheet(path), read_sheet(path, lambda sheet: sheet.name == "空白")
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


def sheets_read(monkeypatch) -> list[int]:
    """The indexes of the sheets calamine is asked for (it reads a sheet whole when asked)."""
    asked: list[int] = []
    get = python_calamine.CalamineWorkbook.get_sheet_by_index

    def spy(book, index):
        asked.append(index)
        return get(book, index)

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "get_sheet_by_index", spy)
    return asked


def catalog_workbook(path, sheets):
    """`sheets`: (name, rows) in order; rows of cells written from A1."""
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
    book.close()
    return path


CATALOG = [("信息名称", "生成日期"), ("关于防汛工作的通知", "2024-03-05")]
APPENDIX = [("序号", "说明")] + [(n, "附表内容" * 5) for n in range(1, 20_001)]


def broken(path, sheet_xml):
    """The workbook with one sheet's XML cut short: calamine cannot read that sheet."""
    damaged = path.with_name(f"damaged_{path.name}")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[: len(data) // 2] if item.filename == sheet_xml else data)
    return damaged


def test_only_the_sheet_with_the_header_is_read_not_the_ones_after_it(tmp_path, monkeypatch):
    path = catalog_workbook(tmp_path / "目录.xlsx", [("目录", CATALOG), ("附表", APPENDIX)])
    asked = sheets_read(monkeypatch)
    parsed = read_catalog_file(path)
    assert asked == [0]  # the appendix's 20,000 rows were never read
    assert [row.values["title"] for row in parsed.rows] == ["关于防汛工作的通知"]


def test_a_header_on_a_later_sheet_is_found_and_the_sheets_after_it_left_unread(
    tmp_path, monkeypatch
):
    sheets = [("说明", [("填表说明",)]), ("目录", CATALOG), ("附表", APPENDIX)]
    path = catalog_workbook(tmp_path / "目录.xlsx", sheets)
    asked = sheets_read(monkeypatch)
    parsed = read_catalog_file(path)
    assert asked == [0, 1]
    assert parsed.rows[0].row_number == 2
    assert parsed.columns["title"] == "信息名称"


def test_a_sheet_calamine_cannot_read_matters_only_when_it_must_be_read(tmp_path):
    path = catalog_workbook(tmp_path / "目录.xlsx", [("目录", CATALOG), ("附表", APPENDIX)])
    after = broken(path, "xl/worksheets/sheet2.xml")
    with (
        python_calamine.CalamineWorkbook.from_path(str(after)) as book,
        pytest.raises(python_calamine.CalamineError),
    ):
        book.get_sheet_by_index(1)  # what reading every sheet used to stumble on
    assert len(read_catalog_file(after).rows) == 1
    # A damaged sheet before the header's must be read to look for the header: refused as ever.
    path = catalog_workbook(tmp_path / "先附表.xlsx", [("附表", APPENDIX), ("目录", CATALOG)])
    before = broken(path, "xl/worksheets/sheet1.xml")
    with pytest.raises(UserError, match="文件已损坏或不是 Excel 工作簿"):
        read_catalog_file(before)


def test_without_a_header_anywhere_the_first_sheet_is_named_as_before(tmp_path, monkeypatch):
    path = catalog_workbook(tmp_path / "目录.xlsx", [("甲", [("a",)]), ("乙", [("b",)])])
    asked = sheets_read(monkeypatch)
    with pytest.raises(UserError, match="找不到表头"):
        read_catalog_file(path)
    assert asked == [0, 1]
