"""The page-and-position model every reader produces.

A report, whatever it was read from, becomes a :class:`Document`: an ordered tuple of
:class:`Row` objects in reading order. A paragraph line is a row of one field; a table row is a row
of several fields, one per cell as printed. Every field knows where it stands (page and box in a
PDF, line in a text file, paragraph in a Word file), so that a figure parsed from it can be cited
and highlighted; a field read by OCR from a scanned page says so.

Readers (``ingest/pdf.py`` with ``ingest/ocr.py`` for scanned pages, ``ingest/html.py``,
``ingest/text.py``, ``ingest/docx.py``) know nothing of the template;
everything after them (sections, passages, cells, checks) knows nothing of file formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple

from model import BBox, SourceKind

__all__ = ["BBox", "Document", "Field", "Row", "SourceKind"]


@dataclass(frozen=True)
class Field:
    """One cell of a row as printed: its text and where it stands.

    ``page`` is 1-based. ``line`` is the 1-based line of a text file; in a Word file (``.docx``,
    ``.doc``), which has no pages, it is the 1-based number of the paragraph the text comes from,
    counting every paragraph of the body in order, those inside table cells included; ``None`` for
    PDF and HTML unless the reader can tell. ``bbox`` is set for PDF only (for a scanned page, the box
    OCR found the text in, in the page's points). ``col`` is the character column the field starts at
    in its text line (text only): in text laid out with runs of spaces (``pdftotext -layout``) a
    figure's column tells which table column it stands in. ``ocr`` is True when the text was read by
    OCR from an image of the page, not from a text layer: it may be misread.
    """

    text: str
    page: int = 1
    line: Optional[int] = None
    bbox: Optional[BBox] = None
    col: Optional[int] = None
    ocr: bool = False


@dataclass(frozen=True)
class Row:
    """A line of text or a row of a table.

    ``grid`` is True when the fields are true table cells (a PDF table rebuilt from its ruling or
    its columns, an HTML ``<tr>``), so that one field holds exactly one printed value: digits
    spread by letter-spacing inside it («1 1 3») are one number. In a text line split on tabs or
    runs of spaces it is False, and several numbers in one field are several values.
    ``table`` numbers the table the row belongs to within its document (``None`` for prose); rows of
    one table broken by a page break keep the number the reader gave them, which may differ.
    """

    fields: Tuple[Field, ...]
    grid: bool = False
    table: Optional[int] = None

    @property
    def text(self) -> str:
        """The row's fields joined by a tab, as a person would copy them."""
        return "\t".join(f.text for f in self.fields)

    @property
    def page(self) -> int:
        return self.fields[0].page if self.fields else 1

    @property
    def line(self) -> Optional[int]:
        return self.fields[0].line if self.fields else None

    @property
    def bbox(self) -> Optional[BBox]:
        """The union of the fields' boxes (``None`` when any field has none)."""
        boxes = [f.bbox for f in self.fields if f.bbox is not None]
        if not boxes or len(boxes) != len(self.fields):
            return None
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


@dataclass(frozen=True)
class Document:
    """A report as read from one file, before anything is known about its content.

    ``title`` is what the file itself calls it (an HTML ``<title>``, PDF metadata) when it says, and
    is only a hint: the report's own heading, found among the rows, is what counts.
    ``ocr_pages`` are the 1-based pages read by OCR (a scan has all of them, a partly scanned PDF
    some, other kinds none): every field on them is marked ``ocr``.
    """

    path: str
    kind: SourceKind
    pages: int
    rows: Tuple[Row, ...]
    title: Optional[str] = None
    page_sizes: Tuple[Tuple[float, float], ...] = field(default=())
    ocr_pages: Tuple[int, ...] = field(default=())

    @property
    def text(self) -> str:
        """The whole document as plain text, one row a line."""
        return "\n".join(r.text for r in self.rows)
