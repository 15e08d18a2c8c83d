"""Table rows as sentences, so that passage search can reach the tables too.

「（二）部分公开：自然人3件，商业企业1件，科研机构0件……总计4件」 is what a person would write for the
row, and what a question about it will share words with. Only known cells are written; a missing
or ambiguous one is said to be so, never given a number.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import List

from ingest import SECTION_TITLES
from model import Cell, Passage, Report
from phrasing import format_number

_UNIT = {"t2": "", "t3": "件", "t4": "件"}


def _value_text(cell: Cell, unit: str) -> str:
    if cell.status == "ok":
        return format_number(cell.value) + (cell.unit or unit)
    return "未列明" if cell.status == "missing" else "无法确定"


def report_to_row_passages(report: Report) -> List[Passage]:
    """Given a parsed report, return one passage per printed table row (rows all missing are skipped).

    They are numbered after the report's own passages and carry the page of the row's first cell.
    """
    rows: "OrderedDict[str, List[Cell]]" = OrderedDict()
    for c in report.cells:
        table, *rest = c.address.split(".")
        key = f"{table}.{'.'.join(rest[:-1])}"
        rows.setdefault(key, []).append(c)
    out: List[Passage] = []
    n = len(report.passages)
    for key, cells in rows.items():
        if all(c.status == "missing" for c in cells):
            continue
        table = key.split(".")[0]
        unit = _UNIT[table]
        label = cells[0].row_label if table != "t4" else cells[0].row_label
        parts = []
        for c in cells:
            col = c.col_label.split("·")[-1]
            parts.append(f"{col}{_value_text(c, unit)}")
        text = f"{label}：" + "，".join(parts) + "。"
        first = next((c for c in cells if c.page is not None), cells[0])
        number = {"t2": 2, "t3": 3, "t4": 4}[table]
        out.append(Passage(n=n, section=_section_heading(report, number), section_number=number, text=text,
                           page=first.page or 1, line=first.line, start=0, end=0, bbox=first.bbox,
                           subsection=key))
        n += 1
    return out


def _section_heading(report: Report, number: int) -> str:
    for s in report.sections:
        if s.number == number:
            return s.heading
    return SECTION_TITLES[number]
