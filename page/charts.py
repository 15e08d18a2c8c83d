"""A measure across bodies and years, drawn: a line a body across the years, or the bodies of one year
ranked as bars — the one chart component of the page, drawn by the data desk and under a trend,
comparison or ranking answer in the chat.

Charts are Vega-Lite made with Altair (Streamlit's own chart type): the spec once for each title and
shape, the points passed with it each run. Every point is a cited figure: its
tooltip gives the figure as printed, its unit, the report and, when its report's own arithmetic
contradicts it, the arithmetic; such a point is ringed in red. A figure that is missing or ambiguous
is not drawn (a chart has no place for it) and the caption under the chart says how many were left
out, so nothing is dropped silently. Clicking a point picks its report (``pick_key``), whose citation
the caller draws.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

import altair as alt
import pandas as pd
import streamlit as st

from page.state import lang
from page.texts import t
from phrasing import format_number
from pipeline import SeriesRow

#: Bodies past which a line chart draws no legend (each line is named in its tooltip).
MAX_LEGEND = 15
#: Bars a ranking draws at most (the rest stand in the table).
MAX_BARS = 30
#: Points past which a chart is drawn on a canvas rather than as SVG (drawing speed).
MAX_SVG_POINTS = 1500
#: Units said in English where the figure needs one (a count needs none).
_EN_UNITS = {"万元": " (10,000 yuan)", "元": " yuan", "%": "%"}
RED = "#c92a2a"


def figure_text(row: SeriesRow, language: str = "") -> str:
    """Given a series row (and the page's language, when the caller has it), return its figure as a
    reader reads it: as printed with its unit (「4件」, 「18651.06万元」, 「57.8%」, a rate to one
    decimal), 「缺失」 or 「无法确定」 when there is none, and why a rate has none."""
    if row.status == "missing":
        return t("desk_zero") if row.note == "zero_denominator" else t("missing_short")
    if row.status == "ambiguous":
        return t("ambiguous")
    number = f"{row.value:.1f}" if row.unit == "%" else format_number(row.value)
    if (language or lang()) == "zh":
        return number + row.unit
    return number + _EN_UNITS.get(row.unit, "")


def marks_text(row: SeriesRow) -> str:
    """Given a series row, return its marks: a failed check (⚠), read by OCR."""
    return "；".join(([t("mark_failed")] if row.check_failed else []) + ([t("ocr")] if row.ocr else [])) \
        if lang() == "zh" else "; ".join(([t("mark_failed")] if row.check_failed else []) + ([t("ocr")] if row.ocr else []))


def chart_frame(rows: Sequence[SeriesRow]) -> pd.DataFrame:
    """Given series rows, return the points a chart draws: the rows with a value, one record each
    (report id, body, year, value, the figure as printed, the failed checks' arithmetic)."""
    records = []
    several = len({r.year for r in rows}) > 1
    language, ocr = lang(), t("ocr_mark")
    for r in rows:
        if r.status != "ok" or r.value is None:
            continue
        text = figure_text(r, language)
        check = " | ".join(r.failed)
        records.append({"report": r.report.id, "body": r.body, "year": str(r.year or "?"), "value": float(r.value),
                        "label": f"{r.body} {r.year}" if several else r.body,
                        "figure": text + (ocr if r.ocr else ""), "failed": bool(r.checks),
                        "check": check, "desc": f"{r.body} {r.year or '?'}: {text}"})
    return pd.DataFrame.from_records(records, columns=["report", "body", "year", "value", "label", "figure", "failed",
                                                       "check", "desc"])


@dataclass(frozen=True)
class Drawn:
    """A chart ready to draw: its Vega-Lite spec (made by Altair, as JSON, without its data) and the
    points it draws. The spec depends only on the chart's titles and shape, so it is made once and
    kept (Altair's checking of a spec costs a good part of a second); the points change every run."""

    spec: str
    data: pd.DataFrame


def _tooltip(titles: Tuple[str, str, str, str]) -> list:
    body, year, value, check = titles
    return [alt.Tooltip("body:N", title=body), alt.Tooltip("year:N", title=year),
            alt.Tooltip("figure:N", title=value), alt.Tooltip("check:N", title=check)]


def _titles() -> Tuple[str, str, str, str]:
    return t("desk_col_body"), t("desk_col_year"), t("desk_col_value"), t("check_failed")


def _renderer(points: int) -> str:
    # SVG keeps each point a DOM element with its description (what a screen reader, and the browser
    # tests, read); past a few thousand points a canvas draws faster.
    return "svg" if points <= MAX_SVG_POINTS else "canvas"


@lru_cache(maxsize=64)
def _line_spec(y_title: str, legend: bool, height: int, renderer: str, titles: Tuple[str, str, str, str]) -> str:
    pick = alt.selection_point(name="pick", fields=["report"], on="click", clear=False)
    color = alt.Color("body:N", title=titles[0],
                      legend=alt.Legend(orient="right", labelLimit=320) if legend else None)
    x = alt.X("year:O", title=titles[1], axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=y_title)
    base = alt.Chart()
    lines = base.mark_line().encode(x=x, y=y, color=color, detail="body:N")
    points = base.mark_point(filled=True, size=90, cursor="pointer").encode(
        x=x, y=y, color=color, tooltip=_tooltip(titles), description="desc:N",
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55))).add_params(pick)
    rings = base.transform_filter("datum.failed").mark_point(filled=False, size=260, strokeWidth=2.5, color=RED).encode(
        x=x, y=y, tooltip=_tooltip(titles))
    chart = alt.layer(lines, points, rings).properties(height=height, usermeta={"embedOptions": {"renderer": renderer}})
    return json.dumps(chart.to_dict())


@lru_cache(maxsize=64)
def _bar_spec(x_title: str, height: int, renderer: str, titles: Tuple[str, str, str, str]) -> str:
    pick = alt.selection_point(name="pick", fields=["report"], on="click", clear=False)
    chart = alt.Chart().mark_bar(cursor="pointer").encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=360)),
        x=alt.X("value:Q", title=x_title),
        color=alt.condition("datum.failed", alt.value(RED), alt.value("#4c78a8")),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.6)),
        tooltip=_tooltip(titles), description="desc:N").add_params(pick)
    return json.dumps(chart.properties(height=height, usermeta={"embedOptions": {"renderer": renderer}}).to_dict())


def line_chart(frame: pd.DataFrame, y_title: str, height: int = 360) -> Drawn:
    """Given the points and the measure's name, return the chart of a line a body across the years,
    each point clickable, those in a failed check ringed red."""
    legend = frame["body"].nunique() <= MAX_LEGEND
    return Drawn(_line_spec(y_title, legend, height, _renderer(len(frame)), _titles()), frame)


def bar_chart(frame: pd.DataFrame, x_title: str) -> Drawn:
    """Given one year's points and the measure's name, return them ranked as bars, highest first,
    each bar clickable, those in a failed check outlined red (the first ``MAX_BARS``)."""
    ranked = frame.sort_values("value", ascending=False).head(MAX_BARS)
    return Drawn(_bar_spec(x_title, max(120, 26 * len(ranked)), _renderer(len(ranked)), _titles()), ranked)


def picked_report(key: str) -> Optional[str]:
    """Given a chart's widget key, return the report of the point clicked in it (None when none)."""
    state = st.session_state.get(key)
    try:
        chosen = state["selection"]["pick"] if state else []
    except (KeyError, TypeError):
        return None
    return chosen[0].get("report") if chosen else None


def show_chart(chart: Drawn, key: str, on_pick: Optional[Callable[[str], None]] = None) -> None:
    """Given a chart, a widget key and what to do with the report of a point clicked, draw it at the
    page's width, its clicks picking points."""
    def picked() -> None:
        report = picked_report(key)
        if report and on_pick is not None:
            on_pick(report)

    spec = json.loads(chart.spec)
    if on_pick is None:
        st.vega_lite_chart(chart.data, spec, key=key, width="stretch")
    else:
        st.vega_lite_chart(chart.data, spec, key=key, on_select=picked, selection_mode=["pick"], width="stretch")


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
