"""Warnings: a figure given whose report's own arithmetic contradicts a cell it rests on.

The figure is still given as printed — the report says it — but every answer that gives it carries a
``check_failed`` warning showing the arithmetic (cli.md), and its text says so too: a journalist
must never read a number the report itself does not add up to without being told.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional, Sequence, Tuple

from index import Store
from ingest import YEAR_CHECK_ADDRESSES, catalog_to_year_checks
from model import CatalogEntry, Cell, Check, ReportRef
from phrasing import say
from retrieval.catalog import store_to_body_years
from retrieval.citations import Answer, CellCitation, Warning


def failed_checks(store: Store, report_ids: Sequence[str],
                  body_years: Optional[Dict[str, List[CatalogEntry]]] = None) -> Dict[str, List[Check]]:
    """Given the store and reports, return the checks of each one's figures that fail (check 5 too:
    the years of its body loaded beside it) — a ranking cites thousands of reports: two queries in
    all, not two a report."""
    out = store.failed_checks_at(report_ids)
    body_years = store_to_body_years(store) if body_years is None else body_years
    beside = {rid: body_years[rid] for rid in report_ids if len(body_years.get(rid, [])) > 1}  # check 5: years of one body
    carried: Dict[str, Dict[str, Cell]] = {}
    for (rid, address), cell in store.cells_at(sorted({e.id for es in beside.values() for e in es}),
                                               YEAR_CHECK_ADDRESSES).items():
        carried.setdefault(rid, {})[address] = cell
    for rid, same_body in beside.items():
        out.setdefault(rid, []).extend(rk.check for rk in catalog_to_year_checks(same_body, lambda r: carried.get(r, {}), rid)
                                       if not rk.check.passed and rk.report.id == rid)
    return out


def _address(cell_name: str) -> str:
    """A check's cell name as an address (check 5 names cells ``YEAR:address``)."""
    return cell_name.split(":", 1)[1] if ":" in cell_name else cell_name


def citations_to_warnings(store: Store, cells: Sequence[CellCitation]) -> Tuple[Warning, ...]:
    """Given the cells an answer rests on, return a warning for each failed check one of them is in."""
    out: List[Warning] = []
    by_report: Dict[ReportRef, List[str]] = {}
    for c in cells:
        if c.cell.status == "ok":
            by_report.setdefault(c.report, []).append(c.address)
    failed = failed_checks(store, [ref.id for ref in by_report]) if by_report else {}
    for ref, addresses in by_report.items():
        for check in failed.get(ref.id, []):
            if {_address(a) for a in check.cells} & set(addresses):
                w = Warning("check_failed", check.detail, ref, check.cells)
                if w not in out:
                    out.append(w)
    return tuple(out)


def warning_sentence(w: Warning, lang: str) -> str:
    """A warning as the answer's text says it."""
    return say(lang, f"注意：报告自身的数字对不上——{w.detail}。以上数字照原文给出，请核对原文。",
               f"Caution: the report's own figures do not add up — {w.detail}. The figure is given as printed; "
               "check it against the source.")


def with_warnings(store: Store, answer: Answer, lang: str) -> Answer:
    """Given an answer, return it with the warnings of the cells it gives figures from, said in its
    text too (an answer that gives no figure needs none)."""
    if answer.status not in ("answered", "clarify") or not answer.cells:
        return answer
    warnings = citations_to_warnings(store, answer.cells)
    if not warnings:
        return answer
    text = answer.answer + "\n" + "\n".join(warning_sentence(w, lang) for w in warnings)
    return replace(answer, answer=text, warnings=warnings)
