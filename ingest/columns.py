"""Column order: where a table's header prints its columns in another order than the template's.

Some reports print table 3 with 总计 first, or table 4's groups with their 总计 first; a
spreadsheet export may reorder columns. The header says so, and the figures must then be read by
the header, not by the template's order, or every figure lands in the wrong column. This module
reads the header rows above a table's figures and returns, per printed figure position, the
template column it stands in — only when the header names every column once, in another order.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from ingest.document import Document, Row
from ingest.numbers import parse_number, row_sum_fits
from ingest.template import T3_COL_LABELS, T3_COLS, T4_COL_LABELS, T4_COLS, T4_GROUPS, fold

#: Printed position k of a row's figures → index of the template column it stands in.
Order = Tuple[int, ...]

_T3_WORDS: Dict[str, int] = {fold(label): T3_COLS.index(col) for col, label in T3_COL_LABELS.items()}
_T4_COL_WORDS: Dict[str, int] = {fold(label): T4_COLS.index(col) for col, label in T4_COL_LABELS.items()}
_T4_GROUP_WORDS = (("未经复议", 1), ("直接起诉", 1), ("复议后起诉", 2), ("行政复议", 0))


def _cell_word(text: str, words: Dict[str, int]) -> Optional[int]:
    f = fold(text)
    return words.get(f)


def _grid_positions(rows: Sequence[Row]) -> Dict[int, str]:
    """Per field index of a grid header, its lowest printed text (a merged parent's text stands at
    its first position only, so the lowest text is the column's own label)."""
    lowest: Dict[int, str] = {}
    for row in rows:
        for i, f in enumerate(row.fields):
            if f.text.strip():
                lowest[i] = f.text.strip()
    return lowest


def _t3_grid_order(header: Sequence[Row], value_row: Row) -> Optional[Order]:
    lowest = _grid_positions(header)
    found = {i: c for i, t in lowest.items() if (c := _cell_word(t, _T3_WORDS)) is not None}
    if sorted(found.values()) != list(range(7)):
        return None
    positions = sorted(found)
    return tuple(found[i] for i in positions)


def _t4_grid_order(header: Sequence[Row]) -> Optional[Order]:
    lowest = _grid_positions(header)
    cols = {i: c for i, t in lowest.items() if (c := _cell_word(t, _T4_COL_WORDS)) is not None}
    if len(cols) == 5:
        # Table 4 printed a group a row: the header names the five columns once.
        order = tuple(cols[i] for i in sorted(cols))
        return order if sorted(order) == list(range(5)) else None
    if len(cols) != 15:
        return None
    group_at: Dict[int, int] = {}
    for row in header:
        current = None
        for i, f in enumerate(row.fields):
            t = fold(f.text)
            if t:
                # 「行政诉讼」 heads both lawsuit groups: it names no group of its own.
                current = next((g for w, g in _T4_GROUP_WORDS if w in t), None)
            if current is not None and i in cols:
                group_at[i] = current
    if len(group_at) != 15:
        return None
    order = tuple(group_at[i] * 5 + cols[i] for i in sorted(cols))
    return order if sorted(order) == list(range(15)) else None


def _text_words(rows: Sequence[Row], words: Dict[str, int]) -> List[Tuple[int, int]]:
    """(column offset, template column) of each column word printed in text header lines."""
    out = []
    for row in rows:
        for f in row.fields:
            if f.col is None:
                continue
            for part_at, part in _parts(f.text):
                c = _cell_word(part, words)
                if c is not None:
                    out.append((f.col + part_at, c))
    return out


def _parts(text: str) -> List[Tuple[int, str]]:
    out, i = [], 0
    for piece in text.split(" "):
        if piece:
            out.append((i, piece))
        i += len(piece) + 1
    return out


def zone_order(doc: Document, indices: Sequence[int], table: str) -> Optional[Order]:
    """Given a document, the rows of a table's zone and the table ("t3" or "t4"), return the order
    its header prints the columns in, when that is not the template's; else None.

    The header is the rows above the first row that holds figures. A grid header is read by
    position (each column's lowest label); a text header by the columns its words stand at.
    """
    from ingest.readings import row_to_parts  # (a cycle: readings reads rows, this reads headers)

    header: List[Row] = []
    first_values: Optional[Row] = None
    for i in indices:
        row = doc.rows[i]
        if row_to_parts(row).numbers:
            first_values = row
            break
        header.append(row)
    if first_values is None or not header:
        return None
    grid = [r for r in header if r.grid and r.table == first_values.table] if first_values.grid else []
    if first_values.grid and grid:
        order = _t3_grid_order(grid, first_values) if table == "t3" else _t4_grid_order(grid)
    elif table == "t3" and not first_values.grid:
        found = _text_words(header[-6:], _T3_WORDS)
        cols = [c for _, c in sorted(found)]
        order = tuple(cols) if sorted(cols) == list(range(7)) else None
    else:
        order = None
    if order is None or order == tuple(range(len(order))):
        return None
    return order if _adds_up_better(doc, indices, order) else None


def _adds_up_better(doc: Document, indices: Sequence[int], order: Order) -> bool:
    """Whether more of the zone's complete rows add up read in the header's order than in the
    template's: a header read wrongly must not turn figures that add up into figures that do not."""
    from ingest.readings import row_to_parts

    width = len(order)
    size = 7 if width == 7 else 5
    as_printed = in_order = 0
    for i in indices:
        nums = [s.text for s in row_to_parts(doc.rows[i]).numbers]
        values = [parse_number(t) for t in nums]
        if len(values) != width or None in values:
            continue
        groups = [values[k:k + size] for k in range(0, width, size)]
        reordered = to_template(values, order)
        regroups = [reordered[k:k + size] for k in range(0, width, size)]
        as_printed += all(row_sum_fits(g) for g in groups)
        in_order += all(row_sum_fits(g) for g in regroups)
    return in_order > as_printed


def to_template(values: Sequence, order: Optional[Order]) -> tuple:
    """Given values in printed order and the printed order of the columns, return them in template
    order (unchanged when ``order`` is None)."""
    if order is None:
        return tuple(values)
    out: List = [None] * len(order)
    for k, col in enumerate(order):
        out[col] = values[k]
    return tuple(out)


__all__ = ["Order", "T4_GROUPS", "to_template", "zone_order"]
