"""The tables tab: a report's three tables as the template lays them out, its failed checks marked
under each, and the cells as CSV (this report's, or every report's). Its session state: the report
shown ("tables-report")."""

from __future__ import annotations

from typing import Optional, Sequence

import streamlit as st

from model import StoredReport
from page.render import md, report_label, table_html
from page.state import cells_of, lang
from page.texts import t
from pipeline import Store, cells_to_csv, checks_of, csv_file_name, format_to_layouts


def tables_panel(store: Store, reports: Sequence[StoredReport]) -> None:
    """Given the store and its reports, draw the tables tab for the report picked: the CSV downloads,
    the legend, each table with its cells (failed checks framed) and the failed checks under it."""
    if not reports:
        st.info(t("no_reports"))
        return
    labels = {r.id: report_label(r) + (f" — {t('checks_failed', n=r.checks_failed)}" if r.checks_failed else "")
              for r in reports}
    rid = st.selectbox(t("report"), list(labels), key="tables-report", format_func=lambda i: labels[i])
    rep = store.report(rid)
    if rep is None:
        return
    c1, c2 = st.columns(2)
    c1.download_button(t("csv_report"), cells_csv(store, rid), file_name=csv_file_name(rep.agency, rep.year, rid), mime="text/csv", key="csv1",
                       on_click="ignore")
    c2.download_button(t("csv_all"), cells_csv(store, None), file_name="all-reports.csv", mime="text/csv", key="csv2",
                       on_click="ignore")
    st.caption(md(rep.title))
    st.caption(t("legend") + "。" + t("csv_note") if lang() == "zh" else t("legend") + ". " + t("csv_note"))
    failed = [rc.check for rc in checks_of(store, rid) if not rc.check.passed]
    cells = cells_of(store, rid)
    for layout in format_to_layouts(rep.format):
        st.markdown(f"**{md(t('table_n', n=layout.number))}　{md(layout.title)}**")
        st.markdown(table_html(store, rep, layout.number), unsafe_allow_html=True)
        prefix = {"二": "t2.", "三": "t3.", "四": "t4."}[layout.number]
        for c in (c for c in failed if any(a.split(":", 1)[-1].startswith(prefix) for a in c.cells)):
            st.error(md(t("warn_cell", detail=c.detail)))
    if any(c.ocr for c in cells.values()):
        st.caption("* " + t("ocr"))


def cells_csv(store: Store, report_id: Optional[str]) -> str:
    """Given the store and a report's id (None for every report), return the cells CSV (the same as
    ``python -m index cells --csv``), notes in the page's language, with a BOM so that Excel opens
    the Chinese labels as UTF-8."""
    return cells_to_csv(store, report_id, lang(), bom=True)
