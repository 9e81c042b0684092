"""What a PyInstaller folder of Disclosure Desk must hold to open its window and write its PDFs,
and how large it may grow.

build_installer.spec runs this after every build and fails the build when a part is missing: a
PyInstaller run that cannot load QtCore (under Wine, say) still exits 0 but leaves Qt's plugins
out, and that folder would install fine and then never open a window. It fails too when the
folder outgrows its ceiling: a new dependency (or a hook) dragging in libraries the program never
loads shows up here, not as a slower download on every office PC.

    python scripts/bundle_check.py dist/disclosure-desk [--platform win32|linux]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "desktop_app" / "resources"

# Where PySide6 keeps Qt inside the bundle: the wheels' own layouts, which PyInstaller copies.
QT_ROOT = {"win32": "PySide6", "linux": "PySide6/Qt"}
# Plugins Qt loads at run time (no import table names them, so only a check like this notices):
# the platform plugin opens the window (offscreen: tests and CI), the style draws Windows 11
# controls, ico/svg read the icons Qt's dialogs and the Windows shell hand over, printsupport prints.
QT_PLUGINS = {
    "win32": [
        "platforms/qwindows.dll",
        "platforms/qoffscreen.dll",
        "styles/qmodernwindowsstyle.dll",
        "imageformats/qico.dll",
        "imageformats/qsvg.dll",
        "iconengines/qsvgicon.dll",
    ],
    "linux": [
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "imageformats/libqico.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
        "printsupport/libcupsprintersupport.so",
    ],
}
EXECUTABLES = ("disclosure-desk", "disclosure-desk-gui")
# Ceilings in MB (files as stored, links not followed), a little above the sizes measured:
# Linux 149.9 MB on 2026-12-01 (after trimming Qt's ICU data, leaving the system's libraries to
# it and linking the libraries a wheel already carries: see build_installer.spec); Windows
# 146.5 MB built under Wine on 2026-11-30, which leaves Qt's plugins and translations out (2.3 MB
# more on Windows, measured from the wheel: about 149 MB; 27 MB of it the two executables, each
# carrying the compiled modules). The goal is 150 MB.
MAX_MB = {"win32": 152, "linux": 152}


class BundleRejected(Exception):
    """The folder must not ship."""


class BundleIncomplete(BundleRejected):
    """The folder lacks parts the program needs at run time."""


class BundleTooLarge(BundleRejected):
    """The folder outgrew its ceiling."""


def required_parts(platform: str, resources: Path = RESOURCES) -> list[str]:
    """Paths relative to the bundle folder, with "/" separators."""
    suffix = ".exe" if platform == "win32" else ""
    qt = f"_internal/{QT_ROOT[platform]}"
    bundled = sorted(
        f"_internal/desktop_app/resources/{path.relative_to(resources).as_posix()}"
        for pattern in ("fonts/*.tt[fc]", "holidays/*.json")
        for path in resources.glob(pattern)
    )
    return [
        *(name + suffix for name in EXECUTABLES),
        *(f"{qt}/plugins/{plugin}" for plugin in QT_PLUGINS[platform]),
        f"{qt}/translations/qtbase_zh_CN.qm",  # ui.launch.use_chinese: 确定/取消, the file dialog
        *bundled,
    ]


def missing_parts(folder: Path, platform: str, resources: Path = RESOURCES) -> list[str]:
    return [part for part in required_parts(platform, resources) if not (folder / part).is_file()]


def size_mb(folder: Path) -> float:
    files = (p for p in Path(folder).rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 2**20


def check(folder: Path, platform: str = sys.platform, resources: Path = RESOURCES) -> None:
    missing = missing_parts(Path(folder), platform, resources)
    if missing:
        raise BundleIncomplete(
            f"The bundle {folder} is incomplete; this build must not ship. Missing:\n  "
            + "\n  ".join(missing)
            + "\nQt plugins or translations missing usually mean PyInstaller could not load "
            "PySide6.QtCore while building (see its warnings above)."
        )
    size = size_mb(folder)
    if size > MAX_MB[platform]:
        raise BundleTooLarge(
            f"The bundle {folder} holds {size:.0f} MB, over its ceiling of {MAX_MB[platform]} MB; "
            "this build must not ship. List the largest parts (du -a | sort -n) and leave out "
            "what the program never loads in build_installer.spec, or raise MAX_MB in "
            "scripts/bundle_check.py if the growth is wanted."
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--platform", choices=sorted(QT_ROOT), default=sys.platform)
    args = parser.parse_args(argv)
    try:
        check(args.folder, args.platform)
    except BundleRejected as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"bundle complete: {len(required_parts(args.platform))} required parts in {args.folder}, "
        f"{size_mb(args.folder):.0f} MB (ceiling {MAX_MB[args.platform]} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
