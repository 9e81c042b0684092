"""The PyInstaller bundle: it builds, and the frozen program runs its sub-commands on a real database."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber
import pytest

from desktop_app import __version__
from desktop_app.app import open_services
from desktop_app.cli import run as run_in_process
from desktop_app.cli.report import CERT_PASSWORD_ENV
from desktop_app.db import migrate
from desktop_app.logs import LOG_FILENAME
from tests.certificates import make_certificate, validate

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_installer.spec"
ISS = ROOT / "resources" / "installer" / "disclosure-desk.iss"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
_check_spec = importlib.util.spec_from_file_location(
    "bundle_check", ROOT / "scripts" / "bundle_check.py"
)
bundle_check = importlib.util.module_from_spec(_check_spec)
_check_spec.loader.exec_module(bundle_check)


def run_bundled(exe: Path, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=dict(os.environ, **env),
        timeout=300,
        check=False,
    )


def window_starts(gui: Path, db: Path, data_dir: Path) -> str:
    """Start the windowed program (offscreen), wait for its window, close it; return its log."""
    log = data_dir / "logs" / LOG_FILENAME
    args = [str(gui), "--db", str(db), "--data-dir", str(data_dir)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with subprocess.Popen(args, env=env, cwd=data_dir.parent) as program:
        try:
            deadline = time.monotonic() + 120
            while "main window shown" not in (log.read_text("utf-8") if log.exists() else ""):
                assert program.poll() is None, f"the window program ended ({program.returncode})"
                assert time.monotonic() < deadline, "no window after 120 s"
                time.sleep(0.5)
            time.sleep(3)  # the catalog loads in the background meanwhile
            assert program.poll() is None, f"the window program ended ({program.returncode})"
        finally:
            program.terminate()
    return log.read_text("utf-8")


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The folder build_installer.spec makes, built once for this module's tests."""
    tmp_path = tmp_path_factory.mktemp("bundle")
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
    return dist / "disclosure-desk"


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_bundle_builds_and_runs(bundle, tmp_path):
    folder = bundle
    assert bundle_check.missing_parts(folder, sys.platform) == []
    assert (folder / f"disclosure-desk-gui{EXE_SUFFIX}").is_file()
    qt = folder / "_internal" / "PySide6" / "Qt" / "translations"
    assert (qt / "qtbase_zh_CN.qm").is_file()  # ui.launch.use_chinese: OK/Cancel as 确定/取消
    internal = folder / "_internal" / "desktop_app"
    assert (internal / "db" / "migrations" / "env.py").is_file()
    # The rest runs compiled from the executables' archive; no second copy as source.
    assert [p.name for p in internal.rglob("*.py") if "migrations" not in p.parts] == []
    assert not list((folder / "_internal").glob("pypdfium2*"))  # pdfplumber's images: unused
    if sys.platform == "linux":  # build_installer.spec: what the machine provides stays out
        qt_lib = folder / "_internal" / "PySide6" / "Qt" / "lib"
        assert (qt_lib / "libicudata.so.73").stat().st_size < 6 * 2**20  # scripts/icu_data.py
        system = ("libstdc++.so*", "libX11.so*", "libfontconfig.so*", "libdbus-1.so*", "libcups*")
        assert [p.name for g in system for p in (folder / "_internal").glob(g)] == []
        # One OpenSSL, Kerberos, zstd, xz and libjpeg: the machine's copies are links to the wheels'.
        shared = ("libcrypto.so.3", "libssl.so.3", "libgssapi_krb5.so.2", "libzstd.so.1")
        assert all((folder / "_internal" / name).is_symlink() for name in shared)
        assert not list(
            (folder / "_internal").glob("libkrb5.so*")
        )  # only the machine's GSSAPI used it
    assert sorted(
        p.name for p in (internal / "db" / "migrations" / "versions").glob("*.py")
    ) == sorted(
        p.name for p in (ROOT / "desktop_app" / "db" / "migrations" / "versions").glob("*.py")
    )

    runs = tmp_path / "runs"  # away from the source tree, so nothing can be imported from it
    runs.mkdir()
    exe = folder / f"disclosure-desk{EXE_SUFFIX}"
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

    log = window_starts(folder / f"disclosure-desk-gui{EXE_SUFFIX}", db, runs / "data")
    assert "Qt platform offscreen" in log
    assert "Traceback" not in log
    assert "Chinese translations not found" not in log

    year = str(dt.date.today().year - 1)  # the demo's newest annual report
    for copy in ("filing", "web"):
        frozen, source = runs / f"{copy}.pdf", runs / f"{copy}-source.pdf"
        export = ("--db", str(db), "report", "export", "--year", year, "--copy", copy, "--out")
        exported = run_bundled(exe, *export, str(frozen), cwd=runs)
        assert exported.returncode == 0, exported.stderr
        assert f"{year}年" in pdf_text(frozen)
        assert run_in_process([*export, str(source)]) == 0
        assert frozen.read_bytes() == source.read_bytes()  # same fonts, same layout, same bytes

    cert_file, cert = make_certificate(tmp_path, b"secret")
    signed = runs / "signed.pdf"
    export = ("--db", str(db), "report", "export", "--year", year, "--copy", "filing")
    done = run_bundled(
        exe,
        *export,
        "--out",
        str(signed),
        "--cert",
        str(cert_file),
        cwd=runs,
        **{CERT_PASSWORD_ENV: "secret"},
    )
    assert done.returncode == 0, done.stderr
    status, _ = validate(signed, cert)
    assert status.intact
    assert status.valid

    # Passwords are scrypt hashes (hashlib.scrypt: Python's _hashlib on the bundled OpenSSL).
    added = subprocess.run(
        [
            str(exe),
            "--db",
            str(db),
            "users",
            "add",
            "李四",
            "--roles",
            "管理员",
            "--password-stdin",
        ],
        input="秘密口令123\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=runs,
        timeout=300,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    as_li = ("--db", str(db), "--user", "李四", "users", "list")
    signed_in = run_bundled(exe, *as_li, cwd=runs, DISCLOSURE_DESK_PASSWORD="秘密口令123")
    assert signed_in.returncode == 0, signed_in.stderr
    wrong = run_bundled(exe, *as_li, cwd=runs, DISCLOSURE_DESK_PASSWORD="口令不对")
    assert wrong.returncode == 1
    assert "密码不正确" in wrong.stderr

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


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.timeout(1800)
def test_bundle_reaches_postgresql(bundle, pg_url, tmp_path):
    """The frozen program talks to a server through the wheel's libpq (and its OpenSSL)."""
    exe = bundle / f"disclosure-desk{EXE_SUFFIX}"
    demo = run_bundled(exe, "--db", pg_url, "demo", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    listed = run_bundled(exe, "--db", pg_url, "catalog", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    count = int(re.search(r"共 (\d+) 条", demo.stdout).group(1))
    assert count > 0
    assert len(re.findall(r"^\w+/\d{4}-\d{5}\t", listed.stdout, flags=re.MULTILINE)) == count
