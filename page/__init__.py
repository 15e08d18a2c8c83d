"""The chat page's views, each owning its part of the screen and its session state.

``app.py`` is the entry point (``streamlit run app.py``): it draws the frame — the language switch,
the title, the store's notices, the tabs — and calls one view for each part of it:

- ``library_panel`` (``library.py``) — the sidebar: upload, the reports by body, delete;
- ``chat_panel`` (``chat.py``) — questions and answers with their citations, the chat's scope;
- ``claims_panel`` (``claims.py``) — 核对文稿: a pasted text's figures checked and marked;
- ``desk_panel`` (``desk.py``) — 数据台: one figure across every body and year, as a table and charts;
- ``checks_panel`` (``checks.py``) — 算术核查: each report's own arithmetic;
- ``tables_panel`` (``tables.py``) — a report's three tables and the CSV.

Below the views: ``charts.py`` (a measure across bodies and years drawn, in the desk and under an
answer), ``citations.py`` (an answer's cells and passages, drawn the same in the chat and the
claim check), ``viewer.py`` (printed pages with their boxes, the source opened at a page),
``render.py`` (a report's text escaped and named as a reader reads it; the style sheet),
``texts.py`` (every sentence in Chinese and English) and ``state.py`` (the language, what two views
share, and what a report holds, read once). A view imports those, never another view.

Presentation only: the page calls ``retrieval`` and the orchestration layer ``pipeline`` (through
their facades, nothing deeper) and holds no logic of theirs.
"""

from page.chat import chat_panel
from page.checks import checks_panel
from page.claims import claims_panel
from page.desk import desk_panel
from page.library import library_panel
from page.render import STYLE, md, page_style
from page.state import lang, set_lang
from page.tables import tables_panel
from page.texts import TEXT, t

__all__ = ["STYLE", "TEXT", "chat_panel", "checks_panel", "claims_panel", "desk_panel", "lang", "library_panel", "md", "page_style", "set_lang",
           "t", "tables_panel"]
