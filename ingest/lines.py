"""The line reader: table rows as the reader printed them, one document row a table row.

Where the reader kept lines (a PDF grid, an HTML ``<tr>``, a text line with its cells separated),
each row holds one table row: its label, then its figures. The reader recognises the label with the
template's keys, joins a label broken over two lines, and follows a group label (「（三）不予公开」)
into the sub-rows under it. Text whose lines were lost is for ``ingest.stream``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Set

from ingest.columns import Order
from ingest.document import Document, Field, Row
from ingest.labels import MAX_LABEL_CHARS, footer_rows, label_to_group, match_row
from ingest.numbers import groups_sum_fit, is_glued, is_number_token, row_sum_fits
from ingest.readings import Found, Reading, RowParts, any_fit, parts_to_reading, row_to_parts, signed_positions
from ingest.template import T4_GROUPS, Format, RowSpec, col_label, fold
from model import Note, Number


@dataclass
class RowsFound:
    """What a table reader found: template rows by row key (``t3`` rows as ``partial`` …, table 2
    rows as ``t2.rules`` …), table 4's value row, and the document rows that belong to tables."""

    rows: Dict[str, List[Found]] = field(default_factory=dict)
    t4: Optional[Found] = None
    table_rows: Set[int] = field(default_factory=set)
    #: Table 4 printed a group a row (「行政复议 9 2 3 1 15」): each group's row of five.
    t4_groups: Dict[str, Found] = field(default_factory=dict)

    def add(self, found: Found) -> None:
        assert found.spec is not None
        self.rows.setdefault(row_key(found.spec.table, found.spec.key), []).append(found)


def row_key(table: str, key: str) -> str:
    """The key a found row is filed under: its address without the column."""
    return f"{table}.{key}"


def rows_to_found(doc: Document, zones: Sequence[Optional[str]], fmt: Format,
                  orders: Optional[Dict[str, Order]] = None) -> RowsFound:
    """Given a document, each row's table zone (t2, t3, t4 or None), the format and the order the
    headers print tables 3 and 4's columns in (where not the template's), return the template rows
    found line by line."""
    orders = orders or {}
    out = RowsFound()
    footers = footer_rows(doc)
    row_end = row_end_blanks(doc, zones)
    pending: List[RowParts] = []
    group: Optional[str] = None
    zone = None
    t2_header: List[str] = []
    for i, row in enumerate(doc.rows):
        z = zones[i]
        if z is None:
            continue
        if i in footers:
            out.table_rows.add(i) if zone else None
            continue
        parts = row_to_parts(row)
        lab = fold(parts.label)
        if len(lab) > MAX_LABEL_CHARS or _GLUED_TO_LABEL.search(parts.label):
            # A label with figures glued to it (「行政处罚108712 9 36」) has lost where its figures
            # start: the line holds no row to read as printed (the stream reader reads it).
            pending = []
            continue
        if z != zone:
            zone, pending, group, t2_header = z, [], None, []
        if zone == "t3":
            g = label_to_group(lab)
            if g:
                group = g
        specs = fmt.t2 if zone == "t2" else fmt.t3 + fmt.t3_variant

        if not parts.numbers:
            if zone == "t2" and "信息内容" in lab:
                t2_header = _t2_header(row)
            if lab:
                pending.append(parts)
                pending = pending[-2:]
                if zone in ("t2", "t3", "t4") and _looks_tabular(row, lab):
                    out.table_rows.add(i)
            continue

        spec, used = None, parts
        if zone in ("t2", "t3") and lab:
            spec = match_row(lab, specs, group)
            if spec is None and pending:
                joined = fold(" ".join(p.label for p in pending[-1:])) + lab
                spec = match_row(joined, specs, group or label_to_group(joined))
                if spec is not None and not _continues(lab, spec):
                    # 「规章」 with nothing printed, then 「行政规范文件 0 1 2」 (a misprint): the line is
                    # not the rest of the label above it, so it does not take that row's place.
                    spec = None
                if spec is not None:
                    used = replace(parts, label=pending[-1].label + " " + parts.label)
        elif zone in ("t2", "t3") and not lab and pending and len(parts.numbers) != 15:
            # A row whose figures wrapped onto a line of their own, under its label.
            joined = fold(pending[-1].label)
            spec = match_row(joined, specs, group or label_to_group(joined))
            if spec is not None:
                used = replace(parts, label=pending[-1].label)
        group_row = t4_group_of(lab) if zone in ("t3", "t4") and lab and len(lab) <= 30 else None
        if group_row is not None and len(parts.numbers) <= 5:
            order = orders.get("t4")
            reading = parts_to_reading(parts, 5, row_sum_fits, order=order if order and len(order) == 5 else None)
            if reading is not None and group_row not in out.t4_groups:
                out.t4_groups[group_row] = Found(None, reading, parts.label, _source(row), i, "lines", parts)
                out.table_rows.add(i)
            zone = "t4"
            continue
        if spec is None and zone in ("t3", "t4") and (not lab or zone == "t4") and _t4_candidate(parts):
            reading = parts_to_reading(parts, 15, groups_sum_fit, order=orders.get("t4"))
            if reading is not None and out.t4 is None:
                out.t4 = Found(None, reading, "", _source(row), i, "lines")
                out.table_rows.add(i)
            zone = "t4"
            continue
        if spec is None:
            if lab and _looks_tabular(row, lab):
                pending.append(parts)
                pending = pending[-2:]
            continue
        fits = row_sum_fits if spec.table == "t3" else any_fit
        used, by_header = _header_columns(used, spec, t2_header, fmt) if spec.table == "t2" else (used, False)
        reading = parts_to_reading(used, len(spec.cols), fits, row_end.get(zone, 0), orders.get(spec.table),
                                   signed_positions(spec))
        if reading is not None and by_header:
            reading = replace(reading, notes=reading.notes + (Note.of("header_order"),))
        if reading is None:
            continue
        if spec.table == "t3":
            group = spec.group or group
        out.add(Found(spec, reading, used.label, _source(row), i, "lines", used))
        out.table_rows.add(i)
        out.table_rows.update(j for j in range(max(0, i - 2), i) if zones[j] == zone and _row_is_label(doc.rows[j]))
        pending = []
    return out


def _t2_header(row: Row) -> List[str]:
    """Given a table-2 header line (「信息内容 上一年项目数量 本年增/减 本年收费金额」), return the
    folded names of its value columns, in printed order."""
    words = [fold(w) for f in row.fields for w in (f.text.split() if not row.grid else [f.text]) if w.strip()]
    at = next((k for k, w in enumerate(words) if "信息内容" in w), None)
    return [] if at is None else words[at + 1:]


def _header_columns(parts: RowParts, spec: RowSpec, header: Sequence[str], fmt: Format) -> tuple:
    """Given a table-2 row with more figures than its columns, the header above it and the format,
    return (the row with only the figures under its own columns' names, True), when the header
    names one column per figure and each of the row's columns once (a body's local column, such as
    本年收费金额 beside the 2019 format's 上一年项目数量 and 本年增/减); else (the row, False)."""
    nums = parts.numbers
    if len(nums) <= len(spec.cols) or len(header) != len(nums):
        return parts, False
    picked = []
    for col in spec.cols:
        name = fold(col_label(spec.address(col), fmt.name))
        at = [k for k, h in enumerate(header) if h and (h.startswith(name[:6]) or name.startswith(h))]
        if len(at) != 1:
            return parts, False
        picked.append(nums[at[0]])
    if sorted(nums.index(p) for p in picked) != [nums.index(p) for p in picked]:
        return parts, False
    return replace(parts, slots=tuple(picked)), True


_GLUED_TO_LABEL = re.compile(r"[\u4e00-\u9fff）)]\d+$")


def _continues(fragment: str, spec: RowSpec) -> bool:
    """Whether a folded label fragment reads as the rest of a row's label (「另行制作」 of
    「2.没有现成信息需要另行制作」): most of its character pairs stand in that label."""
    text = re.sub(r"^[一二三四五六七八九十\d]+", "", fragment)
    if len(text) <= 2:
        return True
    label = fold(spec.label)
    pairs = [text[i:i + 2] for i in range(len(text) - 1)]
    return sum(p in label for p in pairs) >= len(pairs) / 2


def t4_group_of(label: str) -> Optional[str]:
    """Given a folded label, return the table-4 group it names (a row of table 4 printed a group a
    row), else None."""
    if "复议后起诉" in label:
        return "suit_after_review"
    if "未经复议" in label or "直接起诉" in label:
        return "suit_direct"
    if "行政复议" in label and "诉讼" not in label:
        return "review"
    return None


def groups_to_t4(groups: Dict[str, Found]) -> Optional[Found]:
    """Given table 4's group rows, return them as table 4's one row of fifteen (a group not printed
    is missing)."""
    if not groups:
        return None
    values: List[Optional[Number]] = []
    statuses: List[str] = []
    fields: List[Optional[Field]] = []
    blanks: List[Optional[str]] = []
    notes: List[Note] = []
    first = next(iter(groups.values()))
    for g in T4_GROUPS:
        f = groups.get(g)
        if f is None:
            values += [None] * 5
            statuses += ["missing"] * 5
            fields += [None] * 5
            blanks += [None] * 5
            continue
        values += list(f.reading.values)
        statuses += list(f.reading.statuses)
        fields += list(f.reading.fields)
        blanks += list(f.reading.blanks or (None,) * 5)
        notes += [n for n in f.reading.notes if n not in notes]
    reading = Reading(tuple(values), tuple(statuses), tuple(fields), notes=tuple(notes), blanks=tuple(blanks))
    source = " / ".join(groups[g].source_text for g in T4_GROUPS if g in groups)
    return Found(None, reading, "", source, first.index, first.reader)


def _source(row: Row) -> str:
    return " ".join(row.text.split())


def row_end_blanks(doc: Document, zones: Sequence[Optional[str]]) -> Dict[str, int]:
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


def _looks_tabular(row: Row, lab: str) -> bool:
    return row.grid or len(row.fields) > 1 or len(lab) <= 30


def _row_is_label(row: Row) -> bool:
    return not row_to_parts(row).numbers


def _t4_candidate(parts: RowParts) -> bool:
    nums = parts.numbers
    # (A grid row, or a tab-separated one, keeps a field for each of the fifteen cells, blank or not.)
    # Glued figures can be fifteen only with a digit for each (「52 9 1 0 3 2 67」 is a row of table
    # 3's values, printed apart from its label, not table 4).
    digits = sum(len(s.text.lstrip("+-")) for s in nums)
    return len(nums) == 15 or (len(nums) < 15 and digits >= 15 and any(is_glued(s.text) for s in nums)) or (
        parts.row.grid and len(parts.slots) >= 15) or (not parts.label and len(parts.slots) == 15)
