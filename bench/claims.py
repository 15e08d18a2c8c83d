"""The claim check: how long a pasted paragraph takes to check, and how its verdicts score.

The store holds the fixture, development and unseen reports of the tests (the same store
tests/test_claims.py checks against; made once under bench/out/claims/). The paragraphs are the
three sets of tests/fixtures/claims, written by helpers who never saw the code, each figure with the
verdict its writer expected. Each paragraph is checked once untimed (to load jieba and warm the
store), then timed as a whole with ``retrieval.check_claims`` (wall clock, perf_counter).

Reported per set: paragraphs, figures, the figures whose verdict is the writer's, the contradicted
figures marked supported (target 0), and the time per paragraph (p50, p95, max) and per figure.
Writes bench/out/claims.json.

Usage::

    .venv/bin/python bench/claims.py
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"
FOLDERS = (FIXTURES / "reports", FIXTURES / "dev" / "reports", FIXTURES / "unseen" / "reports")
OUT = ROOT / "bench" / "out"


def open_store():
    """The store of the tests' reports, ingested once."""
    from config import Settings
    from index import Store
    from pipeline import ingest_files

    folder = OUT / "claims"
    paths = sorted(p for f in FOLDERS for p in f.iterdir())
    settings = Settings.from_env(store=str(folder))
    store = Store.open(settings)
    if len(store.reports()) != len(paths):
        with contextlib.redirect_stderr(io.StringIO()):
            ingest_files(paths, settings, store=store)
    return store


def paragraph_sets() -> Dict[str, List[Tuple[str, List[Tuple[str, str]]]]]:
    """Each set's paragraphs as (text, [(figure as written, expected verdict)])."""
    sets: Dict[str, List[Tuple[str, List[Tuple[str, str]]]]] = {}
    for path in sorted((FIXTURES / "claims").glob("paragraphs_*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets[path.stem] = [(p["text"], [(c["figure_text"], c["verdict"]) for c in p["claims"]]) for p in rows]
    older = json.loads((FIXTURES / "claims" / "unseen_paragraphs.json").read_text(encoding="utf-8"))["paragraphs"]
    sets["unseen_paragraphs"] = [(p["text"], [(c[0], c[1]) for c in p["claims"]]) for p in older]
    return sets


def main() -> int:
    from retrieval import check_claims

    store = open_store()
    results = {}
    for name, paragraphs in paragraph_sets().items():
        times, figures, right, wrongly_supported = [], 0, 0, 0
        for text, expected in paragraphs:
            check_claims(store, text)  # warm
            started = time.perf_counter()
            check = check_claims(store, text)
            times.append(time.perf_counter() - started)
            cursor = 0
            for written, verdict in expected:  # in text order: a figure written twice is found in turn
                figures += 1
                at = text.find(written, cursor)
                cursor = at + len(written) if at >= 0 else cursor
                got = [v for v in check.verdicts if at >= 0 and v.claim.span[0] < at + len(written) and v.claim.span[1] > at]
                right += bool(got) and got[0].verdict == verdict
                wrongly_supported += bool(got) and got[0].verdict == "supported" and verdict == "contradicted"
        times.sort()
        results[name] = {
            "paragraphs": len(paragraphs), "figures": figures, "verdicts_right": right,
            "contradicted_marked_supported": wrongly_supported,
            "ms_per_paragraph": {"p50": round(1000 * statistics.median(times)),
                                 "p95": round(1000 * times[min(len(times) - 1, int(0.95 * len(times)))]),
                                 "max": round(1000 * times[-1])},
            "ms_per_figure": round(1000 * sum(times) / max(figures, 1), 1),
        }
        r = results[name]
        print(f"{name}: {r['verdicts_right']}/{figures} verdicts right, {wrongly_supported} contradicted marked supported; "
              f"per paragraph p50 {r['ms_per_paragraph']['p50']} ms, p95 {r['ms_per_paragraph']['p95']} ms, "
              f"max {r['ms_per_paragraph']['max']} ms; {r['ms_per_figure']} ms a figure")
    store.close()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "claims.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
