"""Every check of a report's figures: those run when it was parsed (checks 1–4 and 6), and check 5,
which needs the other reports in the store — carried over in year Y = carried forward in year Y−1,
across the reports of one body under any of its printed names."""

from __future__ import annotations

from typing import Dict, List, Optional

from index import Store
from ingest import catalog_to_year_checks
from model import Cell, ReportCheck


def checks_of(store: Store, report_id: Optional[str] = None) -> List[ReportCheck]:
    """Given the store and a report (default: every report), return every check run on its figures,
    check 5 included (filed under the later year's report)."""

    def cells_of(rid: str) -> Dict[str, Cell]:
        return {rc.cell.address: rc.cell for rc in store.cells(rid)}

    return store.checks(report_id) + catalog_to_year_checks(store.catalog(), cells_of, report_id)
