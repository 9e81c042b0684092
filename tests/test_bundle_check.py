"""scripts/bundle_check.py: a bundle folder missing Qt's plugins, translations, fonts or holidays
fails, and so does one over its size ceiling."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "bundle_check.py"
_spec = importlib.util.spec_from_file_location("bundle_check", SCRIPT)
bundle_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle_check)


def fake_bundle(folder: Path, platform: str, leave_out: str | None = None) -> Path:
    for part in bundle_check.required_parts(platform):
        if part != leave_out:
            (folder / part).parent.mkdir(parents=True, exist_ok=True)
            (folder / part).write_bytes(b"x")
    return folder


@pytest.mark.parametrize(
    ("platform", "plugin"),
    [
        ("win32", "_internal/PySide6/plugins/platforms/qwindows.dll"),
        ("win32", "_internal/PySide6/plugins/styles/qmodernwindowsstyle.dll"),
        ("linux", "_internal/PySide6/Qt/plugins/platforms/libqxcb.so"),
        ("linux", "_internal/PySide6/Qt/plugins/platforms/libqoffscreen.so"),
    ],
)
def test_a_missing_qt_plugin_fails_naming_it(tmp_path, platform, plugin):
    folder = fake_bundle(tmp_path, platform, leave_out=plugin)
    with pytest.raises(bundle_check.BundleIncomplete) as failure:
        bundle_check.check(folder, platform)
    assert plugin in str(failure.value)
    assert "must not ship" in str(failure.value)
    assert bundle_check.missing_parts(folder, platform) == [plugin]


@pytest.mark.parametrize("platform", ["win32", "linux"])
def test_translations_fonts_and_holidays_are_required(tmp_path, platform):
    required = bundle_check.required_parts(platform)
    qt = bundle_check.QT_ROOT[platform]
    assert f"_internal/{qt}/translations/qtbase_zh_CN.qm" in required
    bundled = {p.name for p in (ROOT / "desktop_app" / "resources").rglob("*") if p.is_file()}
    needed = {Path(part).name for part in required if "/desktop_app/resources/" in part}
    assert needed == {name for name in bundled if name.endswith((".ttf", ".ttc", ".json"))}
    assert {"wqy-microhei.ttc", "cn_holidays.json"} <= needed
    folder = fake_bundle(
        tmp_path, platform, leave_out=f"_internal/{qt}/translations/qtbase_zh_CN.qm"
    )
    assert bundle_check.missing_parts(folder, platform) == [
        f"_internal/{qt}/translations/qtbase_zh_CN.qm"
    ]


def test_command_line_exit_status(tmp_path):
    complete = fake_bundle(tmp_path / "ok", "win32")
    font = "_internal/desktop_app/resources/fonts/gbsn00lp.ttf"
    broken = fake_bundle(tmp_path / "broken", "win32", leave_out=font)
    run = [sys.executable, str(SCRIPT), "--platform", "win32"]
    ok = subprocess.run([*run, str(complete)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "bundle complete" in ok.stdout
    bad = subprocess.run([*run, str(broken)], capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert font in bad.stderr


@pytest.mark.parametrize("platform", ["win32", "linux"])
def test_a_bundle_over_its_ceiling_fails(tmp_path, platform):
    folder = fake_bundle(tmp_path, platform)
    ceiling = bundle_check.MAX_MB[platform]
    library = folder / "_internal" / "unused-library.bin"
    with library.open("wb") as out:  # sparse: the size counts, no disk is spent
        out.truncate((ceiling - 1) * 2**20)
    bundle_check.check(folder, platform)  # just under: ships
    (folder / "_internal" / "link").symlink_to(library)  # links are not counted twice
    bundle_check.check(folder, platform)
    with library.open("r+b") as out:
        out.truncate((ceiling + 1) * 2**20)
    with pytest.raises(bundle_check.BundleTooLarge) as failure:
        bundle_check.check(folder, platform)
    assert f"ceiling of {ceiling} MB" in str(failure.value)
    assert "must not ship" in str(failure.value)
