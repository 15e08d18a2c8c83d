"""What the page keeps between reruns: the reader's language and report pickers for the session, and
what a report holds for the process (read once, however often the page reruns).

A view keeps the session keys only it uses (the chat its conversation, the claim check its text and
result, the library its notices, the viewer the page it is at); the keys two views share stand here.
"""

from __future__ import annotations

from typing import Container, Dict, List, Tuple

import streamlit as st

from model import Cell
from pipeline import Store, checks_of

#: The chat's report picker (「问答范围」): the chat draws it, and the library takes a report it deletes
#: out of it.
CHAT_SCOPE = "scope"


def lang() -> str:
    """Given the session, return the language the page is in: "zh" until the reader picks English."""
    return st.session_state.get("lang", "zh")


def set_lang(language: str) -> None:
    """Given the language the reader picked ("zh" or "en"), keep it for every view of this run."""
    st.session_state["lang"] = language


def prune_scope(key: str, known: Container[str]) -> None:
    """Given a report picker's session key and the ids of the reports stored now, drop the picked ids
    that are no longer stored (deleted since). Called before the picker is drawn: it names its
    options from the reports stored now, and a report that is gone has no name to show."""
    if any(i not in known for i in st.session_state.get(key) or []):
        st.session_state[key] = [i for i in st.session_state[key] if i in known]


# ---------------------------------------------------------------- what a report holds, cached


@st.cache_resource(show_spinner=False, max_entries=512)
def _cells_of(_store: Store, folder: str, report_id: str) -> Dict[str, Cell]:
    # A report's id is its content's hash: its cells never change, so they are read once.
    return {rc.cell.address: rc.cell for rc in _store.cells(report_id)}


def cells_of(store: Store, report_id: str) -> Dict[str, Cell]:
    """Given the store and a report's id, return the report's cells by address (read once)."""
    return _cells_of(store, str(store.folder), report_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _failed_by_cell(_store: Store, folder: str, library: Tuple[str, ...]) -> Dict[str, Dict[str, List[str]]]:
    out: Dict[str, Dict[str, List[str]]] = {}
    for rc in checks_of(_store):
        if rc.check.passed:
            continue
        for a in rc.check.cells:
            addr = a.split(":", 1)[1] if ":" in a else a
            out.setdefault(rc.report.id, {}).setdefault(addr, []).append(rc.check.detail)
    return out


def failed_by_cell(store: Store, report_id: str) -> Dict[str, List[str]]:
    """Given the store and a report's id, return for each cell of the report in a check it fails
    (check 5 too, which depends on the other reports of its body: cached per set of reports) the
    arithmetic of those checks."""
    library = tuple(sorted(r.id for r in store.reports()))
    return _failed_by_cell(store, str(store.folder), library).get(report_id, {})
