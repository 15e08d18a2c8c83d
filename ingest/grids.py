"""Tables printed transposed: table 3 with its applicant types as rows and its template rows as
columns (a layout chosen to fit the page, 「本表行列转置排版」).

Such a grid is turned back before it is read: its columns become rows, so that each template row's
label stands first and its figures follow under the applicant columns, as the readers expect. A
grid is taken for transposed when its header names several of table 3's rows and its first
columns name several applicant types; nothing else is turned.
"""

from __future__ import annotations

from itertools import groupby
from typing import List, Sequence

from ingest.document import Document, Field, Row
from ingest.template import FORMAT_2021, T3_COL_LABELS, fold

_ROW_KEYS = tuple(k for spec in FORMAT_2021.t3 for k in spec.keys)
_COL_WORDS = {fold(label) for label in T3_COL_LABELS.values()}
#: How many of table 3's row labels a header must name, and applicant types its first columns.
_MIN_ROWS_NAMED = 6
_MIN_COLS_NAMED = 3


def is_transposed(rows: Sequence[Row]) -> bool:
    """Given the rows of one grid table, return whether it prints table 3 transposed."""
    head = rows[:4]
    named_rows = sum(1 for r in head for f in r.fields if any(k in fold(f.text) for k in _ROW_KEYS))
    named_cols = sum(1 for r in rows for f in r.fields[:3] if fold(f.text) in _COL_WORDS)
    return named_rows >= _MIN_ROWS_NAMED and named_cols >= _MIN_COLS_NAMED


def transpose(rows: Sequence[Row]) -> List[Row]:
    """Given the rows of a grid, return its columns as rows (short rows padded with empty cells)."""
    width = max(len(r.fields) for r in rows)
    out = []
    for c in range(width):
        fields = tuple(r.fields[c] if c < len(r.fields) else Field("", page=r.page) for r in rows)
        if any(f.text.strip() for f in fields):
            out.append(Row(fields, grid=True, table=rows[0].table))
    return out


def document_to_upright(doc: Document) -> Document:
    """Given a document, return it with every transposed table-3 grid turned upright."""
    rows: List[Row] = []
    changed = False
    for key, run in groupby(doc.rows, key=lambda r: r.table if r.grid else None):
        block = list(run)
        if key is not None and is_transposed(block):
            rows += transpose(block)
            changed = True
        else:
            rows += block
    if not changed:
        return doc
    return Document(path=doc.path, kind=doc.kind, pages=doc.pages, rows=tuple(rows), title=doc.title,
                    page_sizes=doc.page_sizes)
