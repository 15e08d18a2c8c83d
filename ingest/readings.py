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

from ingest.columns import Order, to_template
from ingest.document import Field, Row
from ingest.numbers import (
    is_blank,
    is_glued,
    is_number_token,
    misread_digits,
    normalize_number_text,
    parse_number,
    tokens_to_readings,
)
from ingest.template import RowSpec
from model import Note, Number


@dataclass(frozen=True)
class Slot:
    """One value position of a row: a printed figure, or a blank where a cell stands empty."""

    text: str
    field: Field
    blank: bool
    unit: str = ""  # printed beside the figure (「13575394432.52元」)
    misread: str = ""  # the token as printed, where letters stood for digits (「l4」 read as 14)
    col: Optional[int] = None  # the character column it starts at, in a text line


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


#: Units a cell may print beside its figure; the figure is read without them and the unit kept
#: (「13575394432.52元」). A count's measure word (政府集中采购 「58笔」) is read without it too: it
#: says what is counted, not a unit the figure is in.
_UNIT_AFTER = re.compile(r"^([+-]?\d[\d,]*(?:\.\d+)?)(万元|元|笔)$")
_COUNT_WORDS = ("笔",)


def _field_tokens(f: Field, grid: bool) -> List[Tuple[str, str, int]]:
    """Given a field, return its tokens as (kind, text, offset in the field), kind in label, number,
    blank or misread (letters standing for digits: 「O」, 「l4」); a figure with a unit printed
    beside it is a number token 「12.5元」, split later by ``split_unit``."""
    text = f.text.strip()
    if is_blank(text):
        return [("blank", text, 0)]
    if grid:
        # One grid cell holds one figure: digits spread by letter-spacing are one number.
        squeezed = re.sub(r"(?<=\d)\s+(?=\d)", "", normalize_number_text(text))
        if is_number_token(squeezed) or _UNIT_AFTER.match(squeezed):
            return [("number", squeezed, 0)]
        if misread_digits(squeezed):
            return [("misread", squeezed, 0)]
    out = []
    for m in re.finditer(r"\S+", text):
        tok = m.group(0)
        if is_number_token(tok) or _UNIT_AFTER.match(normalize_number_text(tok)):
            out.append(("number", tok, m.start()))
        elif is_blank(tok):
            out.append(("blank", tok, m.start()))
        elif misread_digits(tok):
            out.append(("misread", tok, m.start()))
        else:
            out.append(("label", tok, m.start()))
    return out


def row_to_parts(row: Row) -> RowParts:
    """Given a row, return its label (everything up to its last word) and the value slots after it."""
    items: List[Tuple[str, str, Field, int]] = []
    for f in row.fields:
        for kind, tok, at in _field_tokens(f, row.grid):
            items.append((kind, tok, f, at))
    last_label = max((i for i, (k, _, _, _) in enumerate(items) if k == "label"), default=-1)
    label_fields: List[Field] = []
    label_tokens = []
    for kind, tok, f, _ in items[: last_label + 1]:
        if kind == "label":
            label_tokens.append(tok)
            if not label_fields or label_fields[-1] is not f:
                label_fields.append(f)
        elif kind in ("number", "misread"):
            label_tokens.append(tok)  # a figure inside a label is part of it (「1 属于国家秘密」)
    slots = tuple(_slot(kind, tok, f, at) for kind, tok, f, at in items[last_label + 1:])
    return RowParts(" ".join(label_tokens), tuple(label_fields), slots, row)


def _slot(kind: str, tok: str, f: Field, at: int) -> Slot:
    col = f.col + at if f.col is not None else None
    if kind == "blank":
        return Slot(tok, f, True, col=col)
    if kind == "misread":
        return Slot(misread_digits(tok) or tok, f, False, misread=tok, col=col)
    figure, unit = split_unit(tok)
    return Slot(figure, f, False, unit, col=col)


def split_unit(token: str) -> Tuple[str, str]:
    """Given a figure token, return (figure, unit printed beside it or "")."""
    m = _UNIT_AFTER.match(normalize_number_text(token))
    if m is None:
        return token, ""
    return m.group(1), "" if m.group(2) in _COUNT_WORDS else m.group(2)


@dataclass(frozen=True)
class Reading:
    """The figures read from a row for one template row: per column, value and status."""

    values: Tuple[Optional[Number], ...]
    statuses: Tuple[str, ...]
    fields: Tuple[Optional[Field], ...]
    notes: Tuple[Note, ...] = ()
    candidates: Tuple[Tuple[Number, ...], ...] = ()
    unit: str = ""  # a unit printed beside the figures (「元」), when the print has one
    #: Why the row is ambiguous: "count" (more or fewer figures than columns), "glued" (digits that
    #: split several ways or none), "misread" (letters for digits the arithmetic cannot confirm).
    reason: str = ""
    #: Per column, what a blank cell prints: "" where it is empty, the mark where it prints one
    #: (「/」, 「—」); None where the column holds a figure (or no blank is known). Only an empty
    #: cell can be settled as 0 by the arithmetic: a mark says the report shows no number there.
    blanks: Tuple[Optional[str], ...] = ()


def parts_to_reading(parts: RowParts, width: int, fits: Callable[[tuple], bool],
                     row_end_blanks: int = 0, order: Optional[Order] = None,
                     signed: Tuple[int, ...] = ()) -> Optional[Reading]:
    """Given a row's parts and its template width, return the figures read into the columns.

    ``row_end_blanks`` is how many empty fields the table's complete rows end with (an extractor's
    habit, such as a trailing tab on every line); empty fields beyond those at the end of a row are
    blank cells. ``order`` is the order the table's header prints its columns in, when it is not
    the template's (``ingest.columns``): the figures are read in printed order and put in template
    order. ``signed`` are the columns that may hold a negative figure (本年增/减): a split of glued
    digits that gives another column a sign is no reading. Returns None when the row holds no
    figure at all (a header or a label line).
    """
    if signed or any(s.text.startswith("-") for s in parts.slots):
        base = fits
        fits = lambda values: base(values) and all(  # noqa: E731
            v is None or v >= 0 or j in signed for j, v in enumerate(values))
        if base is any_fit:
            fits.no_arithmetic = True  # type: ignore[attr-defined]
    printed_fits = fits if order is None or not has_arithmetic(fits) else (lambda values: fits(to_template(values, order)))

    def possible(values: Sequence[Optional[Number]]) -> bool:
        # Figures placed with blanks beside them: no part may exceed its printed total.
        return not has_arithmetic(fits) or within_totals(to_template(values, order) if order is not None
                                                         and len(order) == width else values)

    reading = _parts_to_reading(parts, width, printed_fits, row_end_blanks, possible)
    if reading is not None and any(st == "ok" and v is None for st, v in zip(reading.statuses, reading.values)):
        # A figure the parser took for one but cannot read as a number is no figure to give.
        reading = Reading((None,) * width, ("ambiguous",) * width, reading.fields,
                          notes=(Note.of("not_a_number"),), reason="count")
    if reading is not None and order is not None and len(order) == width:
        reading = replace(reading, values=to_template(reading.values, order),
                          statuses=to_template(reading.statuses, order), fields=to_template(reading.fields, order),
                          blanks=to_template(reading.blanks, order) if reading.blanks else (),
                          candidates=tuple(to_template(c, order) for c in reading.candidates),
                          notes=reading.notes + (Note.of("header_order"),))
    if reading is not None:
        reading = _check_misread(reading, parts, fits)
    unit = next((s.unit for s in parts.slots if s.unit), "")
    return replace(reading, unit=unit) if reading is not None and unit else reading


def _check_misread(reading: Reading, parts: RowParts, fits: Callable[[tuple], bool]) -> Reading:
    """A row in which letters were read as digits (「O」 as 0) is sure only where its arithmetic
    holds with them; else — or in a table with no arithmetic — its cells are ambiguous."""
    misread = [s.misread for s in parts.slots if s.misread]
    if not misread:
        return reading
    shown = "、".join(f"「{m}」" for m in misread)
    if has_arithmetic(fits) and all(st == "ok" for st in reading.statuses) and fits(reading.values):
        return replace(reading, notes=reading.notes + (Note.of("misread_confirmed", shown=shown),))
    return Reading((None,) * len(reading.values), ("ambiguous",) * len(reading.values), reading.fields,
                   notes=(Note.of("misread_unconfirmed", shown=shown),),
                   candidates=_complete(reading.values), reason="misread")


def _parts_to_reading(parts: RowParts, width: int, fits: Callable[[tuple], bool],
                      row_end_blanks: int, possible: Callable[[Sequence[Optional[Number]]], bool]
                      ) -> Optional[Reading]:
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
    if not parts.row.grid and slots and slots[0].blank and not slots[0].text.strip() and not (
            len(slots) == width and possible(_placed(slots))):
        # In text, empty fields before the figures may be label cells merged away rather than blank
        # cells (a mark printed there, 「/」 or 「—」, is a blank cell all the same). Where the row's
        # fields, counted back from its end, are exactly its columns, its tabs place every figure:
        # an empty field between two tabs is a blank cell (unless the figures so placed exceed
        # their printed total, which says the fields are not where the columns are).
        while slots and slots[0].blank and not slots[0].text.strip():
            slots.pop(0)
    while slots and slots[-1].blank and len(slots) > width:
        slots.pop()

    if len(nums) == width:
        values = tuple(parse_number(s.text) for s in nums)
        return Reading(values, ("ok",) * width, tuple(s.field for s in nums))
    if len(slots) == width and len(nums) < width and (parts.row.grid or any(s.blank for s in slots)):
        values = _placed(slots)
        statuses = tuple("missing" if s.blank else "ok" for s in slots)
        return Reading(values, statuses, tuple(s.field for s in slots), notes=(Note.of("blank"),),
                       blanks=tuple(s.text.strip() if s.blank else None for s in slots))
    if len(nums) < width and any(is_glued(s.text) for s in nums):
        return _glued_reading(nums, width, fits)
    if (len(nums) > width and has_arithmetic(fits) and all(s.text.isdigit() for s in nums)
            and all(s.col is None for s in nums)):
        # (In text laid out in columns, where a figure stands says more: see ``ingest.aligned``.)
        # More figures than columns: spaces may have fallen inside glued digits (「20 0 00 0 121」).
        merged = _stray_spaces_reading(nums, width, fits)
        if merged is not None:
            return merged
    fields = (nums[0].field,) * width
    return Reading((None,) * width, ("ambiguous",) * width, fields,
                   notes=(Note.of("count", shown=len(nums), width=width),), reason="count")


def _placed(slots: Sequence[Slot]) -> Tuple[Optional[Number], ...]:
    """The figures of slots that are the row's columns, None for a blank."""
    return tuple(None if s.blank else parse_number(s.text) for s in slots)


def within_totals(values: Sequence[Optional[Number]]) -> bool:
    """Given a table-3 row (seven values) or table 4's groups (five values each) with blanks (None),
    return whether no printed total is exceeded by the printed figures it adds up: counts are never
    negative, so figures placed beyond their total are placed wrong."""
    size = 7 if len(values) == 7 else 5
    for i in range(0, len(values), size):
        group = values[i:i + size]
        total = group[-1]
        if total is not None and sum(v for v in group[:-1] if v is not None) > total:
            return False
    return True


def _stray_spaces_reading(nums: Sequence[Slot], width: int, fits: Callable[[tuple], bool]) -> Optional[Reading]:
    """The row read as one run of glued digits, the spaces in it taken for stray ones; only a split
    that is the one way for the digits to add up is kept."""
    glued = " ".join(s.text for s in nums)
    readings = tokens_to_readings(["".join(s.text for s in nums)], width, fits, limit=2)
    if len(readings) != 1:
        return None
    return Reading(readings[0], ("ok",) * width, _split_fields(nums, width),
                   notes=(Note.of("glued_stray_spaces", glued=glued),))


def _glued_reading(nums: Sequence[Slot], width: int, fits: Callable[[tuple], bool]) -> Reading:
    tokens = [s.text for s in nums]
    readings = tokens_to_readings(tokens, width, fits)
    if not readings and has_arithmetic(fits) and len(tokens) > 1 and all(t.isdigit() for t in tokens):
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
                       notes=(Note.of("glued_split", glued=glued),))
    if not readings:
        return Reading((None,) * width, ("ambiguous",) * width, fields,
                       notes=(Note.of("glued_no_split", glued=glued),), reason="glued")
    return candidates_to_reading(readings, fields, (Note.of("glued_ways", glued=glued, ways=len(readings)),))


def candidates_to_reading(readings: Sequence[Tuple[Number, ...]], fields: Tuple[Optional[Field], ...],
                          notes: Tuple[Note, ...]) -> Reading:
    """Several readings of one row: a column on which they all agree is known, the others ambiguous."""
    width = len(readings[0])
    agreed = [len({r[j] for r in readings}) == 1 for j in range(width)]
    return Reading(tuple(readings[0][j] if agreed[j] else None for j in range(width)),
                   tuple("ok" if a else "ambiguous" for a in agreed), fields, notes=notes,
                   candidates=tuple(readings), reason="glued" if not all(agreed) else "")


def _split_fields(nums: Sequence[Slot], width: int) -> Tuple[Field, ...]:
    """The field each column's figure came from; glued columns share their field."""
    fields = [s.field for s in nums]
    return tuple(fields[min(i * len(fields) // width, len(fields) - 1)] for i in range(width))


def signed_positions(spec: Optional[RowSpec]) -> Tuple[int, ...]:
    """The columns of a row that may hold a negative figure (本年增/减 of the 2019 format)."""
    return tuple(spec.cols.index(c) for c in spec.signed_cols) if spec is not None else ()


def _complete(values: Sequence[Optional[Number]]) -> Tuple[Tuple[Number, ...], ...]:
    """A reading with a figure in every column, as the one candidate; none when a column has none."""
    known = tuple(v for v in values if v is not None)
    return (known,) if len(known) == len(values) else ()


def has_arithmetic(fits: Callable[[tuple], bool]) -> bool:
    """Whether a row's fit function checks arithmetic (table 3's and 4's sums), not only signs."""
    return fits is not any_fit and not getattr(fits, "no_arithmetic", False)


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
    parts: Optional[RowParts] = None  # what the reading was made from, to read it again by position
