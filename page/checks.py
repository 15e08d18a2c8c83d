"""The 算术核查 tab: each report's own arithmetic — the failed checks first, each with its sum, the cells
it adds up by their labels and page, and a button that opens those pages with the cells boxed; then
what passed and what could not run. Its session state: whether only the failing reports are shown
("checks-failing-only")."""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence, Tuple

import streamlit as st

from model import BBox, Cell, StoredReport
from page.render import cell_text, esc, labels_of, md, name_of, where
from page.state import cells_of
from page.texts import t
from page.viewer import open_source
from pipeline import Store, checks_not_run, checks_of, library_groups

#: Reports whose checks the checks tab draws at once (the failing ones first).
MAX_CHECKED_REPORTS = 20


def body_years(store: Store) -> Dict[str, Dict[int, str]]:
    """Given the store, return for each report the reports of its body by year (check 5 names cells
    ``YEAR:address``)."""
    out: Dict[str, Dict[int, str]] = {}
    for body in library_groups(store):
        years = {r.year: r.id for r in body.reports if r.year is not None}
        for r in body.reports:
            out[r.id] = years
    return out


def checks_panel(store: Store, reports: Sequence[StoredReport]) -> None:
    """Given the store and its reports, draw each report's failed checks — the reports with failures
    first and open — with the arithmetic, the cells involved by their labels, and the page to open;
    then what passed and what could not run."""
    if not reports:
        st.info(t("no_reports"))
        return
    failing = [r for r in reports if r.checks_failed]
    st.markdown(t("checks_summary", n=len(reports), m=len(failing)))
    only_failing = st.toggle(t("checks_only_failing", n=len(failing)), value=bool(failing), key="checks-failing-only",
                             disabled=not failing)
    shown = failing if only_failing and failing else sorted(reports, key=lambda r: -r.checks_failed)
    years = body_years(store)
    for r in shown[:MAX_CHECKED_REPORTS]:
        report_checks(store, r, years.get(r.id, {}))
    if len(shown) > MAX_CHECKED_REPORTS:
        st.caption(t("checks_more", n=len(shown) - MAX_CHECKED_REPORTS))


def report_checks(store: Store, rep: StoredReport, years: Dict[int, str]) -> None:
    """Given a report and the reports of its body by year, draw its checks in a box: each failed one
    with its arithmetic, its cells and a button per page that opens it with those cells boxed; then
    how many passed, and those that could not run with the figures they lack."""
    checks = [rc.check for rc in checks_of(store, rep.id)]
    failed = [c for c in checks if not c.passed]
    not_run = checks_not_run(store, rep.id)
    with st.container(border=True):
        head = f"**{md(name_of(rep))}**"
        if failed:
            head += f' <span class="failed-checks">{esc(t("checks_failed", n=len(failed)))}</span>'
        st.markdown(head, unsafe_allow_html=True)
        for n, c in enumerate(failed):
            st.error(f"**{t('check_failed')}**：{md(c.detail)}")
            involved = [_involved(store, rep, a, years) for a in c.cells]
            st.markdown(involved_html(involved), unsafe_allow_html=True)
            by_page: Dict[Tuple[str, int], List[BBox]] = {}
            for owner, cell in involved:
                if owner is not None and cell is not None and cell.page and owner.kind == "pdf":
                    by_page.setdefault((owner.id, cell.page), []).extend([cell.bbox] if cell.bbox else [])
            cols = st.columns(max(1, min(3, len(by_page))))
            for m, ((rid, page), boxes) in enumerate(by_page.items()):
                owner = store.report(rid)
                if owner is not None and cols[m % len(cols)].button(
                        t("open_page_boxes", p=page) + ("" if rid == rep.id else f"（{name_of(owner)}）"),
                        key=f"chk-{rep.id}-{n}-{m}", icon=":material/open_in_new:"):
                    open_source(store, owner, page, None, boxes)
        passed = len(checks) - len(failed)
        if not failed:
            st.success(t("checks_pass_n", n=passed) + (" " + t("checks_not_run", n=len(not_run)) if not_run else ""))
        elif not_run:
            st.warning(t("checks_not_run", n=len(not_run)))
        if not_run:
            with st.expander(t("not_run_list", n=len(not_run))):
                cells = cells_of(store, rep.id)
                for nr in not_run:
                    lacking = "、".join(" ".join(labels_of(cells[a], rep.format)) for a in nr.cells if a in cells)
                    st.markdown(f"– {md(nr.what)}" + (f"（{md(t('lacking', cells=lacking))}）" if lacking else ""))
        with st.expander(t("passed", n=passed)):
            for c in checks:
                if c.passed:
                    st.markdown(f"✓ {md(c.detail)}")


def _involved(store: Store, rep: StoredReport, name: str, years: Dict[int, str]) -> Tuple[Optional[StoredReport], Optional[Cell]]:
    """Given a report, a cell a check of it names and the reports of its body by year, return the
    cell with the report it is in (check 5 names cells of two years); None for either not stored."""
    rid, addr = rep.id, name
    if re.match(r"^\d{4}:", name):
        year, addr = name.split(":", 1)
        rid = years.get(int(year), rep.id)
    owner = store.report(rid)
    return owner, cells_of(store, rid).get(addr) if owner else None


def involved_html(involved: Sequence[Tuple[Optional[StoredReport], Optional[Cell]]]) -> str:
    """Given the cells a check adds up with their reports, return them as a table in HTML, one row
    each: report (when two), row, column, figure and page."""
    two = len({o.id for o, _ in involved if o is not None}) > 1
    rows = []
    for owner, c in involved:
        if owner is None or c is None:
            continue
        row, col = labels_of(c, owner.format)
        cells = ([name_of(owner)] if two else []) + [row, col, cell_text(c), where(owner.kind, c.page, c.line)]
        rows.append(f'<tr data-address="{esc(c.address)}">' + "".join(f"<td>{esc(x)}</td>" for x in cells) + "</tr>")
    head = "".join(f"<th>{esc(x)}</th>" for x in ([t("report")] if two else []) + [t("row"), t("col"), t("value"),
                                                                                    t("where")])
    return f'<div class="rtw"><table class="rt cells"><tbody><tr>{head}</tr>{"".join(rows)}</tbody></table></div>'
