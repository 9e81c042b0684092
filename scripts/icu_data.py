"""Qt's ICU data on Linux, cut down to the parts Qt reads for this program.

The Linux PySide6 wheel brings ICU 73, whose libicudata holds 31 MB of data for every locale of
the world in one array (`icudt73_dat`). QtCore calls ICU for four things only (readelf shows its
imports): collation (QCollator), case mapping, time zone names and calendars (QTimeZone), and
legacy text encodings (QStringConverter). None of them reads ICU's word-break dictionaries,
transliterators, spelled-out numbers, or the display names of units, currencies, languages and
regions, and the program's people read Chinese. build_installer.spec therefore ships a rebuilt
libicudata whose array holds ICU's core tables, collation, time zone and locale data for the root,
Chinese and English locales and the Chinese encodings: about 4 MB. (Windows' Qt uses the ICU that
Windows ships; nothing to trim there.) A locale left out falls back to root, as ICU does for any
locale it lacks. Rebuilding needs `as` and `ld`, which binutils brings (PyInstaller needs it too).

    python scripts/icu_data.py SOURCE_LIBICUDATA TARGET
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# Whole trees of ICU data that no ICU function QtCore calls opens.
DROPPED_TREES = frozenset({"brkitr", "curr", "lang", "rbnf", "region", "translit", "unit"})
KEPT_LANGUAGES = ("root", "zh", "en")  # en: the C and POSIX locales of tests and servers
# GB 18030, GBK (windows-936 extends ibm-1386) and GB 2312 (EUC-CN); the rest of the world's
# legacy encodings go. ICU's UTF-8/16/32 and Latin-1 converters are code, not data.
KEPT_CONVERTERS = frozenset(
    {"gb18030", "windows-936-2000", "ibm-1386_P100-2001", "ibm-1383_P110-1999"}
)
LOCALE_ITEM = re.compile(r"(?:[a-z]{2,3}|root)(?:_\w+)?\.res")
ITEM_ALIGNMENT = 16  # ICU's data items start on 16-byte boundaries


class IcuDataError(Exception):
    """The library does not hold ICU common data in the layout this script knows."""


def kept(name: str) -> bool:
    """Whether the item (e.g. "icudt73l/coll/zh.res") stays in the trimmed data."""
    path = name.split("/")[1:]
    if len(path) > 1 and path[0] in DROPPED_TREES:
        return False
    item = path[-1]
    if item.endswith(".cnv"):
        return item.removesuffix(".cnv") in KEPT_CONVERTERS
    if LOCALE_ITEM.fullmatch(item):
        language = item.removesuffix(".res").split("_")[0]
        return language in KEPT_LANGUAGES
    return True  # core tables, pool.res, res_index.res, supplemental data, time zone rules


def read_items(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split ICU common data ("CmnD") into its header and its (name, item) pairs, in order."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD":
        raise IcuDataError("not ICU common data (CmnD)")
    count = struct.unpack_from("<I", blob, header_size)[0]
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    ends = [offset for _, offset in entries[1:]] + [len(blob) - header_size]
    items = []
    for (name_offset, offset), end in zip(entries, ends, strict=True):
        start = header_size + name_offset
        name = blob[start : blob.index(b"\0", start)].decode("ascii")
        items.append((name, blob[header_size + offset : header_size + end]))
    return blob[:header_size], items


def pack(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The inverse of read_items: header, table of contents, names, then the aligned items."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    first = -(-(toc_size + len(names)) // ITEM_ALIGNMENT) * ITEM_ALIGNMENT
    toc, name_offset, offset, body = [struct.pack("<I", len(items))], toc_size, first, []
    for name, item in items:
        toc.append(struct.pack("<II", name_offset, offset))
        padded = item + b"\0" * (-len(item) % ITEM_ALIGNMENT)
        body.append(padded)
        name_offset += len(name) + 1
        offset += len(padded)
    table = b"".join(toc) + names
    return header + table + b"\0" * (first - len(table)) + b"".join(body)


def data_symbol(library: bytes) -> tuple[str, bytes]:
    """The name and bytes of the icudtNN_dat array of an ELF64 little-endian library."""
    shoff, shentsize, shnum = (struct.unpack_from(f, library, o) for f, o in _ELF_FIELDS)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", library, shoff[0] + i * shentsize[0])
        for i in range(shnum[0])
    ]
    for _, kind, _, _, offset, size, link, _, _, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strings = sections[link][4]
        for i in range(size // entsize):
            name_at, _, _, shndx, value, length = struct.unpack_from(
                "<IBBHQQ", library, offset + i * entsize
            )
            name = library[strings + name_at : library.index(b"\0", strings + name_at)].decode()
            if re.fullmatch(r"icudt\d+_dat", name) and shndx:
                at = value - sections[shndx][3] + sections[shndx][4]  # address -> file offset
                return name, library[at : at + length]
    raise IcuDataError("no icudtNN_dat symbol: not ICU's data library")


_ELF_FIELDS = (("<Q", 0x28), ("<H", 0x3A), ("<H", 0x3C))  # e_shoff, e_shentsize, e_shnum


def trim_library(source: Path, target: Path) -> tuple[int, int]:
    """Write a libicudata at target holding only the kept items; return (items kept, dropped)."""
    library = Path(source).read_bytes()
    if library[:6] != b"\x7fELF\x02\x01":
        raise IcuDataError(f"{source} is not a 64-bit little-endian ELF library")
    symbol, blob = data_symbol(library)
    header, items = read_items(blob)
    chosen = [(name, item) for name, item in items if kept(name)]
    with tempfile.TemporaryDirectory() as work:
        data, assembly, obj = (Path(work) / n for n in ("icudt.dat", "icudt.s", "icudt.o"))
        data.write_bytes(pack(header, chosen))
        assembly.write_text(
            f".section .rodata\n.balign {ITEM_ALIGNMENT}\n.globl {symbol}\n"
            f'.type {symbol}, @object\n{symbol}:\n.incbin "{data}"\n'
            f".size {symbol}, . - {symbol}\n"
            '.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(["as", "-o", str(obj), str(assembly)], check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", Path(source).name, "-o", str(target), str(obj)],
            check=True,
        )
    return len(chosen), len(items) - len(chosen)


def main(argv: list[str] | None = None) -> int:
    source, target = (Path(arg) for arg in (argv if argv is not None else sys.argv[1:]))
    kept_count, dropped = trim_library(source, target)
    print(
        f"{target}: {kept_count} ICU data items kept, {dropped} dropped; "
        f"{source.stat().st_size / 2**20:.1f} MB -> {target.stat().st_size / 2**20:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
