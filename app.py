"""The chat page: a journalist's verification desk for the loaded reports.

Ask for a figure and check it at a glance: the answer with its cell in the table as the template
lays it out, the printed page with the cell's box (read at full width, or opened whole at the cited
page), every figure the report's own arithmetic contradicts marked wherever it appears (answer,
tables, CSV, checks), the scope a limited chat answered from, and the library grouped by body.

The entry point: this file draws the frame (the language switch, the title, the store's notices, the
tabs) and opens the store; each part of the screen is a view of the ``page`` package, which holds
everything else. Run with ``streamlit run app.py`` (the README's run command sets everything up
first).
"""

from __future__ import annotations

import streamlit as st

from config import Settings
from errors import ReportError
from page import (
    TEXT,
    chat_panel,
    checks_panel,
    claims_panel,
    desk_panel,
    lang,
    library_panel,
    md,
    page_style,
    set_lang,
    t,
    tables_panel,
)
from phrasing import error_text, sentence_text
from pipeline import Store


@st.cache_resource(show_spinner=False)
def open_store(store_dir: str, model: str) -> Store:
    """Given the store's folder and the embedding model, return the store with its model, loaded
    once per process."""
    store = Store.open(Settings.from_env(store=store_dir, embedding_model=model))
    # The page searches by meaning from its first question: the model is loaded with the store, once.
    # (Assigned, not a bare expression: Streamlit would draw a bare expression's value on the page.)
    _ = store.model
    return store


def get_store() -> Store:
    """Return the store the environment configures (``REPORTS_STORE``, ``REPORTS_EMBEDDING_MODEL``)."""
    settings = Settings.from_env()
    return open_store(settings.store, settings.embedding_model)


#: The tabs, in order, by the name the page's address gives them (``?tab=desk``).
TABS = ("chat", "desk", "claims", "checks", "tables")


def language_switch() -> None:
    """The language switch at the top of the sidebar, in the language it is in (each language named
    in itself); a link's ``?lang=en`` opens the page in English."""
    if "lang-choice" not in st.session_state and st.query_params.get("lang") == "en":
        st.session_state["lang-choice"] = "English"
    choice = st.radio(TEXT["lang"]["zh"] if st.session_state.get("lang-choice", "中文") == "中文" else TEXT["lang"]["en"],
                      ["中文", "English"], horizontal=True, key="lang-choice")
    set_lang("zh" if choice == "中文" else "en")
    if lang() == "en":
        st.query_params["lang"] = "en"
    elif "lang" in st.query_params:
        del st.query_params["lang"]


def current_tab() -> str:
    """The tab the reader is on: the one the page's address names when it opens (``?tab=desk``; a
    link without one, such as a question's ``?q=``, opens the chat), then the last one picked — in
    either language."""
    if "tab" not in st.session_state:
        asked = st.query_params.get("tab")
        st.session_state["tab"] = asked if asked in TABS else "chat"
    return st.session_state["tab"]


def tab_picked(key: str) -> None:
    """The reader picked a tab: keep which one (by name, so that switching language keeps it)."""
    label = st.session_state.get(key)
    st.session_state["tab"] = next((name for name in TABS if t(name) == label), "chat")


def main() -> None:
    """Draw the page: the frame, then each view in its place (the library in the sidebar, the five
    tabs; the desk only while it is open, as it reads every report)."""
    st.set_page_config(page_title="政府信息公开年报问答", layout="wide")
    with st.sidebar:
        language_switch()
    st.markdown(page_style(), unsafe_allow_html=True)
    st.title(t("title"))
    st.caption(t("caption"))
    try:
        store = get_store()
    except (ReportError, ValueError) as e:
        st.error(t("error", e=md(error_text(e, lang()))))
        return
    if store.notices and store.embedder is None:
        st.warning(t("model_notice"))
        st.caption(md(t("model_name", name=store.settings.embedding_model)))
    for notice in store.notices if store.embedder is not None else ():
        st.warning(md(sentence_text(notice, lang())))
    with st.sidebar:
        library_panel(store)
    reports = store.reports()
    key = f"tabs-{lang()}"  # a tab widget per language: its labels change with it
    tab = current_tab()
    chat_tab, desk_tab, claims_tab, checks_tab, tables_tab = st.tabs(
        [t(name) for name in TABS], key=key, default=t(tab), on_change=tab_picked, args=(key,))
    # The address is the view of the tab the reader is on: a shared link opens that tab as it is.
    if tab == "chat":
        st.query_params.pop("tab", None)
    else:
        st.query_params["tab"] = tab
        for param in ("q", "scope"):
            st.query_params.pop(param, None)
    with chat_tab:
        chat_panel(store, reports)
    with desk_tab:
        if desk_tab.open:
            desk_panel(store, reports)
    with claims_tab:
        claims_panel(store, reports)
    with checks_tab:
        checks_panel(store, reports)
    with tables_tab:
        tables_panel(store, reports)


main()
