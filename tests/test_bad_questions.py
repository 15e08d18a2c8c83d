"""Bad questions, end to end: empty, far too long, only punctuation, in another language, built to
inject into the queries the product makes (SQL, FTS5 syntax, Chroma filters), or holding markup
that would run in the chat page (issue 6).

Each goes through ``retrieval.answer_question`` on a real store (the fixture reports and an English
report embedded with the packaged model, so both the lexical and the dense search run). What is
checked is what a user would see: a question we cannot take is one sentence saying why
(``errors.QuestionError``); anything else gets a well-formed answer; nothing a question says
changes the store; markup is shown as text on the chat page, never rendered (Streamlit's AppTest
runs app.py on the same store). The FTS operators are also checked at the store level in
test_store.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from fuzzkit import time_limit
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from storekit import connect, db_counts, ingest_files, vector_ids, write_english

from cli.serialize import answer_json
from config import Settings
from errors import QuestionError
from index import Store
from retrieval import answer_question
from retrieval.answer import MAX_QUESTION_CHARS

GD_Q = "广东省政数局2023年部分公开了多少件？"  # t3.partial.total of seed_guangdong_2023 is 4
STATUSES = ("answered", "missing", "ambiguous", "no_match", "clarify")


@pytest.fixture(scope="module")
def store(tmp_path_factory, packaged_model):
    folder = tmp_path_factory.mktemp("questions")
    settings = Settings(store=str(folder / "store"), embedding_model=packaged_model.embedder.model_name)
    s = Store.open(settings, model=packaged_model)
    files = sorted((FIXTURES / "reports").iterdir()) + [write_english(folder / "harbor.txt")]
    results = ingest_files(files, settings, store=s)
    assert {r["status"] for r in results} == {"ingested"}, results
    assert vector_ids(s), "the English report has vectors: dense search runs too"
    yield s
    s.close()


def fingerprint(store) -> tuple:
    """What a question must never change: every table's rows, the schema, the vectors, the files."""
    conn = connect(store.folder)
    schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()
    files = sorted(str(p.relative_to(store.folder)) for p in Path(store.folder).rglob("*")
                   if p.is_file() and not p.name.endswith(("-wal", "-shm")))
    return db_counts(store.folder), [tuple(r) for r in schema], len(vector_ids(store)), files


def well_formed(ans: dict) -> None:
    assert set(ans) >= {"question", "status", "answer", "value", "cells", "passages"}, ans
    assert ans["status"] in STATUSES, ans
    assert isinstance(ans["answer"], str) and ans["answer"].strip(), ans
    assert ans["value"] is None or isinstance(ans["value"], (int, float)), ans
    assert isinstance(ans["cells"], list) and isinstance(ans["passages"], list), ans


def refused(store, question: str) -> str:
    """The one sentence a question we cannot take is answered with."""
    with pytest.raises(QuestionError) as e:
        answer_question(store, question)
    message = str(e.value)
    assert message and "\n" not in message and "Traceback" not in message and message.endswith("."), message
    return message


# ---------------------------------------------------------------- questions we cannot take


@pytest.mark.parametrize("q", ["", "   ", "\n\t\u3000"], ids=["empty", "spaces", "whitespace"])
def test_an_empty_question_is_refused_in_one_sentence(store, q):
    assert refused(store, q) == "please ask a question about the loaded reports (the question was empty)."


@pytest.mark.parametrize("q", ["？？？", "!!!...,,,;;;", "、。「」『』", "……——", "*", '"', "%", "\\", "()", "😀😀"],
                         ids=range(10))
def test_a_question_of_only_punctuation_is_refused_as_empty_of_words(store, q):
    assert refused(store, q) == ("please ask a question about the loaded reports (the question was empty of words: "
                                 "it holds only punctuation or symbols).")


@pytest.mark.parametrize("q", ["部分公开" * 2500, "a" * 10_000, GD_Q + "的" * (MAX_QUESTION_CHARS + 1 - len(GD_Q))],
                         ids=["10000-chinese", "10000-latin", "one-over"])
def test_a_question_over_the_length_limit_is_refused(store, q):
    message = refused(store, q)
    assert message == f"the question is {len(q)} characters long; ask it in at most {MAX_QUESTION_CHARS}."


def test_a_question_at_the_length_limit_is_answered(store):
    q = GD_Q + "请" * (MAX_QUESTION_CHARS - len(GD_Q))
    well_formed(answer_json(answer_question(store, q)))


# ---------------------------------------------------------------- other languages


OTHER_LANGUAGES = {
    "french": "Combien de demandes ont été partiellement divulguées en 2023 ?",
    "japanese": "2023年に一部公開された申請は何件ですか？",
    "arabic": "كم عدد الطلبات التي تم الكشف عنها جزئيا في عام 2023؟",
    "russian": "Сколько запросов было частично удовлетворено в 2023 году?",
    "korean": "2023년에 부분 공개된 신청은 몇 건입니까?",
    "hindi": "2023 में कितने आवेदन आंशिक रूप से प्रकट किए गए?",
}


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_a_question_in_another_language_gets_an_answer_not_an_error(store, lang):
    before = fingerprint(store)
    ans = answer_json(answer_question(store, OTHER_LANGUAGES[lang]))
    well_formed(ans)
    if lang in ("french", "arabic", "russian", "hindi"):  # no word of it is ours: no figure is made up
        assert ans["value"] is None and ans["cells"] == [], ans
    assert fingerprint(store) == before


# ---------------------------------------------------------------- injection


INJECTIONS = [
    "'; DROP TABLE cells; --", "' OR '1'='1", '" OR ""="', "); DELETE FROM reports; --",
    "UNION SELECT sql FROM sqlite_master --", "%' --", "_%", "\x00", "\\x00'",
    '"', '""', "*", "公开*", "NEAR(部分 公开, 2)", "部分 OR 公开", "部分 NOT 公开", "部分 AND", "OR", "NEAR",
    "terms: 公开", "{terms}: 公开", "^公开", "-公开", "+公开", '"部分" "公开"', "(公开", "公开)", "部分 * 公开",
    '{"$ne": null}', "$in", "report_id", "'", "`", ";",
]


@pytest.mark.parametrize("inj", INJECTIONS, ids=range(len(INJECTIONS)))
def test_injection_strings_are_text_and_change_nothing(store, inj):
    before = fingerprint(store)
    # Alone, the string reaches the passage search (SQLite FTS5 MATCH and Chroma).
    for q in (inj, f"{inj} 存在哪些问题？", f"How many {inj} requests?"):
        try:
            well_formed(answer_json(answer_question(store, q)))
        except QuestionError:  # only punctuation: refused, as it should be
            assert not any(ch.isalnum() for ch in q)
    # Around a real question, the question is still answered, exactly — or, where the string holds
    # words nothing accounts for ("OR", "1"), asked back naming them: never another figure.
    for q in (GD_Q + inj, inj + " " + GD_Q):
        ans = answer_json(answer_question(store, q))
        assert (ans["status"] == "answered" and ans["value"] == 4) or \
            (ans["status"] == "clarify" and ans["value"] is None and ans["cells"] == []), (q, ans)
    assert fingerprint(store) == before


@pytest.mark.parametrize("scope", [["' OR 1=1 --"], ['{"$ne": ""}'], ["*"], [""], ["x" * 10_000]],
                         ids=["sql", "chroma", "star", "empty", "long"])
def test_an_injected_report_scope_finds_no_report_and_changes_nothing(store, scope):
    before = fingerprint(store)
    for q in (GD_Q, "存在哪些问题？", "When do the boats leave?"):
        ans = answer_json(answer_question(store, q, report_ids=scope))
        well_formed(ans)
        assert ans["value"] is None and ans["cells"] == [] and ans["passages"] == [], ans
    assert fingerprint(store) == before


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=120)
       | st.text(alphabet='"*()^:{}-+\'%;_ ORNEADUIOSELCTWHR公开部分政府信息申请2023年件多少？?', max_size=60))
def test_no_question_text_raises_anything_but_a_question_error(store, q):
    with time_limit():  # a hang guard (fuzzkit.LIMIT_S), not a measure of speed
        try:
            well_formed(answer_json(answer_question(store, q)))
        except QuestionError as e:
            assert "\n" not in str(e)


# ---------------------------------------------------------------- markup


MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>" + GD_Q, "<iframe src=javascript:alert(1)>",
          "<svg onload=alert(1)>存在哪些问题？", '"><script>alert(document.cookie)</script>']
RAW_TAG = re.compile(r"<\s*/?\s*(script|img|iframe|svg)\b", re.I)


@pytest.mark.parametrize("q", MARKUP, ids=range(len(MARKUP)))
def test_markup_in_a_question_is_only_echoed_as_text_in_the_answer(store, q):
    ans = answer_json(answer_question(store, q))
    well_formed(ans)
    assert ans["question"] == q.strip()  # the answer object echoes what was asked, as data
    if GD_Q in q:  # answered exactly, or asked back naming the words of the markup: never another figure
        assert ans["value"] == 4 or (ans["status"] == "clarify" and ans["value"] is None and "onerror" in ans["answer"])


@pytest.fixture
def app_store(store, tmp_path, monkeypatch, packaged_model):
    """A copy of the store for the chat page, opened by app.py itself (REPORTS_STORE)."""
    folder = tmp_path / "store"
    shutil.copytree(store.folder, folder)
    monkeypatch.setenv("REPORTS_STORE", str(folder))
    monkeypatch.setenv("REPORTS_EMBEDDING_MODEL", packaged_model.embedder.model_name)
    return folder


def page_texts(at) -> list:
    """(kind, text, renders HTML) of every element on the page that shows text."""
    out = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "text", "code", "expander"):
        for el in getattr(at, kind, []):
            proto = getattr(el, "proto", None)
            body = getattr(proto, "body", None) or getattr(proto, "label", None) or getattr(el, "value", "")
            out.append((kind, str(body), bool(getattr(proto, "allow_html", False))))
    return out


def test_markup_in_a_question_is_shown_escaped_on_the_chat_page(app_store):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    for q in MARKUP:
        at.chat_input[0].set_value(q).run()
        assert not at.exception, at.exception
    texts = page_texts(at)
    for kind, body, html in texts:
        # No element, least of all one rendered as HTML, carries a live tag of the questions.
        assert not RAW_TAG.search(body), (kind, html, body[:300])
    shown = " ".join(body for _, body, _ in texts)
    for tag in ("script", "img", "iframe", "svg"):
        assert f"&lt;{tag}" in shown, f"the escaped <{tag} of a question is not on the page"
