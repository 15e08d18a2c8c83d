"""An answer's evidence, drawn the same wherever an answer is shown (the chat, a checked figure's
sources): its failed-check warnings, one cell with its table and printed page, several cells as one
table and one view of their sources, a passage with its sentence marked."""

from __future__ import annotations

import re
from typing import Dict, List, Sequence, Tuple

import streamlit as st

from model import Cell, ReportRef
from page.render import esc, labels_of, md, name_of, table_html, value_text, where
from page.state import lang
from page.texts import t
from page.viewer import cited_page_png, source_buttons
from phrasing import format_number, notes_text, table_name
from pipeline import Store
from retrieval import Answer, CellCitation, PassageCitation, Warning


def warnings_of(answer: Answer) -> Dict[Tuple[str, str], List[str]]:
    """Given an answer, return for each (report id, address) its warnings name the arithmetic of
    the failed checks that cell is in."""
    out: Dict[Tuple[str, str], List[str]] = {}
    for w in answer.warnings:
        for a in w.cells:
            out.setdefault((w.report.id, a.split(":", 1)[1] if ":" in a else a), []).append(w.detail)
    return out


def show_warning(w: Warning) -> None:
    """Given a warning of an answer, draw it: the figure rests on a cell in a check its report
    fails, with the check's arithmetic."""
    st.error(md(t("warn_answer", detail=w.detail)), icon=":material/warning:")


def show_cell_citation(store: Store, cite: CellCitation, key: str, warned: Dict[Tuple[str, str], List[str]]) -> None:
    """Given one cited cell, a widget key and the answer's failed checks by cell (``warnings_of``),
    draw the cell: its labels, figure and place; the printed page's part with the cell boxed, read at
    the chat's width; the source opened at that page; the table with the cell highlighted."""
    c, ref = cite.cell, cite.report
    rep = store.report(ref.id)
    fmt = rep.format if rep else None
    row, col = labels_of(c, fmt)
    at = where(rep.kind if rep else None, c.page, c.line)
    bad = warned.get((ref.id, c.address), [])
    value = value_text(c, with_unit=False)
    parts = [f"{t('cell')}：{name_of(ref)}", table_name(c.table, lang()), f"{t('row')}“{row}”", f"{t('col')}“{col}”"]
    label = " · ".join(parts + ([at] if at else [])) + f" → {value}" + (" ⚠" if bad else "")
    with st.expander(md(label), expanded=True):
        st.markdown(f"{t('row')}：{md(row)}　{t('col')}：{md(col)}　{t('value')}：**{md(value)}**"
                    + (f"　{t('where')}：{md(at)}" if at else ""))
        for d in bad:
            st.error(md(t("warn_cell", detail=d)))
        if c.source_text and re.sub(r"\s+", "", c.source_text) != re.sub(r"\s+", "", row):
            st.caption(f"{t('printed')}：{md(c.source_text)}")
        if c.ocr:
            st.caption(t("ocr"))
        if c.candidates:
            st.caption(t("candidates", v=md(" / ".join(format_number(v) for v in c.candidates))))
        if c.notes:
            st.caption(md(notes_text(c.notes, lang())))
        if rep is None:
            return
        # The printed page first (the evidence), then the template's table (where the cell stands).
        boxes = [c.bbox] if c.bbox else []
        png = cited_page_png(store, rep, c.page, boxes, c.table)
        if png is not None:
            st.image(png, caption=t("page_box", p=c.page), width="stretch", output_format="PNG")
        source_buttons(store, rep, c.page, c.line, boxes, key)
        st.markdown(table_html(store, rep, c.table, [c.address]), unsafe_allow_html=True)


def cells_table_html(store: Store, cites: Sequence[CellCitation], warned: Dict[Tuple[str, str], List[str]]) -> str:
    """Given the cells of a sum or comparison and the answer's failed checks by cell, return them as
    one compact table in HTML: report (when several), table, row, column, figure, page; a figure in a
    failed check marked, its arithmetic in the tooltip."""
    several = len({c.report.id for c in cites}) > 1
    head = ([t("report")] if several else []) + [t("table_n", n="").strip() or "table", t("row"), t("col"),
                                                  t("value"), t("where")]
    rows = []
    for cite in cites:
        c, ref = cite.cell, cite.report
        rep = store.report(ref.id)
        row, col = labels_of(c, rep.format if rep else None)
        bad = warned.get((ref.id, c.address), [])
        cls = ' class="v bad"' if bad else ' class="v"'
        tip = f' title="{esc(chr(10).join(t("warn_cell", detail=d) for d in bad))}"' if bad else ""
        tds = ([esc(name_of(ref))] if several else []) + [esc(c.table), esc(row), esc(col)]
        rows.append("<tr>" + "".join(f"<td>{x}</td>" for x in tds)
                    + f'<td{cls}{tip} data-address="{esc(c.address)}">{esc(value_text(c, with_unit=False))}</td>'
                    + f"<td>{esc(where(rep.kind if rep else None, c.page, c.line))}</td></tr>")
    return ('<div class="rtw"><table class="rt cites"><tbody><tr>' + "".join(f"<th>{esc(h)}</th>" for h in head)
            + "</tr>" + "".join(rows) + "</tbody></table></div>")


def show_cells(store: Store, cites: Sequence[CellCitation], key: str, warned: Dict[Tuple[str, str], List[str]],
               expanded: bool = False) -> None:
    """Given several cited cells (a sum, a comparison, a ranking), a widget key and the answer's
    failed checks by cell, draw one compact table of them, then one view of the sources — each table
    once with all its cited cells highlighted, each page once with all its boxes (open with
    ``expanded``, else a click away)."""
    st.markdown(f"**{t('cells_n', n=len(cites))}**")
    st.markdown(cells_table_html(store, cites, warned), unsafe_allow_html=True)
    with st.expander(t("sources"), expanded=expanded):
        by_report: Dict[str, List[Cell]] = {}
        refs: Dict[str, ReportRef] = {}
        for cite in cites:
            by_report.setdefault(cite.report.id, []).append(cite.cell)
            refs[cite.report.id] = cite.report
        for n, (rid, cells) in enumerate(by_report.items()):
            rep = store.report(rid)
            if rep is None:
                continue
            st.markdown(f"**{md(name_of(refs[rid]))}**")
            for m, page in enumerate(dict.fromkeys(c.page for c in cells if c.page)):
                boxes = [c.bbox for c in cells if c.page == page and c.bbox]
                png = cited_page_png(store, rep, page, boxes, cells[0].table)
                if png is not None:
                    st.image(png, caption=t("page_box", p=page), width="stretch", output_format="PNG")
                    source_buttons(store, rep, page, None, boxes, f"{key}-{n}-{m}")
            for table in dict.fromkeys(c.table for c in cells):
                st.markdown(table_html(store, rep, table, [c.address for c in cells if c.table == table]),
                            unsafe_allow_html=True)


def passage_label(store: Store, cite: PassageCitation) -> str:
    """Given a cited passage, return its one-line label: report, section, place and the start of
    the sentence that answers."""
    p, ref = cite.passage, cite.report
    rep = store.report(ref.id)
    at = where(rep.kind if rep else None, p.page, p.line)
    gist = (cite.sentence or p.text).strip().replace("\n", " ")
    gist = gist[:36] + ("…" if len(gist) > 36 else "")
    parts = [f"{t('passage')}：{name_of(ref)}"] + ([p.section] if p.section else []) + ([at] if at else [])
    return " · ".join(parts) + f" · “{gist}”"


def show_passage_citation(store: Store, cite: PassageCitation, key: str) -> None:
    """Given a cited passage and a widget key, draw it: the passage with the answering sentence
    marked, the printed page's part with its box, and the source opened at that page."""
    p, ref = cite.passage, cite.report
    rep = store.report(ref.id)
    with st.expander(md(passage_label(store, cite)), expanded=bool(cite.sentence)):
        text = p.text
        hl = cite.highlight
        if hl is not None:
            a, b = hl
            body = esc(text[:a]) + "<mark>" + esc(text[a:b]) + "</mark>" + esc(text[b:])
        else:
            body = esc(text)
        st.markdown(f'<div class="psg">{body}</div>', unsafe_allow_html=True)
        if rep is not None:
            boxes = [p.bbox] if p.bbox else []
            png = cited_page_png(store, rep, p.page, boxes)
            if png is not None:
                st.image(png, caption=t("page", p=p.page), width="stretch", output_format="PNG")
            source_buttons(store, rep, p.page, p.line, boxes, key)


def show_citations(store: Store, cells: Sequence[CellCitation], passages: Sequence[PassageCitation], key: str,
                   warned: Dict[Tuple[str, str], List[str]], expanded: bool = False) -> None:
    """Given an answer's cited cells and passages, a widget key and the answer's failed checks by
    cell, draw them as the chat and the claim check both show an answer's sources: one cell in full,
    several cells as one table and one view of their sources (open with ``expanded``), then each
    passage."""
    if len(cells) == 1:
        show_cell_citation(store, cells[0], f"{key}-c0", warned)
    elif cells:
        show_cells(store, cells, f"{key}-c", warned, expanded)
    for i, p in enumerate(passages):
        show_passage_citation(store, p, f"{key}-p{i}")
