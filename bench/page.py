"""The chat page over a long conversation: does the 50th answer come as fast as the first?

Each question reruns the page, which draws the whole conversation again; drawn naively (every
earlier answer with its tables and page images) the time of an answer grows with the turns. The page
draws earlier answers as one line each (their sources one click away), so an answer's time should
not depend on how long the conversation is. Target: the answer after 50 turns within 1.5× of the
first.

The page runs under Streamlit's AppTest (the script run the server would do, without a browser) over
a store of the two sample reports and the Guangdong report printed as a PDF (tests/reportgen.py), so
that its answers cite a page image. The questions cycle through figure, follow-up, sum, narrative and
comparison questions. Each turn is timed from setting the chat input to the end of the run (wall
clock, perf_counter); the first turn is preceded by one untimed warm-up question, so the cold start
(loading jieba, drawing the first page image) is not counted in either.

Usage::

    .venv/bin/python bench/page.py              # 50 turns
    .venv/bin/python bench/page.py --turns 80
    git show 885eccd:app.py > /tmp/old_app.py && .venv/bin/python bench/page.py --app /tmp/old_app.py   # the page before

Prints each tenth turn and the first and last answer times, and writes bench/out/page.json.

The data desk (``--desk N``): N synthetic reports (bench/corpus.py; text, one body each, 2019–2024)
stored once in bench/out/page/store_N, and the desk drawn over them under AppTest — its table and
its two charts over every report — for measures of each kind (a cell, a group, a rate). Timed:
the desk's own drawing (``page.desk_panel``, wall clock) when a measure is first picked (its
series read from the store: one look-up per report and cell) and when it is drawn again (the page
rerun: the series is kept until a report is added or deleted), and the whole page's run beside it. Target: under 1 s. Writes bench/out/page-desk.json::

    .venv/bin/python bench/page.py --desk 1000
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

QUESTIONS = ["广东省政数局2023年部分公开了多少件？", "其中自然人多少？", "不予公开一共几件？", "“粤省事”微信公众号粉丝数是多少？",
             "番禺区2023年新收申请多少件？", "哪个单位新收申请最多？", "番禺区2023年行政复议多少件？"]


def build_store(folder: Path) -> Path:
    """The samples and the Guangdong PDF, stored in ``folder``/store; return the store folder."""
    import reportgen

    from config import Settings
    from pipeline import ingest_files

    gold = ROOT / "tests" / "fixtures" / "gold" / "seed_guangdong_2023.json"
    pdf = reportgen.render_pdf(reportgen.spec_from_seed(ROOT / "samples" / "seed_guangdong_2023.txt", gold), "ruled",
                               folder / "seed_guangdong_2023.pdf")
    store = folder / "store"
    outcomes = ingest_files(sorted((ROOT / "samples").glob("*.txt")) + [pdf],
                            Settings.from_env(store=str(store), embedding_model="/nonexistent/model"))
    assert all(o.status != "failed" for o in outcomes), outcomes
    return store


def run(turns: int, app: Path = ROOT / "app.py", collect: bool = False) -> dict:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory(prefix="bench-page-") as tmp:
        store = build_store(Path(tmp))
        os.environ["REPORTS_STORE"] = str(store)
        os.environ["REPORTS_EMBEDDING_MODEL"] = "/nonexistent/model"
        at = AppTest.from_file(str(app), default_timeout=120)
        at.run()
        at.chat_input[0].set_value(QUESTIONS[0]).run()  # warm-up, not timed
        at.session_state["messages"] = []  # the warm-up's turn out (the page before had no clear button)
        times = []
        for i in range(turns):
            q = QUESTIONS[i % len(QUESTIONS)]
            if collect:
                gc.collect()
            start = time.perf_counter()
            at.chat_input[0].set_value(q).run()
            times.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(at.exception)
            if (i + 1) % 10 == 0 or i == 0:
                print(f"turn {i + 1:3d}: {times[-1] * 1000:7.0f} ms   ({len(at.chat_message)} messages on the page)")
        first_round = times[:len(QUESTIONS)]
        last_round = times[-len(QUESTIONS):]
        return {"turns": turns, "first_ms": round(times[0] * 1000), "last_ms": round(times[-1] * 1000),
                "first_round_median_ms": round(statistics.median(first_round) * 1000),
                "last_round_median_ms": round(statistics.median(last_round) * 1000),
                "ratio_last_to_first": round(times[-1] / times[0], 2),
                "ratio_last_round_to_first_round": round(statistics.median(last_round) / statistics.median(first_round), 2),
                "times_ms": [round(x * 1000) for x in times]}


DESK_MEASURES = ["t3.new.total", "t3.denied.total", "granted_rate", "t4.review.total", "corrected_rate"]


def desk_store(n: int) -> Path:
    """N synthetic reports stored (once) in bench/out/page/store_N; return the store folder."""
    import contextlib
    import io

    from corpus import make_corpus

    from config import Settings
    from index import Store
    from pipeline import ingest_files

    work = ROOT / "bench" / "out" / "page"
    folder = work / f"store_{n}"
    settings = Settings.from_env(store=str(folder), embedding_model="/nonexistent/model")
    store = Store.open(settings)
    try:
        have = len(store.catalog())
    finally:
        store.close()
    if have < n:
        corpus = work / f"corpus_{n}"
        print(f"writing {n} reports to {corpus} and storing them in {folder} ...", file=sys.stderr)
        paths = make_corpus(n, corpus)
        started = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):
            outcomes = ingest_files(paths, settings)
        bad = [o for o in outcomes if o.status == "failed"]
        assert not bad, bad[:3]
        print(f"stored in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return folder


#: The desk alone, as the page draws it in its tab: the bench's page (the whole page adds the library
#: of 1,000 reports in the sidebar, which AppTest's bookkeeping of 1,000 widgets makes slow to time).
DESK_APP = """
import sys, time
sys.path.insert(0, {root!r})
import streamlit as st
from config import Settings
from page import desk_panel, set_lang
from pipeline import Store


@st.cache_resource
def store():
    return Store.open(Settings.from_env())


@st.cache_resource
def reports(_s):
    return _s.reports()


set_lang("zh")
s = store()
started = time.perf_counter()
desk_panel(s, reports(s))
st.session_state.setdefault("desk-times", []).append(time.perf_counter() - started)
"""


def run_desk(n: int, rounds: int = 3) -> dict:
    """The desk over n reports: for each measure, the desk's drawing time (its table, charts,
    downloads) when the measure is first picked and when it is drawn again."""
    from streamlit.testing.v1 import AppTest

    import page.desk as desk_module

    folder = desk_store(n)
    os.environ["REPORTS_STORE"] = str(folder)
    os.environ["REPORTS_EMBEDDING_MODEL"] = "/nonexistent/model"
    app = folder.parent / "desk_app.py"
    app.write_text(DESK_APP.format(root=str(ROOT)), encoding="utf-8")
    at = AppTest.from_file(str(app), default_timeout=300)
    at.run()  # warm-up: imports, the store, the first series
    if at.exception:
        raise RuntimeError(at.exception)
    rows = len(at.dataframe[0].value)

    def last() -> float:
        return at.session_state["desk-times"][-1]

    results = {}
    for m in DESK_MEASURES:
        first, again = [], []
        for _ in range(rounds):
            desk_module._series.clear()  # the measure's series read from the store again
            at.selectbox(key="desk-measure").set_value(m).run()
            first.append(last())
            at.run()  # drawn again, every row (another widget used, a question asked)
            again.append(last())
            if at.exception:
                raise RuntimeError(at.exception)
        results[m] = {"first_ms": round(statistics.median(first) * 1000), "again_ms": round(statistics.median(again) * 1000)}
        print(f"{m:24s} the desk drawn: measure first picked {results[m]['first_ms']:5d} ms, "
              f"drawn again {results[m]['again_ms']:5d} ms")
    return {"reports": n, "rows": rows, "measures": results, "target_ms": 1000,
            "load_average": [round(x, 1) for x in os.getloadavg()]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--app", type=Path, default=ROOT / "app.py",
                        help="the page to drive (an earlier app.py, to compare; default: this one)")
    parser.add_argument("--desk", type=int, metavar="N", help="time the data desk over N synthetic reports instead")
    parser.add_argument("--collect", action="store_true",
                        help="collect garbage before each timed turn (untimed), to tell the page's own time from "
                             "Python's full collections, which come every few dozen turns and grow with the heap")
    args = parser.parse_args(argv)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    if args.desk:
        desk = run_desk(args.desk)
        worst = max(max(v["first_ms"], v["again_ms"]) for v in desk["measures"].values())
        print(f"{desk['rows']} rows; the desk's slowest drawing {worst} ms (target under {desk['target_ms']} ms); "
              f"load average {desk['load_average']}")
        (out / "page-desk.json").write_text(json.dumps(desk, indent=2), encoding="utf-8")
        return 0
    result = run(args.turns, args.app.resolve(), args.collect)
    result["collect"] = args.collect
    print(f"first answer {result['first_ms']} ms, answer {result['turns']} {result['last_ms']} ms "
          f"(× {result['ratio_last_to_first']}); median of the first {len(QUESTIONS)} questions "
          f"{result['first_round_median_ms']} ms, of the last {len(QUESTIONS)} {result['last_round_median_ms']} ms "
          f"(× {result['ratio_last_round_to_first_round']}); target within 1.5×")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / ("page.json" if args.app.resolve() == ROOT / "app.py" else "page-other.json")).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
