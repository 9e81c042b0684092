"""Entry point of `disclosure-desk` and `python -m desktop_app`: a sub-command, or the window."""

import io
import os
import sys

# 128 + SIGPIPE: what a shell reports for a program whose reader went away (`… | head -1`).
BROKEN_PIPE_EXIT = 141


def main() -> None:
    from desktop_app import collector  # noqa: PLC0415

    collector.start_up_begins()
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
