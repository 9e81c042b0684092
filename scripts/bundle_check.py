"""What a PyInstaller folder of Disclosure Desk must hold to open its window and write its PDFs.

build_installer.spec runs this after every build and fails the build when a part is missing: a
PyInstaller run that cannot load QtCore (under Wine, say) still exits 0 but leaves Qt's plugins
out, and that folder would install fine and then never open a window.

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


class BundleIncomplete(Exception):
    """The folder lacks parts the program needs at run time."""


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


def check(folder: Path, platform: str = sys.platform, resources: Path = RESOURCES) -> None:
    missing = missing_parts(Path(folder), platform, resources)
    if missing:
        raise BundleIncomplete(
            f"The bundle {folder} is incomplete; this build must not ship. Missing:\n  "
            + "\n  ".join(missing)
            + "\nQt plugins or translations missing usually mean PyInstaller could not load "
            "PySide6.QtCore while building (see its warnings above)."
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--platform", choices=sorted(QT_ROOT), default=sys.platform)
    args = parser.parse_args(argv)
    try:
        check(args.folder, args.platform)
    except BundleIncomplete as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"bundle complete: {len(required_parts(args.platform))} required parts in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
