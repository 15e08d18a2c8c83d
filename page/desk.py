"""The data desk (数据台): any figure across every loaded body and year — pick a measure (a cell of the
template, a group it sums, or a rate the product computes), filter by place, level and year, and read
it as a table, a line a body across the years and the bodies of one year ranked; click a row or a
point to see its citation (the printed page with the cell boxed); download exactly the rows shown as
CSV or Excel, with the cells' addresses and the failed checks' arithmetic.

Its view lives in the page's address (``?tab=desk&m=…&place=…&level=…&year=…&bar=…&pick=…``), so a
link opens the same view, and the desk draws from it when it is opened again (Streamlit forgets the
state of widgets a run does not draw, and the desk is drawn only while its tab is open). Its session
state: the widgets' keys below, "desk-pick" (the report picked) and "desk-shown" (the rows the table
shows, to map a clicked row back to its report).
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

import pandas as pd
import streamlit as st

from model import StoredReport
from page.charts import MAX_BARS, bar_chart, chart_frame, figure_text, left_out, line_chart, show_chart
from page.citations import show_citations
from page.render import md, name_of
from page.state import lang
from page.texts import t
from phrasing import format_number, location_text
from pipeline import SeriesRow, Store, measure_label, measure_named, measure_names, measure_to_series
from retrieval import CellCitation

MEASURE, PLACES, LEVELS, YEARS, BAR_YEAR, PICK, SHOWN = ("desk-measure", "desk-places", "desk-levels", "desk-years",
                                                         "desk-bar-year", "desk-pick", "desk-shown")
#: The query parameter each part of the view is kept in.
PARAMS = {MEASURE: "m", PLACES: "place", LEVELS: "level", YEARS: "year", BAR_YEAR: "bar", PICK: "pick"}
DEFAULT_MEASURE = "t3.new.total"
LEVEL_ORDER = ("province", "city", "county", "township", "")


@st.cache_resource(show_spinner=False, max_entries=32)
def _series(_store: Store, folder: str, catalog: Tuple[int, int, int], measure: str) -> List[SeriesRow]:
    # Keyed by the catalog: a report added, replaced or deleted makes a new series.
    return measure_to_series(_store, measure)


def series_of(store: Store, measure: str) -> List[SeriesRow]:
    """Given the store and a measure's name, return its series over every stored report (read once
    until a report is added, replaced or deleted)."""
    return _series(store, str(store.folder), store.catalog_key(), measure)


@lru_cache(maxsize=2)
def measure_labels(language: str) -> Dict[str, str]:
    """Given a language, return every measure's name as the picker lists it."""
    return {n: measure_label(measure_named(n), language) for n in measure_names()}


# ---------------------------------------------------------------- the view in the page's address


def restore_view() -> None:
    """Before the desk's widgets are drawn: give each the value the page's address holds for it,
    unless the session has one (a link opened, or the desk opened again after another tab)."""
    qp = st.query_params
    for key, param in PARAMS.items():
        if key in st.session_state or param not in qp:
            continue
        values = qp.get_all(param)
        if key in (PLACES, LEVELS):
            st.session_state[key] = list(values)
        elif key == YEARS:
            st.session_state[key] = [int(v) for v in values if v.isdigit()]
        elif key == BAR_YEAR:
            st.session_state[key] = int(values[0]) if values and values[0].isdigit() else None
        else:
            st.session_state[key] = values[0] if values else None


def keep_view() -> None:
    """After the desk is drawn: write its view into the page's address (what a shared link opens)."""
    qp = st.query_params
    for key, param in PARAMS.items():
        value = st.session_state.get(key)
        if value in (None, [], ""):
            if param in qp:
                del qp[param]
        elif isinstance(value, list):
            qp[param] = [str(v) for v in value]
        else:
            qp[param] = str(value)


# ---------------------------------------------------------------- what the table shows


def level_text(level: str) -> str:
    return t(f"level_{level or 'none'}")


def where_text(row: SeriesRow, language: str) -> str:
    """Given a row and the page's language, return where its cells stand (the pages of a PDF, the
    lines of a text), each once."""
    places = [location_text(row.kind, c.page, c.line, language) for c in row.cells]
    return ("、" if language == "zh" else ", ").join(p for p in dict.fromkeys(places) if p)


def notes_text(row: SeriesRow) -> str:
    """Given a row, return what a reader must know of its figure: why there is none, a failed check
    with its arithmetic, OCR ("" for most rows: a figure as printed needs no note)."""
    if row.status == "ok" and not row.checks and not row.ocr:
        return ""
    out = []
    if row.status != "ok":
        out.append(figure_text(row))
    out += [t("warn_cell", detail=d) for d in row.failed]
    if row.ocr:
        out.append(t("ocr"))
    return ("；" if lang() == "zh" else "; ").join(out)


def columns() -> Dict[str, str]:
    """The table's columns, by field, named in the page's language."""
    return {"body": t("desk_col_body"), "year": t("desk_col_year"), "value": t("desk_col_value"),
            "notes": t("desk_col_notes"), "where": t("desk_col_where"), "place": t("desk_col_place"),
            "level": t("desk_col_level")}


def table_records(rows: Sequence[SeriesRow]) -> List[Dict[str, object]]:
    """Given the rows shown, return the table's records: the figure as a number (to sort by), what
    to know of it, where it stands, the body's place and level."""
    language = lang()
    levels = {lv: level_text(lv) for lv in LEVEL_ORDER}
    return [{"body": r.body + ("⚠" if r.checks else ""), "year": r.year,
             "value": float(r.value) if r.status == "ok" and r.value is not None else None,
             "notes": notes_text(r), "where": where_text(r, language), "place": r.places[-1] if r.places else "",
             "level": levels[r.level]} for r in rows]


def value_format(rows: Sequence[SeriesRow]) -> Optional[str]:
    """Given the rows shown, return the printf format that writes every figure among them exactly as
    ``figure_text`` does (same decimals, same unit), or None when one format cannot."""
    shown = [r for r in rows if r.status == "ok" and r.value is not None]
    if not shown:
        return "%d"
    units = {r.unit for r in shown}
    if len(units) != 1:
        return None
    unit = units.pop()
    decimals = {len(format_number(r.value).partition(".")[2]) if r.unit != "%" else 1 for r in shown}
    if len(decimals) != 1:
        return None
    d = decimals.pop()
    suffix = (unit if lang() == "zh" else {"%": "%", "万元": " (10,000 yuan)", "元": " yuan"}.get(unit, "")).replace("%", "%%")
    return ("%d" if d == 0 else f"%.{d}f") + suffix


def table_data(rows: Sequence[SeriesRow], records: Sequence[Dict[str, object]]):
    """Given the rows shown and their records (``table_records``), return what ``st.dataframe`` draws
    and its column settings: the figures as numbers (so the table sorts by them) written as printed,
    with their unit."""
    names = columns()
    frame = pd.DataFrame.from_records(list(records), columns=list(names)).rename(columns=names)
    fmt = value_format(rows)
    config = {names["year"]: st.column_config.NumberColumn(format="%d"),
              names["value"]: st.column_config.NumberColumn(format=fmt) if fmt else None,
              names["notes"]: st.column_config.TextColumn(width="large")}
    if fmt is None:  # figures of several units or decimals: each written as printed, by a style
        texts = {float(r.value): figure_text(r) for r in rows if r.status == "ok" and r.value is not None}
        config.pop(names["value"])
        return frame.style.format(lambda v: texts.get(v, "") if v == v else "", subset=[names["value"]]), config
    return frame, {k: v for k, v in config.items() if v is not None}


def export_records(rows: Sequence[SeriesRow], records: Sequence[Dict[str, object]],
                   measure: str) -> Tuple[List[str], List[List[object]]]:
    """Given the rows shown, their records (``table_records``) and the measure, return the downloads'
    header and rows: the table's columns, then what a spreadsheet needs to check each figure again —
    the figure as printed, its unit and status, the failed checks, OCR, the report, the cells'
    addresses."""
    names = columns()
    head = list(names.values()) + [t("desk_col_figure"), t("desk_col_unit"), "status", "check_failed", "ocr",
                                   "measure", "report_id", "agency", "addresses"]
    out = []
    for r, rec in zip(rows, records):
        figure = format_number(r.value) if r.status == "ok" else ""
        out.append([rec["body"], rec["year"], figure if figure else "", rec["notes"], rec["where"], rec["place"],
                    rec["level"], figure, r.unit, r.status, " | ".join(r.failed), int(r.ocr), measure, r.report.id,
                    r.report.agency or "", ";".join(c.address for c in r.cells)])
    return head, out


def to_csv(head: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """Given a header and rows, return them as CSV with a byte-order mark (Excel reads the Chinese)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(head)
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(head: Sequence[str], rows: Sequence[Sequence[object]], sheet: str) -> bytes:
    """Given a header and rows, return them as an Excel workbook of one sheet; each figure is written
    as the text it is printed as (a number cell would drop a printed 「37.80」's last zero)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31] or "desk")
    ws.append(list(head))
    for r in rows:
        ws.append(["" if v is None else v for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- the view


def _pick(report_id: str) -> None:
    st.session_state[PICK] = report_id


def _table_picked() -> None:
    state = st.session_state.get("desk-table")
    rows = state["selection"]["rows"] if state else []
    shown = st.session_state.get(SHOWN) or []
    if rows and rows[0] < len(shown):
        _pick(shown[rows[0]])


def filtered(rows: Sequence[SeriesRow], places: Sequence[str], levels: Sequence[str], years: Sequence[int]) -> List[SeriesRow]:
    """Given a series and the filters picked (none picked: no filter), return the rows they keep."""
    return [r for r in rows if (not places or any(p in r.places for p in places))
            and (not levels or r.level in levels) and (not years or r.year in years)]


def desk_panel(store: Store, reports: Sequence[StoredReport]) -> None:
    """Given the store and its reports, draw the desk: the measure and filters, the table, the two
    charts, the citation of the row or point picked, the downloads; and keep the view in the address."""
    if not reports:
        st.info(t("no_reports"))
        return
    restore_view()
    names = measure_names()
    if st.session_state.get(MEASURE) not in names:
        st.session_state[MEASURE] = DEFAULT_MEASURE
    lang_ = lang()
    st.caption(t("desk_intro"))
    labels = measure_labels(lang_)
    measure = st.selectbox(t("desk_measure"), names, key=MEASURE, format_func=labels.__getitem__)
    m = measure_named(measure)
    rows = series_of(store, measure)
    place_rank: Dict[str, int] = {}
    for r in rows:
        for p in r.places:
            place_rank[p] = min(place_rank.get(p, len(LEVEL_ORDER)), LEVEL_ORDER.index(r.level))
    all_places = sorted(place_rank, key=lambda p: (place_rank[p], p))
    all_levels = [lv for lv in LEVEL_ORDER if any(r.level == lv for r in rows)]
    all_years = sorted({r.year for r in rows if r.year is not None})
    for key, options in ((PLACES, all_places), (LEVELS, all_levels), (YEARS, all_years)):
        if any(v not in options for v in st.session_state.get(key) or []):
            st.session_state[key] = [v for v in st.session_state[key] if v in options]
    c1, c2, c3 = st.columns([3, 2, 2])
    places = c1.multiselect(t("desk_place"), all_places, key=PLACES, placeholder=t("desk_all"), select_all=False)
    levels = c2.multiselect(t("desk_level"), all_levels, key=LEVELS, format_func=level_text, placeholder=t("desk_all"),
                            select_all=False)
    years = c3.multiselect(t("desk_year"), all_years, key=YEARS, placeholder=t("desk_all"), select_all=False)
    shown = filtered(rows, places, levels, years)
    if not shown:
        st.info(t("desk_empty"))
        keep_view()
        return
    label = measure_label(m, lang_)
    bodies = len({r.body_key for r in shown})
    failed = sum(1 for r in shown if r.check_failed)
    st.markdown(f"**{md(label)}** · " + md(t("desk_rows", n=len(shown), bodies=bodies,
                                                years=len({r.year for r in shown})))
                + (f' · <span class="failed-checks">{md(t("desk_failed", n=failed))}</span>' if failed else ""),
                unsafe_allow_html=True)

    # The table: every row shown; a click on a row picks its report.
    st.session_state[SHOWN] = [r.report.id for r in shown]
    records = table_records(shown)
    data, config = table_data(shown, records)
    st.dataframe(data, key="desk-table", on_select=_table_picked, selection_mode="single-row", hide_index=True, placeholder="—",
                 column_config=config, height=min(420, 38 + 35 * len(shown)))
    head, out = export_records(shown, records, measure)
    d1, d2, _ = st.columns([1, 1, 3])
    stem = f"desk-{measure}"
    d1.download_button(t("desk_csv"), to_csv(head, out), file_name=f"{stem}.csv", mime="text/csv", key="desk-csv",
                       on_click="ignore", icon=":material/download:")
    # The workbook is written when asked for (a thousand rows take openpyxl a good part of a second).
    d2.download_button(t("desk_xlsx"), lambda: to_xlsx(head, out, measure), file_name=f"{stem}.xlsx", key="desk-xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
                       icon=":material/download:")

    # The charts: a line a body across the years; the bodies of one year ranked.
    frame = chart_frame(shown)
    y_title = t("desk_axis", unit=m.unit) if lang_ == "zh" or m.unit == "%" else t("desk_col_value")
    st.markdown(f"**{md(t('desk_line'))}**")
    if not frame.empty:
        show_chart(line_chart(frame, y_title), "desk-line", _pick)
    note = left_out(shown)
    if note:
        st.caption(note)
    years_with = sorted({r.year for r in shown if r.year is not None and r.status == "ok"})
    if st.session_state.get(BAR_YEAR) not in years_with:
        # The year with the most figures to rank (the latest of those).
        counts = {y: sum(1 for r in shown if r.year == y and r.status == "ok") for y in years_with}
        st.session_state[BAR_YEAR] = max(years_with, key=lambda y: (counts[y], y)) if years_with else None
    if years_with:
        c1, _ = st.columns([1, 3])
        year = c1.selectbox(t("desk_bar_year"), years_with, key=BAR_YEAR)
        one = frame[frame["year"] == str(year)]
        st.markdown(f"**{md(t('desk_bar', y=year))}**")
        show_chart(bar_chart(one, y_title), "desk-bar", _pick)
        if len(one) > MAX_BARS:
            st.caption(t("desk_top", n=MAX_BARS, total=len(one)))
    # The citation of the row or point picked.
    picked = next((r for r in shown if r.report.id == st.session_state.get(PICK)), None)
    if picked is None:
        st.session_state[PICK] = None
        st.caption(t("desk_pick_hint"))
    else:
        show_pick(store, picked)
    keep_view()


def show_pick(store: Store, row: SeriesRow) -> None:
    """Given the row picked, draw its citation: the figure, what to know of it, and its cells — one
    cell with its printed page boxed and its table, several as one table and their pages."""
    st.markdown(f"#### {md(t('desk_source', name=name_of(row.report)))}")
    st.markdown(f"**{md(figure_text(row))}**" + (f" · {md(notes_text(row))}" if notes_text(row) and row.status == "ok"
                                                  else ""))
    cites = [CellCitation(row.report, c) for c in row.cells]
    warned: Dict[Tuple[str, str], List[str]] = {}
    for address, detail in row.checks:
        warned.setdefault((row.report.id, address), []).append(detail)
    show_citations(store, cites, (), f"desk-{row.report.id}", warned, expanded=True)
