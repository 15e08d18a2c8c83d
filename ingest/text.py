"""The text reader: a report pasted or extracted from a PDF or Word file, as plain text.

Tables arrive as lines whose cells are separated by tabs or by runs of spaces; a form feed marks a
page break when the extractor kept one. Government sites still publish GBK and GB18030 text, so
the encoding is detected, not assumed.
"""

from __future__ import annotations

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
        raise UnreadableFile(f"{name} is empty.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(f"{name} is not a text file (it holds binary data).")
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name} is not in an encoding we can read (expected UTF-8, GBK or GB18030).")


def line_to_fields(line: str, page: int, lineno: int) -> Tuple[Field, ...]:
    """Given one line of text, return its cells as fields (empty cells kept, to keep positions)."""
    parts = _FIELD_SEP.split(line.rstrip("\r\n"))
    return tuple(Field(p.strip(), page=page, line=lineno) for p in parts)


def text_to_document(text: str, path: str = "") -> Document:
    """Given a report's text, return its Document: one row a line, pages split at form feeds."""
    rows: List[Row] = []
    page = 1
    for lineno, line in enumerate(text.splitlines(), start=1):
        chunks = line.split("\f")
        for i, chunk in enumerate(chunks):
            if i:
                page += 1
            fields = line_to_fields(chunk, page, lineno)
            if any(f.text for f in fields):
                rows.append(Row(fields))
    return Document(path=path, kind="text", pages=page, rows=tuple(rows))


def text_file_to_document(path: Path) -> Document:
    """Given the path of a ``.txt`` report, return its Document."""
    return text_to_document(bytes_to_text(path.read_bytes(), path.name), str(path))
