"""The cells as a spreadsheet: one CSV, the same from the command line and from the page.

Every template cell of the reports asked for, a row each, with where it stands and why it reads as
it does; a cell that takes part in a check its report fails carries that check's arithmetic in
``check_failed``, so a figure the report itself contradicts is never exported bare.
"""

from __future__ import annotations

import csv
import io
import json
import re
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from index import Store
from ingest import format_to_layouts
from model import ReportCheck
from phrasing import notes_text
from pipeline.checks import checks_of

CSV_COLUMNS = ("report_id", "agency", "year", "address", "status", "value", "unit", "table", "row_label", "col_label",
               "page", "line", "bbox", "source_text", "note", "ocr", "check_failed", "template_row", "template_col")


@lru_cache(maxsize=8)
def template_labels(fmt: str) -> Dict[str, Tuple[str, str]]:
    """For each address of a format, its row and column labels as the template prints them (the
    print's own, in ``row_label``, may be garbled by extraction: 「（四）无法提供 （四）无 1.本机关…」)."""
    out: Dict[str, Tuple[str, str]] = {}
    # (With the groups a report may print as one row too: their cells are labelled as printed.)
    for layouts in (format_to_layouts(fmt), format_to_layouts(fmt, ("other",))):
        for layout in layouts:
            for row in layout.rows:
                for a, col in zip(row.addresses, row.columns):
                    out.setdefault(a, (row.label, col))
    return out


def csv_file_name(agency: Optional[str], year: Optional[int], report_id: str) -> str:
    """A report's CSV named as a reader finds it again: 「淮安市人民政府-2024.csv」 (the id when the body
    or year is unknown)."""
    stem = "-".join(str(x) for x in (agency, year) if x) or report_id
    return re.sub(r'[\\/:*?"<>|\s]+', "_", stem) + ".csv"


def failed_checks_by_cell(checks: List[ReportCheck]) -> Dict[tuple, List[str]]:
    """Given checks, return for each (report id, address) the arithmetic of the failed checks it is in."""
    out: Dict[tuple, List[str]] = {}
    for rc in checks:
        if rc.check.passed:
            continue
        for a in rc.check.cells:
            out.setdefault((rc.report.id, a.split(":", 1)[-1] if ":" in a else a), []).append(rc.check.detail)
    return out


def cells_to_csv(store: Store, report_id: Optional[str] = None, lang: str = "en", bom: bool = False) -> str:
    """Given the store and a report (default: every report), return its cells as CSV text.

    ``bom`` puts a byte-order mark first, so that Excel opens the Chinese labels as UTF-8.
    """
    failed = failed_checks_by_cell(checks_of(store, report_id))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    formats: Dict[str, str] = {}
    for rc in store.cells(report_id):
        c, r = rc.cell, rc.report
        if r.id not in formats:
            stored = store.report(r.id)
            formats[r.id] = (stored.format if stored else None) or "2021"
        clean_row, clean_col = template_labels(formats[r.id]).get(c.address, ("", ""))
        w.writerow([r.id, r.agency or "", r.year or "", c.address, c.status, c.value if c.status == "ok" else "",
                    c.unit, c.table, c.row_label, c.col_label, c.page or "", c.line or "",
                    json.dumps(list(c.bbox)) if c.bbox else "", c.source_text, notes_text(c.notes, lang), int(c.ocr),
                    " | ".join(failed.get((r.id, c.address), [])), clean_row, clean_col])
    return ("\ufeff" if bom else "") + buf.getvalue()
