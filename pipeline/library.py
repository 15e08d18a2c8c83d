"""The library as a reader sees it: the reports grouped by the body that published them, across
years and printed names; and which of a report's checks could not be run.

One body may print its name differently from year to year (「番禺区政务服务数据管理局」,
「广州市番禺区政务服务数据管理局」): it is one body with its years, and its printed names are shown
beside it, never as two bodies. A check that needs a cell the report leaves blank (or prints so
that it cannot be read) is not run rather than failed; saying "every check passes" of such a
report would mislead, so the checks that could not run are listed with the cells they lack.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Dict, List, Tuple

from index import Store
from ingest import FORMATS_BY_NAME, bodies_to_keys, cells_to_checks
from model import ReportRef, StoredReport


@dataclass(frozen=True)
class BodyReports:
    """One body's reports: its name as last printed, every name it printed (latest first) and its
    reports, latest year first. A report whose body could not be read stands alone."""

    key: str
    name: str
    names: Tuple[str, ...]
    reports: Tuple[StoredReport, ...]


@dataclass(frozen=True)
class CheckNotRun:
    """A check of checks 1–4 that could not be run on a report: what it adds up (``what``, the
    check's own words) and the cells it needs that are missing or ambiguous."""

    report: ReportRef
    check: str
    what: str
    cells: Tuple[str, ...]


def library_groups(store: Store) -> List[BodyReports]:
    """Given the store, return its reports grouped by body (``ingest.bodies_to_keys``), bodies in the
    order of their names."""
    reports = store.reports()
    keys = bodies_to_keys([r.agency for r in reports if r.agency])
    grouped: Dict[str, List[StoredReport]] = {}
    for r in reports:
        grouped.setdefault(keys[r.agency] if r.agency else f"report:{r.id}", []).append(r)
    out = []
    for key, members in grouped.items():
        members.sort(key=lambda r: (-(r.year or 0), r.agency or "", r.id))
        names = tuple(dict.fromkeys(r.agency for r in members if r.agency))
        out.append(BodyReports(key, names[0] if names else members[0].id, names, tuple(members)))
    return sorted(out, key=lambda b: b.name)


def checks_not_run(store: Store, report_id: str) -> List[CheckNotRun]:
    """Given the store and a report, return the checks 1–4 (template.md) that its figures could not
    be put to, because a cell they need is missing or ambiguous."""
    rep = store.report(report_id)
    cells = {rc.cell.address: rc.cell for rc in store.cells(report_id)}
    if rep is None or not cells or rep.format not in FORMATS_BY_NAME:
        return []
    # The checks the report would have, were every cell it prints known: run on zeros.
    known = {a: replace(c, status="ok", value=0) for a, c in cells.items()}
    ran = {rc.check.check for rc in store.checks(report_id)}
    out = []
    for check in cells_to_checks(known, FORMATS_BY_NAME[rep.format]):
        if check.check in ran:
            continue
        lacking = tuple(a for a in check.cells if cells.get(a) is None or cells[a].status != "ok")
        out.append(CheckNotRun(rep.ref, check.check, check.detail.rsplit(": ", 1)[0], lacking))
    return out
