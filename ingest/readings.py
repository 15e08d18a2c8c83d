"""Figures of one table row: the printed row split into label and value slots, and the slots read
into the template's columns.

- the right count of figures: taken in order;
- fewer, with blank cells where the print has cell positions: read by position, blanks are missing;
- fewer, with runs of digits that may be glued cells: split with the template's arithmetic
  (``ingest.numbers``); a split that is not unique makes the cells ambiguous;
- anything else: the row's cells are ambiguous, never guessed.

Both table readers (``ingest.lines`` for rows as printed, ``ingest.stream`` for text whose lines
are lost) end here, so a row reads the same whichever found it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, List, Optional, Sequence, Tuple

from ingest.document import Field, Row
from ingest.model import Number
from ingest.template import RowSpec
from ingest.numbers import is_blank, is_glued, is_number_token, normalize_number_text, parse_number, tokens_to_readings


@dataclass(frozen=True)
class Slot:
    """One value position of a row: a printed figure, or a blank where a cell stands empty."""

    text: str
    field: Field
    blank: bool
    unit: str = ""  # printed beside the figure (「13575394432.52元」)


@dataclass(frozen=True)
class RowParts:
    """A row split into its printed label (text fields before the figures) and value slots."""

    label: str
    label_fields: Tuple[Field, ...]
    slots: Tuple[Slot, ...]
    row: Row

    @property
    def numbers(self) -> List[Slot]:
        return [s for s in self.slots if not s.blank]


#: Units a cell may print beside its figure; the figure is read without them and the unit kept.
_UNIT_AFTER = re.compile(r"^([+-]?\d[\d,]*(?:\.\d+)?)(万元|元)$")


def _field_tokens(f: Field, grid: bool) -> List[Tuple[str, str]]:
    """Given a field, return its tokens as (kind, text), kind in label/number/blank (a figure with a
    unit printed beside it is a number token 「12.5元」, split later by ``split_unit``)."""
    text = f.text.strip()
    if is_blank(text):
        return [("blank", text)]
    if grid:
        # One grid cell holds one figure: digits spread by letter-spacing are one number.
        squeezed = re.sub(r"(?<=\d)\s+(?=\d)", "", normalize_number_text(text))
        if is_number_token(squeezed) or _UNIT_AFTER.match(squeezed):
            return [("number", squeezed)]
    out = []
    for tok in text.split():
        if is_number_token(tok) or _UNIT_AFTER.match(normalize_number_text(tok)):
            out.append(("number", tok))
        elif is_blank(tok):
            out.append(("blank", tok))
        else:
            out.append(("label", tok))
    return out


def row_to_parts(row: Row) -> RowParts:
    """Given a row, return its label (everything up to its last word) and the value slots after it."""
    items: List[Tuple[str, str, Field]] = []
    for f in row.fields:
        for kind, tok in _field_tokens(f, row.grid):
            items.append((kind, tok, f))
    last_label = max((i for i, (k, _, _) in enumerate(items) if k == "label"), default=-1)
    label_fields: List[Field] = []
    label_tokens = []
    for kind, tok, f in items[: last_label + 1]:
        if kind == "label":
            label_tokens.append(tok)
            if not label_fields or label_fields[-1] is not f:
                label_fields.append(f)
        elif kind == "number":
            label_tokens.append(tok)  # a figure inside a label is part of it (「1 属于国家秘密」)
    slots = tuple(_slot(kind, tok, f) for kind, tok, f in items[last_label + 1:])
    return RowParts(" ".join(label_tokens), tuple(label_fields), slots, row)


def _slot(kind: str, tok: str, f: Field) -> Slot:
    if kind != "number":
        return Slot(tok, f, True)
    figure, unit = split_unit(tok)
    return Slot(figure, f, False, unit)


def split_unit(token: str) -> Tuple[str, str]:
    """Given a figure token, return (figure, unit printed beside it or "")."""
    m = _UNIT_AFTER.match(normalize_number_text(token))
    return (m.group(1), m.group(2)) if m else (token, "")


@dataclass(frozen=True)
class Reading:
    """The figures read from a row for one template row: per column, value and status."""

    values: Tuple[Optional[Number], ...]
    statuses: Tuple[str, ...]
    fields: Tuple[Optional[Field], ...]
    note: str = ""
    candidates: Tuple[Tuple[Number, ...], ...] = ()
    unit: str = ""  # a unit printed beside the figures (「元」), when the print has one


def parts_to_reading(parts: RowParts, width: int, fits: Callable[[tuple], bool],
                     row_end_blanks: int = 0) -> Optional[Reading]:
    """Given a row's parts and its template width, return the figures read into the columns.

    ``row_end_blanks`` is how many empty fields the table's complete rows end with (an extractor's
    habit, such as a trailing tab on every line); empty fields beyond those at the end of a row are
    blank cells. Returns None when the row holds no figure at all (a header or a label line).
    """
    reading = _parts_to_reading(parts, width, fits, row_end_blanks)
    unit = next((s.unit for s in parts.slots if s.unit), "")
    return replace(reading, unit=unit) if reading is not None and unit else reading


def _parts_to_reading(parts: RowParts, width: int, fits: Callable[[tuple], bool],
                      row_end_blanks: int) -> Optional[Reading]:
    slots = list(parts.slots)
    nums = [s for s in slots if not s.blank]
    if not nums:
        return None
    if not parts.row.grid:
        for _ in range(row_end_blanks):
            if slots and slots[-1].blank:
                slots.pop()
    while slots and slots[0].blank and len(slots) > width:
        slots.pop(0)
    if not parts.row.grid:
        # In text, empty fields before the figures are label cells merged away, not blank cells.
        while slots and slots[0].blank:
            slots.pop(0)
    while slots and slots[-1].blank and len(slots) > width:
        slots.pop()

    if len(nums) == width:
        values = tuple(parse_number(s.text) for s in nums)
        return Reading(values, ("ok",) * width, tuple(s.field for s in nums))
    if len(slots) == width and len(nums) < width and (parts.row.grid or any(s.blank for s in slots)):
        values = tuple(None if s.blank else parse_number(s.text) for s in slots)
        statuses = tuple("missing" if s.blank else "ok" for s in slots)
        return Reading(values, statuses, tuple(s.field for s in slots), note="blank cell in the print")
    if len(nums) < width and any(is_glued(s.text) for s in nums):
        return _glued_reading(nums, width, fits)
    if len(nums) > width and fits is not any_fit and all(is_glued(s.text) or s.text.isdigit() for s in nums):
        # More figures than columns: spaces may have fallen inside glued digits (「20 0 00 0 121」).
        merged = _stray_spaces_reading(nums, width, fits)
        if merged is not None:
            return merged
    fields = (nums[0].field,) * width
    how = "more" if len(nums) > width else "fewer"
    return Reading((None,) * width, ("ambiguous",) * width, fields,
                   note=f"the row shows {len(nums)} figures where the template has {width} columns ({how}); "
                        "which figure belongs to which column cannot be told")


def _stray_spaces_reading(nums: Sequence[Slot], width: int, fits: Callable[[tuple], bool]) -> Optional[Reading]:
    """The row read as one run of glued digits, the spaces in it taken for stray ones; only a split
    that is the one way for the digits to add up is kept."""
    glued = " ".join(s.text for s in nums)
    readings = tokens_to_readings(["".join(s.text for s in nums)], width, fits, limit=2)
    if len(readings) != 1:
        return None
    return Reading(readings[0], ("ok",) * width, _split_fields(nums, width),
                   note=f"figures glued together in the print 「{glued}」 with stray spaces, split by the row's arithmetic")


def _glued_reading(nums: Sequence[Slot], width: int, fits: Callable[[tuple], bool]) -> Reading:
    tokens = [s.text for s in nums]
    readings = tokens_to_readings(tokens, width, fits)
    if not readings and fits is not any_fit and len(tokens) > 1 and all(t.isdigit() for t in tokens):
        # Spaces may have fallen inside a run of digits (「20 0 00 0 121」): read it as one run.
        merged = _stray_spaces_reading(nums, width, fits)
        if merged is not None:
            return merged
    # No split adds up: even where the digits split only one way, a figure may have been lost (a
    # blank printed as nothing, a misread mark) rather than glued, so no reading is sure.
    glued = " ".join(tokens)
    fields = _split_fields(nums, width)
    if len(readings) == 1:
        return Reading(readings[0], ("ok",) * width, fields,
                       note=f"figures glued together in the print 「{glued}」, split by the row's arithmetic")
    if not readings:
        return Reading((None,) * width, ("ambiguous",) * width, fields,
                       note=f"figures glued together in the print 「{glued}」 and no split adds up")
    return candidates_to_reading(readings, fields, f"figures glued together in the print 「{glued}」 can be split "
                                  f"{len(readings)} ways")


def candidates_to_reading(readings: Sequence[Tuple[Number, ...]], fields: Tuple[Field, ...], note: str) -> Reading:
    """Several readings of one row: a column on which they all agree is known, the others ambiguous."""
    width = len(readings[0])
    agreed = [len({r[j] for r in readings}) == 1 for j in range(width)]
    return Reading(tuple(readings[0][j] if agreed[j] else None for j in range(width)),
                   tuple("ok" if a else "ambiguous" for a in agreed), fields, note=note,
                   candidates=tuple(readings))


def _split_fields(nums: Sequence[Slot], width: int) -> Tuple[Field, ...]:
    """The field each column's figure came from; glued columns share their field."""
    fields = [s.field for s in nums]
    return tuple(fields[min(i * len(fields) // width, len(fields) - 1)] for i in range(width))


def any_fit(values: tuple) -> bool:
    """No arithmetic: every reading fits (table 2 has no row sums)."""
    return True


@dataclass
class Found:
    """A template row found in the print: the figures read for it and where it was printed.

    ``spec`` is None for table 4's one row of fifteen figures. ``reader`` says which table reader
    found it (``lines`` or ``stream``); ``index`` is the document row its figures stand in.
    Mutable on purpose: the column arithmetic may later settle an ambiguous reading.
    """

    spec: Optional[RowSpec]
    reading: Reading
    label: str
    source_text: str
    index: int
    reader: str
