"""Entry point of `disclosure-desk` and `python -m desktop_app`: a sub-command, or the window."""

import gc
import io
import os
import sys

# 128 + SIGPIPE: what a shell reports for a program whose reader went away (`… | head -1`).
BROKEN_PIPE_EXIT = 141


# Start-up creates some 300,000 objects that live until exit; with the default threshold (700) the
# collector walks them over and over (≈ 0.1 s of `report export`). With 100,000 a command's start-up
# sees a few young collections and no full one; a long session still collects every generation.
GC_THRESHOLD = (100_000, 10, 10)


def main() -> None:
    gc.set_threshold(*GC_THRESHOLD)
    from desktop_app.cli import run  # noqa: PLC0415 - importing this module stays cheap

    # Redirected on a Chinese Windows, Python writes GBK (cp936): a character outside it (a rare
    # name in a title) becomes an escape instead of a traceback.
    for stream in (sys.stdout, sys.stderr):
        # None in the windowed (pythonw) entry point on Windows
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        status = run()
        if sys.stdout is not None:
            sys.stdout.flush()  # buffered output meets a closed pipe here, not at interpreter exit
    except BrokenPipeError:
        # The reader has all it wanted. Point stdout at devnull so the interpreter's own flush at
        # exit cannot fail again and print "Exception ignored" (Python docs, "Note on SIGPIPE").
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = BROKEN_PIPE_EXIT
    sys.exit(status)


if __name__ == "__main__":
    main()
