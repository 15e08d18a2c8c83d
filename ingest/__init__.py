"""Reading reports: files to documents, documents to cells, passages and checks.

The facade: ``parse_file(path)`` returns a :class:`Report`; ``document_to_report(doc)`` does the
same for a document a reader already built.
"""

from ingest.model import Cell, Check, Passage, Report, Section
from ingest.parse import document_to_report, parse_file, path_to_document

__all__ = ["Cell", "Check", "Passage", "Report", "Section", "document_to_report", "parse_file", "path_to_document"]
