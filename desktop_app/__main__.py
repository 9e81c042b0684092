"""Entry point of `disclosure-desk` and `python -m desktop_app`: a sub-command, or the window."""

import sys


def main() -> None:
    from desktop_app.cli import run

    sys.exit(run())


if __name__ == "__main__":
    main()
