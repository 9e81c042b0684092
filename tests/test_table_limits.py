"""Spreadsheet imports refuse files that would exhaust memory, before reading them, in Chinese."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from desktop_app.errors import UserError
from desktop_app.services import table_reader
from desktop_app.services.catalog_import import import_catalog
from desktop_app.services.requests_io import import_requests
from tests.bad_files import huge_dimension, zip_bomb

CATALOG_HEADER = ["信息名称", "生成日期"]
REGISTER_HEADER = ["编号", "收到日期", "申请人类型", "申请人", "申请内容", "办理结果", "办结日期"]
IMPORTS = {
    "catalog": (import_catalog, CATALOG_HEADER),
    "register": (import_requests, REGISTER_HEADER),
}


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = zip_bomb(tmp_path_factory.mktemp("bomb") / "目录.xlsx", CATALOG_HEADER + REGISTER_HEADER)
    return path


def test_the_bomb_is_small_on_disk_and_huge_unpacked(bomb):
    import zipfile

    with zipfile.ZipFile(bomb) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    assert bomb.stat().st_size < 2 * 2**20
    assert unpacked > table_reader.MAX_UNPACKED_BYTES


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_zip_bomb_is_refused_within_two_seconds_in_bounded_memory(services, bomb, kind):
    run, _header = IMPORTS[kind]
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(UserError, match=r"解压后有 \d+ MB，超过可导入的 200 MB") as refused:
            run(services, bomb)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert bomb.name in str(refused.value)
    assert elapsed < 2
    assert peak < 20 * 2**20


@pytest.mark.parametrize("kind", IMPORTS)
def test_a_sheet_claiming_billions_of_cells_is_refused(services, tmp_path, kind):
    run, header = IMPORTS[kind]
    path = huge_dimension(tmp_path / "大表.xlsx", header)
    with pytest.raises(UserError, match="17,179,869,184 个单元格.*删除表格下方和右侧多余的行列"):
        run(services, path)
    assert services.catalog.count() == 0
    assert services.requests.all() == []


def test_a_csv_beyond_the_size_limit_is_refused_before_reading(services, tmp_path, monkeypatch):
    monkeypatch.setattr(table_reader, "MAX_CSV_BYTES", 1000)
    path = tmp_path / "台账.csv"
    path.write_text(",".join(REGISTER_HEADER) + "\n" + "x," * 600, encoding="utf-8")
    with pytest.raises(UserError, match="台账.csv 有 0 MB，超过可导入的"):
        import_requests(services, path)


@pytest.mark.parametrize(
    ("head", "cells"),
    [
        (b'<dimension ref="A1:P300"/>', 16 * 300),
        (b'<x:dimension ref="B2:C3"/>', 4),
        (b'<dimension ref="A1"/>', 0),
        (b"<sheetData>", 0),
    ],
)
def test_dimension_cells(head, cells):
    assert table_reader._dimension_cells(head) == cells
