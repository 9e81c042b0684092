"""In-app preview of the report's PDF (QtPdf), and printing it at true scale via the print dialog.

The preview is a real export (`ReportService.preview_pdf`, the code behind 导出 PDF) into a
temporary folder, made in the background, so what is shown is what 导出 PDF writes. Printing renders each page at the printer's
resolution (at most 600 dpi) and draws it at the page's physical size on the paper's corner: no
fit-to-page, so a 版心 of 156 × 225 mm stays 156 × 225 mm.
"""

from __future__ import annotations

import itertools
import tempfile
from functools import partial
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.annual_report import AnnualReport
from desktop_app.errors import UserError
from desktop_app.services.report_layout import COPY_LABELS, PdfExportResult
from desktop_app.services.reports import ReportService
from desktop_app.ui import tasks
from desktop_app.ui.messages import show_error

ZOOMS = {
    "整页": QPdfView.ZoomMode.FitInView,
    "适合宽度": QPdfView.ZoomMode.FitToWidth,
    "100%": QPdfView.ZoomMode.Custom,  # zoom factor 1: the page at its size on screen
}
# A page rendered at 1200 dpi is over half a gigabyte; 600 dpi is beyond what the eye sees on paper.
MAX_RENDER_DPI = 600
POINTS_PER_INCH = 72


def make_print_dialog(printer: QPrinter, parent: QWidget) -> QPrintDialog:
    return QPrintDialog(printer, parent)


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page at its physical size; returns the number of pages sent."""
    first = document.pagePointSize(0)
    printer.setFullPage(True)  # the painter's origin is the paper's corner, not the margin's
    printer.setPageSize(
        QPageSize(first, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    )
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("无法连接打印机，请检查打印机是否可用")
    try:
        dpi = printer.resolution()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            target = QSizeF(
                points.width() * dpi / POINTS_PER_INCH, points.height() * dpi / POINTS_PER_INCH
            )
            scale = min(dpi, MAX_RENDER_DPI) / POINTS_PER_INCH
            image = document.render(
                page, QSize(round(points.width() * scale), round(points.height() * scale))
            )
            painter.drawImage(QRectF(0, 0, target.width(), target.height()), image)
    finally:
        painter.end()
    return document.pageCount()


class PdfPreview(QWidget):
    """`refresh(report)` exports in the background; `loaded` is True once a PDF is shown."""

    def __init__(self, reports: ReportService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reports = reports
        self.report: AnnualReport | None = None
        self.loaded = False
        self._folder = tempfile.TemporaryDirectory(
            prefix="disclosure-desk-preview-",
            ignore_cleanup_errors=True,  # Windows: file still open
        )
        self._serial = itertools.count(1)
        self._shown: Path | None = None  # the temporary file on screen, deleted when replaced
        self._wanted: Path | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.zoom = QComboBox()
        self.zoom.addItems(list(ZOOMS))
        self.zoom.currentTextChanged.connect(self._zoom)
        self._zoom(self.zoom.currentText())
        self.copy = QComboBox()
        for copy, label in COPY_LABELS.items():
            self.copy.addItem(label, copy)
        self.copy.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton("刷新预览")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.print_button = QPushButton("打印…")
        self.print_button.clicked.connect(self.print_)
        self.print_button.setEnabled(False)
        self.status = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("副本："))
        bar.addWidget(self.copy)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.print_button)
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.zoom)
        bar.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def _zoom(self, label: str) -> None:
        self.view.setZoomMode(ZOOMS[label])
        self.view.setZoomFactor(1.0)

    def set_report(self, report: AnnualReport) -> None:
        """Remember the report; the export runs when the preview is asked for (it takes a while)."""
        self.report = report

    def refresh(self, report: AnnualReport | None = None) -> None:
        if report is not None:
            self.report = report
        if self.report is None:
            return
        path = Path(self._folder.name) / f"preview-{next(self._serial)}.pdf"
        self._wanted = path  # an older export finishing later is dropped
        reports, report, copy = self.reports, self.report, self.copy.currentData()
        self.status.setText("正在生成预览…")
        self.refresh_button.setEnabled(False)
        tasks.run_in_background(
            self, lambda: reports.preview_pdf(report, copy, path), self._rendered, self._failed
        )

    def _rendered(self, result: PdfExportResult) -> None:
        if result.path != self._wanted:
            tasks.in_order(partial(result.path.unlink, missing_ok=True))
            return
        self.refresh_button.setEnabled(True)
        error = self.document.load(str(result.path))
        if error != QPdfDocument.Error.None_:
            self._failed(UserError(f"无法打开预览文件（{error.name}）"))
            return
        if self._shown is not None:
            tasks.in_order(partial(self._shown.unlink, missing_ok=True))
        self._shown = result.path
        self.loaded = True
        self.print_button.setEnabled(True)
        missing = f"；缺字 {''.join(result.missing_chars)}" if result.missing_chars else ""
        self.status.setText(f"共 {result.pages} 页{missing}")

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText("预览生成失败")
        show_error(self, "无法生成预览", str(exc))

    def print_(self) -> None:
        if self.document.status() != QPdfDocument.Status.Ready:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = make_print_dialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pages = print_pdf(self.document, printer)
        except UserError as exc:
            show_error(self, "打印失败", str(exc))
            return
        self.status.setText(f"已发送 {pages} 页到打印机（原大，不缩放）")
