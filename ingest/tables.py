"""Tables to cells: find the template's rows among a document's rows and read their figures.

The parser works on the rows every reader produces (``ingest.document``), so a PDF grid, an HTML
``<tr>`` and a tab-separated text line go through the same code. For each row it separates the
printed label from the figures, recognises the label with the template's keys (``ingest.template``),
and reads the figures left to right into the row's columns:

- the right count of figures: taken in order;
- fewer, with blank cells where the print has cell positions: read by position, blanks are missing;
- fewer, with runs of digits that may be glued cells: split with the template's arithmetic
  (``ingest.numbers``); a split that is not unique makes the cells ambiguous;
- anything else: the row's cells are ambiguous, never guessed.

A template row the report does not print leaves its cells missing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ingest.document import Document, Field, Row
from ingest.model import Cell, Number, Section
from ingest.numbers import (
    groups_sum_fit,
    is_blank,
    is_glued,
    is_number_token,
    normalize_number_text,
    parse_number,
    row_sum_fits,
    split_budget,
    tokens_to_readings,
)
from ingest.template import (
    FORMAT_2019,
    FORMAT_2021,
    FORMATS_BY_NAME,
    T3_GROUP_LABELS,
    T3_GROUPS,
    T4_COLS,
    T4_GROUPS,
    TABLE_NAMES,
    Format,
    RowSpec,
    col_label,
    fold,
    row_label,
)

#: A label longer than this (folded) is a sentence of prose, not a table row.
MAX_LABEL_CHARS = 90
_FOOTER = re.compile(r"^\s*([—\-－–_]+\s*\d+\s*[—\-－–_]+|第\s*\d+\s*页.*|\d+\s*/\s*\d+|-?\s*\d{1,3}\s*-?)\s*$")
_ORDINAL = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）])?(\d{1,2})(?!\d)")


# ---------------------------------------------------------------- reading one row


@dataclass(frozen=True)
class Slot:
    """One value position of a row: a printed figure, or a blank where a cell stands empty."""

    text: str
    field: Field
    blank: bool


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


def _field_tokens(f: Field, grid: bool) -> List[Tuple[str, str]]:
    """Given a field, return its tokens as (kind, text), kind in label/number/blank."""
    text = f.text.strip()
    if is_blank(text):
        return [("blank", text)]
    if grid:
        # One grid cell holds one figure: digits spread by letter-spacing are one number.
        squeezed = re.sub(r"(?<=\d)\s+(?=\d)", "", normalize_number_text(text))
        if is_number_token(squeezed):
            return [("number", squeezed)]
    out = []
    for tok in text.split():
        if is_number_token(tok):
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
    slots = tuple(Slot(tok, f, kind == "blank") for kind, tok, f in items[last_label + 1:])
    return RowParts(" ".join(label_tokens), tuple(label_fields), slots, row)


@dataclass(frozen=True)
class Reading:
    """The figures read from a row for one template row: per column, value and status."""

    values: Tuple[Optional[Number], ...]
    statuses: Tuple[str, ...]
    fields: Tuple[Optional[Field], ...]
    note: str = ""
    candidates: Tuple[Tuple[Number, ...], ...] = ()


def parts_to_reading(parts: RowParts, width: int, fits: Callable[[tuple], bool],
                     row_end_blanks: int = 0) -> Optional[Reading]:
    """Given a row's parts and its template width, return the figures read into the columns.

    ``row_end_blanks`` is how many empty fields the table's complete rows end with (an extractor's
    habit, such as a trailing tab on every line); empty fields beyond those at the end of a row are
    blank cells. Returns None when the row holds no figure at all (a header or a label line).
    """
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
    fields = (nums[0].field,) * width
    how = "more" if len(nums) > width else "fewer"
    return Reading((None,) * width, ("ambiguous",) * width, fields,
                   note=f"the row shows {len(nums)} figures where the template has {width} columns ({how}); "
                        "which figure belongs to which column cannot be told")


def _glued_reading(nums: Sequence[Slot], width: int, fits: Callable[[tuple], bool]) -> Reading:
    tokens = [s.text for s in nums]
    readings = tokens_to_readings(tokens, width, fits)
    if not readings and fits is not _any:
        # The print may simply not add up; a split that is unique without arithmetic is still sure.
        plain = tokens_to_readings(tokens, width, _any, limit=2)
        readings = plain if len(plain) == 1 else []
    glued = " ".join(tokens)
    fields = _split_fields(nums, width)
    if len(readings) == 1:
        return Reading(readings[0], ("ok",) * width, fields,
                       note=f"figures glued together in the print 「{glued}」, split by the row's arithmetic")
    if not readings:
        return Reading((None,) * width, ("ambiguous",) * width, fields,
                       note=f"figures glued together in the print 「{glued}」 and no split adds up")
    return _candidates_to_reading(readings, fields, f"figures glued together in the print 「{glued}」 can be split "
                                  f"{len(readings)} ways")


def _candidates_to_reading(readings: Sequence[Tuple[Number, ...]], fields: Tuple[Field, ...], note: str) -> Reading:
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


def _any(values: tuple) -> bool:
    return True


# ---------------------------------------------------------------- recognising labels


def detect_format(doc: Document, year: Optional[int]) -> str:
    """Given a document and its year, return "2019" or "2021": the table headings decide, else the year."""
    text = fold(doc.text)
    votes_2019 = sum(w in text for w in ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
                                          "政府集中采购", "采购总金额"))
    votes_2021 = sum(w in text for w in ("本年制发件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
                                          "逾期不补正", "缴纳费用", "本年废止件数"))
    if votes_2019 != votes_2021:
        return "2019" if votes_2019 > votes_2021 else "2021"
    return "2019" if year is not None and year <= 2020 else "2021"


def label_to_group(label: str) -> Optional[str]:
    """Given a folded table-3 label, return the group it opens (the last one named), if any."""
    found = None
    pos = -1
    for group, words in T3_GROUPS.items():
        for w in words:
            i = label.rfind(w)
            if i > pos:
                found, pos = group, i
    return found


def match_row(label: str, specs: Sequence[RowSpec], group: Optional[str]) -> Optional[RowSpec]:
    """Given a folded label, the rows it may be and the group it stands in, return its row or None.

    A key found in the label decides (the longest key when several rows match); a label whose words
    are too damaged falls back to its ordinal within the current group (「3.其他」 under （六）).
    """
    best, best_len, tie = None, 0, False
    for spec in specs:
        for key in spec.keys:
            if key in label:
                if len(key) > best_len:
                    best, best_len, tie = spec, len(key), False
                elif len(key) == best_len and spec is not best:
                    tie = True
    if best is not None and tie:
        in_group = [s for s in specs if s.group == group and any(k in label for k in s.keys)]
        return in_group[0] if len(in_group) == 1 else None
    if best is not None:
        return best
    stripped = _strip_group_words(label)
    if stripped in ("总计", "七总计", "合计"):
        return next((s for s in specs if s.key == "total_handled"), None)
    m = _ORDINAL.match(stripped)
    if m and group:
        n = int(m.group(1))
        hits = [s for s in specs if s.group == group and s.ordinal == n]
        if len(hits) == 1:
            return hits[0]
    return None


def _strip_group_words(label: str) -> str:
    for words in T3_GROUPS.values():
        for w in words:
            label = label.replace(w, "")
    return re.sub(r"^[一二三四五六七八九十]+", "", label) if label[:1] in "一二三四五六七八九十" and len(label) < 6 else label


# ---------------------------------------------------------------- the tables of a document


@dataclass
class _Found:
    spec: RowSpec
    reading: Reading
    label: str
    row: Row
    index: int


@dataclass
class TableParse:
    """What the parser found: cells by address and the document rows that belong to tables."""

    cells: Dict[str, Cell] = field(default_factory=dict)
    table_rows: set = field(default_factory=set)
    warnings: List[str] = field(default_factory=list)


def is_footer(row: Row) -> bool:
    """Whether a row is a page footer or page number (「— 4 —」, 「第 3 页」), not report text."""
    return len([f for f in row.fields if f.text]) == 1 and bool(_FOOTER.match(row.text.strip()))


def document_to_cells(doc: Document, sections: Sequence[Section], fmt_name: str) -> TableParse:
    """Given a document, its sections and its format, return every template cell of its tables."""
    with split_budget():  # a file of many long glued rows must not stall parsing
        return _document_to_cells(doc, sections, fmt_name)


def _document_to_cells(doc: Document, sections: Sequence[Section], fmt_name: str) -> TableParse:
    fmt = FORMATS_BY_NAME[fmt_name]
    zones = _zones(doc, sections)
    out = TableParse()
    found: Dict[str, List[_Found]] = {}
    t4: Optional[_Found] = None

    row_end = _row_end_blanks(doc, zones)
    pending: List[RowParts] = []
    group: Optional[str] = None
    zone = None
    t3_seen = False
    for i, row in enumerate(doc.rows):
        z = zones[i]
        if z is None:
            continue
        if is_footer(row):
            out.table_rows.add(i) if zone else None
            continue
        parts = row_to_parts(row)
        lab = fold(parts.label)
        if len(lab) > MAX_LABEL_CHARS:
            pending = []
            continue
        if z != zone:
            zone, pending, group = z, [], None
        if zone == "t3":
            g = label_to_group(lab)
            if g:
                group = g
        specs = fmt.t2 if zone == "t2" else fmt.t3
        if zone == "t3" and not t3_seen and fold(row.text).find("申请人情况") >= 0:
            t3_seen = True

        if not parts.numbers:
            if lab:
                pending.append(parts)
                pending = pending[-2:]
                if zone in ("t2", "t3", "t4") and _looks_tabular(row, lab, zone):
                    out.table_rows.add(i)
            continue

        spec, used = None, parts
        if zone in ("t2", "t3") and lab:
            spec = match_row(lab, specs, group)
            if spec is None and pending:
                joined = fold(" ".join(p.label for p in pending[-1:])) + lab
                spec = match_row(joined, specs, group or label_to_group(joined))
                if spec is not None:
                    used = replace(parts, label=pending[-1].label + " " + parts.label)
        elif zone in ("t2", "t3") and not lab and pending and len(parts.numbers) != 15:
            # A row whose figures wrapped onto a line of their own, under its label.
            joined = fold(pending[-1].label)
            spec = match_row(joined, specs, group or label_to_group(joined))
            if spec is not None:
                used = replace(parts, label=pending[-1].label)
        if spec is None and zone in ("t3", "t4") and (not lab or zone == "t4") and _t4_candidate(parts):
            reading = parts_to_reading(parts, 15, groups_sum_fit)
            if reading is not None and t4 is None:
                t4 = _Found(None, reading, "", row, i)  # type: ignore[arg-type]
                out.table_rows.add(i)
            zone = "t4"
            continue
        if spec is None:
            if lab and _looks_tabular(row, lab, zone):
                pending.append(parts)
                pending = pending[-2:]
            continue
        fits = row_sum_fits if spec.table == "t3" else _any
        reading = parts_to_reading(used, len(spec.cols), fits, row_end.get(zone, 0))
        if reading is None:
            continue
        if spec.table == "t3":
            t3_seen = True
            group = spec.group or group
        found.setdefault(spec.address(spec.cols[0]), []).append(_Found(spec, reading, used.label, row, i))
        out.table_rows.add(i)
        out.table_rows.update(j for j in range(max(0, i - 2), i) if zones[j] == zone and _row_is_label(doc.rows[j]))
        pending = []

    _resolve_by_columns(found, fmt)
    for spec in fmt.t2 + fmt.t3:
        hits = found.get(spec.address(spec.cols[0]), [])
        for j, col in enumerate(spec.cols):
            out.cells[spec.address(col)] = _cell_from_hits(spec, col, j, hits, fmt)
    for g_i, g in enumerate(T4_GROUPS):
        for c_i, col in enumerate(T4_COLS):
            addr = f"t4.{g}.{col}"
            out.cells[addr] = _t4_cell(addr, t4, g_i * 5 + c_i, fmt)
    return out


def _row_end_blanks(doc: Document, zones: Sequence[Optional[str]]) -> Dict[str, int]:
    """Per table zone, how many empty fields its text rows that hold figures usually end with."""
    counts: Dict[str, Dict[int, int]] = {}
    for row, zone in zip(doc.rows, zones):
        if zone is None or row.grid or len(row.fields) < 3:
            continue
        fields = [f.text.strip() for f in row.fields]
        trailing = len(list(itertools.takewhile(lambda t: not t, reversed(fields))))
        if any(is_number_token(t) for t in fields):
            per = counts.setdefault(zone, {})
            per[trailing] = per.get(trailing, 0) + 1
    return {zone: max(per, key=lambda k: (per[k], -k)) for zone, per in counts.items()}


def _looks_tabular(row: Row, lab: str, zone) -> bool:
    return row.grid or len(row.fields) > 1 or len(lab) <= 30


def _row_is_label(row: Row) -> bool:
    return not row_to_parts(row).numbers


def _t4_candidate(parts: RowParts) -> bool:
    nums = parts.numbers
    return len(nums) == 15 or (len(nums) < 15 and any(is_glued(s.text) for s in nums)) or (
        parts.row.grid and len(parts.slots) >= 15)


def _zones(doc: Document, sections: Sequence[Section]) -> List[Optional[str]]:
    """Given a document and its sections, return per row the table it may hold (t2, t3, t4) or None.

    Sections 二, 三 and 四 hold tables 2, 3 and 4. A report that lost a heading (Panyu's has no
    「四、」) still has its table: table 4 is then recognised inside table 3's zone by its row of
    fifteen figures. With no headings at all, every row may hold any table.
    """
    zones: List[Optional[str]] = [None] * len(doc.rows)
    by_no = {s.number: s for s in sections}
    if not any(n in by_no for n in (2, 3, 4)):
        # No table sections found: guess the zones from the tables' own words.
        first_t3 = next((i for i, r in enumerate(doc.rows)
                         if any(k in fold(r.text) for k in ("申请人情况", "本年新收", "上年结转"))), None)
        end = by_no[5].start if 5 in by_no else len(doc.rows)
        for i in range(end):
            zones[i] = "t2" if first_t3 is None or i < first_t3 else "t3"
        return zones
    for number, name in ((2, "t2"), (3, "t3"), (4, "t4")):
        s = by_no.get(number)
        if s:
            for i in range(s.start, s.end):
                zones[i] = name
    return zones


def _resolve_by_columns(found: Dict[str, List[_Found]], fmt: Format) -> None:
    """Settle glued rows that split several ways with table 3's column arithmetic.

    In every column, new + carried_over = total_handled + carried_forward, and total_handled is
    the sum of the result rows. Of an ambiguous row's candidate splits, keep one only if it is the
    single one under which every fully known column adds up.
    """
    t3_rows = [s for s in fmt.t3]
    amb = [(k, hits[0]) for k, hits in found.items() if len(hits) == 1 and hits[0].reading.candidates
           and hits[0].spec.table == "t3"]
    if not amb or len(amb) > 3:
        return

    def value_of(spec: RowSpec, j: int, override: Dict[str, tuple]) -> Optional[Number]:
        key = spec.address(spec.cols[0])
        if key in override:
            return override[key][j]
        hits = found.get(key)
        if not hits or len(hits) != 1 or hits[0].reading.statuses[j] != "ok":
            return None
        return hits[0].reading.values[j]

    def consistent(override: Dict[str, tuple]) -> bool:
        checked = False
        for j in range(7):
            v = {s.key: value_of(s, j, override) for s in t3_rows}
            results = [v[s.key] for s in t3_rows if s.group in ("results", "denied", "unavailable", "not_processed", "other")
                       and s.key != "total_handled"]
            if None not in (v["new"], v["carried_over"], v["total_handled"], v["carried_forward"]):
                checked = True
                if v["new"] + v["carried_over"] != v["total_handled"] + v["carried_forward"]:
                    return False
            if None not in results and v["total_handled"] is not None:
                checked = True
                if sum(results) != v["total_handled"]:
                    return False
        return checked

    combos = list(itertools.product(*[hit.reading.candidates for _, hit in amb]))
    if len(combos) > 2000:
        return
    good = [c for c in combos if consistent({k: vals for (k, _), vals in zip(amb, c)})]
    if not good:
        return  # the print does not add up under any split: leave the rows as they are
    for n, (k, hit) in enumerate(amb):
        kept = sorted({c[n] for c in good})
        if len(kept) < len(hit.reading.candidates):
            note = hit.reading.note.split(" can be split")[0]
            if len(kept) == 1:
                note += ", split by the row's and the columns' arithmetic"
            else:
                note += f" can be split {len(kept)} ways that add up in the columns too"
            hit.reading = _candidates_to_reading(kept, hit.reading.fields, note)


def _printed_label(spec: RowSpec, label: str) -> str:
    label = re.sub(r"\s+", " ", label).strip()
    group = T3_GROUP_LABELS.get(spec.group or "")
    if group and fold(group)[3:] not in fold(label):
        return f"{group} {label}"
    return label or spec.label


def _cell_from_hits(spec: RowSpec, col: str, j: int, hits: List[_Found], fmt: Format) -> Cell:
    addr = spec.address(col)
    base = dict(address=addr, table=TABLE_NAMES[spec.table], col_label=col_label(addr, fmt.name))
    if not hits:
        return Cell(status="missing", value=None, row_label=row_label(addr, fmt.name),
                    note="the report does not print this row", **base)
    first = hits[0]
    readings = {h.reading.values[j] for h in hits if h.reading.statuses[j] == "ok"}
    r = first.reading
    f = r.fields[j]
    where = dict(page=f.page if f else first.row.page, line=f.line if f else first.row.line,
                 bbox=f.bbox if f else None, source_text=re.sub(r"\s+", " ", first.row.text).strip())
    label = _printed_label(spec, first.label)
    if len(readings) > 1:
        return Cell(status="ambiguous", value=None, row_label=label, note=(
            f"the row is printed {len(hits)} times with different figures"), candidates=tuple(sorted(readings)),
            **base, **where)
    status = r.statuses[j]
    value = r.values[j] if status == "ok" else None
    if value is not None and col not in spec.decimal_cols and isinstance(value, float):
        if value.is_integer():
            value = int(value)
    cands = tuple(sorted({c[j] for c in r.candidates})) if r.candidates else ()
    return Cell(status=status, value=value, row_label=label, note=r.note, candidates=cands, **base, **where)


def _t4_cell(addr: str, t4: Optional[_Found], k: int, fmt: Format) -> Cell:
    base = dict(address=addr, table="四", row_label=row_label(addr, fmt.name), col_label=col_label(addr, fmt.name))
    if t4 is None:
        return Cell(status="missing", value=None, note="the report does not print table 4", **base)
    r = t4.reading
    f = r.fields[k]
    status = r.statuses[k]
    cands = tuple(sorted({c[k] for c in r.candidates})) if r.candidates else ()
    return Cell(status=status, value=r.values[k] if status == "ok" else None, page=f.page if f else None,
                line=f.line if f else None, bbox=f.bbox if f else None,
                source_text=re.sub(r"\s+", " ", t4.row.text).strip(), note=r.note, candidates=cands, **base)
