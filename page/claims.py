"""The 核对文稿 tab: a pasted text's figures checked against the reports — the counts, the text marked
in place, every figure in a table, the downloads, and the sources of the figure picked. Its session
state: the text ("claims-text"), the reports it is checked against ("claims-scope"), and the last
check or the error that stopped it ("claims-check", "claims-error")."""

from __future__ import annotations

from typing import Optional, Sequence

import streamlit as st

from errors import ReportError
from model import StoredReport
from page.citations import show_citations, show_warning, warnings_of
from page.render import esc, labels_of, md, name_of, report_label, where
from page.state import lang, prune_scope
from page.texts import CLAIMS_EXAMPLE, t
from phrasing import error_text, table_name
from pipeline import Store
from retrieval import (
    ClaimCheck,
    ClaimVerdict,
    check_claims,
    check_to_csv,
    check_to_markdown,
    summary_line,
    verdict_name,
)


def fill_claims_example() -> None:
    """「填入示例」: put the example paragraph, in the page's language, in the text box."""
    st.session_state["claims-text"] = CLAIMS_EXAMPLE[lang()]


def claims_panel(store: Store, reports: Sequence[StoredReport]) -> None:
    """Given the store and its reports, draw 「核对」: paste a text, and every figure in it is checked
    against the reports and marked in place — the counts, the text marked, each figure's verdict with
    what the report says and where, its sources opened below, and the whole as CSV and as a
    Markdown note."""
    st.caption(t("claims_intro"))
    labels = {r.id: report_label(r) for r in reports}
    prune_scope("claims-scope", labels)
    text = st.text_area(t("claims_text"), key="claims-text", height=160, placeholder=t("claims_placeholder"))
    scope = st.multiselect(t("claims_scope"), options=list(labels), format_func=lambda i: labels[i], key="claims-scope",
                           placeholder=t("all_reports"), select_all=False)
    left, right = st.columns([1, 4])
    run = left.button(t("claims_run"), key="claims-run", type="primary", icon=":material/fact_check:")
    right.button(t("claims_example"), key="claims-example", on_click=fill_claims_example, type="tertiary")
    if run:
        try:
            st.session_state["claims-check"] = check_claims(store, text, scope or None)
            st.session_state.pop("claims-error", None)
        except ReportError as e:
            st.session_state["claims-check"] = None
            # The error itself is kept, not its sentence: it is said in the language the page is in
            # when it is drawn (the reader may switch after pressing the button).
            st.session_state["claims-error"] = e
    error: Optional[ReportError] = st.session_state.get("claims-error")
    if error is not None:
        st.error(md(claims_error_text(error)))
    check: Optional[ClaimCheck] = st.session_state.get("claims-check")
    if check is not None:
        show_claims(store, check)


def claims_error_text(error: ReportError) -> str:
    """Given the error that stopped a check, return why the text could not be checked, as the one
    sentence the page shows in its language (the English sentence is the engine's, which the command
    line prints after 「error:」: here it starts the line, so it starts with a capital)."""
    said = error_text(error, lang())
    return said[:1].upper() + said[1:]


def claim_where(store: Store, v: ClaimVerdict) -> str:
    """Given a figure's verdict, return where the report's figure for it stands, in one line: the
    cell (report, table, row, column, page) or the passage (report, section, page); "" when there is
    none."""
    if v.cells:
        c = v.cells[0]
        rep = store.report(c.report.id)
        row, col = labels_of(c.cell, rep.format if rep else None)
        at = where(rep.kind if rep else None, c.cell.page, c.cell.line)
        more = t("n_cells", n=len(v.cells)) if len(v.cells) > 1 else ""
        return " · ".join(x for x in (name_of(c.report), table_name(c.cell.table, lang()), row, col, at, more) if x)
    if v.passages:
        p = v.passages[0]
        rep = store.report(p.report.id)
        at = where(rep.kind if rep else None, p.passage.page, p.passage.line)
        return " · ".join(x for x in (name_of(p.report), p.passage.section, at) if x)
    return ""


def claim_tip(store: Store, v: ClaimVerdict) -> str:
    """Given a figure's verdict, return what hovering the marked figure says: the verdict, why, and
    where the report's figure stands."""
    at = claim_where(store, v)
    return verdict_name(v.verdict, lang()) + " — " + v.reason + ("\n" + at if at else "")


def marked_text_html(store: Store, check: ClaimCheck) -> str:
    """Given a check, return the checked text in HTML with every figure marked in place in its
    verdict's colour, numbered, the verdict and its reason on hover."""
    out, at = [], 0
    for n, v in enumerate(check.verdicts, 1):
        a, b = v.claim.span
        out.append(esc(check.text[at:a]).replace("\n", "<br>"))
        tip = esc(claim_tip(store, v)).replace("\n", "&#10;")
        out.append(f'<mark class="claim {v.verdict}" data-verdict="{v.verdict}" data-n="{n}" '
                   f'title="{tip}">{esc(check.text[a:b])}<sup>{n}</sup></mark>')
        at = b
    out.append(esc(check.text[at:]).replace("\n", "<br>"))
    return '<div class="claims-text">' + "".join(out) + "</div>"


def claims_table_html(store: Store, check: ClaimCheck) -> str:
    """Given a check, return every figure in one table in HTML: the figure, the verdict, what the
    report says, where, and why."""
    head = "".join(f"<th>{esc(t(k))}</th>" for k in ("claims_col_n", "claims_col_figure", "claims_col_verdict",
                                                     "claims_col_report", "claims_col_where", "claims_col_why"))
    rows = []
    for n, v in enumerate(check.verdicts, 1):
        cells = [str(n), f'<span class="claim {v.verdict}">{esc(v.claim.text)}</span>', esc(verdict_name(v.verdict, lang())),
                 esc(v.stated or "—"), esc(claim_where(store, v)), esc(v.reason)]
        rows.append(f'<tr data-verdict="{v.verdict}" data-n="{n}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f'<div class="rtw"><table class="rt claims"><tbody><tr>{head}</tr>{"".join(rows)}</tbody></table></div>'


def show_claims(store: Store, check: ClaimCheck) -> None:
    """Given a check, draw it: the counts, the text marked, the figures in a table, the downloads,
    then the sources of the figure picked (the first one the report contradicts, to begin with)."""
    if not check.verdicts:
        st.info(t("claims_none"))
        return
    counts = check.counts()
    chips = "".join(f'<span class="chip {k}">{esc(verdict_name(k, lang()))} {counts[k]}</span>'
                    for k in ("supported", "contradicted", "ambiguous", "not_found"))
    st.markdown(f'<div class="claims-summary" title="{esc(summary_line(check, lang()))}">{chips}</div>',
                unsafe_allow_html=True)
    st.markdown(f"**{t('claims_marked')}**")
    st.markdown(marked_text_html(store, check), unsafe_allow_html=True)
    c1, c2 = st.columns(2)
    c1.download_button(t("claims_csv"), check_to_csv(check, lang(), bom=True), file_name="claims-check.csv",
                       mime="text/csv", key="claims-csv", on_click="ignore", icon=":material/download:")
    c2.download_button(t("claims_md"), check_to_markdown(check, lang()), file_name="fact-check-note.md",
                       mime="text/markdown", key="claims-md", on_click="ignore", icon=":material/download:")
    st.markdown(f"**{t('claims_list')}**")
    st.markdown(claims_table_html(store, check), unsafe_allow_html=True)
    # The options' names are made now, in this run's language: a format_func that read the page's
    # language when called would, called outside a run (Streamlit's AppTest does), name them in Chinese.
    names = [f"{i}. {v.claim.text} — {verdict_name(v.verdict, lang())}" for i, v in enumerate(check.verdicts, 1)]
    first = next((i for i, v in enumerate(check.verdicts) if v.verdict == "contradicted"), 0)
    pick = st.selectbox(t("claims_sources"), list(range(len(names))), index=first, key=f"claims-pick-{id(check)}",
                        format_func=names.__getitem__)
    show_claim_sources(store, check.verdicts[pick], f"cl{pick}")


def show_claim_sources(store: Store, v: ClaimVerdict, key: str) -> None:
    """Given a figure's verdict and a widget key, draw the figure's sources: the sentence, the
    verdict, the warnings, then its cells and passages as an answer's are shown (the table, the
    printed page with the box, the source opened at it)."""
    level = {"supported": st.success, "contradicted": st.error, "ambiguous": st.warning, "not_found": st.info}[v.verdict]
    level(md(f"{verdict_name(v.verdict, lang())}：{v.reason}" if lang() == "zh" else
             f"{verdict_name(v.verdict, lang())}: {v.reason}"))
    st.caption(md(v.claim.sentence))
    if v.claim.body:
        st.caption(md(t("claims_body", body=v.claim.body, year=f" {v.claim.year}" if v.claim.year else "")))
    st.caption(md(t("claims_question", q=v.claim.question)))
    for w in v.answer.warnings:
        show_warning(w)
    show_citations(store, v.cells, v.passages, key, warnings_of(v.answer))
