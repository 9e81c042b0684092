"""The PyInstaller bundle: it builds, and the frozen program runs its sub-commands on a real database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.app import open_services
from desktop_app.db import migrate

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_installer.spec"
ISS = ROOT / "resources" / "installer" / "disclosure-desk.iss"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def run_bundled(exe: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=dict(os.environ),
        timeout=300,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_bundle_builds_and_runs(tmp_path):
    dist, work = tmp_path / "dist", tmp_path / "work"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=1700,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    folder = dist / "disclosure-desk"
    exe = folder / f"disclosure-desk{EXE_SUFFIX}"
    assert (folder / f"disclosure-desk-gui{EXE_SUFFIX}").is_file()
    qt = folder / "_internal" / "PySide6" / "Qt" / "translations"
    assert (qt / "qtbase_zh_CN.qm").is_file()  # ui.launch.use_chinese: OK/Cancel as 确定/取消
    internal = folder / "_internal" / "desktop_app"
    assert (internal / "db" / "migrations" / "env.py").is_file()
    assert sorted(
        p.name for p in (internal / "db" / "migrations" / "versions").glob("*.py")
    ) == sorted(
        p.name for p in (ROOT / "desktop_app" / "db" / "migrations" / "versions").glob("*.py")
    )

    runs = tmp_path / "runs"  # away from the source tree, so nothing can be imported from it
    runs.mkdir()
    version = run_bundled(exe, "--version", cwd=runs)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"disclosure-desk {__version__}"

    db = runs / "x.sqlite"
    demo = run_bundled(exe, "--db", str(db), "demo", cwd=runs)
    assert demo.returncode == 0, demo.stderr
    assert "Traceback" not in demo.stderr
    services = open_services(str(db), tmp_path / "check")
    try:
        assert migrate.current_revision(services.db) == migrate.head_revision()
        assert services.catalog.count() > 0
        assert re.search(rf"共 {services.catalog.count()} 条", demo.stdout)
    finally:
        services.close()

    broken = runs / "broken.sqlite"
    broken.write_bytes(b"\x00garbage" * 4096)
    refused = run_bundled(exe, "--db", str(broken), "catalog", "list", cwd=runs)
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert "已损坏" in refused.stderr


def test_installer_script_packs_what_the_spec_builds():
    spec, iss = SPEC.read_text(encoding="utf-8"), ISS.read_text(encoding="utf-8")
    collect_name = re.search(r'name="([^"]+)",\n\)', spec).group(1)
    assert re.search(r'#define BuildDir "\.\.\\\.\.\\dist\\' + re.escape(collect_name) + '"', iss)
    assert set(re.findall(r'_exe\("([^"]+)"', spec)) == {"disclosure-desk", "disclosure-desk-gui"}
    assert "{app}\\disclosure-desk-gui.exe" in iss  # shortcuts start the windowed program
