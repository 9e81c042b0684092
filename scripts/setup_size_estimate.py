"""Estimate the size of the Windows setup.exe from a PyInstaller folder, without Inno Setup.

ISCC needs 32-bit Wine, which not every Linux machine can install; this packs the folder the way
resources/installer/disclosure-desk.iss tells Inno Setup to (one solid LZMA2 stream, files in the
order Inno Setup collects them: a folder's files, then its subfolders) and adds the size of Inno
Setup's own setup program. An ESTIMATE: Inno Setup's x86 call filter and its stored file list
differ by a few hundred KB either way.

    python scripts/setup_size_estimate.py dist/disclosure-desk [--dictionary-mb 8]
"""

from __future__ import annotations

import argparse
import lzma
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ISS = Path(__file__).resolve().parents[1] / "resources" / "installer" / "disclosure-desk.iss"
# Inno Setup 6.4.1's own part of every setup.exe: SetupLdr.e32 (0.8 MB) and Setup.e32 LZMA-packed
# (1.0 MB), rounded up for the wizard images, messages and file list.
SETUP_PROGRAM_MB = 2.0
# Dictionary size per Inno Setup compression level, in MB (Inno Setup's LZMADictionarySize).
DICTIONARY_MB = {"fast": 1 / 32, "normal": 2, "max": 8, "ultra": 32, "ultra64": 64}


def inno_order(folder: Path) -> Iterator[Path]:
    """Files first, then subfolders, each by name ignoring case, as Windows lists them."""
    entries = sorted(folder.iterdir(), key=lambda p: p.name.lower())
    yield from (p for p in entries if p.is_file())
    for sub in (p for p in entries if p.is_dir()):
        yield from inno_order(sub)


def iss_dictionary_mb(iss: Path = ISS) -> float:
    """The dictionary the installer script asks for: LZMADictionarySize, else its level's."""
    text = iss.read_text(encoding="utf-8-sig")
    explicit = re.search(r"^LZMADictionarySize=(\d+)", text, flags=re.MULTILINE)
    if explicit:
        return int(explicit.group(1)) / 1024
    level = re.search(r"^Compression=lzma2?/(\w+)", text, flags=re.MULTILINE)
    return DICTIONARY_MB[level.group(1) if level else "max"]


def solid_size(folder: Path, dictionary_mb: float) -> int:
    """Bytes of one LZMA2 stream (BT4, nice length 64 as Inno Setup's max) of every file."""
    filters = [
        {
            "id": lzma.FILTER_LZMA2,
            "preset": 9,
            "dict_size": int(dictionary_mb * 2**20),
            "nice_len": 64,
            "mf": lzma.MF_BT4,
        }
    ]
    packer = lzma.LZMACompressor(format=lzma.FORMAT_RAW, filters=filters)
    size = 0
    for path in inno_order(folder):
        with path.open("rb") as file:
            while chunk := file.read(2**20):
                size += len(packer.compress(chunk))
    return size + len(packer.flush())


def folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in inno_order(folder)) / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dictionary-mb", type=float, default=None)
    args = parser.parse_args(argv)
    dictionary = args.dictionary_mb if args.dictionary_mb is not None else iss_dictionary_mb()
    files = folder_mb(args.folder)
    stream = solid_size(args.folder, dictionary) / 2**20
    print(
        f"setup.exe ESTIMATE: {stream + SETUP_PROGRAM_MB:.1f} MB for {files:.1f} MB of files "
        f"(solid LZMA2 stream {stream:.1f} MB with a {dictionary:g} MB dictionary "
        f"+ {SETUP_PROGRAM_MB} MB Inno Setup program); not measured with ISCC"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
