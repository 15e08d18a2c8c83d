"""The store, end to end: real SQLite, a real PostgreSQL server, real Chroma (in the folder, and as a
`chroma run` server), the real embedding-model loading code with the packaged offline English model.

The conformance suite of the two structured stores: every test taking ``settings`` or ``zh_store``
runs on SQLite with Chroma in the store folder, and on PostgreSQL with a Chroma server — the
set-up of several servers on one store.

What is asserted is what a user would check: the reports and cells they ingested are there after
a restart and equal the gold; re-ingesting changes nothing; deleting leaves no row, FTS row or
vector behind; a search finds the passage a question is about; a killed ingest leaves only whole
reports.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, cells_against_gold
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from storekit import (
    ChromaServer,
    Peek,
    StoredCells,
    assert_whole,
    copies_of,
    db_counts,
    free_port,
    ingest_files,
    rows_of,
    vector_ids,
    write_english,
)

from config import Settings
from errors import StoreError
from index import Store
from index.embed import LoadedModel, load_embedder
from ingest.parse import parse_file
from ingest.template import FORMATS_BY_NAME
from pipeline.rows import report_to_row_passages

FILES = sorted(p for p in (FIXTURES / "reports").iterdir() if p.suffix in (".txt", ".html"))
DEV = [json.loads(line) for line in (FIXTURES / "questions_dev.jsonl").read_text(encoding="utf-8").splitlines()
       if line.strip()]
#: Narrative questions: a fact stated in a passage. dev-12 (「存在哪些问题？」) asks for a section rather
#: than a fact: its passage shares only common words with it (存在, 工作); 「问题」 is in the section
#: heading, which is not among the passage's index terms.
NARRATIVE = [pytest.param(q, id=q["id"], marks=[pytest.mark.xfail(
    reason="ranks 8th in its report: the heading 「五、存在问题及改进思路」 is not among the passage's terms")]
    if q["id"] == "dev-12" else []) for q in DEV if q["kind"] == "narrative" and q.get("passage")]
NO_MODEL = LoadedModel(None, None)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    yield server
    server.stop()


#: The two set-ups every store test runs on: SQLite with Chroma embedded in the store folder (the
#: default), and PostgreSQL with a Chroma server (several servers on one store).
BACKENDS = ["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.chroma_server])]


@pytest.fixture(params=BACKENDS)
def settings(request, tmp_path, packaged_model):
    """Settings of a fresh store: SQLite and Chroma in the folder, or PostgreSQL and the Chroma server."""
    server = {}
    if request.param == "postgres":
        srv = request.getfixturevalue("chroma_server")
        server = dict(chroma_host=srv.host, chroma_port=srv.port,
                      database_url=request.getfixturevalue("postgres_server").new_database())
    return Settings(store=str(tmp_path / "store"), embedding_model=packaged_model.embedder.model_name, **server)


@pytest.fixture
def open_store(packaged_model):
    """Open a store (with the packaged model unless told otherwise); every one is closed at the end."""
    opened = []

    def open_(settings, model=packaged_model):
        store = Store.open(settings, model=model)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def model_name(packaged_model):
    return packaged_model.embedder.model_name


def by_name(results):
    return {Path(r["path"]).name: r for r in results}


def parsed(path: Path):
    """The report as ingest_files stores it (under its resolved path)."""
    return dataclasses.replace(parse_file(path), path=str(path.resolve()))


def snapshot(store):
    """Everything a user can list or look up in a store."""
    peek = Peek(store)
    passages = [tuple(r[c] for c in ("report_id", "n", "kind", "text", "page", "line", "section")) for r in peek.rows(
        "SELECT report_id, n, kind, text, page, line, section FROM passages ORDER BY report_id, n")]
    peek.close()
    return store.reports(), store.cells(), store.checks(), passages


# ---------------------------------------------------------------- ingest, restart, gold


def test_fixture_reports_survive_a_restart_and_every_cell_equals_gold(settings, open_store, golds, model_name):
    store = open_store(settings)
    results = by_name(ingest_files(FILES, settings, store=store))
    assert {r["status"] for r in results.values()} == {"ingested"}, results
    before = snapshot(store)
    store.close()

    store = open_store(settings)
    assert snapshot(store) == before
    assert len(store.reports()) == len(FILES)
    for stem, gold in golds.items():
        rid = results[Path(gold["file"]).name]["report"]["id"]
        stored = store.report(rid)
        assert (stored.agency, stored.year, stored.format) == (gold["agency"], gold["year"], gold["format"])
        assert cells_against_gold(StoredCells(store, rid), gold) == [], stem
        # Every field of every cell comes back as parsed, in template order.
        fresh = parse_file(FIXTURES / gold["file"])
        assert [rc.cell for rc in store.cells(rid)] == list(fresh.cells)
        assert [rc.cell.address for rc in store.cells(rid)] == list(FORMATS_BY_NAME[stored.format].addresses())
        assert [rk.check for rk in store.checks(rid)] == list(fresh.checks)
        assert stored.cells == fresh.cell_counts() and stored.passages == len(fresh.passages)
        # The fixtures are Chinese: the English model is not trusted with them.
        assert stored.embedded_with == f"unreadable:{model_name}"
    # Read across reports in one query (a ranking over every body): the same cells and failed
    # checks as read a report at a time; an address or report not stored is simply absent.
    ids = [r["report"]["id"] for r in results.values()]
    addresses = ["t3.new.total", "t3.partial.total", "t1.nonexistent", "t2.fees.amount"]
    assert store.cells_at(ids + ["no-such-report"], addresses) == {
        (rid, a): c for rid in ids for a in addresses for c in [store.cell(rid, a)] if c is not None}
    assert len(store.cells_at(ids, addresses)) >= 2 * len(ids)
    assert store.failed_checks_at(ids) == {rid: checks for rid in ids for checks in
                                           [[rk.check for rk in store.checks(rid, failed_only=True)]] if checks}
    assert any(store.failed_checks_at(ids).values()), "the fixtures hold a report whose checks fail"
    assert_whole(store, model_name)


def test_reingesting_the_same_file_changes_nothing(settings, open_store):
    store = open_store(settings)
    path = FIXTURES / "reports/seed_guangdong_2023.txt"
    [first] = ingest_files([path], settings, store=store)
    counts, listed = db_counts(store), store.reports()
    [again] = ingest_files([path], settings, store=store)
    assert again["status"] == "unchanged" and again["error"] is None and "note" not in again["report"]
    assert again["report"]["id"] == first["report"]["id"]
    assert db_counts(store) == counts and store.reports() == listed  # same ingested_at too


def test_the_same_content_under_another_name_is_unchanged_with_a_note(settings, open_store, tmp_path):
    store = open_store(settings)
    original = FIXTURES / "reports/seed_panyu_2023.txt"
    copy = tmp_path / "番禺2023-copy.txt"
    shutil.copy(original, copy)
    ingest_files([original], settings, store=store)
    counts = db_counts(store)
    [res] = ingest_files([copy], settings, store=store)
    assert res["status"] == "unchanged"
    assert str(original.resolve()) in res["report"]["note"]
    assert db_counts(store) == counts
    [only] = store.reports()
    assert only.path == str(original.resolve())


def test_a_changed_file_at_the_same_path_replaces_the_old_report(settings, open_store, tmp_path, model_name):
    store = open_store(settings)
    english = write_english(tmp_path / "harbor.txt")
    chinese = tmp_path / "panyu.txt"
    text = (FIXTURES / "reports/seed_panyu_2023.txt").read_text(encoding="utf-8")
    chinese.write_text(text, encoding="utf-8")
    old = {r["path"]: r["report"]["id"] for r in ingest_files([english, chinese], settings, store=store)}
    assert len(vector_ids(store, old[str(english)])) == 7  # one vector a passage
    old_contents = [english.read_bytes(), chinese.read_bytes()]

    write_english(english, extra="The harbour master now answers questions by email.")
    chinese.write_text(text.replace("公开政府信息 55 条", "公开政府信息 56 条"), encoding="utf-8")
    results = ingest_files([english, chinese], settings, store=store)
    assert [r["status"] for r in results] == ["replaced", "replaced"]
    for r in results:
        gone, new = old[r["path"]], r["report"]["id"]
        assert new != gone and store.report(gone) is None
        assert rows_of(store, gone) == dict.fromkeys(("reports", "cells", "passages", "checks", "passages_fts"), 0)
        assert store.cells(gone) == [] and store.checks(gone) == []
        assert vector_ids(store, gone) == set()
    assert [copies_of(store.folder, c) for c in old_contents] == [[], []]
    assert len(store.reports()) == 2
    assert len(vector_ids(store, results[0]["report"]["id"])) == 7
    hits = store.search("区人民政府门户网站公开政府信息多少条", k=3)
    assert "公开政府信息 56 条" in hits[0].passage.text and hits[0].report.id == results[1]["report"]["id"]
    assert "harbour master" in store.search("harbour master email", k=1)[0].passage.text
    assert_whole(store, model_name)


def test_delete_removes_rows_fts_rows_and_vectors(settings, open_store, tmp_path, golds, model_name):
    store = open_store(settings)
    english = write_english(tmp_path / "harbor.txt")
    guangdong = FIXTURES / "reports/seed_guangdong_2023.txt"
    ids = {Path(r["path"]).name: r["report"]["id"] for r in ingest_files([english, guangdong], settings, store=store)}
    en, gd = ids["harbor.txt"], ids["seed_guangdong_2023.txt"]
    assert rows_of(store, en)["passages_fts"] == 7 and len(vector_ids(store, en)) == 7
    assert store.search("ferry timetable", k=3)[0].report.id == en
    kept = rows_of(store, gd)

    assert store.delete(en) is True
    assert rows_of(store, en) == dict.fromkeys(("reports", "cells", "passages", "checks", "passages_fts"), 0)
    assert vector_ids(store) == set()
    assert copies_of(store.folder, english.read_bytes()) == []  # no copy of the file is kept either
    assert store.search("ferry timetable", k=3) == [] and store.dense_search("ferry timetable") == []
    assert store.delete(en) is False
    # The other report is untouched.
    assert rows_of(store, gd) == kept
    assert cells_against_gold(StoredCells(store, gd), golds["seed_guangdong_2023"]) == []
    store.close()
    store = open_store(settings)
    assert [r.id for r in store.reports()] == [gd]
    assert_whole(store, model_name)


# ---------------------------------------------------------------- lexical search


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def zh_store(request, tmp_path_factory):
    """Every fixture report, in a store without an embedding model (lexical search only): SQLite's
    FTS5, or PostgreSQL's tsvector ranked by BM25."""
    url = request.getfixturevalue("postgres_server").new_database() if request.param == "postgres" else ""
    settings = Settings(store=str(tmp_path_factory.mktemp("zh") / "store"), embedding_model="", database_url=url)
    store = Store.open(settings, model=NO_MODEL)
    results = ingest_files(FILES, settings, store=store)
    assert {r["status"] for r in results} == {"ingested"}
    store.ids = {Path(r["path"]).stem: r["report"]["id"] for r in results}
    yield store
    store.close()


@pytest.mark.parametrize("q", NARRATIVE)
def test_a_chinese_question_finds_its_passage_in_the_top_3(zh_store, q):
    hits = zh_store.search(q["q"], k=3)
    assert any(q["passage"] in h.passage.text for h in hits), [h.passage.text[:60] for h in hits]
    # and within the report the question is about, it comes first
    scoped = zh_store.search(q["q"], report_ids=[zh_store.ids[s] for s in q["reports"]], k=1)
    assert q["passage"] in scoped[0].passage.text


@pytest.mark.parametrize("q,passage", [
    ("“粤省事”微信公众号粉丝数是多少？", "粉丝数突破 3514 万"),
    ("番禺的“政务地图”可在线查询多少项事项信息？", "可在线查询事项信息 1305 项"),
])
def test_the_brief_examples_rank_in_the_top_3_lexically(zh_store, q, passage):
    rows = zh_store.lexical_search(q, k=3)
    assert any(passage in row["text"] for row, _ in rows)


def test_table_rows_are_searchable_as_sentences(zh_store):
    gd = zh_store.ids["seed_guangdong_2023"]
    [(row, _)] = zh_store.lexical_search("广东省政数局2023年部分公开的申请有多少件？", report_ids=[gd], k=1,
                                          kinds=("table",))
    assert row["kind"] == "table" and "部分公开" in row["text"] and "总计4件" in row["text"]
    # A missing or ambiguous cell is said to be so, never given a number.
    city, town = zh_store.ids["city_bureau_2022"], zh_store.ids["town_gov_2021_glued"]
    [(row, _)] = zh_store.lexical_search("不予公开 保护第三方合法权益", report_ids=[city], k=1, kinds=("table",))
    assert "保护第三方合法权益" in row["text"] and row["text"].endswith("总计未列明。")
    [(row, _)] = zh_store.lexical_search("予以公开的申请", report_ids=[town], k=1, kinds=("table",))
    assert "予以公开" in row["text"] and "自然人无法确定" in row["text"]


INJECTIONS = ['"', '""', "*", "NEAR(a b)", "OR", "AND", "NOT", "部分 OR 公开\"", "'; DROP TABLE cells; --",
              'NEAR("部分" "公开", 2)', "terms:公开", "{terms}: 公开", "部分公开*", "^公开", "(", ")", "-公开", "+",
              "\x00", "公开\" OR \"1\"=\"1", "a" * 5000, "公开 " * 500]


@pytest.mark.parametrize("q", INJECTIONS, ids=range(len(INJECTIONS)))
def test_fts_operators_in_a_query_are_plain_text(zh_store, q):
    before = db_counts(zh_store)
    peek = Peek(zh_store)
    schema = peek.schema()
    rows = zh_store.lexical_search(q)
    hits = zh_store.search(q)
    assert isinstance(rows, list) and isinstance(hits, list)
    assert db_counts(zh_store) == before
    assert peek.schema() == schema
    peek.close()
    if "公开" in q:  # the words in it are still searched for
        assert hits


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80) | st.text(alphabet='"*()^:{}-+ ORNEAD公开部分政府信息', max_size=40))
def test_no_query_text_raises_or_changes_the_store(zh_store, q):
    before = db_counts(zh_store)
    zh_store.search(q)
    assert db_counts(zh_store) == before


# ---------------------------------------------------------------- dense search


def test_english_passages_are_embedded_and_found_by_meaning(settings, open_store, tmp_path, model_name):
    store = open_store(settings)
    [res] = ingest_files([write_english(tmp_path / "harbor.txt")], settings, store=store)
    rid = res["report"]["id"]
    assert store.report(rid).embedded_with == model_name
    assert vector_ids(store, rid) == {f"{rid}:{n}" for n in range(7)}
    # No word in common with the passage: only the embedding can find it.
    (top, n, _), *_ = store.dense_search("When do the boats leave?")
    assert top == rid and "ferry timetable" in store.passage(rid, n).text
    (top, n, _), *_ = store.dense_search("pollution measurements")
    assert "Air quality" in store.passage(rid, n).text
    hits = store.search("ferry timetable", k=3)
    assert "ferry timetable" in hits[0].passage.text
    assert hits[0].lexical_rank == 1 and hits[0].dense_rank is not None
    assert store.dense_search("When do the boats leave?", report_ids=["nosuchreport"]) == []
    assert store.dense_search("When do the boats leave?", kinds=("table",)) == []


def test_chinese_reports_are_unreadable_and_chinese_questions_use_words_only(settings, open_store, tmp_path,
                                                                          model_name):
    store = open_store(settings)
    results = ingest_files([write_english(tmp_path / "harbor.txt"), FIXTURES / "reports/seed_guangdong_2023.txt"],
                           settings, store=store)
    en, gd = (r["report"]["id"] for r in results)
    assert store.report(gd).embedded_with == f"unreadable:{model_name}"
    assert "searched by words only" in results[1]["report"]["note"]
    assert vector_ids(store, gd) == set() and len(vector_ids(store, en)) == 7
    for q in ("“粤省事”微信公众号粉丝数是多少？", "广东省政数局2023年部分公开的申请有多少件？"):
        # the English report has vectors, so dense search is live: it must still not answer these
        assert store.dense_search(q) == []
        fused = store.search(q, k=10)
        assert fused == store.search(q, k=10, mode="lexical")
        assert fused and all(h.dense_rank is None for h in fused)
    assert "3514" in store.search("“粤省事”微信公众号粉丝数是多少？", k=3)[0].passage.text


@pytest.fixture(scope="session")
def narrow_model_dir(tmp_path_factory, packaged_model):
    """A model of another vector size (128): the packaged model with a dense layer, saved to a folder."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Dense

    torch.manual_seed(0)
    base = packaged_model.embedder._model
    folder = tmp_path_factory.mktemp("narrow") / "model"
    SentenceTransformer(modules=[base[0], base[1], Dense(in_features=384, out_features=128)],
                        device="cpu").save(str(folder))
    return str(folder)


def test_reopening_with_another_model_embeds_the_passages_again(settings, open_store, tmp_path, packaged_model,
                                                                 narrow_model_dir, model_name):
    """What store.py does: the reports table records the model each report was embedded with; a
    store opened with another model embeds those reports again, and dense search answers with it."""
    copy = str(tmp_path / "same-model-other-folder")
    shutil.copytree(packaged_model.embedder.model_name, copy)
    store = open_store(settings)
    [en, zh] = [r["report"]["id"] for r in ingest_files(
        [write_english(tmp_path / "harbor.txt"), FIXTURES / "reports/seed_panyu_2023.txt"], settings, store=store)]
    store.close()

    for model_dir, loaded in ((copy, load_embedder(copy)), (narrow_model_dir, load_embedder(narrow_model_dir)),
                              (model_name, packaged_model)):  # same size, smaller, and back
        store = open_store(settings, model=loaded)
        assert store.report(en).embedded_with == model_dir
        assert store.report(zh).embedded_with == f"unreadable:{model_dir}"
        assert len(loaded.embedder(["x"])[0]) == (128 if model_dir == narrow_model_dir else 384)
        assert vector_ids(store) == {f"{en}:{n}" for n in range(7)}
        (top, n, _), *_ = store.dense_search("ferry timetable")
        assert top == en
        assert_whole(store, model_dir)
        store.close()


def test_without_a_model_the_store_works_by_words_and_embeds_later(tmp_path, open_store, packaged_model):
    settings = Settings(store=str(tmp_path / "store"), embedding_model="no/such-model")
    store = Store.open(settings)  # loads the configured model itself, and cannot
    try:
        assert store.embedder is None
        [notice] = store.notices
        assert "no/such-model" in notice and "words only" in notice
        results = ingest_files([write_english(tmp_path / "harbor.txt"), FIXTURES / "reports/seed_panyu_2023.txt"],
                               settings, store=store)
        assert [r["status"] for r in results] == ["ingested", "ingested"]
        assert [r.embedded_with for r in store.reports()] == [None, None]
        assert store.dense_search("ferry timetable") == []
        assert store.search("ferry timetable") == store.search("ferry timetable", mode="lexical")
        assert "ferry timetable" in store.search("ferry timetable")[0].passage.text
        assert "1305" in store.search("番禺的“政务地图”可在线查询多少项事项信息？", k=3)[0].passage.text
        assert not (Path(settings.store) / "chroma").exists()  # Chroma was never needed
    finally:
        store.close()
    # Opened later with a model, the store embeds what it can read.
    store = open_store(settings, model=packaged_model)
    en = next(r for r in store.reports() if r.agency is None)
    assert en.embedded_with == packaged_model.embedder.model_name
    assert store.dense_search("When do the boats leave?")[0][0] == en.id
    assert_whole(store, packaged_model.embedder.model_name)


# ---------------------------------------------------------------- Chroma server


def test_an_unreachable_chroma_server_is_a_store_error_and_nothing_is_written(tmp_path, open_store, model_name):
    port = free_port()  # nothing listens there
    settings = Settings(store=str(tmp_path / "store"), embedding_model=model_name, chroma_host="127.0.0.1",
                        chroma_port=port)
    english = write_english(tmp_path / "harbor.txt")
    store = open_store(settings)
    with pytest.raises(StoreError) as e:
        store.add(parsed(english))
    message = str(e.value)
    assert message.startswith(f"the Chroma server at 127.0.0.1:{port} does not answer")
    assert "\n" not in message and message.endswith(".") and "Traceback" not in message
    assert db_counts(store) == dict.fromkeys(("reports", "cells", "passages", "passages_fts", "checks"), 0)
    store.close()
    # Nothing is left for the next open to clean up on the server: it opens without it.
    store = open_store(settings)
    assert store.reports() == []
    [res] = ingest_files([english], settings, store=store)
    assert res["status"] == "failed" and res["error"] == message and res["report"] is None


# ---------------------------------------------------------------- all or nothing


def test_a_failing_database_write_leaves_nothing_and_drops_its_vectors(settings, open_store, tmp_path, model_name):
    store = open_store(settings)
    english = write_english(tmp_path / "harbor.txt")
    [first] = ingest_files([english], settings, store=store)
    old = first["report"]["id"]
    counts, vectors, listed = db_counts(store), vector_ids(store), store.reports()

    # A new version at the same path whose cells repeat an address: the INSERT fails half-way,
    # after the new vectors went to Chroma and the old report's rows were deleted.
    write_english(english, extra="The harbour master now answers questions by email.")
    new = parsed(english)
    broken = dataclasses.replace(new, cells=new.cells + (new.cells[0],))
    import psycopg

    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        store.add(broken)
    assert db_counts(store) == counts and store.reports() == listed
    assert vector_ids(store) == vectors and vector_ids(store, new.id) == set()
    assert store.search("ferry timetable", k=1)[0].report.id == old
    store.close()
    store = open_store(settings)
    assert store.reports() == listed
    assert_whole(store, model_name)
    # and the good version goes in afterwards
    assert store.add(new).status == "replaced"
    assert_whole(store, model_name)


# ---------------------------------------------------------------- a killed ingest


def ingest_env(model_name: str, settings=None) -> dict:
    """The environment of a `python -m ingest` writing into the store of ``settings`` (default: SQLite
    and Chroma in the folder given on its command line)."""
    return dict(os.environ, HF_HUB_OFFLINE="1", REPORTS_EMBEDDING_MODEL=model_name, PYTHONUNBUFFERED="1",
                REPORTS_CHROMA_HOST=getattr(settings, "chroma_host", ""),
                REPORTS_CHROMA_PORT=str(getattr(settings, "chroma_port", 8000)),
                REPORTS_DATABASE_URL=getattr(settings, "database_url", ""))


def assert_every_report_whole(store, model_name, known=()):
    """Every report present has all its cells, passages and checks, as a parse of its file gives
    them (``known``: parsed reports whose file has changed since)."""
    known = {k.sha256: k for k in known}
    for r in store.reports():
        fresh = known.get(r.sha256) or parse_file(Path(r.path))
        assert fresh.sha256 == r.sha256, r.path
        passages = len(fresh.passages) + len(report_to_row_passages(fresh))
        assert rows_of(store, r.id) == {"reports": 1, "cells": len(fresh.cells), "passages": passages,
                                               "passages_fts": passages, "checks": len(fresh.checks)}, r.path
    assert_whole(store, model_name)


@pytest.fixture
def inbox(tmp_path):
    """A folder of reports: the fixtures, and English reports with many passages between them."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for f in FILES:
        shutil.copy(f, folder / f.name)
    for i in range(3):
        write_english(folder / f"d{i}_harbor.txt", title=f"Harbor {i} Port Authority Annual Report", lines=120)
    return folder


def test_an_ingest_killed_mid_way_leaves_only_whole_reports(settings, inbox, open_store, model_name):
    store_dir = Path(settings.store)
    files = sorted(inbox.iterdir())
    proc = subprocess.Popen([sys.executable, "-m", "ingest", str(inbox), "--store", str(store_dir), "--workers", "2"],
                            cwd=ROOT, env=ingest_env(model_name, settings), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        # Kill it as it starts on the second of the English reports (file 4), the first (3) stored.
        for line in proc.stderr:
            if line.startswith(f"[4/{len(files)}]"):
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.kill()
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL

    store = open_store(settings)
    present = {r.path for r in store.reports()}
    assert str((inbox / "d0_harbor.txt").resolve()) in present and len(present) in (3, 4)
    assert_every_report_whole(store, model_name)
    # A new ingest completes the store.
    results = ingest_files(files, settings, store=store)
    assert {r["status"] for r in results} <= {"ingested", "unchanged"}
    assert len(store.reports()) == len(files)
    assert_every_report_whole(store, model_name)


#: Runs ``python -m ingest`` and kills it (SIGKILL) as the database is about to run the Nth statement
#: starting with a prefix: the kill lands at an exact point of the write, inside the transaction.
#: SQLite's statements are seen through its trace callback, PostgreSQL's through psycopg's cursor.
KILLER = """
import os, runpy, signal, sqlite3, sys
prefix, nth = sys.argv[1], int(sys.argv[2])
seen = 0
def trace(sql):
    global seen
    if sql.lstrip().upper().startswith(prefix):
        seen += 1
        if seen == nth:
            os.kill(os.getpid(), signal.SIGKILL)
if os.environ.get("REPORTS_DATABASE_URL"):
    import psycopg
    for name in ("execute", "executemany"):
        def watched(self, query, *args, _original=getattr(psycopg.Cursor, name), **kwargs):
            trace(str(query))
            return _original(self, query, *args, **kwargs)
        setattr(psycopg.Cursor, name, watched)
else:
    _connect = sqlite3.connect
    def connect(*args, **kwargs):
        conn = _connect(*args, **kwargs)
        conn.set_trace_callback(trace)
        return conn
    sqlite3.connect = connect
sys.path.insert(0, os.getcwd())
sys.argv = ["ingest"] + sys.argv[3:]
runpy.run_module("ingest", run_name="__main__", alter_sys=True)
"""


def run_killed(tmp_path, model_name, settings, prefix, nth, *args):
    killer = tmp_path / "killer.py"
    killer.write_text(KILLER, encoding="utf-8")
    p = subprocess.run([sys.executable, str(killer), prefix, str(nth), *map(str, args)], cwd=ROOT,
                       env=ingest_env(model_name, settings), capture_output=True, text=True, timeout=300)
    assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    return p


def test_a_replacement_killed_before_its_commit_leaves_the_store_as_it_was(settings, tmp_path, open_store, model_name):
    """Killed at the commit of a replacement: the new version's vectors are in Chroma, the old
    version's rows deleted in the open transaction, the new ones inserted (in PostgreSQL: killed at
    its last insert, the checks, before the commit). The old one must stay."""
    harbor = write_english(tmp_path / "harbor.txt")
    store = open_store(settings)
    [first] = ingest_files([harbor], settings, store=store)
    old = first["report"]["id"]
    store.close()
    v1 = parse_file(harbor)
    write_english(harbor, extra="The harbour master now answers questions by email.")
    a = write_english(tmp_path / "a.txt", title="Harbor A Port Authority Annual Report")
    # a is stored (the first commit); harbor's replacement dies at the second.
    prefix = "INSERT INTO CHECKS" if settings.database_url else "COMMIT"
    run_killed(tmp_path, model_name, settings, prefix, 2, a, harbor, "--store", settings.store)
    store = open_store(settings)
    assert store.report(old) is not None and len(vector_ids(store, old)) == 7
    assert sorted(r.path for r in store.reports()) == sorted([str(a.resolve()), str(harbor.resolve())])
    assert_every_report_whole(store, model_name, known=[v1])
    results = ingest_files([a, harbor], settings, store=store)
    assert [r["status"] for r in results] == ["unchanged", "replaced"]
    assert store.report(old) is None and vector_ids(store, old) == set()
    assert_every_report_whole(store, model_name)
