"""Windows sized for the office screen: a preferred size, never larger than the screen's free area.

The free area (`availableGeometry`) is the screen less the taskbar, in logical pixels: 1366×728 on a
1366×768 laptop, 1280×688 on 1920×1080 at 150 % scaling. The title bar and borders come on top of
the size set here, so room is left for them.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TITLE_BAR = 32  # what a window manager adds above the client area (about 30 px at 100 %)
BORDERS = 8


def _free_area(widget: QWidget) -> QRect | None:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width×height, shrunk to fit the free area of its screen."""
    free = _free_area(widget)
    if free is not None:
        width = min(width, free.width() - BORDERS)
        height = min(height, free.height() - TITLE_BAR)
    widget.resize(width, height)
