"""The text reader: a report pasted or extracted from a PDF or Word file, as plain text.

Tables arrive as lines whose cells are separated by tabs or by runs of spaces; a form feed marks a
page break when the extractor kept one. Government sites still publish GBK and GB18030 text, so
the encoding is detected, not assumed.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import List, Tuple

from errors import UnreadableFile
from ingest.document import Document, Field, Row

#: Encodings tried in order. GB18030 is a superset of GBK and GB2312, so it covers all three.
ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")

# A cell separator: a tab, or two or more spaces (one space separates words of one cell, and the
# digits of spaced-out figures are handled by the table parser).
_FIELD_SEP = re.compile(r"\t| {2,}|\u3000{1,}")


def bytes_to_text(data: bytes, name: str = "the file") -> str:
    """Given a text file's bytes, return its text, trying UTF-8 then GB18030 then UTF-16.

    Raises UnreadableFile when no encoding decodes it cleanly or it holds binary data.
    """
    if not data.strip():
        raise UnreadableFile(f"{name} is empty.", "empty", name=name)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(f"{name} is not a text file (it holds binary data).", "not_text", name=name)
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name} is not in an encoding we can read (expected UTF-8, GBK or GB18030).", "encoding",
                         name=name)


def line_to_fields(line: str, page: int, lineno: int) -> Tuple[Field, ...]:
    """Given one line of text, return its cells as fields (empty cells kept, to keep positions),
    each with the character column it starts at."""
    line = line.rstrip("\r\n")
    # Columns mean something only in text laid out with spaces: a tab's width is anyone's guess.
    aligned = "\t" not in line
    out, start = [], 0
    for sep in _FIELD_SEP.finditer(line):
        out.append(_field(line, start, sep.start(), page, lineno, aligned))
        start = sep.end()
    out.append(_field(line, start, len(line), page, lineno, aligned))
    return tuple(out)


def _field(line: str, start: int, end: int, page: int, lineno: int, aligned: bool) -> Field:
    raw = line[start:end]
    lead = len(raw) - len(raw.lstrip())
    return Field(raw.strip(), page=page, line=lineno, col=start + lead if aligned else None)


#: A markdown table row (「| 一、本年新收… | 113 | 8 |」): its cells are true cells.
_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
#: Markdown's marks around text: a heading's 「## 」, emphasis 「**…**」.
_MD_MARKS = re.compile(r"^\s*#{1,6}\s+|\*\*|__")

#: A half-width comma between cells, not inside a figure (「1,117」).
_CSV_COMMA = re.compile(r"(?<!\d),|,(?!\d{3}(?:\D|$))")


def is_csv_line(line: str) -> bool:
    """Whether a line is a row of a spreadsheet saved as CSV: cells cut by half-width commas
    (Chinese prose uses 「，」), at least three of them, or an empty cell (「,,」)."""
    if "。" in line:
        return False
    commas = len(_CSV_COMMA.findall(line))
    return commas >= 3 or (commas >= 1 and ",," in line) or line.startswith('"') and commas >= 1


def _opens_csv_cell(line: str) -> bool:
    """Whether a line of a CSV block starts a quoted cell that goes on past it (「,"（二）部分公开…」)."""
    return line.count('"') % 2 == 1 and bool(re.search(r'(^|,)"', line))


def _csv_rows(lines: List[str], first: int, page: int) -> List[Row]:
    """Given the lines of a CSV block and the number of its first line, return its rows as grids
    (a quoted cell may hold line breaks: its row is cited at the line it starts on)."""
    out = []
    lineno = first
    for record in csv.reader(lines):
        fields = tuple(Field(cell.strip().replace("\n", ""), page=page, line=lineno) for cell in record)
        if any(f.text for f in fields):
            out.append(Row(fields, grid=True))
        lineno += 1 + sum(cell.count("\n") for cell in record)
    return out


def text_to_document(text: str, path: str = "") -> Document:
    """Given a report's text, return its Document: one row a line, pages split at form feeds.

    Tables saved as CSV (a spreadsheet's 「另存为」) become grid rows, a quoted cell's line breaks
    kept inside it.
    """
    rows: List[Row] = []
    page = 1
    lines = text.splitlines()
    k = 0
    while k < len(lines):
        if is_csv_line(lines[k]):
            block: List[str] = []
            open_quote = False
            start = k
            while k < len(lines) and (open_quote or is_csv_line(lines[k]) or (block and _opens_csv_cell(lines[k]))
                                      or not lines[k].strip() and block):
                block.append(lines[k])
                open_quote ^= lines[k].count('"') % 2 == 1
                k += 1
            rows += _csv_rows(block, start + 1, page)
            continue
        chunks = lines[k].split("\f")
        for i, chunk in enumerate(chunks):
            if i:
                page += 1
            if _MD_RULE.match(chunk):
                continue  # a markdown table's 「|---|---|」 line
            if _MD_ROW.match(chunk):
                fields = tuple(Field(c.strip(), page=page, line=k + 1) for c in chunk.strip()[1:-1].split("|"))
                # A row of empty cells inside a table is a row the table prints blank: it keeps its
                # place, so that the rows after it are read as theirs.
                if any(f.text for f in fields) or len(fields) > 1 and rows and rows[-1].grid:
                    rows.append(Row(fields, grid=True))
                continue
            fields = line_to_fields(_MD_MARKS.sub("", chunk), page, k + 1)
            if any(f.text for f in fields):
                rows.append(Row(fields))
        k += 1
    return Document(path=path, kind="text", pages=page, rows=tuple(rows))


def text_file_to_document(path: Path) -> Document:
    """Given the path of a ``.txt`` report, return its Document."""
    return text_to_document(bytes_to_text(path.read_bytes(), path.name), str(path))
