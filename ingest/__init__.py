"""Reading reports: files to documents, documents to cells, passages and checks.

The facade: ``parse_file(path)`` returns a :class:`Report`; ``document_to_report(doc)`` does the
same for a document a reader already built.
"""

from ingest.layout import TableLayout, TableRow, format_to_layouts
from ingest.model import Cell, Check, Passage, Report, Section
from ingest.pages import page_image
from ingest.parse import EXTENSIONS, document_to_report, parse_file, path_to_document

__all__ = ["Cell", "Check", "EXTENSIONS", "Passage", "Report", "Section", "TableLayout", "TableRow",
           "document_to_report", "format_to_layouts", "page_image", "parse_file", "path_to_document"]
