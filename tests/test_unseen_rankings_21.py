"""Rankings across every loaded body, in words nobody here wrote: 45 questions by a writer who never
saw the code (tests/fixtures/unseen21/rank_questions.jsonl), asked of 240 synthetic reports
(bench/corpus.py, 2019–2024, bodies of every level) before anything was changed for them.

Each question says what it means: a cell address, a year and most or least (then the answer's
figure must be that extreme over the loaded reports, computed here from the corpus's own cells), or
that a careful product must ask back or say it cannot (then no figure may be given: a ranking of
bodies by a breakdown the tables lack, by words that name no figure, or over a group the product
cannot tell). On arrival, on 3,000 reports: 35 of 45 right, 2 figures given where none should be,
2 answered with a heading line; what is still not right is a strict xfail naming why.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from decimal import Decimal

import pytest
from conftest import FIXTURES, ROOT
from storekit import ingest_files

from config import Settings
from index import Store
from index.sqlite import SqliteDatabase
from model import CatalogEntry, ReportRef
from phrasing import report_name
from retrieval import answer_question
from retrieval.combine import RANK_LISTED
from retrieval.understand import understand
from retrieval.understand.places import within

sys.path.append(str(ROOT / "bench"))  # bench/corpus.py; last, so that bench/retrieval.py never shadows retrieval/

QUESTIONS = [json.loads(line) for line in (FIXTURES / "unseen21" / "rank_questions.jsonl").read_text(encoding="utf-8").splitlines()]
REPORTS = 240
#: Still not right, each for a reason named.
KNOWN = {
    "r06": "「复议完了又被告上法院」 (a lawsuit after reconsideration) leaves 「完」 unaccounted: asked back",
    "r40": "「没给申请人公开的」 is read as 不予公开, and the answer names it; the writer wanted it asked back",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, packaged_model):
    from corpus import load_manifest, make_corpus

    folder = tmp_path_factory.mktemp("rank21")
    paths = make_corpus(REPORTS, folder / "corpus", seed=0, kinds=("text", "html"))
    settings = Settings(store=str(folder / "store"), embedding_model=packaged_model.embedder.model_name)
    store = Store.open(settings, model=packaged_model)
    results = ingest_files(paths, settings, store=store)
    assert [r["status"] for r in results] == ["ingested"] * REPORTS, [r for r in results if r["status"] != "ingested"]
    yield store, load_manifest(folder / "corpus")
    store.close()


def _year(q: dict):
    return datetime.date.today().year + q["relative"] if "relative" in q else q["year"]


@pytest.mark.parametrize("q", [pytest.param(q, id=q["id"], marks=[pytest.mark.xfail(strict=True, reason=KNOWN[q["id"]])]
                                            if q["id"] in KNOWN else []) for q in QUESTIONS])
def test_a_ranking_gives_the_extreme_figure_or_no_figure(corpus, q):
    store, manifest = corpus
    a = answer_question(store, q["q"])
    year = _year(q)
    loaded_years = {r["year"] for r in manifest}
    if q["expect"] == "answer" and (year is None or year in loaded_years):
        values = [Decimal(str(r["cells"][q["address"]])) for r in manifest
                  if (year is None or r["year"] == year) and r["cells"].get(q["address"]) is not None]
        best = (min if q["direction"] == "least" else max)(values)
        assert a.status == "answered" and a.value is not None, a.answer
        assert Decimal(str(a.value)) == best, a.answer
        # The figure ranked is named, and every figure shown is cited.
        assert a.answer.startswith(("按", "Ranked by")), a.answer
        assert a.cells and all(c.report.year == year for c in a.cells if year is not None), a.answer
        assert_every_listed_report_cited(a)
    elif q["expect"] == "either_reading":
        # 「广东的单位里」: the province's own bodies, or every body inside it? Asked, or answered when
        # both readings give the same figure — and then said so.
        if a.status == "clarify":
            assert "本级" in a.answer and "境内的全部单位" in a.answer, a.answer
        else:
            assert a.status == "answered" and "无论指" in a.answer, a.answer
    else:
        # Ask back, say the reports do not hold it, or say the year is not loaded — never a figure,
        # never one report's sentence for a ranking of bodies.
        assert a.status != "answered", a.answer
        assert a.value is None, a.answer


def assert_every_listed_report_cited(a) -> None:
    """Each numbered line of a ranking names a report whose cell the answer cites."""
    cited = {report_name(c.report, "zh") for c in a.cells} | {report_name(c.report, "en") for c in a.cells}
    listed = [m.group(1) for m in re.finditer(r"^\d+\. (.+)[：:]", a.answer, re.M)]
    assert listed and all(name in cited for name in listed), (listed, sorted(cited)[:5])


def test_a_ranking_over_every_report_lists_ten_places_cited_and_counts_the_rest(corpus):
    store, manifest = corpus
    a = answer_question(store, "2023年新收申请最多的单位")
    in_year = [r for r in manifest if r["year"] == 2023]
    lines = [line for line in a.answer.splitlines() if re.match(r"^\d+\. ", line)]
    assert len(lines) == RANK_LISTED, a.answer
    assert f"另有 {len(in_year) - RANK_LISTED} 份报告参加了排序，未列出" in a.answer, a.answer
    assert_every_listed_report_cited(a)
    assert len({c.report.id for c in a.cells}) == RANK_LISTED  # what is only counted is not cited
    assert a.value == max(r["cells"]["t3.new.total"] for r in in_year)


def test_a_place_named_alone_asks_which_bodies_or_ranks_every_body_inside(corpus):
    store, manifest = corpus
    # 广东省's own three bodies, or every body in 广东 (广州市…, 佛山市…): a list asks.
    a = answer_question(store, "列出广东的单位各自的新收申请数")
    assert a.status == "clarify" and "广东省本级" in a.answer and "广东省境内全部" in a.answer, a.answer
    # 广州市 has one body of its own loaded: a ranking of one is none, so every body inside is ranked.
    a = answer_question(store, "广州的单位里谁收到的申请最多")
    inside = [r for r in manifest if r["agency"].startswith("广州市")]
    assert len({r["agency"] for r in inside}) > 1
    assert a.status == "answered" and a.answer.startswith("按广州市境内的全部单位"), a.answer
    assert a.value == max(r["cells"]["t3.new.total"] for r in inside)
    assert_every_listed_report_cited(a)


@pytest.mark.parametrize("places,division,inside", [
    (("广州市", "白云区"), "广东省", True),
    (("广州市", "白云区"), "广州市", True),
    (("广东省", "广州市", "白云区"), "广州市", True),   # a chain printed from the province down
    (("广东省",), "广东省", False),                     # the division itself is not inside it
    (("白云区",), "广东省", False),                     # 白云区 of 广州 or of 贵阳: not settled, not counted
    (("贵阳市", "白云区"), "广东省", False),
    (("北京市", "朝阳区"), "北京市", True),
    (("长春市", "朝阳区"), "北京市", False),
    (("深圳市",), "广东省", True),
    (("江临市",), "广东省", False),                     # not on the national list
])
def test_a_body_is_inside_a_division_by_the_national_codes(places, division, inside):
    assert within(places, division) is inside


def test_a_place_of_its_own_is_not_read_as_a_misspelling_of_another():
    # 潭 has a rare reading "yin": 「平潭」 once sounded like 平阴县 and took its bodies' figures.
    catalog = [CatalogEntry(ReportRef("p1", "济南市平阴县发展和改革局", 2023), body="济南市平阴县发展和改革局")]
    for q in ("平潭县2023年新收申请多少件？", "平潭2023年新收申请多少件？"):
        u = understand(q, catalog)
        assert not u.mentions and u.unloaded, (q, u.mentions, u.unloaded)
    assert understand("平阴县发展和改革局2023年新收申请多少件？", catalog).mentions


def test_a_search_over_many_reports_finds_what_one_report_at_a_time_finds(corpus, monkeypatch):
    """SQLite matches the whole store once for many reports, one report's id range at a time for a few."""
    store, _ = corpus
    ids = sorted(r.id for r in store.reports())
    many = store.lexical_search("政府信息公开 培训 公众号", ids, k=10)
    monkeypatch.setattr(SqliteDatabase, "RANGES_UP_TO", 10 ** 9)
    assert [(r["report_id"], r["n"]) for r, _ in store.lexical_search("政府信息公开 培训 公众号", ids, k=10)] == \
        [(r["report_id"], r["n"]) for r, _ in many]
    assert len(many) == 10
