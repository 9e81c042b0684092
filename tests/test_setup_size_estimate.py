"""scripts/setup_size_estimate.py: Inno Setup's file order and what a solid stream's dictionary sees."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "setup_size_estimate", ROOT / "scripts" / "setup_size_estimate.py"
)
estimate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(estimate)


def test_files_come_before_subfolders_by_name_ignoring_case(tmp_path):
    for name in ("b.exe", "_internal/z.dll", "_internal/Qt/a.dll", "A.exe", "_internal/m.pyd"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    order = [p.relative_to(tmp_path).as_posix() for p in estimate.inno_order(tmp_path)]
    assert order == ["A.exe", "b.exe", "_internal/m.pyd", "_internal/z.dll", "_internal/Qt/a.dll"]


def test_a_copy_packs_to_nothing_only_within_the_dictionary(tmp_path):
    # Two executables carrying the same archive, as the console and the windowed program do.
    archive = os.urandom(3 * 2**20)  # incompressible, like the executables' zlib archive
    (tmp_path / "a.exe").write_bytes(archive)
    (tmp_path / "b.exe").write_bytes(archive)
    far = estimate.solid_size(tmp_path, dictionary_mb=1)
    near = estimate.solid_size(tmp_path, dictionary_mb=8)
    assert far > 2 * len(archive) * 0.99  # the copy lies beyond a 1 MB dictionary: stored twice
    assert near < len(archive) * 1.05  # within an 8 MB one: the copy costs almost nothing
    assert estimate.folder_mb(tmp_path) == 6


def test_the_dictionary_is_read_from_the_installer_script(tmp_path):
    iss = tmp_path / "setup.iss"
    iss.write_text("[Setup]\nCompression=lzma2/ultra64\nSolidCompression=yes\n", "utf-8")
    assert estimate.iss_dictionary_mb(iss) == 64
    iss.write_text("[Setup]\nCompression=lzma2/max\nLZMADictionarySize=4096\n", "utf-8")
    assert estimate.iss_dictionary_mb(iss) == 4
    iss.write_text("[Setup]\nSolidCompression=yes\n", "utf-8")
    assert estimate.iss_dictionary_mb(iss) == 8  # Inno Setup's default level, max
