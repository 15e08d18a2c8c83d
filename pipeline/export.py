"""The cells as a spreadsheet: one CSV, the same from the command line and from the page.

Every template cell of the reports asked for, a row each, with where it stands and why it reads as
it does; a cell that takes part in a check its report fails carries that check's arithmetic in
``check_failed``, so a figure the report itself contradicts is never exported bare.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Dict, List, Optional

from index import Store
from model import ReportCheck
from phrasing import notes_text
from pipeline.checks import checks_of

CSV_COLUMNS = ("report_id", "agency", "year", "address", "status", "value", "unit", "table", "row_label", "col_label",
               "page", "line", "bbox", "source_text", "note", "ocr", "check_failed")


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
    for rc in store.cells(report_id):
        c, r = rc.cell, rc.report
        w.writerow([r.id, r.agency or "", r.year or "", c.address, c.status, c.value if c.status == "ok" else "",
                    c.unit, c.table, c.row_label, c.col_label, c.page or "", c.line or "",
                    json.dumps(list(c.bbox)) if c.bbox else "", c.source_text, notes_text(c.notes, lang), int(c.ocr),
                    " | ".join(failed.get((r.id, c.address), []))])
    return ("\ufeff" if bom else "") + buf.getvalue()
