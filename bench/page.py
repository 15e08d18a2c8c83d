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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--app", type=Path, default=ROOT / "app.py",
                        help="the page to drive (an earlier app.py, to compare; default: this one)")
    parser.add_argument("--collect", action="store_true",
                        help="collect garbage before each timed turn (untimed), to tell the page's own time from "
                             "Python's full collections, which come every few dozen turns and grow with the heap")
    args = parser.parse_args(argv)
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
