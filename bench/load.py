"""Load: 20 people asking at once while reports are being ingested, for a minute.

The chat page shares one ``Store`` between its sessions (``st.cache_resource``) and runs each
session's question in its own thread; an upload is ingested into the same Store. This drives the
product the same way, without the browser: ``--askers`` threads call ``retrieval.answer_question`` on
one Store in a loop, while an ingest adds a stream of new reports to it — a thread calling
``pipeline.ingest_files`` on that Store (as an upload does), or with ``--ingest process`` a separate
``python -m ingest`` (stopped when the time is up, possibly mid-write).

The store starts as a copy of bench/answers.py's 1,000-report store when it is there (else a store
of ``--reports`` synthetic reports is built once under bench/out/load/). The stream is
bench/corpus.py's reports of another seed (text exports, HTML pages and a tenth PDFs, in the order
the corpus numbers them); with ``--model packaged`` it also holds English reports,
embedded with the packaged test model, so that Chroma is written while English questions search it.

Questions: figure questions about loaded reports (checked against the corpus's figures) and about
streamed ones, narrative questions from the corpus, and questions over every report (ranking,
sums). For each answer: an exception or a malformed answer is an error; so is a cited report that is
not whole (a report must be absent or complete in every answer). A figure answer whose value is not
the corpus's is a wrong figure, and fails the run as an error does (one not given — asked back or
said missing — is counted apart). Reported: errors (target 0),
answers a second, latency p50/p95/max (overall, per kind, and for one asker alone before the load),
and the ingest's throughput during the load against its throughput alone. At the end every report
in the store is checked whole. Writes bench/out/load.json.

Usage::

    .venv/bin/python bench/load.py                          # 20 askers, 60 s, ingest in a thread
    .venv/bin/python bench/load.py --ingest process --model packaged
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Dict, List, Sequence

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
WORK = OUT / "load"
sys.path[:0] = [str(ROOT), str(BENCH), str(ROOT / "tests")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from answers import FIGURE_TEMPLATES, percentile  # noqa: E402

STATUSES = ("answered", "missing", "ambiguous", "no_match", "clarify")
WHOLE_STORE = ["哪个单位新收政府信息公开申请最多？", "2023年哪个单位部分公开的申请最多？", "不予公开一共几件？",
               "Which body received the most new applications in 2022?", "存在哪些问题？"]


# ------------------------------------------------------------------------------------ stores and files


def base_store(reports: int) -> Path:
    """The store the run starts from: bench/answers.py's 1,000 reports if built, else ours of ``reports``."""
    answers = OUT / "answers" / "store_s0_1000"
    if (answers / "reports.sqlite3").exists():
        return answers
    from corpus import make_corpus

    from config import Settings
    from pipeline import ingest_files

    folder = WORK / f"base_{reports}"
    if not (folder / "reports.sqlite3").exists():
        print(f"building a store of {reports} reports in {folder} ...", file=sys.stderr)
        paths = make_corpus(reports, WORK / f"corpus_{reports}", 0)
        with contextlib.redirect_stderr(io.StringIO()):
            ingest_files(paths, Settings.from_env(store=str(folder)))
    return folder


def manifest_of(store_folder: Path) -> List[dict]:
    """The corpus rows of the reports in a base store (their bodies, years, figures and questions)."""
    from corpus import load_manifest

    corpus = OUT / "answers" / "corpus_s0" if "answers" in store_folder.parts else WORK / f"corpus_{store_folder.name.split('_')[-1]}"
    return load_manifest(corpus)


def stream_files(count: int, english: bool) -> List[Path]:
    """Reports to ingest during the load: synthetic ones of another seed, and English ones."""
    from corpus import make_corpus
    from storekit import write_english

    folder = WORK / "stream_s1"
    if not (folder / "manifest.jsonl").exists() or len((folder / "manifest.jsonl").read_text().splitlines()) < count:
        print(f"writing {count} reports to {folder} ...", file=sys.stderr)
        make_corpus(count, folder, seed=1, kinds=("text", "html"), pdf_share=0.1)
    paths = sorted(p for p in folder.glob("r1_*") if p.suffix in (".txt", ".html", ".pdf"))[:count]
    if english:
        en = WORK / "stream_en"
        en.mkdir(parents=True, exist_ok=True)
        extra = [write_english(en / f"port_{i:03d}.txt", title=f"Port {i} Authority Annual Report", year=2020 + i % 5,
                               lines=40) for i in range(count // 4)]
        paths = [p for pair in zip(paths, extra + [None] * len(paths)) for p in pair if p is not None]
    return paths


def open_store(folder: Path, model: str):
    from config import Settings
    from index import Store

    if model == "packaged":
        from index.embed import load_embedder, packaged_test_model

        loaded = load_embedder(packaged_test_model())
        settings = Settings.from_env(store=str(folder), embedding_model=loaded.embedder.model_name)
        return Store.open(settings, model=loaded), settings
    settings = Settings.from_env(store=str(folder))
    return Store.open(settings), settings


# ------------------------------------------------------------------------------------ questions


def question_pool(manifest: Sequence[dict], stream_manifest: Sequence[dict], seed: int, english: bool) -> List[dict]:
    rng = random.Random(f"load:{seed}")
    pool = []
    # A streamed report of a body and year already stored replaces it (a corrected copy): its figures
    # are checked against neither manifest, since which one an answer meets depends on timing.
    streamed = {(m["agency"], m["year"]) for m in stream_manifest}
    steady = [m for m in manifest if (m["agency"], m["year"]) not in streamed]
    for i in range(400):
        m = steady[rng.randrange(len(steady))]
        template, address = FIGURE_TEMPLATES[i % len(FIGURE_TEMPLATES)]
        pool.append({"kind": "figure", "q": template.format(who=m["agency"], year=m["year"]), "address": address,
                     "value": m["cells"].get(address)})
    for i in range(100):
        m = stream_manifest[rng.randrange(len(stream_manifest))]
        template, address = FIGURE_TEMPLATES[i % len(FIGURE_TEMPLATES)]
        pool.append({"kind": "figure_streamed", "q": template.format(who=m["agency"], year=m["year"])})
    narrative = [q for m in manifest for q in m["questions"]]
    pool += [{"kind": "narrative", "q": q["q"]} for q in rng.sample(narrative, min(400, len(narrative)))]
    pool += [{"kind": "whole_store", "q": q} for q in WHOLE_STORE] * 10
    if english:
        pool += [{"kind": "narrative_en", "q": q} for q in ("When do the ferries leave?", "Which fees were charged?",
                                                             "What about air quality readings?")] * 20
    rng.shuffle(pool)
    return pool


# ------------------------------------------------------------------------------------ the run


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: Dict[str, List[float]] = collections.defaultdict(list)
        self.errors: List[str] = []
        self.error_kinds = collections.Counter()
        self.wrong_figures = 0
        self.unanswered_figures = 0
        self.unanswered_examples: List[dict] = []
        self.right_figures = 0
        self.statuses = collections.Counter()
        self.wrong_examples: List[dict] = []

    def error(self, what: str) -> None:
        with self.lock:
            self.error_kinds[what.splitlines()[0][:120]] += 1
            if len(self.errors) < 10:
                self.errors.append(what)


def whole_counts(store) -> Dict[str, int]:
    """Cells a whole report of each format has."""
    from ingest.template import FORMATS_BY_NAME

    return {name: len(f.addresses()) for name, f in FORMATS_BY_NAME.items()}


def ask_loop(store, pool: Sequence[dict], stop_at: float, tally: Tally, seed: int, check_whole: bool = True) -> None:
    from cli.serialize import answer_json
    from retrieval import answer_question

    rng = random.Random(seed)
    cells_of_format = whole_counts(store)
    while time.monotonic() < stop_at:
        item = pool[rng.randrange(len(pool))]
        started = time.perf_counter()
        try:
            ans = answer_json(answer_question(store, item["q"]))
        except Exception:  # noqa: BLE001 - every exception is an error of the run
            tally.error(f"{item['kind']}: {traceback.format_exc(limit=4)}")
            continue
        ms = (time.perf_counter() - started) * 1000
        problem = None
        if ans.get("status") not in STATUSES or not isinstance(ans.get("answer"), str) or not ans["answer"].strip():
            problem = f"malformed answer: {json.dumps(ans, ensure_ascii=False)[:200]}"
        elif check_whole:
            for rid in {c["report"]["id"] for c in ans["cells"]}:
                row = store.conn.execute("SELECT format, (SELECT COUNT(*) FROM cells WHERE report_id = ?) AS n"
                                         " FROM reports WHERE id = ?", (rid, rid)).fetchone()
                # Absent is allowed (replaced by a streamed copy after the answer); half there is not.
                if row is not None and row["n"] != cells_of_format[row["format"]]:
                    problem = f"answer cites report {rid}, which is not whole ({None if row is None else row['n']} cells)"
        if problem:
            tally.error(f"{item['kind']}: {problem}")
        with tally.lock:
            tally.latency[item["kind"]].append(ms)
            tally.statuses[ans.get("status")] += 1
            if item["kind"] == "figure" and item.get("value") is not None:
                if ans.get("value") is not None and abs(ans["value"] - item["value"]) < 1e-6:
                    tally.right_figures += 1
                elif ans.get("value") is None:
                    # Asked back or said missing: not a wrong figure, but the corpus knows the answer.
                    tally.unanswered_figures += 1
                    if len(tally.unanswered_examples) < 5:
                        tally.unanswered_examples.append({"q": item["q"], "want": item["value"], "status": ans.get("status"),
                                                          "answer": ans.get("answer", "")[:200]})
                else:
                    tally.wrong_figures += 1
                    if len(tally.wrong_examples) < 5:
                        tally.wrong_examples.append({"q": item["q"], "want": item["value"], "got": ans.get("value"),
                                                     "status": ans.get("status"), "answer": ans.get("answer", "")[:200],
                                                     "reports": sorted({c["report"]["id"] for c in ans["cells"]})})


def ingest_thread(store, settings, files: Sequence[Path], stop_at: float, log: List[dict], failures: List[str]) -> None:
    from pipeline import ingest_files

    for path in files:
        if time.monotonic() >= stop_at:
            return
        started = time.perf_counter()
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                [res] = ingest_files([path], settings, store=store)
        except Exception:  # noqa: BLE001
            failures.append(traceback.format_exc(limit=4))
            continue
        log.append({"file": path.name, "status": res.status, "s": time.perf_counter() - started,
                    "error": res.error})


def ingest_process(folder: Path, model_env: Dict[str, str], files: Sequence[Path], stop_at: float,
                   log: List[dict], failures: List[str]) -> None:
    """``python -m ingest`` on the stream, stopped (SIGTERM) when the time is up, perhaps mid-write.
    Its progress lines ("[i/n] path") time each file; what it stored is counted from the store."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", **model_env)
    proc = subprocess.Popen([sys.executable, "-m", "ingest", *map(str, files), "--store", str(folder)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    tail: List[str] = []
    marks: List[float] = []

    def read_err():
        for line in proc.stderr:
            if line.startswith("[") and "/" in line.split("]")[0]:
                marks.append(time.perf_counter())
            tail.append(line)
            del tail[:-200]

    reader = threading.Thread(target=read_err, daemon=True)
    reader.start()
    while proc.poll() is None and time.monotonic() < stop_at:
        time.sleep(0.2)
    if proc.poll() is None:
        proc.terminate()
    proc.wait(60)
    reader.join(10)
    if any("Traceback" in line for line in tail):
        failures.append("".join(tail)[-2000:])
    import hashlib
    import sqlite3

    conn = sqlite3.connect(str(folder / "reports.sqlite3"))
    stored = {r[0] for r in conn.execute("SELECT id FROM reports")}
    conn.close()
    for i, path in enumerate(files[:len(marks)]):
        done = hashlib.sha256(path.read_bytes()).hexdigest()[:12] in stored
        if done and i + 1 < len(marks):
            log.append({"file": path.name, "status": "ingested", "s": marks[i + 1] - marks[i]})
        elif done:
            log.append({"file": path.name, "status": "ingested", "s": None})


def check_store(folder: Path) -> List[str]:
    """Every report whole, no orphan row: what a user opening the store after the run would see."""
    import sqlite3

    from ingest.template import FORMATS_BY_NAME

    conn = sqlite3.connect(str(folder / "reports.sqlite3"))
    problems = []
    for rid, fmt, cells, passages in conn.execute(
            "SELECT r.id, r.format, (SELECT COUNT(*) FROM cells c WHERE c.report_id = r.id),"
            " (SELECT COUNT(*) FROM passages p WHERE p.report_id = r.id) FROM reports r"):
        if cells != len(FORMATS_BY_NAME[fmt].addresses()) or passages == 0:
            problems.append(f"report {rid}: {cells} cells, {passages} passages")
    for table in ("cells", "passages", "checks"):
        n = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE report_id NOT IN (SELECT id FROM reports)").fetchone()[0]
        if n:
            problems.append(f"{n} {table} rows of no report")
    n = conn.execute("SELECT COUNT(*) FROM passages_fts WHERE rowid NOT IN (SELECT pid FROM passages)").fetchone()[0]
    m = conn.execute("SELECT COUNT(*) FROM passages WHERE pid NOT IN (SELECT rowid FROM passages_fts)").fetchone()[0]
    if n or m:
        problems.append(f"FTS out of step: {n} orphan rows, {m} passages not indexed")
    conn.close()
    return problems


class CountFailedVectorSearches(logging.Handler):
    """Counts the questions whose vector search failed and were answered by words only."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "vector search failed" in record.getMessage():
            self.count += 1


def summarize(values: Sequence[float]) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50_ms": round(percentile(values, 50), 1), "p95_ms": round(percentile(values, 95), 1),
            "max_ms": round(max(values), 1), "mean_ms": round(statistics.mean(values), 1)}


def main(argv: Sequence[str] = ()) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    ap.add_argument("--askers", type=int, default=20, help="concurrent askers (default 20)")
    ap.add_argument("--ingest", choices=("thread", "process"), default="thread")
    ap.add_argument("--model", choices=("env", "packaged"), default="env",
                    help="env: the configured model, as the app loads it; packaged: the small English test model")
    ap.add_argument("--reports", type=int, default=200, help="store size when bench/answers.py's is not built")
    ap.add_argument("--stream", type=int, default=1500,
                    help="reports available to ingest during the load (text, HTML and a tenth PDF; default 1500)")
    ap.add_argument("--baseline", type=float, default=10.0, help="seconds of one asker alone first (0: none)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(list(argv) or None)

    WORK.mkdir(parents=True, exist_ok=True)
    degraded = CountFailedVectorSearches()
    logging.getLogger("index.store").addHandler(degraded)
    logging.getLogger("index.store").propagate = False
    base = base_store(a.reports)
    manifest = manifest_of(base)
    english = a.model == "packaged"
    files = stream_files(a.stream, english)
    from corpus import load_manifest

    stream_manifest = load_manifest(WORK / "stream_s1")
    folder = WORK / "run"
    if folder.exists():
        shutil.rmtree(folder)
    print(f"copying {base} ...", file=sys.stderr)
    shutil.copytree(base, folder)
    with contextlib.redirect_stderr(io.StringIO()):
        store, settings = open_store(folder, a.model)
    reports_before = len(store.catalog())
    pool = question_pool(manifest, stream_manifest, a.seed, english)
    print(f"{reports_before} reports; {a.askers} askers for {a.duration:g} s; ingest in a {a.ingest}; "
          f"model {store.embedder.model_name if store.embedder else 'none (words only)'}", file=sys.stderr)

    # Warm-up (imports, jieba, SQLite pages), then one asker alone, then the ingest alone.
    warm = Tally()
    ask_loop(store, pool[:40], time.monotonic() + 3, warm, a.seed)
    alone = Tally()
    if a.baseline > 0:
        ask_loop(store, pool, time.monotonic() + a.baseline, alone, a.seed + 1)
    solo_log: List[dict] = []
    solo_failures: List[str] = []
    solo_files, files = files[:8], files[8:]
    if a.ingest == "thread":
        ingest_thread(store, settings, solo_files, time.monotonic() + 120, solo_log, solo_failures)

    tally = Tally()
    log: List[dict] = []
    failures: List[str] = []
    stop_at = time.monotonic() + a.duration
    if a.ingest == "thread":
        ingester = threading.Thread(target=ingest_thread, args=(store, settings, files, stop_at, log, failures))
    else:
        model_env = {"REPORTS_EMBEDDING_MODEL": settings.embedding_model, "REPORTS_CHROMA_HOST": settings.chroma_host}
        ingester = threading.Thread(target=ingest_process, args=(folder, model_env, files, stop_at, log, failures))
    askers = [threading.Thread(target=ask_loop, args=(store, pool, stop_at, tally, a.seed + 10 + i))
              for i in range(a.askers)]
    started = time.monotonic()
    ingester.start()
    for t in askers:
        t.start()
    for t in askers:
        t.join()
    ingester.join(180)
    wall = time.monotonic() - started
    store.close()
    problems = check_store(folder)

    all_ms = [ms for v in tally.latency.values() for ms in v]
    answers = len(all_ms)
    errors = sum(tally.error_kinds.values()) + len(failures)
    ingested = [r for r in log if r["status"] in ("ingested", "replaced", "unchanged")]
    failed_files = [r for r in log if r["status"] == "failed"]
    out = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"), "cpus": os.cpu_count(), "python": sys.version.split()[0],
        "store_reports_at_start": reports_before, "askers": a.askers, "duration_s": a.duration, "wall_s": round(wall, 1),
        "ingest_mode": a.ingest, "model": store.embedder.model_name if store.embedder else None,
        "errors": errors, "error_kinds": dict(tally.error_kinds), "error_examples": tally.errors[:3] + failures[:2],
        "answers": answers, "answers_per_s": round(answers / a.duration, 1),
        "latency": summarize(all_ms), "latency_by_kind": {k: summarize(v) for k, v in sorted(tally.latency.items())},
        "latency_one_asker_alone": summarize([ms for v in alone.latency.values() for ms in v]),
        "latency_one_asker_alone_by_kind": {k: summarize(v) for k, v in sorted(alone.latency.items())},
        "statuses": dict(tally.statuses),
        "figures_checked": {"right": tally.right_figures, "wrong": tally.wrong_figures,
                            "unanswered": tally.unanswered_figures, "unanswered_examples": tally.unanswered_examples,
                            "wrong_examples": tally.wrong_examples},
        "vector_searches_failed": degraded.count,
        "ingest": {"reports_done": len(ingested), "failed": len(failed_files),
                   "failed_examples": [r.get("error") for r in failed_files[:3]],
                   "reports_per_min": round(len(ingested) / a.duration * 60, 1),
                   "s_per_report": round(statistics.mean(r["s"] for r in ingested if r["s"] is not None), 2)
                   if any(r["s"] is not None for r in ingested) else None,
                   "alone_s_per_report": round(statistics.mean(r["s"] for r in solo_log), 2) if solo_log else None},
        "store_after": {"reports": reports_before + len(solo_log) + len(ingested), "problems": problems},
    }
    (OUT / "load.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")

    lat = out["latency"]
    print(f"\n{a.askers} askers, {a.duration:g} s, {reports_before} reports at start, ingest in a {a.ingest}")
    print(f"errors: {errors} (target 0)" + (f" — {dict(tally.error_kinds)}" if errors else ""))
    print(f"answers: {answers} ({out['answers_per_s']}/s); latency p50 {lat.get('p50_ms')} ms, p95 {lat.get('p95_ms')} ms, "
          f"max {lat.get('max_ms')} ms")
    for kind, s in out["latency_by_kind"].items():
        solo_kind = out["latency_one_asker_alone_by_kind"].get(kind, {})
        print(f"  {kind:16} n={s['n']:5}  p50 {s['p50_ms']:8.1f}  p95 {s['p95_ms']:8.1f}  max {s['max_ms']:8.1f} ms"
              + (f"   (alone: p50 {solo_kind['p50_ms']}, p95 {solo_kind['p95_ms']})" if solo_kind.get("n") else ""))
    solo = out["latency_one_asker_alone"]
    if solo["n"]:
        print(f"  one asker alone, no ingest: n={solo['n']} p50 {solo['p50_ms']} ms, p95 {solo['p95_ms']} ms")
    ing = out["ingest"]
    print(f"ingest during the load: {ing['reports_done']} reports ({ing['reports_per_min']}/min, {ing['s_per_report']} s each; "
          f"alone {ing['alone_s_per_report']} s each), {ing['failed']} failed")
    print(f"figures checked: {tally.right_figures} right, {tally.wrong_figures} wrong (target 0), "
          f"{tally.unanswered_figures} not given; statuses {dict(tally.statuses)}")
    if degraded.count:
        print(f"vector searches that failed (answered by words only): {degraded.count}")
    print(f"store after: {'every report whole' if not problems else problems[:5]}")
    print(f"wrote {OUT / 'load.json'}")
    # A wrong figure is the worst thing the product can do: one fails the run like an error.
    return 0 if errors == 0 and not problems and not failed_files and tally.wrong_figures == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
