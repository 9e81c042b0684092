"""Run the seal key's DPAPI code (desktop_app/services/seal_key.py) on a Windows Python.

    python seal_key_dpapi.py create FOLDER   # the first signature's key, in FOLDER as the data folder
    python seal_key_dpapi.py read FILE       # read a key file back

Both print the key in hex (a throw-away key: only tests and scripts/windows-smoke.sh use this);
`read` prints the program's own message and exits 1 when the file cannot be read. The caller
checks the file and compares the keys across processes: tests/test_seal_key_windows.py runs this
under Wine.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, not an installed copy

from desktop_app.errors import UserError
from desktop_app.services import seal_key


def main(command: str, target: str) -> int:
    if sys.platform != "win32":
        print("DPAPI needs a Windows Python", file=sys.stderr)
        return 2
    if command == "create":
        folder = Path(target)
        services = SimpleNamespace(
            paths=SimpleNamespace(data_dir=folder, settings_file=folder / "settings.json")
        )
        key = seal_key.signing_key(services)  # the default key file: DPAPI-protected on Windows
    else:
        try:
            key = seal_key.read_key(Path(target))
        except UserError as exc:
            print(exc)
            return 1
    print(key.hex())
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
