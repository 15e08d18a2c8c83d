"""The Word reader: a report published as a ``.docx`` (or an old ``.doc``, converted by LibreOffice).

The body is read in order: a paragraph becomes a row (split into fields on tabs and wide spaces, as
the text reader splits a line); a table becomes grid rows with merged cells expanded the way the
HTML reader expands ``rowspan``/``colspan`` — ``gridSpan`` and ``vMerge`` leave the text at the
merged cell's top-left position and the positions it covers empty, so values never shift.

A Word file has no pages: every field is on page 1 and ``Field.line`` is the number of the
paragraph it comes from, counting every paragraph of the body in order, those inside table cells
included (the order Word and python-docx walk them in), so a citation can be followed in the file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from errors import UnreadableFile
from ingest.document import Document, Field, Row, SourceKind
from ingest.text import line_to_fields

__all__ = ["docx_to_document", "doc_to_document", "soffice_path"]

#: The first bytes of an OLE compound file: an old .doc, or a .docx locked with a password (Office
#: wraps an encrypted .docx in one).
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream name Office gives the encrypted package inside that compound file (UTF-16LE).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ZIP_MAGIC = b"PK\x03\x04"
#: How long LibreOffice may take to convert one .doc, in seconds (a report takes about two).
CONVERT_SECONDS = 120
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_SPAN = 100  # a gridSpan larger than this is a broken file, not a table


def docx_to_document(path: Path) -> Document:
    """Given the path of a ``.docx`` report, return its Document: paragraphs and tables in order.

    Raises UnreadableFile when the file is locked with a password, damaged, or not a Word file; an
    old ``.doc`` saved under a ``.docx`` name is converted as a ``.doc`` is.
    """
    path = Path(path)
    head = _head(path)
    if head.startswith(_CFB_MAGIC):
        if _is_encrypted(path):
            raise UnreadableFile("this Word file is locked with a password: open it in Word, save a copy "
                                 "without the password, and load that instead.", "word_locked")
        return doc_to_document(path)
    if not head.startswith(_ZIP_MAGIC):
        raise UnreadableFile("this file is not a Word .docx file: it does not start as one (a .docx is a ZIP "
                             "archive).", "not_docx")
    return _read_docx(path, kind="docx", shown_path=str(path))


def doc_to_document(path: Path) -> Document:
    """Given the path of an old Word ``.doc`` report, return its Document, converted to ``.docx`` by
    LibreOffice (headless) first.

    Raises UnreadableFile when LibreOffice is not installed or cannot convert the file.
    """
    path = Path(path)
    soffice = soffice_path()
    if soffice is None:
        raise UnreadableFile("reading a .doc file needs LibreOffice, which is not installed here: install it "
                             "(apt-get install libreoffice-writer-nogui), or save the file as .docx or PDF.",
                             "doc_needs_libreoffice")
    head = _head(path)
    if not head.startswith(_CFB_MAGIC):
        if head.startswith(_ZIP_MAGIC):
            return _read_docx(path, kind="doc", shown_path=str(path))  # a .docx under a .doc name
        raise UnreadableFile("this file is not a Word .doc file: it does not start as one.", "not_doc")
    if _is_encrypted(path):
        raise UnreadableFile("this Word file is locked with a password: open it in Word, save a copy without "
                             "the password, and load that instead.", "word_locked")
    with tempfile.TemporaryDirectory(prefix="doc-") as tmp:
        converted = _convert_to_docx(soffice, path, Path(tmp))
        return _read_docx(converted, kind="doc", shown_path=str(path))


def soffice_path() -> Optional[str]:
    """Return LibreOffice's ``soffice`` command when it is installed, else None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(8)
    except OSError as e:
        raise UnreadableFile(f"cannot open this file: {e.strerror or 'it cannot be read'}.", "cannot_open") from None


def _is_encrypted(path: Path) -> bool:
    """Given an OLE compound file, return whether it holds Office's encrypted package (the stream
    names sit in its directory, which a password-protected .docx keeps near its start)."""
    with path.open("rb") as f:
        data = f.read(4 << 20)
    return _ENCRYPTED in data


def _convert_to_docx(soffice: str, path: Path, tmp: Path) -> Path:
    """Given LibreOffice, a .doc and a scratch folder, return the .docx LibreOffice made of it.

    LibreOffice gets a profile of its own in the scratch folder, so that a running LibreOffice (or
    another conversion) does not make it hand the work over and exit without converting.
    """
    src = tmp / ("report" + path.suffix.lower())
    shutil.copyfile(path, src)
    profile = (tmp / "profile").as_uri()
    cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp / "out"), str(src)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        proc.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise UnreadableFile(f"LibreOffice took more than {CONVERT_SECONDS} seconds to convert this .doc file, so "
                             "it was stopped; save it as .docx or PDF and load that instead.", "doc_convert_timeout",
                             seconds=CONVERT_SECONDS) from None
    out = tmp / "out" / "report.docx"
    if not out.is_file() or out.stat().st_size == 0:
        raise UnreadableFile("LibreOffice could not convert this .doc file: it is damaged, locked with a password, "
                             "or not a Word file.", "doc_convert_failed")
    return out


# --- the .docx itself ----------------------------------------------------------------------------


def _read_docx(path: Path, kind: SourceKind, shown_path: str) -> Document:
    """Given a .docx file, return its Document (``kind`` "docx", or "doc" when converted)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as z:
            broken = z.testzip()
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise UnreadableFile("this Word file is damaged or truncated: its archive cannot be opened, so download "
                             "it again.", "word_damaged") from None
    if broken is not None:
        raise UnreadableFile(f"this Word file is damaged or truncated: its part {broken} cannot be read, so "
                             "download it again.", "word_damaged")
    if "word/document.xml" not in names:
        raise UnreadableFile("this file is not a Word document: it is a ZIP archive without a Word document in "
                             "it.", "not_word_zip")
    try:
        d = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise UnreadableFile(f"this Word file is damaged: it cannot be opened ({type(e).__name__}).", "word_damaged") from None
    except Exception as e:  # noqa: BLE001 - lxml raises XMLSyntaxError and kin for a broken part
        if type(e).__module__.startswith("lxml"):
            raise UnreadableFile("this Word file is damaged: its text cannot be parsed.", "word_damaged") from None
        raise
    walker = _Walker()
    try:
        walker.block_items(d.element.body)
    except RecursionError:
        raise UnreadableFile("this Word file is nested too deeply to read: it is broken, or built to stall "
                             "readers.", "too_deep") from None
    title = (d.core_properties.title or "").strip() or None
    return Document(path=shown_path, kind=kind, pages=1, rows=tuple(walker.rows), title=title)


class _Walker:
    """Walks a body's paragraphs and tables in order, numbering every paragraph it passes."""

    def __init__(self) -> None:
        self.rows: List[Row] = []
        self.paragraphs = 0
        self.tables = 0

    def block_items(self, parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                self.paragraph(child)
            elif tag == _W + "tbl":
                self.tables += 1
                self.table(child, self.tables)
            elif tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
                self.block_items(child)  # content controls wrap paragraphs and tables

    def paragraph(self, p) -> None:
        self.paragraphs += 1
        lineno = self.paragraphs
        for line in _paragraph_text(p).split("\n"):
            fields = line_to_fields(line, page=1, lineno=lineno)
            if any(f.text for f in fields):
                self.rows.append(Row(fields))

    def cell_text(self, tc) -> Tuple[str, Optional[int]]:
        """Given a ``w:tc``, return its text (its paragraphs joined, nested tables flattened) and the
        number of its first paragraph."""
        texts: List[str] = []
        first: Optional[int] = None
        for el in tc.iter(_W + "p"):
            self.paragraphs += 1
            first = first or self.paragraphs
            texts.append(" ".join(_paragraph_text(el).split()))
        return _join_cell_lines(texts), first

    def table(self, tbl, number: int) -> None:
        """Append a table's rows as grid rows, merged cells expanded (text at the top-left)."""
        grid: Dict[Tuple[int, int], Tuple[str, Optional[int]]] = {}
        width = 0
        trs = [tr for tr in tbl.iterchildren(_W + "tr")]
        vmerge_top: Dict[int, Tuple[int, int]] = {}  # column → (row, col) of the open vertical merge
        for r, tr in enumerate(trs):
            c = _int_val(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
            for tc in _row_cells(tr):
                span = max(1, min(_MAX_SPAN, _int_val(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1)))
                vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                text, first = self.cell_text(tc)
                continuing = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
                if continuing and c in vmerge_top:
                    # Covered by the merged cell above: empty, but cited at that cell's paragraph.
                    top = grid.get(vmerge_top[c], ("", None))
                    for dc in range(span):
                        grid[(r, c + dc)] = ("", top[1])
                else:
                    grid[(r, c)] = (text, first)
                    for dc in range(1, span):
                        grid[(r, c + dc)] = ("", first)
                    for dc in range(span):
                        if vmerge is not None:
                            vmerge_top[c + dc] = (r, c)
                        else:
                            vmerge_top.pop(c + dc, None)
                c += span
            width = max(width, c)
        for r in range(len(trs)):
            fields = []
            for c in range(width):
                text, line = grid.get((r, c), ("", None))
                fields.append(Field(text, page=1, line=line))
            if any(f.text for f in fields):
                self.rows.append(Row(tuple(fields), grid=True, table=number))


def _row_cells(tr) -> List:
    """Given a ``w:tr``, return its ``w:tc`` cells, including those wrapped in content controls."""
    out = []
    for child in tr.iterchildren():
        if child.tag == _W + "tc":
            out.append(child)
        elif child.tag in (_W + "sdt", _W + "customXml"):
            out.extend(child.iter(_W + "tc"))
    return out


def _int_val(el, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_W + "val", default))
    except (TypeError, ValueError):
        return default


def _paragraph_text(p) -> str:
    """Given a ``w:p``, return its text as Word shows it: runs, tabs and line breaks, inserted text
    of tracked changes but not deleted text, fields' results."""
    out: List[str] = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen", _W + "sym"):
        tag = el.tag
        if tag == _W + "t":
            out.append(el.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _join_cell_lines(texts: List[str]) -> str:
    """Given the texts of a cell's paragraphs, return the cell's text: a label wrapped over two
    paragraphs is joined with nothing when either side is Chinese, else with a space."""
    from ingest.pdf import is_cjk

    out = ""
    for text in texts:
        if not text:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(text[0])):
            out += " "
        out += text
    return out
