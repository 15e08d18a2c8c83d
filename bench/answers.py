"""Answer latency: figure and narrative questions with 50 and with 1,000 reports loaded, and the
cold start of the first answer.

The reports are bench/corpus.py's synthetic ones (text exports, one body each, 2019–2024, figures
that pass the template's checks, a narrative with facts and the questions they answer); the 50
are the first 50 of the 1,000. Each store is made once with ``pipeline.ingest_files`` and kept
under bench/out/answers/ (delete it, or pass --rebuild, to make it again).

- warm: one process opens the store, answers a few questions to warm up, then times
  ``retrieval.answer_question`` on each question (wall clock, perf_counter): p50, p95, max.
  Figure questions name a body and year and ask for a table cell (「…2023年部分公开的申请有多少件？」,
  "How many new applications did … receive in 2023?"); narrative questions are the corpus's own
  (「…2022年政务微博发布了多少条？」). Whether each answer is right is counted too (a sanity check).
- cold: ``python -m retrieval "QUESTION" --store S`` in a fresh process, wall clock to exit, for a
  figure question and for a narrative one (the first narrative answer also loads jieba's dictionary).

The store is opened as the CLI opens it (``Settings.from_env``, HF_HUB_OFFLINE=1): without the
multilingual model in the local cache, passage search is lexical (SQLite FTS5) only.

Targets: figure p95 < 50 ms and narrative p95 < 300 ms at 1,000 reports; first answer < 10 s cold.

Usage::

    .venv/bin/python bench/answers.py                # both sizes, 200 questions of each kind
    .venv/bin/python bench/answers.py --quick        # 60 questions of each kind, 1 cold run
    .venv/bin/python bench/answers.py --profile      # and where the time goes at the largest size

Prints a table and writes bench/out/answers.json.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
WORK = OUT / "answers"
sys.path[:0] = [str(ROOT), str(BENCH)]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

TARGETS = {"figure": 50.0, "narrative": 300.0, "cold": 10_000.0}  # ms: p95 at 1,000 reports; first answer

#: Figure questions: (template, address). ``who`` is the body's printed name.
FIGURE_TEMPLATES = (
    ("{who}{year}年新收政府信息公开申请多少件？", "t3.new.total"),
    ("{who}{year}年部分公开的申请有多少件？", "t3.partial.total"),
    ("{who}{year}年予以公开的申请有几件？", "t3.granted.total"),
    ("{who}{year}年结转下年度继续办理的申请有多少件？", "t3.carried_forward.total"),
    ("{who}{year}年因政府信息公开被申请行政复议几件？", "t4.review.total"),
    ("{who}{year}年作出的行政处罚决定有多少件？", "t2.penalty.decisions"),
    ("How many new applications did {who} receive in {year}?", "t3.new.total"),
)


# ------------------------------------------------------------------------------------ corpus and stores


def corpus(n: int, seed: int) -> Tuple[List[Path], List[dict]]:
    """The first n reports of the seed's corpus (made once, up to the largest n asked), with their manifest rows."""
    from corpus import load_manifest, make_corpus

    folder = WORK / f"corpus_s{seed}"
    manifest = load_manifest(folder) if (folder / "manifest.jsonl").exists() else []
    if len(manifest) < n:
        print(f"writing {n} reports to {folder} ...", file=sys.stderr)
        make_corpus(n, folder, seed)
        manifest = load_manifest(folder)
    return [folder / m["file"] for m in manifest[:n]], manifest[:n]


def open_store(folder: Path):
    from config import Settings
    from index import Store

    return Store.open(Settings.from_env(store=str(folder)))


def build_store(n: int, seed: int, rebuild: bool) -> Tuple[Path, List[dict], dict]:
    """A store holding the corpus's first n reports (made once); its folder, manifest rows and build info."""
    from config import Settings
    from pipeline import ingest_files

    paths, manifest = corpus(n, seed)
    folder = WORK / f"store_s{seed}_{n}"
    if rebuild and folder.exists():
        import shutil

        shutil.rmtree(folder)
    info = {"reports": n, "folder": str(folder)}
    store = open_store(folder)
    try:
        have = len(store.reports())
        if have != n:
            print(f"ingesting {n - have} reports into {folder} ...", file=sys.stderr)
            started = time.perf_counter()
            with contextlib.redirect_stderr(io.StringIO()):
                results = ingest_files(paths, Settings.from_env(store=str(folder)), store=store)
            failed = [r for r in results if r.status == "failed"]
            info["ingest_s"] = round(time.perf_counter() - started, 1)
            if failed:
                raise SystemExit(f"{len(failed)} reports failed to ingest, e.g. {failed[0]}")
        info["embedder"] = store.embedder.model_name if store.embedder else None
        info["notices"] = list(store.notices)
        info["db_mb"] = round(sum(f.stat().st_size for f in folder.glob("reports.sqlite3*")) / 1e6, 1)
    finally:
        store.close()
    return folder, manifest, info


# ------------------------------------------------------------------------------------ questions


def figure_questions(manifest: Sequence[dict], count: int, seed: int) -> List[dict]:
    rng = random.Random(f"figures:{seed}")
    out = []
    for i in range(count):
        m = manifest[rng.randrange(len(manifest))]
        template, address = FIGURE_TEMPLATES[i % len(FIGURE_TEMPLATES)]
        out.append({"q": template.format(who=m["agency"], year=m["year"]), "address": address,
                    "value": m["cells"].get(address), "agency": m["agency"], "year": m["year"]})
    return out


def narrative_questions(manifest: Sequence[dict], count: int, seed: int) -> List[dict]:
    rng = random.Random(f"narrative:{seed}")
    pool = [dict(q, agency=m["agency"], year=m["year"]) for m in manifest for q in m["questions"]]
    return rng.sample(pool, min(count, len(pool)))


def figure_right(q: dict, ans: dict) -> bool:
    if q["value"] is None:
        return ans["status"] != "answered" and ans["value"] is None
    return (ans["status"] == "answered" and ans["value"] is not None and abs(ans["value"] - q["value"]) < 1e-6
            and any(c["address"] == q["address"] and c["report"]["agency"] == q["agency"] for c in ans["cells"]))


def narrative_right(q: dict, ans: dict) -> bool:
    squash = lambda s: "".join((s or "").split())  # noqa: E731
    if not any(squash(q["passage"]) in squash(p["text"]) for p in ans["passages"]):
        return False
    if q.get("value") is None:
        return True
    v = q["value"]
    shown = str(int(v)) if float(v).is_integer() else str(v)
    return (ans["value"] is not None and abs(ans["value"] - v) < 1e-6) or shown in squash(ans["answer"])


# ------------------------------------------------------------------------------------ timing


def percentile(values: Sequence[float], p: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def time_answers(store, questions: Sequence[dict], judge: Callable[[dict, dict], bool]) -> dict:
    from cli.serialize import answer_json
    from retrieval import answer_question

    for q in questions[:10]:  # warm-up: imports, caches, SQLite pages
        answer_question(store, q["q"])
    times, right, wrong = [], 0, []
    for q in questions:
        started = time.perf_counter()
        ans = answer_json(answer_question(store, q["q"]))
        times.append((time.perf_counter() - started) * 1000)
        if judge(q, ans):
            right += 1
        elif len(wrong) < 5:
            wrong.append({"q": q["q"], "status": ans["status"], "value": ans["value"], "answer": ans["answer"][:160]})
    return {"n": len(times), "p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
            "max_ms": round(max(times), 2), "mean_ms": round(statistics.mean(times), 2), "right": right,
            "wrong_examples": wrong}


def cold_start(folder: Path, question: str, runs: int) -> dict:
    """Wall time of ``python -m retrieval QUESTION --store S`` in fresh processes."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1")
    times, status = [], None
    for _ in range(runs):
        started = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "retrieval", question, "--json", "--store", str(folder)], cwd=ROOT,
                           capture_output=True, text=True, env=env, timeout=300)
        times.append((time.perf_counter() - started) * 1000)
        if p.returncode != 0:
            raise SystemExit(f"python -m retrieval failed: {p.stderr[-800:]}")
        status = json.loads(p.stdout)["status"]
    return {"runs_ms": [round(t) for t in times], "first_ms": round(times[0]), "median_ms": round(statistics.median(times)),
            "status": status}


def profile(store, questions: Sequence[dict], label: str, top: int = 18) -> str:
    """cProfile of answering the questions: the functions taking the most time, ours first."""
    from retrieval import answer_question

    prof = cProfile.Profile()
    prof.enable()
    for q in questions:
        answer_question(store, q["q"])
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    buf.write(f"\n=== {label}: {len(questions)} questions, by cumulative time (project code) ===\n")
    stats.sort_stats("cumulative").print_stats(re.escape(str(ROOT)) + r"/(retrieval|index|ingest)/", top)
    buf.write(f"\n=== {label}: by own time ===\n")
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


# ------------------------------------------------------------------------------------ main


def main(argv: Sequence[str] = ()) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="50,1000", help="numbers of reports loaded (default 50,1000)")
    ap.add_argument("--questions", type=int, default=200, help="questions of each kind per size (default 200)")
    ap.add_argument("--cold-runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--quick", action="store_true", help="60 questions of each kind, 1 cold run")
    ap.add_argument("--rebuild", action="store_true", help="ingest the stores again")
    ap.add_argument("--profile", action="store_true", help="profile the largest size's questions")
    a = ap.parse_args(list(argv) or None)
    if a.quick:
        a.questions, a.cold_runs = 60, 1
    sizes = [int(s) for s in a.sizes.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)

    results: Dict[str, dict] = {}
    profiles = []
    for n in sizes:
        folder, manifest, info = build_store(n, a.seed, a.rebuild)
        figs = figure_questions(manifest, a.questions, a.seed)
        narr = narrative_questions(manifest, a.questions, a.seed)
        # Cold first, before this process has touched the store's pages.
        cold = cold_start(folder, figs[0]["q"], a.cold_runs)
        cold_narrative = cold_start(folder, narr[0]["q"], a.cold_runs)  # loads jieba's dictionary too
        store = open_store(folder)
        try:
            row = {"store": info, "cold_first_answer": cold, "cold_first_narrative_answer": cold_narrative,
                   "figure": time_answers(store, figs, figure_right),
                   "narrative": time_answers(store, narr, narrative_right)}
            if a.profile and n == max(sizes):
                profiles.append(profile(store, figs[:60], f"figure questions, {n} reports"))
                profiles.append(profile(store, narr[:60], f"narrative questions, {n} reports"))
        finally:
            store.close()
        results[str(n)] = row
        print(f"{n} reports: figure p95 {row['figure']['p95_ms']} ms, narrative p95 {row['narrative']['p95_ms']} ms, "
              f"cold {cold['first_ms']} ms", file=sys.stderr)

    largest = results[str(max(sizes))]
    verdicts = {"figure_p95_under_50ms": largest["figure"]["p95_ms"] < TARGETS["figure"],
                "narrative_p95_under_300ms": largest["narrative"]["p95_ms"] < TARGETS["narrative"],
                "cold_first_answer_under_10s": max(max(r["cold_first_answer"]["first_ms"],
                                                       r["cold_first_narrative_answer"]["first_ms"])
                                                   for r in results.values()) < TARGETS["cold"]}
    header = f"{'reports':>8} {'kind':>10} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'right':>9}"
    print(header)
    print("-" * len(header))
    for n, row in results.items():
        for kind in ("figure", "narrative"):
            r = row[kind]
            print(f"{n:>8} {kind:>10} {r['n']:>5} {r['p50_ms']:>9.1f} {r['p95_ms']:>9.1f} {r['max_ms']:>9.1f} "
                  f"{r['right']:>4}/{r['n']:<4}")
        for kind, c in (("cold fig", row["cold_first_answer"]), ("cold narr", row["cold_first_narrative_answer"])):
            print(f"{n:>8} {kind:>10} {len(c['runs_ms']):>5} {c['median_ms']:>9} {'':>9} {max(c['runs_ms']):>9} "
                  f"(first run {c['first_ms']} ms; fresh process, wall)")
    print("targets at", max(sizes), "reports:", ", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in verdicts.items()))
    out = {"targets_ms": TARGETS, "verdicts": verdicts, "sizes": results, "python": sys.version.split()[0],
           "cpus": os.cpu_count(), "when": time.strftime("%Y-%m-%d %H:%M:%S")}
    (OUT / "answers.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {OUT / 'answers.json'}")
    for p in profiles:
        print(p)
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
