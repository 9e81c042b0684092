"""scripts/icu_data.py: the trimmed ICU data Linux bundles ship, read back and used by real Qt."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("icu_data", ROOT / "scripts" / "icu_data.py")
icu_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(icu_data)

QT_ICU = Path(PySide6.__file__).parent / "Qt" / "lib" / "libicudata.so.73"
linux_icu = pytest.mark.skipif(
    not QT_ICU.is_file() or not (shutil.which("as") and shutil.which("ld")),
    reason="Qt's own ICU and binutils exist only in the Linux build",
)

# What QtCore asks ICU for, printed as JSON by a fresh Python whose Qt loads the given ICU data.
PROBE = r"""
import functools, json
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
words = ["张三", "李四", "王五", "阿", "赵", "北京", "安徽", "Zeta", "alpha"]
pinyin = sorted(words, key=functools.cmp_to_key(QCollator(QLocale("zh_CN")).compare))
zone = QTimeZone(b"Asia/Shanghai")
names = {
    locale: zone.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName,
                             QLocale(locale))
    for locale in ("zh_CN", "en_US", "fr_FR")
}
decoders = {name: QStringDecoder(name).isValid() for name in ("GB18030", "GBK", "Shift_JIS")}
upper = QLocale("zh_CN").toUpper("straße ǆ")
maps = [line.split()[-1] for line in open("/proc/self/maps") if "libicudata" in line]
print(json.dumps({"pinyin": pinyin, "names": names, "decoders": decoders, "upper": upper,
                  "library": maps[0]}))
"""


def probe(library_dir: Path | None) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if library_dir is not None:  # searched before the RUNPATH ($ORIGIN) of Qt's ICU libraries
        env["LD_LIBRARY_PATH"] = str(library_dir)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)


def test_kept_items_follow_the_rules():
    assert icu_data.kept("icudt73l/coll/zh.res")
    assert icu_data.kept("icudt73l/coll/ucadata.icu")
    assert icu_data.kept("icudt73l/zone/zh_Hant_HK.res")
    assert icu_data.kept("icudt73l/zone/pool.res")
    assert icu_data.kept("icudt73l/root.res")
    assert icu_data.kept("icudt73l/en_US_POSIX.res")
    assert icu_data.kept("icudt73l/supplementalData.res")
    assert icu_data.kept("icudt73l/zoneinfo64.res")
    assert icu_data.kept("icudt73l/gb18030.cnv")
    assert icu_data.kept("icudt73l/cnvalias.icu")
    assert not icu_data.kept("icudt73l/coll/fr.res")
    assert not icu_data.kept("icudt73l/fr_CA.res")
    assert not icu_data.kept("icudt73l/brkitr/cjdict.dict")
    assert not icu_data.kept("icudt73l/curr/zh.res")
    assert not icu_data.kept("icudt73l/ibm-943_P15A-2003.cnv")


def test_read_and_pack_keep_every_item():
    header, items = icu_data.read_items(_synthetic_package())
    assert [name for name, _ in items] == ["x/a.res", "x/coll/zh.res", "x/fr.res"]
    again_header, again = icu_data.read_items(icu_data.pack(header, items))
    assert again_header == header
    assert [(n, i.rstrip(b"\0")) for n, i in again] == [(n, i.rstrip(b"\0")) for n, i in items]


def test_read_refuses_what_is_not_icu_data():
    with pytest.raises(icu_data.IcuDataError, match="CmnD"):
        icu_data.read_items(b"\x20\x00\xda\x27" + b"\0" * 60)


def _synthetic_package() -> bytes:
    header = bytearray(32)
    header[0:2] = (32).to_bytes(2, "little")
    header[2:4] = b"\xda\x27"
    header[12:16] = b"CmnD"
    return icu_data.pack(
        bytes(header), [("x/a.res", b"A" * 5), ("x/coll/zh.res", b"Z" * 40), ("x/fr.res", b"F")]
    )


@linux_icu
def test_qt_reads_the_trimmed_data_as_it_reads_the_full_one(tmp_path):
    kept, dropped = icu_data.trim_library(QT_ICU, tmp_path / QT_ICU.name)
    assert kept > 200
    assert dropped > 3000
    size = (tmp_path / QT_ICU.name).stat().st_size
    assert size < 6 * 2**20 < 25 * 2**20 < QT_ICU.stat().st_size

    full, trimmed = probe(None), probe(tmp_path)
    assert trimmed["library"] == str(tmp_path / QT_ICU.name)
    assert full["library"] == str(QT_ICU.resolve())
    assert trimmed["pinyin"] == full["pinyin"]
    assert trimmed["pinyin"][:3] == ["阿", "安徽", "北京"]  # pinyin order: a, an, bei
    assert trimmed["names"]["zh_CN"] == full["names"]["zh_CN"] == "中国标准时间"
    assert trimmed["names"]["en_US"] == full["names"]["en_US"] == "China Standard Time"
    assert trimmed["names"]["fr_FR"] == "China Standard Time"  # French left out: falls back
    assert trimmed["upper"] == full["upper"] == "STRASSE Ǆ"
    assert trimmed["decoders"] == {"GB18030": True, "GBK": True, "Shift_JIS": False}
    assert full["decoders"]["Shift_JIS"]
