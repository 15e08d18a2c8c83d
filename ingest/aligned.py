"""Figures placed by their columns, in text laid out with runs of spaces (``pdftotext -layout``).

Such text prints a blank cell as nothing: 「二、上年结转政府信息公开申请数量   3        3」 holds two
figures for seven columns. Read in order they cannot be placed; read by where they stand, under the
columns the table's complete rows show, they can: the first stands under 自然人, the second under
总计, and the five columns between are blank (missing). A figure spread by letter-spacing
(「2 1」 under one column) is one figure. Where the columns are not clear, nothing is placed.
"""

from __future__ import annotations

from statistics import median
from typing import Callable, Dict, List, Optional, Sequence

from ingest.document import Field
from ingest.numbers import parse_number
from ingest.readings import Found, Reading, Slot
from model import Note, Number

#: How far from a column's centre (as a share of the narrowest gap between two columns) a figure may
#: stand and still be read as standing under it.
TOLERANCE = 0.4
#: The share of a table's complete rows whose every figure must stand under its column for the
#: text to count as laid out in columns.
ALIGNED_SHARE = 0.8


def _center(slot: Slot) -> Optional[float]:
    return None if slot.col is None else slot.col + len(slot.text) / 2


def learn_columns(founds: Sequence[Found], width: int) -> Optional[List[float]]:
    """Given the rows found of one table and its width, return the centre of each column, learned
    from the rows that print a figure in every column (at least two of them), else None.

    None too where those rows' figures do not stand in columns: text that separates cells by one
    space (a PDF's text layer without its layout) puts a row's figures wherever its label ends, and
    a figure placed by "position" in such text would be a figure placed by the length of a label.
    """
    per_col: Dict[int, List[float]] = {}
    rows: List[List[float]] = []
    for f in founds:
        if f.parts is None or f.parts.row.grid or not all(s == "ok" for s in f.reading.statuses):
            continue
        nums = f.parts.numbers
        if len(nums) != width or any(s.col is None for s in nums):
            continue
        rows.append([_center(s) for s in nums])  # type: ignore[misc]
        for j, s in enumerate(nums):
            per_col.setdefault(j, []).append(_center(s))  # type: ignore[arg-type]
    if len(rows) < 2 or len(per_col) != width:
        return None
    centers = [median(per_col[j]) for j in range(width)]
    if any(b <= a for a, b in zip(centers, centers[1:])):
        return None
    gap = min(b - a for a, b in zip(centers, centers[1:])) if width > 1 else 10.0
    aligned = sum(all(abs(c - centers[j]) <= TOLERANCE * gap for j, c in enumerate(row)) for row in rows)
    if aligned < ALIGNED_SHARE * len(rows):
        return None
    return centers


def slots_to_reading(nums: Sequence[Slot], centers: Sequence[float], fits: Callable[[tuple], bool],
                     marks: Sequence[Slot] = ()) -> Optional[Reading]:
    """Given a row's figures (with their columns), the table's column centres and the marks the row
    prints in blank cells (「/」, 「—」), return the row read by position, else None when a figure
    stands under no column or two columns would take one. A column under which nothing stands is
    an empty cell; one under a mark keeps the mark."""
    width = len(centers)
    gap = min(b - a for a, b in zip(centers, centers[1:])) if width > 1 else 10.0
    placed: Dict[int, List[Slot]] = {}
    last = -1
    for s in nums:
        c = _center(s)
        if c is None:
            return None
        j = min(range(width), key=lambda k: abs(centers[k] - c))
        if abs(centers[j] - c) > TOLERANCE * gap or j < last:
            return None
        placed.setdefault(j, []).append(s)
        last = j
    values: List[Optional[Number]] = [None] * width
    fields: List[Optional[Field]] = [None] * width
    for j, slots in placed.items():
        # Two figures under one column: one figure spread by letter-spacing (「2 1」).
        text = "".join(s.text for s in slots)
        if len(slots) > 1 and not all(s.text.isdigit() for s in slots):
            return None
        values[j] = parse_number(text)
        fields[j] = slots[0].field
        if values[j] is None:
            return None
    statuses = tuple("ok" if v is not None else "missing" for v in values)
    if all(st == "ok" for st in statuses) and not fits(tuple(values)):
        return None
    blanks: List[Optional[str]] = ["" if v is None else None for v in values]
    for m in marks:
        at = _center(m)
        if at is None:
            continue
        k = min(range(width), key=lambda i: abs(centers[i] - at))
        if values[k] is None and abs(centers[k] - at) <= TOLERANCE * gap:
            blanks[k] = m.text.strip()
    first = next(f for f in fields if f is not None)
    return Reading(tuple(values), statuses, tuple(f or first for f in fields),
                   notes=(Note.of("by_position"),), blanks=tuple(blanks))


def reread_by_columns(founds: Dict[str, List[Found]], table: str, width: int, fits: Callable[[tuple], bool]) -> None:
    """Given the rows found, one table, its width and row arithmetic, re-read by position each of
    its text rows whose figures could not be placed in order (too few, or too many)."""
    rows = [f for key, hits in founds.items() if key.startswith(table + ".") for f in hits]
    centers = learn_columns(rows, width)
    if centers is None:
        return
    for f in rows:
        if f.parts is None or f.parts.row.grid or f.reading.reason != "count":
            continue  # only figures too few or too many for the columns: position cannot split glued digits
        reading = slots_to_reading(f.parts.numbers, centers, fits,
                                   [s for s in f.parts.slots if s.blank and s.text.strip()])
        if reading is not None:
            f.reading = reading
