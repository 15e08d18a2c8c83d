"""The chat tab (问答): the scope picker and 「清空对话」, the example questions, the conversation (the
latest answer with its citations open, the earlier ones a line each, the oldest behind a button) and
the question box. Its session state: the conversation ("messages"), the earlier answers opened
("opened"), whether the oldest turns are shown ("show_earlier") and the scope (``state.CHAT_SCOPE``)."""

from __future__ import annotations

from typing import List, Optional, Sequence

import streamlit as st

from errors import ReportError
from model import StoredReport
from page.charts import answer_chart
from page.citations import show_citations, show_warning, warnings_of
from page.render import md, name_of, report_label
from page.state import CHAT_SCOPE, lang, prune_scope
from page.texts import EXAMPLES, t
from page.transcript import conversation_markdown
from page.viewer import open_source
from phrasing import error_text
from pipeline import SeriesRow, Store, cells_to_series, measure_label, measure_named
from retrieval import Answer, answer_question

#: Turns of the conversation drawn (the earlier ones a click away).
RECENT_TURNS = 10


def scope_names(answer: Answer, scope: Sequence[str]) -> List[str]:
    """Given an answer and the names of the reports the chat was limited to when it was asked, return
    the names of the reports the answer was limited to: the answer's own scope, else the chat's."""
    if answer.scope:
        return [name_of(r) for r in answer.scope]
    return list(scope)


def show_answer(store: Store, msg: dict, key: str, full: bool) -> None:
    """Given an assistant's message of the conversation, its widget key and whether to draw it in
    full, draw the answer: its text, the scope it was limited to, its warnings, and its citations —
    in full for the latest answer (and any the reader opens), as one line for the earlier ones, so
    that a long conversation draws as fast as a short one."""
    answer: Answer = msg["answer"]
    st.markdown(md(answer.answer).replace("\n", "  \n"))
    names = scope_names(answer, msg.get("scope", ()))
    if names:
        st.caption(md(t("scoped", names="；".join(names) if lang() == "zh" else "; ".join(names))),
                   help=None)
    for w in answer.warnings:
        show_warning(w)
    if full:
        show_answer_chart(store, msg, key)
    n_cites = len(answer.cells) + len(answer.passages)
    if not n_cites:
        return
    opened = st.session_state.setdefault("opened", set())
    if not full:
        what = [t("n_cells", n=len(answer.cells))] if answer.cells else []
        what += [t("n_passages", n=len(answer.passages))] if answer.passages else []
        joint = "、" if lang() == "zh" else ", "
        if st.button(t("show_sources", what=joint.join(what)), key=f"open-{key}", type="tertiary"):
            opened.add(key)
            st.rerun()
        return
    if key in opened and st.button(t("hide_sources"), key=f"close-{key}", type="tertiary"):
        opened.discard(key)
        st.rerun()
    show_citations(store, answer.cells, answer.passages, key, warnings_of(answer))


def answer_series(store: Store, msg: dict) -> List[SeriesRow]:
    """Given an assistant's message, return the series its answer's cells make (one row a report,
    when every report gives the same cells: a trend, a comparison, a ranking), worked out once."""
    if "series" not in msg:
        answer: Answer = msg["answer"]
        msg["series"] = cells_to_series(store, [(c.report, c.cell) for c in answer.cells])
    return msg["series"]


def show_answer_chart(store: Store, msg: dict, key: str) -> None:
    """Given an answer's message and its key, draw its chart when its cells make a series, titled by
    what they count; a point clicked opens its cell's page with the cell boxed."""
    rows = answer_series(store, msg)
    if not rows:
        return
    opened = st.session_state.pop(f"chart-open-{key}", None)
    if opened is not None:
        row = next((r for r in rows if r.report.id == opened), None)
        rep = store.report(opened)
        if row is not None and rep is not None:
            cell = next((c for c in row.cells if c.page or c.line), row.cells[0])
            open_source(store, rep, cell.page, cell.line, [c.bbox for c in row.cells if c.bbox and c.page == cell.page])
    measure = rows[0].measure
    unit = rows[0].unit
    try:
        title = measure_label(measure_named(measure), lang())
    except ReportError:  # several cells added up in each report: their sum
        title = t("desk_col_value")
    st.caption(md(t("chart_of", what=title)))
    answer_chart(rows, msg["answer"].intent, f"chart-{key}", t("desk_axis", unit=unit) if lang() == "zh" or unit == "%"
                 else t("desk_col_value"), lambda rid: st.session_state.__setitem__(f"chart-open-{key}", rid))


def clear_chat() -> None:
    """「清空对话」: forget the conversation and which of its answers were opened (and the question in
    the page's address)."""
    st.session_state["messages"] = []
    st.session_state["opened"] = set()
    st.session_state["show_earlier"] = False
    for param in ("q", "scope"):
        st.query_params.pop(param, None)


def question_from_link(known: Sequence[str]) -> Optional[str]:
    """Once a session, when the page opens: the question its address asks (``?q=…``), with the
    scope it names (``&scope=ID&scope=ID``, the reports that are still stored) put in the picker;
    None when it asks none, or the session has read it already."""
    if st.session_state.get("link-read"):
        return None
    st.session_state["link-read"] = True
    q = (st.query_params.get("q") or "").strip()
    scope = [i for i in st.query_params.get_all("scope") if i in known]
    if scope and CHAT_SCOPE not in st.session_state:
        st.session_state[CHAT_SCOPE] = scope
    return q or None


def keep_link(question: str, scope: Sequence[str]) -> None:
    """Put the question just answered and its scope in the page's address: the link reproduces it."""
    st.query_params["q"] = question
    if scope:
        st.query_params["scope"] = list(scope)
    else:
        st.query_params.pop("scope", None)


def chat_panel(store: Store, reports: Sequence[StoredReport]) -> None:
    """Given the store and its reports, draw the chat tab, answering the question asked in this run
    (typed, or an example clicked) against the reports in scope (all when none is picked)."""
    labels = {r.id: report_label(r) for r in reports}
    linked = question_from_link(list(labels))
    prune_scope(CHAT_SCOPE, labels)
    msgs = st.session_state.setdefault("messages", [])
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    scope = left.multiselect(t("scope"), options=list(labels), format_func=lambda i: labels[i], key=CHAT_SCOPE, select_all=False,
                             placeholder=t("all_reports"))
    right.button(t("clear_chat"), key="clear-chat", on_click=clear_chat, icon=":material/delete_sweep:")
    # The conversation is drawn after the question is answered (below), above the input: one run a
    # question, not two.
    history = st.container()
    lang_ = lang()
    clicked = None
    with st.expander(t("examples"), expanded=not msgs):
        cols = st.columns(3)
        for i, ex in enumerate(EXAMPLES[lang_]):
            if cols[i % 3].button(ex, key=f"ex-{lang_}-{i}"):
                clicked = ex
    if scope:
        st.caption(md(t("scope_now", names="；".join(labels[i] for i in scope))))
    question = st.chat_input(t("ask")) or clicked or linked
    if question:
        # The recent questions are the context a follow-up needs (「其中自然人多少？」); replaying the
        # whole conversation would make each answer slower than the one before.
        earlier = [m["content"] for m in msgs if m["role"] == "user"][-RECENT_TURNS:]
        msgs.append({"role": "user", "content": question})
        try:
            answer = answer_question(store, question, scope or None, earlier)
        except ReportError as e:
            answer = Answer(question, "no_match", error_text(e, lang_))
        msgs.append({"role": "assistant", "answer": answer, "scope": tuple(labels[i] for i in scope),
                     "scope_ids": tuple(scope)})
        keep_link(question, scope)
    elif msgs and "q" not in st.query_params and st.session_state.get("tab", "chat") == "chat":
        # Back on the chat from another tab: the address is the last question again.
        last_q = next(m["content"] for m in reversed(msgs) if m["role"] == "user")
        last_a: dict = next((m for m in reversed(msgs) if m["role"] == "assistant"), {})
        keep_link(last_q, last_a.get("scope_ids", ()))
    opened = st.session_state.setdefault("opened", set())
    last = max((i for i, m in enumerate(msgs) if m["role"] == "assistant"), default=-1)
    if any(m["role"] == "assistant" for m in msgs):
        d1, d2 = st.columns([2, 5], vertical_alignment="center")
        d1.download_button(t("md_download"), conversation_markdown(store, msgs).encode("utf-8"),
                           file_name="conversation.md", mime="text/markdown", key="chat-md", on_click="ignore",
                           icon=":material/download:")
        d2.caption(t("link_hint"))
    with history:
        start = 0
        if len(msgs) > 2 * RECENT_TURNS and not st.session_state.get("show_earlier"):
            # Only the recent turns are drawn: a conversation of any length draws in the same time.
            start = len(msgs) - 2 * RECENT_TURNS
            st.button(t("show_earlier", n=start // 2), key="show-earlier", type="tertiary",
                      on_click=lambda: st.session_state.update(show_earlier=True), icon=":material/history:")
        for i, m in enumerate(msgs[start:], start):
            with st.chat_message(m["role"]):
                if m["role"] == "user":
                    st.markdown(md(m["content"]))
                else:
                    show_answer(store, m, f"m{i}", full=i == last or f"m{i}" in opened)
