"""The print document model: layout-neutral frozen dataclasses handed to the PDF exporter."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

COPY_FILING = "filing"  # 存档打印版: 签发人 line, space left free for the seal
COPY_WEB = "web"  # 网站公开版: catalog header block, PDF/A-2b, no personal data
COPIES = (COPY_FILING, COPY_WEB)
COPY_LABELS = {COPY_FILING: "存档打印版", COPY_WEB: "网站公开版"}
DRAFT_MARK = "草稿"
DRAFT_SUFFIX = f"（{DRAFT_MARK}）"


@dataclass(frozen=True)
class Heading:
    """A heading line of its own; text includes its number ("一、", "（一）", "1.", "（1）")."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """Body paragraph, two-character first-line indent. A run-in heading (with its number) opens
    it in the heading font of `level`; the text follows on the same line."""

    text: str
    run_in: str = ""
    level: int = 0


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "center"  # "left" | "center" | "right"


@dataclass(frozen=True)
class Table:
    """HTML-like rows: cells left to right, skipping positions covered by a span."""

    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int  # repeated on every page
    col_widths: tuple[float, ...]  # relative widths, one per grid column


@dataclass(frozen=True)
class Closing:
    """落款 and 成文日期."""

    agency: str
    date: datetime.date


@dataclass(frozen=True)
class CatalogHeader:
    """Web copy only: the catalog header block on top of the first page."""

    index_no: str
    disclosure_form: str
    doc_number: str
    period: str
    publisher: str
    generated_on: str


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    closing: Closing | None
    copy: str  # COPY_FILING | COPY_WEB
    signer: str | None = None  # filing copy: 签发人
    catalog_header: CatalogHeader | None = None  # web copy
    author: str = ""
    subject: str = ""
    keywords: str = ""
    draft: bool = False  # not signed: 草稿 on every page and in the metadata

    # The PDF's metadata (info dictionary and XMP alike): a draft says so in each field.
    @property
    def pdf_title(self) -> str:
        return f"{self.title}{DRAFT_SUFFIX}" if self.draft else self.title

    @property
    def pdf_subject(self) -> str:
        return f"{self.subject}{DRAFT_SUFFIX}" if self.draft else self.subject

    @property
    def pdf_keywords(self) -> str:
        return f"{self.keywords},{DRAFT_MARK}" if self.draft else self.keywords
