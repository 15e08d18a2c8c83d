"""The three tables as the template lays them out, as data: what the page draws a report's tables from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

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


def format_to_layouts(fmt_name: str) -> Tuple[TableLayout, ...]:
    """Given a format name ("2021" or "2019"), return its tables 二, 三 and 四 in template order."""
    fmt = FORMATS_BY_NAME[fmt_name]
    t2_labels = T2_COL_LABELS_2019 if fmt_name == "2019" else T2_COL_LABELS
    t2 = TableLayout("二", "主动公开政府信息情况", (), tuple(
        TableRow(s.label, tuple(s.address(c) for c in s.cols), tuple(t2_labels[c] for c in s.cols)) for s in fmt.t2))
    t3_rows = []
    for s in fmt.t3:
        group = T3_GROUP_LABELS.get(s.group or "")
        label = f"{group} {s.label}" if group else s.label
        t3_rows.append(TableRow(label, tuple(s.address(c) for c in T3_COLS), tuple(T3_COL_LABELS[c] for c in T3_COLS)))
    t3 = TableLayout("三", "收到和处理政府信息公开申请情况", tuple(T3_COL_LABELS[c] for c in T3_COLS), tuple(t3_rows))
    t4 = TableLayout("四", "政府信息公开行政复议、行政诉讼情况", tuple(T4_COL_LABELS[c] for c in T4_COLS), tuple(
        TableRow(T4_GROUP_LABELS[g], tuple(f"t4.{g}.{c}" for c in T4_COLS), tuple(T4_COL_LABELS[c] for c in T4_COLS))
        for g in T4_GROUPS))
    return (t2, t3, t4)
