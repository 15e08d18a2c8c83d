"""Read a PDF exported from Word or WPS into a :class:`~ingest.document.Document`.

Each page becomes rows in reading order (top to bottom): a prose line is a row of one field; a
table row is a row of one field per cell as printed (``grid=True``). Tables come from pdfplumber's
ruling-line finder; tables drawn with horizontal rules only, which that finder cannot see, are
rebuilt here from the rules (rows) and the x positions of their words (columns).

A page that is a picture (a scan, 「图片版」) has no text layer: it is read by OCR
(``ingest/ocr.py``), whose characters and ruling lines go through the same table rebuilding, and its
fields are marked ``ocr``. A scan is read once: its OCR results are cached by the file's SHA-256.

Nothing is interpreted: numbers stay as printed, headers and footers stay as rows. What the
report *means* is the parser's business.
"""

from __future__ import annotations

import ctypes
import re
import threading
from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from errors import ScannedPDF, UnreadableFile
from ingest.document import Document, Field, Row
from model import BBox

if TYPE_CHECKING:
    from ingest.ocr import ScanCache

__all__ = ["OcrOptions", "pdf_to_document", "page_to_rows", "scan_to_rows", "chars_to_lines", "is_cjk"]

#: Called before OCR of a page: (page number, pages in the file).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OcrOptions:
    """How pages without a text layer are read: the engine, the time each page may take, the folder
    OCR results are cached in (None: no cache) and what to call before each page is read."""

    engine: str = "rapidocr"
    page_seconds: float = 60.0
    cache_dir: Optional[Path] = None
    progress: Optional[Progress] = None

Slot = Tuple[int, int]  # (row, column) of a table's grid
Rule = Tuple[float, float, float]  # (top, x0, x1) of a horizontal rule
Span = Tuple[float, float]  # (x0, x1) of something on a line

# --- tolerances, in PDF points unless said otherwise ------------------------------------------

#: A gap between two glyphs wider than this starts a new word (pdfplumber's default).
WORD_GAP = 3.0
#: Two glyphs are on one line when their vertical centres differ by less than this share of the
#: glyph height; mixed fonts (宋体 with Times digits) sit a point or so apart.
LINE_SHARE = 0.5
#: In prose, two CJK words further apart than this many font sizes are kept apart by a space
#: (a column gap in a table printed without rules); closer ones are letter-spacing or justification.
CJK_WIDE_GAP_EM = 1.5
#: Overprinted glyphs (WPS fakes bold by drawing a glyph twice) closer than this are one glyph.
DUPLICATE_SHIFT = 1.0
#: A horizontal edge at least this long may be a table rule.
RULE_MIN_LENGTH = 72.0
#: Edges whose tops are this close are one rule (a thin filled rectangle has two edges).
RULE_SNAP = 2.0
#: Consecutive rules further apart than this do not bound one table row.
RULE_MAX_BAND = 160.0
#: A band between two rules thinner than this with no text in it is a double rule, not a row.
RULE_MIN_BAND = 6.0
#: Words of one table row closer than this many font sizes fall in one column.
COLUMN_GAP_EM = 0.7
#: A line of text without a column gap this wide a share of a rules-only table is prose, not a row.
PROSE_SHARE = 0.85

#: A figure as printed in a cell: 12, 1,045, 4863.52, -3, 85%.
_NUMBER = re.compile(r"^[-+−]?[0-9０-９][0-9０-９,，.．]*[%％]?$")
_PDF_MAGIC = b"%PDF-"


# --- entry point -------------------------------------------------------------------------------


def pdf_to_document(
    path: Path, *, max_seconds_per_page: float = 10.0, ocr: Optional[OcrOptions] = OcrOptions()
) -> Document:
    """Given the path of a PDF, return its rows in reading order, page by page; pages without a
    text layer are read by OCR (``ocr``; None refuses them instead).

    Raises :class:`~errors.UnreadableFile` when the file is empty, not a PDF, damaged, locked with
    a password, or has a page that takes longer than ``max_seconds_per_page`` to read (or, read by
    OCR, ``ocr.page_seconds``), and :class:`~errors.ScannedPDF` when no page has text (a scan in
    which OCR finds none, or any scan when ``ocr`` is None).
    """
    if not max_seconds_per_page > 0:
        raise ValueError(f"expected max_seconds_per_page > 0, got {max_seconds_per_page!r}")
    if ocr is not None and not ocr.page_seconds > 0:
        raise ValueError(f"expected ocr.page_seconds > 0, got {ocr.page_seconds!r}")
    path = Path(path)
    _check_file_bytes(path)
    rows: List[Row] = []
    sizes: List[Span] = []
    census = _TextCensus()
    scanned: List[int] = []
    with _opened_pdf(path) as pdf:
        title = metadata_to_title(pdf.metadata)
        next_table = 1
        pages = _pages_of(pdf)
        reader = _ScanReader(path, len(pages), ocr) if ocr is not None else None
        for number, page in enumerate(pages, start=1):
            sizes.append((float(page.width), float(page.height)))
            try:
                with _deadline(number, max_seconds_per_page):
                    page_rows = page_to_rows(page, number, next_table, census)
                    needs_ocr = reader is not None and census.page_is_image
            finally:
                # Layout objects of a page are large; without this a 100-page report keeps them all.
                page.close()
            if needs_ocr and reader is not None:
                page_rows = reader.page_rows(number, next_table, census)
                scanned.append(number)
            rows.extend(page_rows)
            next_table += len({r.table for r in page_rows if r.table is not None})
    census.raise_if_unreadable(ocr_tried=bool(scanned))
    return Document(
        path=str(path),
        kind="pdf",
        pages=len(sizes),
        rows=tuple(rows),
        title=title,
        page_sizes=tuple(sizes),
        ocr_pages=tuple(scanned),
    )


class _ScanReader:
    """Reads the pages of one PDF that have no text layer by OCR: renders each at OCR_DPI (one
    page at a time), caches what OCR found by the file's SHA-256, and keeps each page to its time
    limit."""

    def __init__(self, path: Path, page_count: int, options: OcrOptions) -> None:
        self.path, self.page_count, self.options = path, page_count, options
        self._cache: Optional["ScanCache"] = None
        self._pdfium: Any = None

    def page_rows(self, number: int, first_table: int, census: "_TextCensus") -> List[Row]:
        from ingest.ocr import OCR_DPI, ScanCache, file_sha256

        if self._cache is None:
            self._cache = ScanCache(self.options.cache_dir, file_sha256(self.path), self.options.engine).load()
        cache = self._cache
        scan = cache.pages.get(number)
        if scan is None:
            if self.options.progress is not None:
                self.options.progress(number, self.page_count)
            seconds = self.options.page_seconds
            with _deadline(number, seconds, (
                    f"OCR of page {number} of this scan takes more than {seconds:g} seconds, so it was "
                    f"stopped; set REPORTS_OCR_PAGE_SECONDS to allow more."), "ocr_timeout"):
                scan = self._read(number, OCR_DPI)
            cache.save(number, scan)
        census.add(scan.chars, 0)
        return scan_to_rows(scan, number, first_table)

    def _read(self, number: int, dpi: float):
        import numpy as np
        import pypdfium2 as pdfium

        from ingest.ocr import MAX_PIXELS, image_to_scan_page, load_engine

        engine = load_engine(self.options.engine)
        if self._pdfium is None:
            self._pdfium = pdfium.PdfDocument(str(self.path))
        page = self._pdfium[number - 1]
        try:
            w, h = page.get_size()
            scale = dpi / 72.0
            if w * h * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (w * h)) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            gray = np.array(bitmap.to_pil().convert("L"))
            del bitmap
        finally:
            page.close()
        return image_to_scan_page(gray, scale * 72.0, engine)

    def __del__(self) -> None:
        if self._pdfium is not None:
            self._pdfium.close()


# --- file-level checks and errors --------------------------------------------------------------


def _check_file_bytes(path: Path) -> None:
    """Given a path, raise UnreadableFile unless its bytes look like a whole PDF."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - 4096))
            tail = f.read()
    except OSError as e:
        reason = e.strerror or "it cannot be read"
        raise UnreadableFile(f"cannot open this file: {reason}.", "cannot_open") from None
    if size == 0 or (size <= len(head) and not head.strip(b" \t\r\n\x00")):
        raise UnreadableFile("this file is empty: it has no content to read.", "empty")
    if _PDF_MAGIC not in head:
        looks = _what_it_looks_like(head)
        raise UnreadableFile(f"this file is not a PDF: {_LOOKS_LIKE[looks]}.", "not_pdf", looks=looks)
    # Every complete PDF ends with %%EOF; a download cut short does not, and pdfminer would
    # silently recover only the pages before the cut.
    if b"%%EOF" not in tail:
        raise UnreadableFile(
            "this PDF is damaged or truncated: it stops before its end, so download it again.", "pdf_truncated"
        )


#: What a file that is not a PDF seems to be, by the key ``_what_it_looks_like`` gives (the key is the
#: error's particular, so that the page can say it in Chinese).
_LOOKS_LIKE = {
    "html": "it is a web page (HTML) saved under a .pdf name",
    "zip": "it is a ZIP archive (perhaps a Word .docx file) saved under a .pdf name",
    "ole": "it is an old Word or Excel file (.doc/.xls) saved under a .pdf name",
    "json": "it looks like JSON data saved under a .pdf name",
    "other": "it does not start with the %PDF- marker every PDF has",
}


def _what_it_looks_like(head: bytes) -> str:
    """Given the first bytes of a file that is not a PDF, return what it seems to be instead (a key
    of ``_LOOKS_LIKE``)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<meta")) or b"<html" in text:
        return "html"
    if text.startswith(b"pk\x03\x04"):
        return "zip"
    if text.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if text.startswith((b"{", b"[")):
        return "json"
    return "other"


def _pdfminer_error_to_unreadable(error: BaseException, where: str) -> UnreadableFile:
    """Given an exception from pdfplumber or pdfminer, return the one-sentence error a user sees."""
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, PDFPasswordIncorrect):
        return UnreadableFile(
            "this PDF is locked with a password: open it with the password, save an unlocked "
            "copy, and load that instead.", "pdf_locked"
        )
    if isinstance(cause, PDFEncryptionError):
        return UnreadableFile(
            "this PDF is encrypted in a way that cannot be read: save an unencrypted copy and "
            "load that instead.", "pdf_encrypted"
        )
    return UnreadableFile(f"this PDF is damaged or truncated: {where} cannot be read.", "pdf_damaged")


@contextmanager
def _opened_pdf(path: Path) -> Iterator["pdfplumber.PDF"]:
    """Given the path of a PDF, yield it opened, turning pdfminer's failures into UnreadableFile."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as e:  # pdfminer raises many unrelated classes for broken files
        raise _pdfminer_error_to_unreadable(e, "its structure") from None
    try:
        yield pdf
    finally:
        try:
            pdf.close()
        except Exception:  # noqa: BLE001 - close() walks the page tree again; a broken one fails here
            # too and would hide the UnreadableFile already raised: release the file and go on.
            if not pdf.stream_is_external:
                pdf.stream.close()


def _pages_of(pdf: "pdfplumber.PDF") -> List["pdfplumber.page.Page"]:
    """Given an open PDF, return its pages, or raise UnreadableFile if its page tree is broken."""
    try:
        pages = pdf.pages
    except Exception as e:
        raise _pdfminer_error_to_unreadable(e, "its list of pages") from None
    if not pages:
        raise UnreadableFile("this PDF is damaged or truncated: it has no pages.", "pdf_damaged")
    return pages


@dataclass
class _TextCensus:
    """Counts kept across pages to tell a scan or an undecodable font from a readable report."""

    chars: int = 0
    undecodable: int = 0
    images: int = 0
    #: whether the page counted last has images and no text: a scanned page
    page_is_image: bool = False

    def add(self, chars: Sequence[dict], images: int) -> None:
        self.chars += len(chars)
        self.undecodable += sum(1 for c in chars if c["text"].startswith("(cid:"))
        self.images += images
        self.page_is_image = not chars and images > 0

    def raise_if_unreadable(self, ocr_tried: bool = False) -> None:
        """Raise ScannedPDF or UnreadableFile when the document has no usable text layer (and OCR,
        when it was tried, found no text either)."""
        if self.chars == 0:
            if ocr_tried:
                raise ScannedPDF("no text could be read from this scan: OCR found no writing on its pages.", "scan_no_text")
            if self.images:
                raise ScannedPDF("no text layer: this looks like a scan; OCR it first.", "scan")
            raise UnreadableFile("this PDF has no text in it: its pages are blank.", "pdf_blank")
        if self.undecodable > self.chars / 2:
            raise UnreadableFile(
                "the text of this PDF cannot be decoded (its fonts carry no character map); "
                "OCR it first.", "pdf_undecodable"
            )


# --- per-page time limit ------------------------------------------------------------------------


class _PageTimedOut(BaseException):
    """Raised inside the reading thread when a page overruns its time.

    A BaseException so that pdfminer's and pdfplumber's ``except Exception`` blocks let it pass.
    """


@contextmanager
def _deadline(page_number: int, seconds: float, message: Optional[str] = None,
              code: str = "page_timeout") -> Iterator[None]:
    """Given a page number and a time limit, run the block and raise UnreadableFile if it overruns
    (with ``message``, or one saying the page takes too long to read).

    A watchdog thread raises an exception asynchronously in the reading thread, so this works
    outside the main thread too (the chat page runs in a worker thread, where signals cannot).
    The exception lands at the next Python bytecode; pdfminer and pdfplumber are pure Python.
    """
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"armed": True, "fired": False}
    stop = threading.Event()

    def fire() -> None:
        if stop.wait(seconds):
            return
        # Raised again and again until the block has stopped: an exception raised asynchronously
        # can land where Python ignores it (a __del__, a garbage-collector callback) and be lost.
        while True:
            with lock:
                if not state["armed"]:
                    return
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(_PageTimedOut)
                )
            if stop.wait(0.05):
                return

    def disarm() -> None:
        # After the block, no exception may reach the caller: the watchdog is stopped and one set
        # but not yet delivered is withdrawn. Firings are 50 ms apart, so at most one can land in
        # here; it is caught and the disarming done again.
        while True:
            try:
                stop.set()
                with lock:
                    state["armed"] = False
                    if state["fired"]:
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
                return
            except _PageTimedOut:
                continue

    watchdog = threading.Thread(target=fire, name=f"page-{page_number}-deadline", daemon=True)
    watchdog.start()
    try:
        try:
            yield
        finally:
            disarm()
    except _PageTimedOut:
        disarm()  # the exception came between the block and the disarming above
        raise UnreadableFile(message or (
            f"page {page_number} of this PDF takes more than {seconds:g} seconds to read, so it "
            f"was stopped; the file may be built to stall readers."
        ), code, page=page_number, seconds=f"{seconds:g}") from None


# --- a page --------------------------------------------------------------------------------------


def page_to_rows(
    page: "pdfplumber.page.Page",
    page_number: int,
    first_table: int = 1,
    census: Optional[_TextCensus] = None,
) -> List[Row]:
    """Given a pdfplumber page, its 1-based number and the number its first table takes, return
    its rows in reading order: prose lines and table rows, each table numbered in turn.

    ``census``, when given, counts the page's chars and images (to tell a scan at the end).
    """
    try:
        chars = page.chars
        images = len(page.images)
    except Exception as e:
        raise _pdfminer_error_to_unreadable(e, f"page {page_number}") from None
    if census is not None:
        census.add(chars, images)
    if not chars:
        return []
    return chars_to_rows(chars, page_to_grids(page, chars), page_number, first_table)


def scan_to_rows(scan, page_number: int, first_table: int = 1) -> List[Row]:
    """Given what OCR read from a page (an ``ingest.ocr.ScanPage``), its 1-based number and the
    number its first table takes, return its rows as ``page_to_rows`` does for a text page: tables
    rebuilt from the ruling lines found in the image (or from horizontal rules and the columns of
    the words), every field marked ``ocr`` and boxed where it stands on the page as scanned."""
    from ingest.ocr import rotate_box_back

    chars = list(scan.chars)
    if not chars:
        return []
    edges = list(scan.edges)
    grids = edges_to_grids(edges, chars, lambda: edges_to_ruled_cells(edges))
    rows = chars_to_rows(chars, grids, page_number, first_table)

    def field_back(f: Field) -> Field:
        box = rotate_box_back(f.bbox, scan.angle, scan.width, scan.height) if f.bbox else None
        return replace(f, bbox=box, ocr=True)

    return [replace(r, fields=tuple(field_back(f) for f in r.fields)) for r in rows]


def edges_to_ruled_cells(edges: Sequence[dict]) -> List[List[BBox]]:
    """Given a page's edges, return the cells of its ruled tables, one list per table, as
    pdfplumber's default table finding gives them for a text page."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    from pdfplumber.utils import filter_edges

    merged = filter_edges(merge_edges(list(edges), 3, 3, 3, 3), min_length=3)
    return cells_to_tables(intersections_to_cells(edges_to_intersections(merged, 3, 3)))


def chars_to_rows(chars: Sequence[dict], grids: List["_Grid"], page_number: int, first_table: int) -> List[Row]:
    """Given a page's chars, the grids of its tables, its number and the number its first table
    takes, return its rows in reading order: prose lines and table rows, each table numbered."""
    table_chars: List[List[dict]] = [[] for _ in grids]
    prose_chars: List[dict] = []
    boxes = [g.bbox for g in grids]
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for i, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= cx < x1 and top <= cy < bottom:
                table_chars[i].append(ch)
                break
        else:
            prose_chars.append(ch)

    # Items sort by their top; a table stays one block at its top edge.
    items: List[Tuple[float, int, List[Row]]] = []
    for line in chars_to_lines(prose_chars):
        field_ = Field(text=line_to_text(line, in_cell=False), page=page_number, bbox=line.bbox)
        items.append((line.top, 0, [Row(fields=(field_,))]))
    for i, grid in enumerate(grids):
        items.append((grid.bbox[1], 1, grid.rows_of(table_chars[i], page_number)))
    items.sort(key=lambda item: (item[0], item[1]))

    rows: List[Row] = []
    table = first_table
    for _, is_table, item_rows in items:
        if is_table and item_rows:
            rows.extend(replace(r, table=table) for r in item_rows)
            table += 1
        else:
            rows.extend(item_rows)
    return rows


def page_to_grids(page, chars: Sequence[dict]) -> List["_Grid"]:
    """Given a page and its chars, return the grids of its tables, ruled ones first found by
    pdfplumber, then those drawn with horizontal rules only."""
    edges = page.edges
    if not edges:
        return []
    # One table search per page, with the default "lines" strategy: speed is measured against it.
    return edges_to_grids(edges, chars, lambda: [table.cells for table in page.find_tables()])


def edges_to_grids(edges: Sequence[dict], chars: Sequence[dict], find_ruled) -> List["_Grid"]:
    """Given a page's edges and chars and a function that returns the cells of its ruled tables,
    return the grids of its tables, ruled ones first, then those drawn with horizontal rules only."""
    if not edges:
        return []
    grids: List[_Grid] = []
    for cells in find_ruled():
        ruled = cells_to_grid(cells)
        if ruled.columns == 1:
            # Ruled rows but no inner verticals (an outer frame around a horizontal-rules table):
            # the one "cell" of each row holds all its values, so split columns by the text.
            x0, x1 = ruled.xs[0], ruled.xs[-1]
            rules = [(y, x0, x1) for y in ruled.ys]
            banded = _banded_grid(x0, x1, rules, chars_to_lines(_chars_in(chars, ruled.bbox)))
            if banded is None:
                continue
            ruled = banded
        grids.append(ruled)
    taken = [g.bbox for g in grids]
    for stack in edges_to_rule_stacks(edges, taken):
        x0, x1 = min(r[1] for r in stack), max(r[2] for r in stack)
        stack_chars = _chars_in(chars, (x0, stack[0][0], x1, stack[-1][0]))
        for part in split_stack_at_headings(stack, chars_to_lines(stack_chars)):
            # Lines again from the part's own chars: exactly those page_to_rows gives the table,
            # so no text is both a cell and prose, or neither.
            part_chars = _chars_in(stack_chars, (x0, part[0][0], x1, part[-1][0]))
            part_grid = _banded_grid(x0, x1, part, chars_to_lines(part_chars))
            if part_grid is not None:
                grids.append(part_grid)
    return grids


def _chars_in(chars: Sequence[dict], bbox: BBox) -> List[dict]:
    """Given chars and a box, return the chars whose centre lies in the box."""
    x0, top, x1, bottom = bbox
    return [
        c
        for c in chars
        if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom
    ]


# --- text: chars → words → lines ---------------------------------------------------------------


@dataclass
class _Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass
class _Line:
    words: List[_Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bbox(self) -> BBox:
        return (
            min(w.x0 for w in self.words),
            min(w.top for w in self.words),
            max(w.x1 for w in self.words),
            max(w.bottom for w in self.words),
        )


def is_cjk(ch: str) -> bool:
    """Given one character, return whether it is Chinese script or punctuation that is set
    without spaces around it (ideographs, 、。「」（）：，“” and full-width forms)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= o <= 0x4DBF  # extension A
        or 0x3000 <= o <= 0x303F  # CJK symbols and punctuation: 、。〈〉《》「」【】〔〕
        or 0xFF00 <= o <= 0xFFEF  # full-width forms: （）：，；！？
        or 0x2018 <= o <= 0x201F  # curly quotes “” ‘’, used as Chinese quotes
        or o == 0x2026  # …
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= o <= 0x2FA1F  # extensions B and beyond
    )


def chars_to_lines(chars: Sequence[dict]) -> List[_Line]:
    """Given pdfplumber chars, return the printed lines they make, top to bottom, each a list of
    words left to right; spaces and gaps wider than WORD_GAP end a word, overprints are dropped."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: c["top"] + c["bottom"])
    groups: List[List[dict]] = []
    anchor = None
    for ch in ordered:
        mid = (ch["top"] + ch["bottom"]) / 2
        # Compare with the line's first glyph, not the previous one, so lines cannot chain.
        if anchor is None or mid - anchor[0] > LINE_SHARE * max(anchor[1], 1.0):
            groups.append([])
            anchor = (mid, ch["bottom"] - ch["top"])
        groups[-1].append(ch)
    lines = []
    for group in groups:
        words = _line_chars_to_words(sorted(group, key=lambda c: c["x0"]))
        if words:
            lines.append(_Line(words))
    return lines


def _line_chars_to_words(chars: Sequence[dict]) -> List[_Word]:
    """Given the chars of one line sorted by x, return its words."""
    words: List[_Word] = []
    parts: List[str] = []
    x0 = top = x1 = bottom = size = 0.0
    prev: Optional[dict] = None
    for ch in chars:
        text = ch["text"]
        if text.isspace() or not text:
            if parts:
                words.append(_Word("".join(parts), x0, top, x1, bottom, size))
                parts = []
            prev = None
            continue
        if prev is not None:
            if (
                text == prev["text"]
                and abs(ch["x0"] - prev["x0"]) < DUPLICATE_SHIFT
                and abs(ch["top"] - prev["top"]) < DUPLICATE_SHIFT
            ):
                continue  # an overprint (fake bold), not a second glyph
            if ch["x0"] - prev["x1"] > WORD_GAP:
                words.append(_Word("".join(parts), x0, top, x1, bottom, size))
                parts = []
        if not parts:
            x0, top, x1, bottom = ch["x0"], ch["top"], ch["x1"], ch["bottom"]
            size = float(ch.get("size") or (bottom - top))
        else:
            x1 = max(x1, ch["x1"])
            top = min(top, ch["top"])
            bottom = max(bottom, ch["bottom"])
        parts.append(text)
        prev = ch
    if parts:
        words.append(_Word("".join(parts), x0, top, x1, bottom, size))
    return words


def line_to_text(line: _Line, *, in_cell: bool) -> str:
    """Given a line, return its text: words joined by a space, except between CJK characters,
    which pdfplumber would split on letter-spacing; in prose a very wide CJK gap keeps a space
    (it separates columns of a table printed without rules)."""
    out: List[str] = []
    prev: Optional[_Word] = None
    for w in line.words:
        if prev is not None:
            if is_cjk(prev.text[-1]) and is_cjk(w.text[0]):
                wide = (w.x0 - prev.x1) >= CJK_WIDE_GAP_EM * max(prev.size, 1.0)
                if wide and not in_cell:
                    out.append(" ")
            else:
                out.append(" ")
        out.append(w.text)
        prev = w
    return "".join(out)


def lines_to_cell_text(texts: Sequence[str]) -> str:
    """Given the texts of a cell's lines, return the cell's text: a label wrapped inside its cell
    («2.没有现成信息需要» + «另行制作») is joined with nothing when either side is CJK."""
    out = ""
    for text in texts:
        if not text:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(text[0])):
            out += " "
        out += text
    return out


# --- tables: grids of slots ---------------------------------------------------------------------


@dataclass
class _Grid:
    """A table as rows × columns of slots, with the merged cells that own several slots.

    ``xs``/``ys`` are the column/row boundaries. A slot missing from ``owner`` is its own cell.
    ``cells`` gives the box of each cell by its top-left slot. When ``words_by_slot`` is set
    (tables rebuilt from rules), texts come from those words rather than from chars.
    """

    xs: List[float]
    ys: List[float]
    owner: Dict[Slot, Slot] = field(default_factory=dict)
    cells: Dict[Slot, BBox] = field(default_factory=dict)
    words_by_slot: Optional[Dict[Slot, List[Tuple[int, _Word]]]] = None

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def slot_bbox(self, r: int, c: int) -> BBox:
        return (self.xs[c], self.ys[r], self.xs[c + 1], self.ys[r + 1])

    def rows_of(self, chars: Sequence[dict], page_number: int) -> List[Row]:
        """Given the chars inside the table, return one Row per table row, one Field per slot."""
        texts = self._slot_texts(chars)
        rows = []
        for r in range(len(self.ys) - 1):
            fields = []
            for c in range(self.columns):
                own = self.owner.get((r, c), (r, c))
                if own != (r, c):
                    # Covered by a merged cell: keep the position so values do not shift left.
                    fields.append(Field(text="", page=page_number, bbox=self.slot_bbox(r, c)))
                else:
                    box = self.cells.get((r, c)) or self.slot_bbox(r, c)
                    fields.append(Field(text=texts.get((r, c), ""), page=page_number, bbox=box))
            rows.append(Row(fields=tuple(fields), grid=True))
        return rows

    def _slot_texts(self, chars: Sequence[dict]) -> Dict[Slot, str]:
        """Given the table's chars, return the text of each owning slot."""
        if self.words_by_slot is not None:
            return {
                slot: _words_to_cell_text(words) for slot, words in self.words_by_slot.items()
            }
        by_slot: Dict[Slot, List[dict]] = {}
        last_r, last_c = len(self.ys) - 2, self.columns - 1
        for ch in chars:
            cx = (ch["x0"] + ch["x1"]) / 2
            cy = (ch["top"] + ch["bottom"]) / 2
            r = min(max(bisect_right(self.ys, cy) - 1, 0), last_r)
            c = min(max(bisect_right(self.xs, cx) - 1, 0), last_c)
            by_slot.setdefault(self.owner.get((r, c), (r, c)), []).append(ch)
        return {
            slot: lines_to_cell_text([line_to_text(l, in_cell=True) for l in chars_to_lines(cs)])
            for slot, cs in by_slot.items()
        }


def _words_to_cell_text(words: List[Tuple[int, _Word]]) -> str:
    """Given (line index, word) pairs of one cell, return the cell's text."""
    lines: Dict[int, List[_Word]] = {}
    for index, word in sorted(words, key=lambda iw: (iw[0], iw[1].x0)):
        lines.setdefault(index, []).append(word)
    texts = [line_to_text(_Line(ws), in_cell=True) for _, ws in sorted(lines.items())]
    return lines_to_cell_text(texts)


def cells_to_grid(cells: Sequence[BBox]) -> _Grid:
    """Given the cell boxes pdfplumber found for one table, return its grid: a column for every
    distinct left edge and a row for every distinct top, as pdfplumber's own ``Table.rows``, with
    each merged cell owning the slots it covers."""
    xs = sorted({c[0] for c in cells})
    ys = sorted({c[1] for c in cells})
    xs.append(max(c[2] for c in cells))
    ys.append(max(c[3] for c in cells))
    grid = _Grid(xs=xs, ys=ys)
    for x0, top, x1, bottom in cells:
        r0, c0 = bisect_left(ys, top), bisect_left(xs, x0)
        grid.cells[(r0, c0)] = (x0, top, x1, bottom)
        for r in range(r0, bisect_left(ys, bottom)):
            for c in range(c0, bisect_left(xs, x1)):
                if (r, c) != (r0, c0):
                    grid.owner[(r, c)] = (r0, c0)
    return grid


# --- tables drawn with horizontal rules only ----------------------------------------------------




def edges_to_rule_stacks(edges: Sequence[dict], taken: Sequence[BBox]) -> List[List[Rule]]:
    """Given a page's edges and the boxes of tables already found, return the stacks of horizontal
    rules outside them that may bound the rows of a table, each a list of rules sorted by top.

    A stack is built from long rules close above one another; shorter rules inside it then join
    it too: Word and reportlab draw no rule inside a merged cell, so a rule that stops short tells
    which columns a row boundary crosses.
    """
    rules = []
    for e in edges:
        if e["orientation"] != "h" or e["x1"] - e["x0"] < 1:
            continue
        if any(
            t[0] - 2 <= e["x0"] and e["x1"] <= t[2] + 2 and t[1] - 2 <= e["top"] <= t[3] + 2
            for t in taken
        ):
            continue
        rules.append((e["top"], e["x0"], e["x1"]))
    rules = _merge_rules(rules)

    stacks: List[List[Rule]] = []
    extent: Optional[List[float]] = None
    for top, x0, x1 in (r for r in rules if r[2] - r[1] >= RULE_MIN_LENGTH):
        if extent is not None:
            overlap = min(x1, extent[1]) - max(x0, extent[0])
            if top - stacks[-1][-1][0] <= RULE_MAX_BAND and overlap >= 0.5 * (x1 - x0):
                extent[0], extent[1] = min(extent[0], x0), max(extent[1], x1)
                stacks[-1].append((top, x0, x1))
                continue
        stacks.append([(top, x0, x1)])
        extent = [x0, x1]
    stacks = [s for s in stacks if len(s) >= 2]

    full = []
    for stack in stacks:
        x0, x1 = min(r[1] for r in stack), max(r[2] for r in stack)
        first, last = stack[0][0], stack[-1][0]
        full.append(
            sorted(
                r
                for r in rules
                if first <= r[0] <= last and x0 - 2 <= r[1] and r[2] <= x1 + 2
            )
        )
    return full


def _merge_rules(rules: List[Rule]) -> List[Rule]:
    """Given (top, x0, x1) of horizontal edges, return them with edges on one line joined: the two
    edges of a thin rectangle, and a rule drawn cell by cell. Rules on one line share one top."""
    rules.sort()
    rows: List[List[Rule]] = []
    for rule in rules:
        if rows and rule[0] - rows[-1][0][0] <= RULE_SNAP:
            rows[-1].append(rule)
        else:
            rows.append([rule])
    merged = []
    for row in rows:
        top = row[0][0]
        spans = sorted((x0, x1) for _, x0, x1 in row)
        a, b = spans[0]
        for x0, x1 in spans[1:]:
            if x0 <= b + 3:
                b = max(b, x1)
            else:
                merged.append((top, a, b))
                a, b = x0, x1
        merged.append((top, a, b))
    merged.sort()
    return merged


def _banded_grid(
    x0: float, x1: float, rules: Sequence[Rule], lines: Sequence[_Line]
) -> Optional[_Grid]:
    """Given a table's left and right edges, its horizontal rules and its lines, return a grid
    whose rows are the bands between rules and whose columns are found from the x positions of
    the words and the ends of short rules, or None when the text does not make two columns.

    A band boundary whose rule does not cross a column leaves that column's cell merged with the
    one above, as a merged cell in a ruled table.
    """
    spans_at: Dict[float, List[Span]] = {}
    for top, a, b in rules:
        spans_at.setdefault(top, []).append((a, b))
    ys = sorted(spans_at)
    if not lines or len(ys) < 2:
        return None
    lines = _split_lines_at(lines, ys)
    line_band = [_band_at(ys, _line_mid(line)) for line in lines]
    # Columns are read from the bands that hold figures: headers straddle columns.
    figure_bands = {line_band[i] for i, line in enumerate(lines) if _has_figures(line)}
    body = [line for i, line in enumerate(lines) if line_band[i] in figure_bands] or lines
    ends = [v for _, a, b in rules for v in (a, b) if x0 + 3 < v < x1 - 3]
    xs, cores = _column_bounds(body, x0, x1, ends)
    if len(xs) < 3:
        return None

    def column_of(w: _Word) -> int:
        # A word belongs to the column whose figures it stands over, not to the boundary guessed
        # between cores (a centred header may be wider than its figures); a word over several
        # cores is a merged cell's text, which belongs to its first column.
        over = [i for i, (a, b) in enumerate(cores) if min(w.x1, b) - max(w.x0, a) > 0.5]
        if over:
            a, b = cores[over[0]]
            return _column_at(xs, (a + b) / 2)
        return _column_at(xs, (w.x0 + w.x1) / 2)

    members_of: Dict[int, List[int]] = {}
    for i, band in enumerate(line_band):
        members_of.setdefault(band, []).append(i)

    # Rows: the bands between rules; a band holding several lines of figures (a three-line table
    # rules only its header) is split so each line of figures is a row.
    row_tops: List[float] = []
    row_cover: List[List[Span]] = []  # the rule spans above each row
    line_row: Dict[int, int] = {}
    pending = list(spans_at[ys[0]])
    for band in range(len(ys) - 1):
        members = members_of.get(band, [])
        if not members and ys[band + 1] - ys[band] < RULE_MIN_BAND:
            pending += spans_at[ys[band + 1]]  # a double rule, not a row
            continue
        groups = _band_to_row_groups([lines[i] for i in members], column_of) if members else [[]]
        for k, group in enumerate(groups):
            if k == 0:
                row_tops.append(ys[band])
                row_cover.append(pending)
            else:
                row_tops.append(min(lines[members[i]].top for i in group) - 1)
                row_cover.append([(x0, x1)])
            for i in group:
                line_row[members[i]] = len(row_tops) - 1
        pending = list(spans_at[ys[band + 1]])
    if not row_tops:
        return None

    words_by_slot: Dict[Slot, List[Tuple[int, _Word]]] = {}
    grid = _Grid(xs=xs, ys=row_tops + [ys[-1]], words_by_slot=words_by_slot)
    for c in range(len(xs) - 1):
        mid = (xs[c] + xs[c + 1]) / 2
        top_row = 0
        for r in range(1, len(row_tops)):
            if any(a - 2 <= mid <= b + 2 for a, b in row_cover[r]):
                top_row = r
            else:
                grid.owner[(r, c)] = (top_row, c)
    # A merged cell's box reaches down to the last row it covers.
    for (r, c), (r0, c0) in grid.owner.items():
        x_a, y_a, x_b, y_b = grid.cells.get((r0, c0)) or grid.slot_bbox(r0, c0)
        grid.cells[(r0, c0)] = (x_a, y_a, x_b, max(y_b, grid.ys[r + 1]))
    for block in _cell_blocks(lines, line_row, row_cover):
        # A block (the lines of one cell) stays in one slot: its first line's row, and the first
        # column its words fall in, so a centred two-line header is not split when its lines
        # are of unequal width.
        slot = (line_row[block[0][0]], min(column_of(w) for _, w in block))
        words_by_slot.setdefault(grid.owner.get(slot, slot), []).extend(block)
    return grid


def _cell_blocks(
    lines: Sequence[_Line], line_row: Dict[int, int], row_cover: Sequence[Sequence[Span]]
) -> List[List[Tuple[int, _Word]]]:
    """Given a table's lines, the row of each and the rule spans above each row, return its words
    grouped into the blocks of text of one cell, as [(line index, word)] top to bottom.

    Words of successive lines are one block when they overlap horizontally, sit a line's spacing
    apart, and no rule runs between them: a wrapped label, or a merged header cell whose lines
    fall in two bands because its neighbours are split by a short rule.
    """
    items = [(i, w) for i, line in enumerate(lines) for w in line.words]
    parent = list(range(len(items)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    by_line: Dict[int, List[int]] = {}
    for k, (i, _) in enumerate(items):
        by_line.setdefault(i, []).append(k)
    for i in range(len(lines) - 1):
        upper_row, lower_row = line_row[i], line_row[i + 1]
        for a in by_line.get(i, []):
            wa = items[a][1]
            for b in by_line.get(i + 1, []):
                wb = items[b][1]
                lo, hi = max(wa.x0, wb.x0), min(wa.x1, wb.x1)
                if hi <= lo or wb.top - wa.bottom > max(wa.size, wb.size):
                    continue
                mid = (lo + hi) / 2
                ruled = any(
                    x0 - 2 <= mid <= x1 + 2
                    for r in range(upper_row + 1, lower_row + 1)
                    for x0, x1 in row_cover[r]
                )
                if not ruled:
                    parent[find(b)] = find(a)
    groups: Dict[int, List[Tuple[int, _Word]]] = {}
    for k, item in enumerate(items):
        groups.setdefault(find(k), []).append(item)
    return list(groups.values())


def split_stack_at_headings(stack: List[Rule], lines: Sequence[_Line]) -> List[List[Rule]]:
    """Given a stack of rules and the lines between them, return it cut into tables.

    Rules of two tables with a heading or a paragraph between them stack like one table's. A band
    holding a line of prose (text running across nearly the whole width) is never a row. Going
    down the other bands, one whose figures do not stand in the columns of the figures above
    starts another table; the cut goes at the first band after the last band that fitted (the
    heading). Bands without figures (headers, 「第二十条第（五）项」) decide nothing.
    """
    tops = sorted({r[0] for r in stack})
    width = max(r[2] for r in stack) - min(r[1] for r in stack)
    band_lines: Dict[int, List[_Line]] = {}
    for line in lines:
        band_lines.setdefault(_band_at(tops, _line_mid(line)), []).append(line)

    parts = []
    start = 0
    seen: List[Span] = []
    last_fitting = -1
    for band in range(len(tops) - 1):
        here = band_lines.get(band, [])
        if any(_longest_run(line) >= PROSE_SHARE * width for line in here):
            if band > start:
                parts.append((tops[start], tops[band]))
            start, seen, last_fitting = band + 1, [], band
            continue
        figures = [w for l in here if _has_figures(l) for w in l.words if _NUMBER.match(w.text)]
        if not figures:
            continue
        spans = _word_spans(figures)
        if seen and not _spans_fit(spans, seen):
            heading = last_fitting + 1
            if start < heading < band:
                parts.append((tops[start], tops[heading]))
                start, seen = heading + 1, []
            elif heading == band and band + 2 < len(tops):
                # Nothing between: this band is the heading (with figures quoted in its text).
                parts.append((tops[start], tops[band]))
                start, seen, last_fitting = band + 1, [], band
                continue
        seen = _word_spans(figures, seen)
        last_fitting = band
    if start < len(tops) - 1:
        parts.append((tops[start], tops[-1]))
    return [[r for r in stack if a <= r[0] <= b] for a, b in parts]


def _longest_run(line: _Line) -> float:
    """Given a line, return the width of its longest stretch of text without a column gap."""
    longest = 0.0
    run: Optional[Tuple[float, float]] = None
    for w in line.words:
        if run is not None and w.x0 - run[1] < COLUMN_GAP_EM * w.size:
            run = (run[0], max(run[1], w.x1))
        else:
            if run is not None:
                longest = max(longest, run[1] - run[0])
            run = (w.x0, w.x1)
    if run is not None:
        longest = max(longest, run[1] - run[0])
    return longest


def _word_spans(words: Sequence[_Word], spans: Sequence[Span] = ()) -> List[Span]:
    """Given words (and spans already known), return the x spans they cover, joined where they
    overlap."""
    out: List[List[float]] = []
    for a, b in sorted([(w.x0, w.x1) for w in words] + list(spans)):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _spans_fit(spans: Sequence[Span], known: Sequence[Span]) -> bool:
    """Given the spans of a row's figures and those of the figures above, return whether most of
    the row's figures stand in a column seen above."""
    fitting = sum(1 for s in spans if any(min(s[1], k[1]) - max(s[0], k[0]) > -1 for k in known))
    return fitting >= 0.8 * len(spans)


def _has_figures(line: _Line) -> bool:
    """Given a line, return whether it holds a figure beside other words (a row of values)."""
    return len(line.words) >= 2 and any(_NUMBER.match(w.text) for w in line.words)


def _word_cores(lines: Sequence[_Line]) -> List[Span]:
    """Given lines, return the x spans their words cover, words closer than a column gap joined."""
    words = [w for l in lines for w in l.words]
    sizes = sorted(w.size for w in words)
    min_gap = COLUMN_GAP_EM * sizes[len(sizes) // 2]
    spans: List[List[float]] = []
    for a, b in sorted((w.x0, w.x1) for w in words):
        if spans and a - spans[-1][1] < min_gap:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans]


def _split_lines_at(lines: Sequence[_Line], ys: Sequence[float]) -> List[_Line]:
    """Given lines and the tops of a table's rules, return the lines with any line that crosses a
    rule cut in two: text of neighbouring cells a few points apart reads as one line."""
    out: List[_Line] = []
    for line in lines:
        by_band: Dict[int, List[_Word]] = {}
        for w in line.words:
            by_band.setdefault(_band_at(ys, (w.top + w.bottom) / 2), []).append(w)
        out.extend(_Line(words) for _, words in sorted(by_band.items()))
    out.sort(key=lambda l: l.top)
    return out


def _band_at(ys: Sequence[float], y: float) -> int:
    """Given the tops of a table's rules and a y, return the band between rules that holds y."""
    return min(max(bisect_right(ys, y) - 1, 0), len(ys) - 2)


def _line_mid(line: _Line) -> float:
    """Given a line, return the mean vertical centre of its words."""
    return sum((w.top + w.bottom) / 2 for w in line.words) / len(line.words)


def _column_at(xs: Sequence[float], x: float) -> int:
    """Given column boundaries and an x, return the column that holds x."""
    return min(max(bisect_right(xs, x) - 1, 0), len(xs) - 2)


def _column_bounds(
    lines: Sequence[_Line], x0: float, x1: float, ends: Sequence[float]
) -> Tuple[List[float], List[Span]]:
    """Given the body lines of a table without vertical rules (those of its rows of figures), its
    left and right edges and the x of the ends of its short rules, return its column boundaries
    and each column's core (the span its words cover).

    A rule end is a cell edge, so it replaces the guess between two cores, or splits a core that
    a merged label runs across.
    """
    spans = _word_cores(lines)
    cuts: List[float] = []
    for v in sorted(ends):  # many rules stop at one cell edge: one cut each
        if not cuts or v - cuts[-1] > 1.5:
            cuts.append(v)
    cores: List[Span] = []
    for a, b in spans:
        inner = [v for v in cuts if a + 1 < v < b - 1]
        for v in inner:
            cores.append((a, v - 1))
            a = v + 1
        cores.append((a, b))
    # A rule end left of the first core or right of the last is the edge of a column whose
    # cells are empty in every row of figures; it is a column all the same.
    bounds = [x0] + [v for v in cuts if cores and v < cores[0][0] - 1.5]
    for i in range(len(cores) - 1):
        gap_a, gap_b = cores[i][1], cores[i + 1][0]
        in_gap = [v for v in cuts if gap_a - 1.5 <= v <= gap_b + 1.5]
        bounds.append(in_gap[0] if in_gap else (gap_a + gap_b) / 2)
    bounds += [v for v in cuts if cores and v > cores[-1][1] + 1.5] + [x1]
    return bounds, cores


def _band_to_row_groups(lines: Sequence[_Line], column_of) -> List[List[int]]:
    """Given the lines of one band and a word → column function, return the lines grouped into
    table rows: one group, unless two or more lines carry figures in the same column."""
    figure_cols = []
    for line in lines:
        figure_cols.append(
            {c for c in (column_of(w) for w in line.words if _NUMBER.match(w.text)) if c > 0}
        )
    carriers = [i for i, cols in enumerate(figure_cols) if cols]
    shared = any(
        figure_cols[a] & figure_cols[b] for k, a in enumerate(carriers) for b in carriers[k + 1 :]
    )
    if len(carriers) < 2 or not shared:
        return [list(range(len(lines)))]
    groups: Dict[int, List[int]] = {i: [i] for i in carriers}
    mids = [_line_mid(l) for l in lines]
    for i in range(len(lines)):
        if i in groups:
            continue
        nearest = min(carriers, key=lambda k: (abs(mids[k] - mids[i]), k))
        groups[nearest].append(i)
    return [sorted(groups[k]) for k in carriers]


# --- metadata ------------------------------------------------------------------------------------


def metadata_to_title(metadata: dict) -> Optional[str]:
    """Given a PDF's metadata, return its Title when it has a readable one."""
    raw = metadata.get("Title") if metadata else None
    title: Any = raw
    if isinstance(raw, bytes):
        for encoding in ("utf-16", "utf-8", "gb18030"):
            try:
                title = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    if not isinstance(title, str):
        return None
    title = title.strip().strip("\x00").strip()
    return title or None
