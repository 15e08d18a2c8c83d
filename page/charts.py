"""A measure across bodies and years, drawn: a line a body across the years, or the bodies of one year
ranked as bars — the one chart component of the page, drawn by the data desk and under a trend,
comparison or ranking answer in the chat.

Charts are Vega-Lite through Altair (Streamlit's own chart type). Every point is a cited figure: its
tooltip gives the figure as printed, its unit, the report and, when its report's own arithmetic
contradicts it, the arithmetic; such a point is ringed in red. A figure that is missing or ambiguous
is not drawn (a chart has no place for it) and the caption under the chart says how many were left
out, so nothing is dropped silently. Clicking a point picks its report (``pick_key``), whose citation
the caller draws.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Sequence, Set, Union

import altair as alt
import pandas as pd
import streamlit as st

from page.state import lang
from page.texts import t
from phrasing import format_number
from pipeline import SeriesRow

#: What a chart function returns: one chart, or layers of one.
Chart = Union[alt.Chart, alt.LayerChart, alt.FacetChart]
#: Bodies past which a line chart draws no legend (each line is named in its tooltip).
MAX_LEGEND = 15
#: Bars a ranking draws at most (the rest stand in the table).
MAX_BARS = 30
#: Points past which a chart is drawn on a canvas rather than as SVG (drawing speed).
MAX_SVG_POINTS = 1500
#: Units said in English where the figure needs one (a count needs none).
_EN_UNITS = {"万元": " (10,000 yuan)", "元": " yuan", "%": "%"}
RED = "#c92a2a"


def figure_text(row: SeriesRow) -> str:
    """Given a series row, return its figure as a reader reads it: as printed with its unit (「4件」,
    「18651.06万元」, 「57.8%」), 「缺失」 or 「无法确定」 when there is none, and why a rate has none."""
    if row.status == "missing":
        return t("desk_zero") if row.note == "zero_denominator" else t("missing_short")
    if row.status == "ambiguous":
        return t("ambiguous")
    if lang() == "zh":
        return format_number(row.value) + row.unit
    return format_number(row.value) + _EN_UNITS.get(row.unit, "")


def marks_text(row: SeriesRow) -> str:
    """Given a series row, return its marks: a failed check (⚠), read by OCR."""
    return "；".join(([t("mark_failed")] if row.check_failed else []) + ([t("ocr")] if row.ocr else [])) \
        if lang() == "zh" else "; ".join(([t("mark_failed")] if row.check_failed else []) + ([t("ocr")] if row.ocr else []))


def chart_frame(rows: Sequence[SeriesRow]) -> pd.DataFrame:
    """Given series rows, return the points a chart draws: the rows with a value, one record each
    (report id, body, year, value, the figure as printed, the failed checks' arithmetic)."""
    records = []
    several = len({r.year for r in rows}) > 1
    for r in rows:
        if r.status != "ok" or r.value is None:
            continue
        text = figure_text(r)
        check = " | ".join(r.failed)
        records.append({"report": r.report.id, "body": r.body, "year": str(r.year or "?"), "value": float(r.value),
                        "label": f"{r.body} {r.year}" if several else r.body,
                        "figure": text + (t("ocr_mark") if r.ocr else ""), "failed": bool(r.failed),
                        "check": check, "desc": f"{r.body} {r.year or '?'}: {text}"})
    return pd.DataFrame.from_records(records, columns=["report", "body", "year", "value", "label", "figure", "failed",
                                                       "check", "desc"])


def _tooltip() -> list:
    return [alt.Tooltip("body:N", title=t("desk_col_body")), alt.Tooltip("year:N", title=t("desk_col_year")),
            alt.Tooltip("figure:N", title=t("desk_col_value")), alt.Tooltip("check:N", title=t("check_failed"))]


def _embed(chart: Chart, points: int) -> Chart:
    # SVG keeps each point a DOM element with its description (what a screen reader, and the browser
    # tests, read); past a few thousand points a canvas draws faster.
    renderer = "svg" if points <= MAX_SVG_POINTS else "canvas"
    return chart.properties(usermeta={"embedOptions": {"renderer": renderer}})


def line_chart(frame: pd.DataFrame, y_title: str, height: int = 360) -> Chart:
    """Given the points and the measure's name, return the chart of a line a body across the years,
    each point clickable, those in a failed check ringed red."""
    pick = alt.selection_point(name="pick", fields=["report"], on="click", clear=False)
    bodies = frame["body"].nunique()
    color = alt.Color("body:N", title=t("desk_col_body"),
                      legend=alt.Legend(orient="right", labelLimit=320) if bodies <= MAX_LEGEND else None)
    x = alt.X("year:O", title=t("desk_col_year"), axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=y_title)
    base = alt.Chart(frame)
    lines = base.mark_line().encode(x=x, y=y, color=color, detail="body:N")
    points = base.mark_point(filled=True, size=90, cursor="pointer").encode(
        x=x, y=y, color=color, tooltip=_tooltip(), description="desc:N",
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55))).add_params(pick)
    rings = base.transform_filter("datum.failed").mark_point(filled=False, size=260, strokeWidth=2.5, color=RED).encode(
        x=x, y=y, tooltip=_tooltip())
    chart = alt.layer(lines, points, rings).properties(height=height)
    return _embed(chart, len(frame))


def bar_chart(frame: pd.DataFrame, x_title: str) -> Chart:
    """Given one year's points and the measure's name, return them ranked as bars, highest first,
    each bar clickable, those in a failed check outlined red."""
    pick = alt.selection_point(name="pick", fields=["report"], on="click", clear=False)
    ranked = frame.sort_values("value", ascending=False).head(MAX_BARS)
    chart = alt.Chart(ranked).mark_bar(cursor="pointer").encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360)),
        x=alt.X("value:Q", title=x_title),
        color=alt.condition("datum.failed", alt.value(RED), alt.value("#4c78a8")),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.6)),
        tooltip=_tooltip(), description="desc:N").add_params(pick)
    return _embed(chart.properties(height=max(120, 26 * len(ranked))), len(ranked))


def picked_report(key: str) -> Optional[str]:
    """Given a chart's widget key, return the report of the point clicked in it (None when none)."""
    state = st.session_state.get(key)
    try:
        chosen = state["selection"]["pick"] if state else []
    except (KeyError, TypeError):
        return None
    return chosen[0].get("report") if chosen else None


def show_chart(chart: Chart, key: str, on_pick: Optional[Callable[[str], None]] = None) -> None:
    """Given a chart, a widget key and what to do with the report of a point clicked, draw it at the
    page's width, its clicks picking points."""
    def picked() -> None:
        report = picked_report(key)
        if report and on_pick is not None:
            on_pick(report)

    if on_pick is None:
        st.altair_chart(chart, key=key, width="stretch")
    else:
        st.altair_chart(chart, key=key, on_select=picked, selection_mode=["pick"], width="stretch")


def left_out(rows: Sequence[SeriesRow]) -> str:
    """Given the rows a chart was drawn from, return what it could not draw, in a sentence ("" when
    it drew them all): the missing and the ambiguous figures, which stand in the table."""
    missing = sum(1 for r in rows if r.status == "missing")
    ambiguous = sum(1 for r in rows if r.status == "ambiguous")
    return t("desk_not_drawn", missing=missing, ambiguous=ambiguous) if missing or ambiguous else ""


def chart_kind(rows: Sequence[SeriesRow], intent: str = "") -> str:
    """Given series rows and what the answer was (its intent, when it says), return the chart that
    shows them: bars for a ranking or a comparison, a line a body for a change over the years; else
    "line" when a body has two years or more (a trend), "bar" when not (bodies in one year); "" when
    fewer than two points could be drawn."""
    drawable = [r for r in rows if r.status == "ok"]
    if len(drawable) < 2:
        return ""
    if intent in ("rank", "compare"):
        return "bar"
    if intent in ("change", "growth"):
        return "line"
    years_of: Dict[str, Set[Optional[int]]] = {}
    for r in drawable:
        years_of.setdefault(r.body_key, set()).add(r.year)
    return "line" if any(len(y) > 1 for y in years_of.values()) else "bar"


def answer_chart(rows: List[SeriesRow], intent: str, key: str, y_title: str, on_pick: Callable[[str], None]) -> None:
    """Given the series an answer's cells make and the answer's intent, draw its chart under the
    answer (a trend as lines, a comparison or ranking as bars), each point a cited cell that opens
    its page when clicked."""
    kind = chart_kind(rows, intent)
    if not kind:
        return
    frame = chart_frame(rows)
    show_chart(line_chart(frame, y_title, height=240) if kind == "line" else bar_chart(frame, y_title), key, on_pick)
    note = left_out(rows)
    if note:
        st.caption(note)
