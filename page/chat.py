"""The chat tab (问答): the scope picker and 「清空对话」, the example questions, the conversation (the
latest answer with its citations open, the earlier ones a line each, the oldest behind a button) and
the question box. Its session state: the conversation ("messages"), the earlier answers opened
("opened"), whether the oldest turns are shown ("show_earlier") and the scope (``state.CHAT_SCOPE``)."""

from __future__ import annotations

from typing import List, Sequence

import streamlit as st

from errors import ReportError
from model import StoredReport
from page.citations import show_citations, show_warning, warnings_of
from page.render import md, name_of, report_label
from page.state import CHAT_SCOPE, lang, prune_scope
from page.texts import EXAMPLES, t
from phrasing import error_text
from pipeline import Store
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


def clear_chat() -> None:
    """「清空对话」: forget the conversation and which of its answers were opened."""
    st.session_state["messages"] = []
    st.session_state["opened"] = set()
    st.session_state["show_earlier"] = False


def chat_panel(store: Store, reports: Sequence[StoredReport]) -> None:
    """Given the store and its reports, draw the chat tab, answering the question asked in this run
    (typed, or an example clicked) against the reports in scope (all when none is picked)."""
    labels = {r.id: report_label(r) for r in reports}
    prune_scope(CHAT_SCOPE, labels)
    msgs = st.session_state.setdefault("messages", [])
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    scope = left.multiselect(t("scope"), options=list(labels), format_func=lambda i: labels[i], key=CHAT_SCOPE,
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
    question = st.chat_input(t("ask")) or clicked
    if question:
        # The recent questions are the context a follow-up needs (「其中自然人多少？」); replaying the
        # whole conversation would make each answer slower than the one before.
        earlier = [m["content"] for m in msgs if m["role"] == "user"][-RECENT_TURNS:]
        msgs.append({"role": "user", "content": question})
        try:
            answer = answer_question(store, question, scope or None, earlier)
        except ReportError as e:
            answer = Answer(question, "no_match", error_text(e, lang_))
        msgs.append({"role": "assistant", "answer": answer, "scope": tuple(labels[i] for i in scope)})
    opened = st.session_state.setdefault("opened", set())
    last = max((i for i, m in enumerate(msgs) if m["role"] == "assistant"), default=-1)
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
