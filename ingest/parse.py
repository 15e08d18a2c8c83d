"""From a file to a parsed report: pick the reader, then find sections, cells, passages and checks."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Optional

from config import Settings
from errors import FileTooLarge, UnreadableFile, UnsupportedFile
from ingest.checks import cells_to_checks, passages_to_checks
from ingest.document import Document
from ingest.model import Report
from ingest.sections import document_to_metadata, document_to_passages, document_to_sections
from ingest.tables import detect_format, document_to_cells
from ingest.template import FORMATS_BY_NAME

#: File endings we read, by reader.
EXTENSIONS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text", ".text": "text", ".docx": "docx",
              ".doc": "doc"}


def path_to_document(path: Path, settings: Settings) -> Document:
    """Given a report file, return its Document, read by the reader its ending names.

    Raises UnsupportedFile for other endings, FileTooLarge past the configured limit (before
    reading it), and the readers' UnreadableFile errors.
    """
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedFile(
            f"{path.name}: expected a .pdf, .html, .htm, .txt, .docx or .doc report, "
            f"got a {path.suffix or 'file with no ending'}.")
    if not path.is_file():
        raise UnreadableFile(f"{path.name} does not exist or is not a file.")
    size = path.stat().st_size
    if size > settings.max_file_mb * 1024 * 1024:
        raise FileTooLarge(f"{path.name} is {size / 1048576:.0f} MB; the limit is {settings.max_file_mb:g} MB "
                           "(set REPORTS_MAX_FILE_MB to change it).")
    if size == 0:
        raise UnreadableFile(f"{path.name} is empty.")
    if kind == "pdf":
        from ingest.pdf import pdf_to_document

        return pdf_to_document(path, max_seconds_per_page=settings.page_seconds)
    if kind == "html":
        from ingest.html import html_file_to_document

        return html_file_to_document(path)
    if kind == "docx":
        from ingest.docx import docx_to_document

        return docx_to_document(path)
    if kind == "doc":
        from ingest.docx import doc_to_document

        return doc_to_document(path)
    from ingest.text import text_file_to_document

    return text_file_to_document(path)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def document_to_report(doc: Document, sha256: str = "") -> Report:
    """Given a document, return the parsed report: metadata, sections, cells, passages and checks."""
    if not sha256:
        sha256 = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    sections = document_to_sections(doc)
    meta = document_to_metadata(doc, sections)
    fmt_name = detect_format(doc, meta.year)
    fmt = FORMATS_BY_NAME[fmt_name]
    tables = document_to_cells(doc, sections, fmt_name)
    cells = tuple(tables.cells[a] for a in fmt.addresses())
    # Rows the table parser only guessed to be table rows hold no cell when no template table was
    # found (a page that is not a disclosure report): they are its text, so they make passages.
    no_tables = all(c.status == "missing" for c in cells)
    passages = document_to_passages(doc, sections, set() if no_tables else tables.table_rows)
    checks = cells_to_checks(tables.cells, fmt) + passages_to_checks(passages, tables.cells, fmt)
    warnings = list(tables.warnings)
    if no_tables:
        warnings.append("no template tables were found: only the passages of this file were read.")
    if meta.agency is None:
        warnings.append("the publishing body could not be found in the title.")
    if meta.year is None:
        warnings.append("the year the figures are for could not be found.")
    return Report(
        id=sha256[:12], path=doc.path, sha256=sha256, kind=doc.kind, agency=meta.agency, year=meta.year,
        format=fmt_name, pages=doc.pages, title=meta.title, sections=sections, cells=cells,
        passages=passages, checks=tuple(checks), text=doc.text, warnings=tuple(warnings))


def parse_file(path: Path, settings: Optional[Settings] = None) -> Report:
    """Given a report file, return its parsed report (see ``document_to_report``)."""
    settings = settings or Settings()
    doc = path_to_document(Path(path), settings)
    return document_to_report(doc, file_sha256(Path(path)))
