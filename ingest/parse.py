"""From a file to a parsed report: pick the reader, then find sections, cells, passages and checks."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Callable, Dict, Optional, Sequence, Tuple

from config import Settings
from errors import FileTooLarge, UnreadableFile, UnsupportedFile
from ingest.amounts import cells_with_units
from ingest.checks import cells_to_checks, passages_to_checks
from ingest.document import Document
from ingest.grids import document_to_upright
from ingest.labels import detect_format
from ingest.misreads import NameFix
from ingest.relines import document_to_lines
from ingest.sections import document_to_metadata, document_to_passages, document_to_sections
from ingest.tables import READERS, document_to_cells
from ingest.template import FORMATS_BY_NAME
from model import Cell, Check, Note, Report
from phrasing import format_number

#: File endings we read, by reader.
EXTENSIONS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text", ".text": "text", ".docx": "docx",
              ".doc": "doc"}


#: Called before OCR of a page of a scan: (page number, pages in the file).
Progress = Callable[[int, int], None]


def path_to_document(path: Path, settings: Settings, progress: Optional[Progress] = None) -> Document:
    """Given a report file, return its Document, read by the reader its ending names; ``progress``
    is called before each page a PDF's scan is read by OCR.

    Raises UnsupportedFile for other endings, FileTooLarge past the configured limit (before
    reading it), and the readers' UnreadableFile errors.
    """
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedFile(
            f"{path.name}: expected a .pdf, .html, .htm, .txt, .docx or .doc report, "
            f"got a {path.suffix or 'file with no ending'}.", "unsupported", name=path.name, ext=path.suffix)
    if not path.is_file():
        raise UnreadableFile(f"{path.name} does not exist or is not a file.", "not_a_file", name=path.name)
    size = path.stat().st_size
    if size > settings.max_file_mb * 1024 * 1024:
        raise FileTooLarge(f"{path.name} is {size / 1048576:.0f} MB; the limit is {settings.max_file_mb:g} MB "
                           "(set REPORTS_MAX_FILE_MB to change it).", "too_large", name=path.name,
                           mb=f"{size / 1048576:.0f}", limit=f"{settings.max_file_mb:g}")
    if size == 0:
        raise UnreadableFile(f"{path.name} is empty.", "empty", name=path.name)
    if kind == "pdf":
        from ingest.pdf import OcrOptions, pdf_to_document

        ocr = OcrOptions(page_seconds=settings.ocr_page_seconds, cache_dir=settings.ocr_cache_dir, progress=progress)
        return pdf_to_document(path, max_seconds_per_page=settings.page_seconds, ocr=ocr)
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


def document_to_report(doc: Document, sha256: str = "", readers: Sequence[str] = READERS) -> Report:
    """Given a document, return the parsed report: metadata, sections, cells, passages and checks.

    ``readers`` picks the table readers (``ingest.tables.READERS``; tests run each alone)."""
    if not sha256:
        sha256 = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    doc = document_to_upright(document_to_lines(doc))
    sections = document_to_sections(doc)
    meta = document_to_metadata(doc, sections)
    fmt_name = detect_format(doc, meta.year)
    fmt = FORMATS_BY_NAME[fmt_name]
    tables = document_to_cells(doc, sections, fmt_name, readers)
    cells = tuple(tables.cells[a] for a in fmt.addresses(variants=True) if a in tables.cells)
    cells = cells_with_units(cells, doc.text, [a for a in fmt.addresses() if a.endswith(".amount")])
    # Rows the table parser only guessed to be table rows hold no cell when no template table was
    # found (a page that is not a disclosure report): they are its text, so they make passages.
    no_tables = all(c.status == "missing" for c in cells)
    passages = document_to_passages(doc, sections, set() if no_tables else tables.table_rows)
    checks = cells_to_checks(tables.cells, fmt) + passages_to_checks(passages, tables.cells, fmt)
    if doc.ocr_pages:
        cells = cells_read_by_ocr(cells, checks, doc.ocr_pages)
    warnings = list(tables.warnings)
    if no_tables:
        warnings.append("no template tables were found: only the passages of this file were read.")
    if meta.agency is None:
        warnings.append("the publishing body could not be found in the title.")
    if meta.name_fix is not None:
        warnings.append(name_fix_sentence(meta.name_fix, meta.title_ocr))
    if meta.year is None:
        warnings.append("the year the figures are for could not be found.")
    if doc.ocr_pages:
        warnings.append(f"{_pages_text(doc.ocr_pages, doc.pages)} read by OCR from a scan: its figures are marked "
                        "OCR, and one that does not add up is reported ambiguous.")
    return Report(
        id=sha256[:12], path=doc.path, sha256=sha256, kind=doc.kind, agency=meta.agency, year=meta.year,
        format=fmt_name, pages=doc.pages, title=meta.title, sections=sections, cells=cells,
        passages=passages, checks=tuple(checks), text=doc.text, warnings=tuple(warnings), title_ocr=meta.title_ocr)


def name_fix_sentence(fix: NameFix, ocr: bool) -> str:
    """The warning a report carries when the rest of it puts right a character of the body's name
    its title misprints (phrasing.sentence_text says it in Chinese)."""
    return (f"the title {'was read by OCR as' if ocr else 'prints'} 「{fix.printed}」, but the rest of the report "
            f"prints 「{fix.part}」 {fix.seen} times and 「{fix.part_printed}」 {fix.seen_printed}: the body is named "
            f"「{fix.name}」.")


#: The checks whose failure makes a figure read by OCR doubtful: the arithmetic of tables 3 and 4
#: (checks 1–4). A narrative that disagrees with its table (check 6) says nothing of the scan.
_TABLE_CHECKS = ("t3.", "t4.")


def cells_read_by_ocr(cells: Sequence[Cell], checks: Sequence[Check], ocr_pages: Sequence[int]) -> Tuple[Cell, ...]:
    """Given a report's cells, its checks and the pages read by OCR, return the cells with those
    read from such pages marked ``ocr``, and made ambiguous where OCR may have misread them:

    - a figure of a failing check (tables 3 and 4): where the failing checks cross — a row that
      does not add up and a column that does not — the figures where they cross are the misread
      ones, and only those are made ambiguous; a failing check that crosses no other makes every
      figure OCR read in it ambiguous. The figures left as read stand in a failed check, which every
      answer that gives them warns of. An ambiguous figure keeps its reading as its one candidate.
    - a blank in a printed row: OCR may have missed a faint figure as easily as the print left the
      cell empty.
    """
    scanned = set(ocr_pages)
    by_page = {c.address: c for c in cells}
    failing = [ch for ch in checks if not ch.passed and ch.check.startswith(_TABLE_CHECKS)]
    in_failing: Dict[str, int] = {}
    for ch in failing:
        for address in set(ch.cells):
            in_failing[address] = in_failing.get(address, 0) + 1
    doubted: Dict[str, str] = {}
    for ch in failing:
        read = [a for a in ch.cells if a in by_page and by_page[a].page in scanned and by_page[a].status == "ok"]
        crossing = [a for a in read if in_failing[a] > 1]
        for address in crossing or read:
            doubted.setdefault(address, ch.detail)
    out = []
    for c in cells:
        if c.page not in scanned:
            out.append(c)
            continue
        if c.status == "ok" and c.value is not None and c.address in doubted:
            c = replace(c, status="ambiguous", value=None, candidates=(c.value,), notes=c.notes + (
                Note.of("ocr_check_failed", value=format_number(c.value), detail=doubted[c.address]),))
        elif c.status == "missing":
            c = replace(c, status="ambiguous", notes=c.notes + (Note.of("ocr_blank"),))
        out.append(replace(c, ocr=True))
    return tuple(out)




def _pages_text(pages: Sequence[int], total: int) -> str:
    if len(pages) == total:
        return "every page of this file was" if total > 1 else "this file's page was"
    listed = ", ".join(str(p) for p in pages)
    return f"page{'s' if len(pages) > 1 else ''} {listed} of this file {'were' if len(pages) > 1 else 'was'}"


def parse_file(path: Path, settings: Optional[Settings] = None, progress: Optional[Progress] = None) -> Report:
    """Given a report file, return its parsed report (see ``document_to_report``); ``progress`` is
    called before each page of a scan is read by OCR, with (page number, pages in the file)."""
    settings = settings or Settings()
    doc = path_to_document(Path(path), settings, progress)
    return document_to_report(doc, file_sha256(Path(path)))
