"""The three tables as the template lays them out, as data: what the page draws a report's tables from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, Tuple

from ingest.template import (
    FORMATS_BY_NAME,
    T2_COL_LABELS,
    T2_COL_LABELS_2019,
    T3_COL_LABELS,
    T3_COLS,
    T3_GROUP_LABELS,
    T4_COL_LABELS,
    T4_COLS,
    T4_GROUP_LABELS,
    T4_GROUPS,
)


@dataclass(frozen=True)
class TableRow:
    """One printed row: its label and the address of each of its cells, left to right."""

    label: str
    addresses: Tuple[str, ...]
    columns: Tuple[str, ...]


@dataclass(frozen=True)
class TableLayout:
    """One table: its number (二, 三, 四), title, column labels and rows."""

    number: str
    title: str
    columns: Tuple[str, ...]
    rows: Tuple[TableRow, ...]


def format_to_layouts(fmt_name: str, one_row: Sequence[str] = ()) -> Tuple[TableLayout, ...]:
    """Given a format name ("2021" or "2019") and the table-3 groups a report prints as one row
    (「（六）其他处理」 of a 2021-format report keeping the 2019 row), return its tables 二, 三 and 四
    in template order, as that report prints them."""
    fmt = FORMATS_BY_NAME[fmt_name]
    t2_labels = T2_COL_LABELS_2019 if fmt_name == "2019" else T2_COL_LABELS
    t2 = TableLayout("二", "主动公开政府信息情况", (), tuple(
        TableRow(s.label, tuple(s.address(c) for c in s.cols), tuple(t2_labels[c] for c in s.cols)) for s in fmt.t2))
    t3_rows = []
    drawn = set()
    for s in fmt.t3:
        whole = next((v for v in fmt.t3_variant if v.key in one_row and s.key.startswith(v.key + ".")), None)
        if whole is not None:
            if whole.key not in drawn:  # the printed row, once, where its sub-rows would stand
                drawn.add(whole.key)
                t3_rows.append(TableRow(whole.label, tuple(whole.address(c) for c in T3_COLS),
                                        tuple(T3_COL_LABELS[c] for c in T3_COLS)))
            continue
        group = T3_GROUP_LABELS.get(s.group or "")
        label = f"{group} {s.label}" if group else s.label
        t3_rows.append(TableRow(label, tuple(s.address(c) for c in T3_COLS), tuple(T3_COL_LABELS[c] for c in T3_COLS)))
    t3 = TableLayout("三", "收到和处理政府信息公开申请情况", tuple(T3_COL_LABELS[c] for c in T3_COLS), tuple(t3_rows))
    t4 = TableLayout("四", "政府信息公开行政复议、行政诉讼情况", tuple(T4_COL_LABELS[c] for c in T4_COLS), tuple(
        TableRow(T4_GROUP_LABELS[g], tuple(f"t4.{g}.{c}" for c in T4_COLS), tuple(T4_COL_LABELS[c] for c in T4_COLS))
        for g in T4_GROUPS))
    return (t2, t3, t4)
