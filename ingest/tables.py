"""Tables to cells: find the template's rows in a document, read their figures, settle what the
arithmetic can settle, and give every template address a cell.

Two readers find rows: ``ingest.lines`` where the print kept one table row a line (PDF grids, HTML
tables, text with separated cells), ``ingest.stream`` where it did not (a crawler's one-line text,
labels and figures printed apart). A row the line reader found stands; the stream reader adds the
rows it could not find. Glued figures that split several ways are then settled, where they can
be, by the columns' arithmetic (table 3's 勾稽关系) and by figures the narrative restates
(「本年度制发的规范性文件77件」); what is still open stays ambiguous. A template row the report
does not print leaves its cells missing.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Dict, List, Optional, Sequence, Set, Tuple

from ingest.aligned import reread_by_columns
from ingest.blanks import format_to_identities, settle_blanks
from ingest.columns import zone_order
from ingest.document import Document, Row
from ingest.labels import detect_format, match_row
from ingest.lines import RowsFound, groups_to_t4, row_key, rows_to_found
from ingest.numbers import groups_sum_fit, row_sum_fits, split_budget
from ingest.readings import Found, Reading, candidates_to_reading, row_to_parts
from ingest.sections import is_furniture, is_subheading, row_to_heading
from ingest.stream import zone_to_found
from ingest.template import (
    FORMATS_BY_NAME,
    T3_GROUP_LABELS,
    T4_COLS,
    T4_GROUPS,
    TABLE_NAMES,
    Format,
    RowSpec,
    col_label,
    fold,
    row_label,
)
from model import Cell, CellStatus, Note, Number, Section

__all__ = ["TableParse", "detect_format", "document_to_cells"]

#: The readers, in the order their rows count.
READERS = ("lines", "stream")


@dataclass
class TableParse:
    """What the parser found: cells by address, the document rows that belong to tables, and the
    sentences a user should read about what could not be read."""

    cells: Dict[str, Cell] = field(default_factory=dict)
    table_rows: Set[int] = field(default_factory=set)
    warnings: List[str] = field(default_factory=list)


def document_to_cells(doc: Document, sections: Sequence[Section], fmt_name: str,
                      readers: Sequence[str] = READERS) -> TableParse:
    """Given a document, its sections and its format, return every template cell of its tables.

    ``readers`` picks the table readers (tests run each alone to hold them to the same cells).
    """
    with split_budget():  # a file of many long glued rows must not stall parsing
        return _document_to_cells(doc, sections, FORMATS_BY_NAME[fmt_name], readers)


def _document_to_cells(doc: Document, sections: Sequence[Section], fmt: Format,
                       readers: Sequence[str]) -> TableParse:
    zones = _zones(doc, sections, fmt)
    orders = {}
    for table in ("t3", "t4"):
        order = zone_order(doc, [i for i, z in enumerate(zones) if z == table], table)
        if order is not None:
            orders[table] = order
    found = RowsFound()
    if "lines" in readers:
        found = rows_to_found(doc, zones, fmt, orders)
        found.t4 = found.t4 or groups_to_t4(found.t4_groups)
    if "stream" in readers:
        for zone in ("t2", "t3", "t4"):
            if zone not in zones:
                continue
            more = zone_to_found(doc, zones, zone, fmt, orders)
            for key, hits in more.rows.items():
                if key not in found.rows or _better(hits, found.rows[key]):
                    found.rows[key] = hits
                    found.table_rows.update(h.index for h in hits)
            more_t4 = more.t4 or groups_to_t4(more.t4_groups)
            if more_t4 is not None and (found.t4 is None or _better([more_t4], [found.t4])):
                found.t4 = more_t4
                found.table_rows.add(more_t4.index)
                found.table_rows.update(h.index for h in more.t4_groups.values())
    reread_by_columns(found.rows, "t3", 7, row_sum_fits)
    t3_rows = _t3_rows_printed(fmt, found)
    _resolve_by_columns(found, t3_rows)
    _resolve_by_narrative(found, fmt, narrative_figures(doc, found.table_rows))
    out = TableParse(table_rows=set(found.table_rows))
    for spec in fmt.t2 + fmt.t3:
        hits = found.rows.get(row_key(spec.table, spec.key), [])
        for j, col in enumerate(spec.cols):
            out.cells[spec.address(col)] = _cell_from_hits(spec, col, j, hits, fmt)
    for spec in fmt.t3_variant:
        hits = found.rows.get(row_key(spec.table, spec.key), [])
        if hits:
            # The variant row is printed: its cells exist, and the rows it stands for are not printed.
            for j, col in enumerate(spec.cols):
                out.cells[spec.address(col)] = _cell_from_hits(spec, col, j, hits, fmt)
            for sub in fmt.t3:
                if sub.key.startswith(spec.key + ".") and not found.rows.get(row_key("t3", sub.key)):
                    for col in sub.cols:
                        out.cells[sub.address(col)] = Cell(
                            address=sub.address(col), status="missing", value=None, table="三",
                            row_label=row_label(sub.address(col), fmt.name), col_label=col_label(sub.address(col)),
                            notes=(Note.of("one_row_variant", group=T3_GROUP_LABELS[spec.key]),))
    for g_i, g in enumerate(T4_GROUPS):
        for c_i, col in enumerate(T4_COLS):
            addr = f"t4.{g}.{col}"
            out.cells[addr] = _t4_cell(addr, found.t4, g_i * 5 + c_i, fmt)
    out.cells = settle_blanks(out.cells, _printed_empty(found, fmt), format_to_identities(fmt, out.cells))
    return out


def _printed_empty(found: RowsFound, fmt: Format) -> Set[str]:
    """The addresses of the cells a row prints empty (no figure, no mark): the blanks the
    arithmetic may settle."""
    out: Set[str] = set()
    for spec in fmt.t2 + fmt.t3 + fmt.t3_variant:
        hits = found.rows.get(row_key(spec.table, spec.key), [])
        if len(hits) != 1:
            continue
        r = hits[0].reading
        out.update(spec.address(col) for j, col in enumerate(spec.cols)
                   if r.blanks and r.blanks[j] == "" and r.statuses[j] == "missing")
    if found.t4 is not None and found.t4.reading.blanks:
        r = found.t4.reading
        out.update(f"t4.{g}.{col}" for g_i, g in enumerate(T4_GROUPS) for c_i, col in enumerate(T4_COLS)
                   if r.blanks[g_i * 5 + c_i] == "" and r.statuses[g_i * 5 + c_i] == "missing")
    return out


def _better(stream: List[Found], lines: List[Found]) -> bool:
    """Whether the stream reader's reading of a row should stand instead of the line reader's: the
    line reader could not tell its figures (a label glued to them, a line that is not the row) and
    the stream reads every figure once, adding up where the table has arithmetic."""
    if len(stream) != 1 or not any("ambiguous" in h.reading.statuses for h in lines):
        return False
    r = stream[0].reading
    if not all(st == "ok" for st in r.statuses):
        return False
    spec = stream[0].spec
    if spec is None:
        return groups_sum_fit(r.values) if len(r.values) == 15 else False
    return spec.table != "t3" or row_sum_fits(r.values)


def _zones(doc: Document, sections: Sequence[Section], fmt: Format) -> List[Optional[str]]:
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
    for name in ("t2", "t3", "t4"):
        _table_where_printed(doc, zones, name, fmt)
    return zones


#: Words only a table's own header prints (folded), by table.
_HEADER_WORDS = {
    "t2": ("第二十条第", "本年制发件数", "本年新制作数量", "本年处理决定数量", "上一年项目数量", "本年收费金额"),
    "t3": ("申请人情况", "本年新收政府信息公开申请数量"),
    "t4": ("结果维持", "结果纠正", "未经复议直接起诉", "复议后起诉"),
}


def _is_prose(row: Row, table: str) -> bool:
    """Whether a row is a paragraph of the narrative or a heading, not a line of a table (a
    subheading 「（二）依申请公开」 ends table 2; in table 3 it is a group's label)."""
    if row.grid:
        return False
    text = row.text.strip()
    return (row_to_heading(row) is not None or table == "t2" and is_subheading(text)
            or len([f for f in row.fields if f.text.strip()]) == 1 and ("。" in text or len(fold(text)) > 40))


def _header_row(row: Row, table: str) -> bool:
    """Whether a row is a line of a table's header (short, not a sentence, with the table's words)."""
    text = fold(row.text)
    return len(text) <= 120 and "。" not in row.text and any(w in text for w in _HEADER_WORDS[table])


def _zone_has_rows(doc: Document, indices: Sequence[int], table: str, fmt: Format) -> bool:
    """Whether any row of a zone holds a row of the table: its label and figures (table 4: five or
    more figures)."""
    specs = fmt.t2 if table == "t2" else fmt.t3 + fmt.t3_variant
    for i in indices:
        parts = row_to_parts(doc.rows[i])
        if not parts.numbers:
            continue
        if table == "t4" and len(parts.numbers) >= 5 or table != "t4" and match_row(fold(parts.label), specs, None):
            return True
    return False


def _table_where_printed(doc: Document, zones: List[Optional[str]], table: str, fmt: Format) -> None:
    """Give a table whose section does not hold it the rows where the report prints it.

    A report may print a table outside the section the outline puts it in: table 二 inside section
    一, under 「（一）主动公开政府信息的数量」, with no 「二、主动公开政府信息情况」 heading before it, or with
    that heading later over a sentence pointing back. Where the table's own zone holds none of its
    rows, its header (words only that table prints) is looked for in the rows no table zone holds;
    the table runs from there to the end of its grid, or in text to the next paragraph or heading.
    """
    own = [i for i, z in enumerate(zones) if z == table]
    if own and _zone_has_rows(doc, own, table, fmt):
        return
    start = next((i for i, z in enumerate(zones) if z is None and _header_row(doc.rows[i], table)
                  and not is_furniture(doc.rows[i])), None)
    if start is None:
        return
    first = doc.rows[start]
    end = start + 1
    while end < len(doc.rows) and zones[end] is None:
        row = doc.rows[end]
        if first.grid and first.table is not None:
            if row.table != first.table:
                break
        elif _is_prose(row, table):
            break
        end += 1
    if _zone_has_rows(doc, range(start, end), table, fmt):
        for i in range(start, end):
            zones[i] = table


def _t3_rows_printed(fmt: Format, found: RowsFound) -> List[RowSpec]:
    """Table 3's rows as this report prints them: with its variant rows in place of the rows they
    stand for, where it prints those (（六）其他处理 as one row)."""
    rows = list(fmt.t3)
    for v in fmt.t3_variant:
        if found.rows.get(row_key("t3", v.key)):
            at = next(i for i, r in enumerate(rows) if r.key.startswith(v.key + "."))
            rows = [r for r in rows if not r.key.startswith(v.key + ".")]
            rows.insert(at, v)
    return rows


_RESULT_GROUPS = ("results", "denied", "unavailable", "not_processed", "other")


def _resolve_by_columns(found: RowsFound, t3_rows: Sequence[RowSpec]) -> None:
    """Settle glued rows that split several ways with table 3's column arithmetic.

    In every column, new + carried_over = total_handled + carried_forward, and total_handled is
    the sum of the result rows. Of an ambiguous row's candidate splits, keep one only if it is the
    single one under which every fully known column adds up.
    """
    amb = [(k, hits[0]) for k, hits in found.rows.items() if len(hits) == 1 and hits[0].reading.candidates
           and hits[0].spec is not None and hits[0].spec.table == "t3"]
    if not amb or len(amb) > 3:
        return

    def value_of(spec: RowSpec, j: int, override: Dict[str, tuple]) -> Optional[Number]:
        key = row_key("t3", spec.key)
        if key in override:
            return override[key][j]
        hits = found.rows.get(key)
        if not hits or len(hits) != 1 or hits[0].reading.statuses[j] != "ok":
            return None
        return hits[0].reading.values[j]

    def consistent(override: Dict[str, tuple]) -> bool:
        checked = False
        for j in range(7):
            v = {s.key: value_of(s, j, override) for s in t3_rows}
            results = [v[s.key] for s in t3_rows if s.group in _RESULT_GROUPS and s.key != "total_handled"]
            new, over, handled, forward = v["new"], v["carried_over"], v["total_handled"], v["carried_forward"]
            if new is not None and over is not None and handled is not None and forward is not None:
                checked = True
                if new + over != handled + forward:
                    return False
            known = [x for x in results if x is not None]
            if len(known) == len(results) and handled is not None:
                checked = True
                if sum(known) != handled:
                    return False
        return checked

    combos = list(itertools.islice(itertools.product(*[hit.reading.candidates for _, hit in amb]), 2001))
    if len(combos) > 2000:
        return
    good = [c for c in combos if consistent({k: vals for (k, _), vals in zip(amb, c)})]
    if not good:
        return  # the print does not add up under any split: leave the rows as they are
    for n, (k, hit) in enumerate(amb):
        kept = sorted({c[n] for c in good})
        if len(kept) < len(hit.reading.candidates):
            glued = _glued_of(hit.reading)
            note = (Note.of("glued_split_columns", glued=glued) if len(kept) == 1 else
                    Note.of("glued_ways_columns", glued=glued, ways=len(kept)))
            hit.reading = candidates_to_reading(kept, hit.reading.fields, _other_notes(hit.reading) + (note,))


# ---------------------------------------------------------------- figures the narrative restates

_T2_ROW_WORDS = {"rules": "规章", "normative": "规范性文件", "licensing": "行政许可", "penalty": "行政处罚",
                 "enforcement": "行政强制"}
_T2_COL_WORDS = {"issued": ("制发", "印发", "出台", "制定"), "repealed": ("废止",), "in_force": ("现行有效",),
                 "decisions": ("决定",)}
_CLAUSE = re.compile(r"[^。；;，,！？]+")
_COUNT = re.compile(r"(?<![\d.])(\d[\d,]*)\s*(?:件|个|项)(?!\d)")


def narrative_figures(doc: Document, table_rows: Set[int]) -> Dict[str, Set[Number]]:
    """Given a document and its table rows, return the table-2 figures its narrative states, by
    address: 「本年度制发的规范性文件77件」 is ``t2.normative.issued`` 77.

    Only a clause that names the row, the column's verb and one count says it; approximate figures
    (「70余件」) say nothing.
    """
    out: Dict[str, Set[Number]] = {}
    for i, row in enumerate(doc.rows):
        if i in table_rows or "。" not in row.text and len(row.text) < 8:
            continue
        for clause in _CLAUSE.findall(row.text):
            counts = [m for m in _COUNT.finditer(clause) if not re.match(r"\s*(余|多)", clause[m.end():])
                      and not re.search(r"(约|近|超过|逾)\s*$", clause[:m.start()])]
            if len(counts) != 1:
                continue
            value = int(counts[0].group(1).replace(",", ""))
            before = clause[:counts[0].start()]
            for key, word in _T2_ROW_WORDS.items():
                if word not in before or (key == "normative" and "党内" in before):
                    continue
                if key == "rules" and "规章制度" in before:
                    continue
                for col, verbs in _T2_COL_WORDS.items():
                    if any(v in before for v in verbs):
                        out.setdefault(f"t2.{key}.{col}", set()).add(value)
    return out


def _resolve_by_narrative(found: RowsFound, fmt: Format, stated: Dict[str, Set[Number]]) -> None:
    """Settle glued table-2 rows that split several ways with figures the narrative restates: of
    the candidate splits, keep those that give a stated figure in its column (a column whose
    stated figure no split gives says nothing: the narrative may count otherwise)."""
    for spec in fmt.t2:
        hits = found.rows.get(row_key("t2", spec.key))
        if not hits or len(hits) != 1 or not hits[0].reading.candidates:
            continue
        hit = hits[0]
        kept = list(hit.reading.candidates)
        used = []
        for j, col in enumerate(spec.cols):
            want = stated.get(spec.address(col))
            if not want:
                continue
            narrowed = [c for c in kept if c[j] in want]
            if narrowed and len(narrowed) < len(kept):
                kept = narrowed
                used.append(f"{col_label(spec.address(col), fmt.name)} {'/'.join(str(v) for v in sorted(want))}")
        if used:
            glued, told = _glued_of(hit.reading), "; ".join(used)
            note = (Note.of("glued_split_narrative", glued=glued, stated=told) if len(kept) == 1 else
                    Note.of("glued_ways_narrative", glued=glued, ways=len(kept), stated=told))
            hit.reading = candidates_to_reading(kept, hit.reading.fields, _other_notes(hit.reading) + (note,))


_GLUED_CODES = ("glued_ways", "glued_ways_columns", "glued_ways_narrative", "glued_split", "glued_split_columns",
                "glued_split_narrative")


def _glued_of(reading: Reading) -> str:
    """The glued digits, as printed, a reading's notes name."""
    return next((n.arg("glued") for n in reading.notes if n.code in _GLUED_CODES), "")


def _other_notes(reading: Reading) -> Tuple[Note, ...]:
    """A reading's notes but the one on how its glued digits split (about to be restated)."""
    return tuple(n for n in reading.notes if n.code not in _GLUED_CODES)


# ---------------------------------------------------------------- cells


def _printed_label(spec: RowSpec, label: str) -> str:
    label = re.sub(r"\s+", " ", label).strip()
    group = T3_GROUP_LABELS.get(spec.group or "")
    if group and fold(group)[3:] not in fold(label):
        return f"{group} {label}"
    return label or spec.label


def _cell_from_hits(spec: RowSpec, col: str, j: int, hits: List[Found], fmt: Format) -> Cell:
    addr = spec.address(col)
    table, col_text = TABLE_NAMES[spec.table], col_label(addr, fmt.name)
    if not hits:
        return Cell(addr, "missing", None, table, row_label(addr, fmt.name), col_text, notes=(Note.of("not_printed"),))
    first = hits[0]
    readings = {v for h in hits if h.reading.statuses[j] == "ok" and (v := h.reading.values[j]) is not None}
    r = first.reading
    f = r.fields[j]
    label = _printed_label(spec, first.label)
    if len(readings) > 1:
        return Cell(addr, "ambiguous", None, table, label, col_text, page=f.page if f else None,
                    line=f.line if f else None, bbox=f.bbox if f else None, source_text=first.source_text,
                    notes=(Note.of("printed_twice", times=len(hits)),), candidates=tuple(sorted(readings)), unit=r.unit)
    status = _status(r.statuses[j])
    value = r.values[j] if status == "ok" else None
    if isinstance(value, Decimal) and col not in spec.decimal_cols and value == value.to_integral_value():
        value = int(value)  # a count printed 「12.0」 is the count 12
    cands = tuple(sorted({v for c in r.candidates if (v := c[j]) is not None}))
    return Cell(addr, status, value, table, label, col_text, page=f.page if f else None, line=f.line if f else None,
                bbox=f.bbox if f else None, source_text=first.source_text, notes=r.notes, candidates=cands,
                unit=r.unit)


def _status(status: str) -> CellStatus:
    if status not in ("ok", "missing", "ambiguous"):
        raise ValueError(f"expected a cell status ok, missing or ambiguous, got {status!r}")
    return status  # type: ignore[return-value]


def _t4_cell(addr: str, t4: Optional[Found], k: int, fmt: Format) -> Cell:
    row_text, col_text = row_label(addr, fmt.name), col_label(addr, fmt.name)
    if t4 is None:
        return Cell(addr, "missing", None, "四", row_text, col_text, notes=(Note.of("table4_not_printed"),))
    r = t4.reading
    f = r.fields[k]
    status = _status(r.statuses[k])
    cands = tuple(sorted({v for c in r.candidates if (v := c[k]) is not None}))
    return Cell(addr, status, r.values[k] if status == "ok" else None, "四", row_text, col_text,
                page=f.page if f else None, line=f.line if f else None, bbox=f.bbox if f else None,
                source_text=t4.source_text, notes=r.notes, candidates=cands)
