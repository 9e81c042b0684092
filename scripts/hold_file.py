r"""Hold a file open as Excel or a PDF reader does (others may read it, not replace or delete it):
once it holds, a file named `held` appears beside it; it lets go when a file named `release`
appears. Windows only; scripts/windows-smoke.sh runs it under Wine to provoke the sharing
violation an office PC meets when saving over an open export.

    python hold_file.py C:\path\to\file.pdf
"""

from __future__ import annotations

import ctypes
import os
import sys
import time

GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING = 0x80000000, 1, 3
INVALID_HANDLE = ctypes.c_void_p(-1).value


def main(path: str) -> int:
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = ctypes.c_void_p
    handle = kernel32.CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, None, OPEN_EXISTING, 0, None)
    if handle in (None, INVALID_HANDLE):
        print(f"not held: Windows error {ctypes.get_last_error()}", flush=True)
        return 1
    folder = os.path.dirname(path)
    open(os.path.join(folder, "held"), "w").close()  # a file, not stdout: pipes buffer output
    release = os.path.join(folder, "release")
    for _ in range(1200):  # ten minutes at most
        if os.path.exists(release):
            break
        time.sleep(0.5)
    kernel32.CloseHandle(ctypes.c_void_p(handle))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
