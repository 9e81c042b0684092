"""The report windows show what the PDF prints: its copies, its official tables and number format,
its signing certificate. They take these from the exporters through here, the UI's one door to them.
"""

from __future__ import annotations

from desktop_app.export.document import COPY_FILING, COPY_LABELS, Table
from desktop_app.export.official_tables import number, table_four, table_three, table_two
from desktop_app.export.report_pdf import PdfExportResult
from desktop_app.export.signing import Certificate

__all__ = [
    "COPY_FILING",
    "COPY_LABELS",
    "Certificate",
    "PdfExportResult",
    "Table",
    "number",
    "table_four",
    "table_three",
    "table_two",
]
