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
    STYLE,
    TEXT,
    chat_panel,
    checks_panel,
    claims_panel,
    lang,
    library_panel,
    md,
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
    return Store.open(Settings.from_env(store=store_dir, embedding_model=model))


def get_store() -> Store:
    """Return the store the environment configures (``REPORTS_STORE``, ``REPORTS_EMBEDDING_MODEL``)."""
    settings = Settings.from_env()
    return open_store(settings.store, settings.embedding_model)


def main() -> None:
    """Draw the page: the frame, then each view in its place (the library in the sidebar, the four
    tabs)."""
    st.set_page_config(page_title="政府信息公开年报问答", layout="wide")
    st.markdown(STYLE, unsafe_allow_html=True)
    with st.sidebar:
        choice = st.radio(TEXT["lang"]["zh"], ["中文", "English"], horizontal=True, key="lang-choice")
        set_lang("zh" if choice == "中文" else "en")
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
    chat_tab, claims_tab, checks_tab, tables_tab = st.tabs([t("chat"), t("claims"), t("checks"), t("tables")])
    with chat_tab:
        chat_panel(store, reports)
    with claims_tab:
        claims_panel(store, reports)
    with checks_tab:
        checks_panel(store, reports)
    with tables_tab:
        tables_panel(store, reports)


main()
