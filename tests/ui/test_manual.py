"""帮助 → 用户手册: opened with F1 inside the program, its pictures taken here from the real windows.

`test_pictures_come_from_the_real_windows` writes the manual's pictures into the package
(desktop_app/resources/manual/images) whenever the window looks different from the picture, so the
manual never shows an old window; unchanged pixels leave the files alone.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.domain import report_format as rf
from desktop_app.domain.catalog import EntryDraft
from desktop_app.services import annual_reports
from desktop_app.ui import tasks
from desktop_app.ui.manual import manual_folder

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints"),  # shown top-level windows, offscreen
    pytest.mark.filterwarnings("ignore:.*setActiveWindow:DeprecationWarning"),
]
PICTURES = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def _pictures() -> list[str]:
    return PICTURES.findall((manual_folder() / "manual.md").read_text(encoding="utf-8"))


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise")  # raise_() is a no-op offscreen
def test_f1_opens_the_manual_with_its_pictures(qtbot, window):
    window.show()
    QApplication.setActiveWindow(window)  # shortcuts reach the active window only
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    manual = window.manual
    assert manual is not None
    assert manual.isVisible()
    text = manual.browser.toPlainText()
    assert "用户手册" in text
    assert "废止/失效" in text
    assert "F1" in text
    document = manual.browser.document()
    for picture in _pictures():
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(picture))
        assert image is not None, picture
        assert not image.isNull(), picture  # a QPixmap or QImage the browser shows
    manual.close()


def _settled(qtbot) -> None:
    """Every background result delivered (the tree's counts, the reminder, the report's checks)."""
    qtbot.waitUntil(lambda: not tasks.pending(), timeout=10_000)


def _keep(widget: QWidget, name: str) -> None:
    """Save the widget's picture unless the one in the package shows the same pixels."""
    path = manual_folder() / "images" / name
    QApplication.sendPostedEvents()  # pending layouts: a label just given its text gets its width
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    old = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    if old != image:
        path.parent.mkdir(parents=True, exist_ok=True)
        assert image.save(str(path))


def test_pictures_come_from_the_real_windows(qtbot, services, agency):
    from desktop_app.ui.entry_form import EntryDialog
    from desktop_app.ui.main_window import MainWindow

    for n, title in enumerate(("关于做好防汛工作的通知", "2024年部门预算", "行政许可办事指南")):
        number, day = f"青应急〔2024〕{n + 1}号", dt.date(2024, 3, 5 + n)
        services.catalog.add(
            agency.id, EntryDraft(title=title, doc_number=number, generated_on=day)
        )
    annual_reports.create(services, 2024, rf.FORMAT_2021)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1200, 680)
    window.show()
    window.start_loading()
    qtbot.waitUntil(lambda: window.loaded and window.model.total_count() == 3, timeout=10_000)
    _settled(qtbot)
    _keep(window, "main-window.png")
    dialog = EntryDialog(services, services.classification.nodes(), parent=window)
    qtbot.addWidget(dialog)
    dialog.resize(620, 640)
    dialog.show()
    _settled(qtbot)  # the 发布机构 default arrives from a background read
    _keep(dialog, "entry-form.png")
    dialog.close()
    window.tabs.setCurrentIndex(window._report_tab)
    view = window.report_view
    qtbot.waitUntil(lambda: view.report is not None and not view.busy, timeout=10_000)
    _settled(qtbot)
    _keep(window, "report-editor.png")
    for picture in _pictures():
        assert (manual_folder() / picture).is_file(), picture


def test_window_pictures_are_shrunk_to_the_page(qtbot):
    from desktop_app.ui.manual import PICTURE_WIDTH, ManualDialog

    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    document = dialog.browser.document()
    widths = {}
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            char_format = fragments.fragment().charFormat()
            if char_format.isImageFormat():
                picture = char_format.toImageFormat()
                widths[picture.name()] = picture.width()
            fragments += 1
        block = block.next()
    assert widths["images/main-window.png"] == PICTURE_WIDTH  # 1200 px wide: shrunk
    assert widths["images/entry-form.png"] == 0  # narrower than the page: as taken
