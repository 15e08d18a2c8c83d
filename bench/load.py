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

With ``--backend postgres`` it is the set-up of several servers on one store: a PostgreSQL server and
a Chroma server (started here from Debian's package and ``chroma run``), a store of ``--reports``
reports imported into them by ``python -m ingest --workers 2``, then two processes standing for two
page servers (each a Store on that database and that Chroma server, half the askers each) while a
third, ``python -m ingest``, imports the stream; at the end every report in the database is checked
whole and BM25's term statistics against the passages stored.

Usage::

    .venv/bin/python bench/load.py                          # 20 askers, 60 s, ingest in a thread
    .venv/bin/python bench/load.py --ingest process --model packaged
    .venv/bin/python bench/load.py --backend postgres --model packaged --reports 1000
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
                stored = store.report(rid)
                # Absent is allowed (replaced by a streamed copy after the answer); half there is not.
                n = stored.cells.known + stored.cells.missing + stored.cells.ambiguous if stored else None
                if stored is not None and n != cells_of_format[stored.format]:
                    problem = f"answer cites report {rid}, which is not whole ({n} cells)"
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
    ap.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite",
                    help="postgres: two asking processes and an import on one PostgreSQL and one Chroma server")
    ap.add_argument("--asker-process", default=None, help=argparse.SUPPRESS)  # JSON: what one asking process does
    a = ap.parse_args(list(argv) or None)
    if a.asker_process:
        return serve_asks(json.loads(a.asker_process))
    if a.backend == "postgres":
        return run_postgres(a)

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


# ------------------------------------------------------------------------------------ several servers, one store


def pg_base(reports: int) -> tuple:
    """The corpus the PostgreSQL run starts from (bench/scale.py's when written, else one of its own)
    as (list file of its first ``reports`` files, their manifest rows)."""
    from corpus import load_manifest, make_corpus

    folder = OUT / "scale" / "corpus_10000"
    if not (folder / "manifest.jsonl").exists():
        folder = WORK / f"corpus_{reports}"
        if not (folder / "manifest.jsonl").exists():
            make_corpus(reports, folder, 0)
    files = sorted(p for p in folder.glob("r0_*") if p.suffix in (".txt", ".html"))[:reports]
    listed = WORK / f"pg_base_{reports}.list"
    listed.write_text("\n".join(map(str, files)) + "\n", encoding="utf-8")
    names = {p.name for p in files}
    return listed, [m for m in load_manifest(folder) if m["file"] in names]


def serve_asks(job: dict) -> int:
    """One asking process (a page server): a Store on the shared database and Chroma server, ``askers``
    threads for ``duration`` seconds; its tally goes to ``job["out"]``."""
    from corpus import load_manifest

    from config import Settings
    from index import Store

    os.environ["REPORTS_DATABASE_URL"] = job["url"]
    os.environ["REPORTS_CHROMA_HOST"], os.environ["REPORTS_CHROMA_PORT"] = job["chroma_host"], str(job["chroma_port"])
    logging.getLogger("index.store").propagate = False
    degraded = CountFailedVectorSearches()
    logging.getLogger("index.store").addHandler(degraded)
    with contextlib.redirect_stderr(io.StringIO()):
        if job["model"] == "packaged":
            store, _ = open_store(Path(job["folder"]), "packaged")
        else:
            store = Store.open(Settings.from_env(store=job["folder"]))
    manifest = [m for m in load_manifest(Path(job["corpus"])) if m["file"] in set(job["files"])]
    pool = question_pool(manifest, load_manifest(WORK / "stream_s1"), job["seed"], job["model"] == "packaged")
    ask_loop(store, pool[:40], time.monotonic() + 3, Tally(), job["seed"])  # warm-up
    Path(job["ready"]).write_text("ready")
    while not Path(job["go"]).exists():
        time.sleep(0.05)
    tally = Tally()
    stop_at = time.monotonic() + job["duration"]
    threads = [threading.Thread(target=ask_loop, args=(store, pool, stop_at, tally, job["seed"] + 10 + i))
               for i in range(job["askers"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    Path(job["out"]).write_text(json.dumps({
        "latency": tally.latency, "error_kinds": dict(tally.error_kinds), "errors": tally.errors[:5],
        "right": tally.right_figures, "wrong": tally.wrong_figures, "unanswered": tally.unanswered_figures,
        "wrong_examples": tally.wrong_examples, "statuses": dict(tally.statuses), "vector_searches_failed": degraded.count,
    }, ensure_ascii=False), encoding="utf-8")
    return 0


def check_pg_store(url: str) -> List[str]:
    """Every report in the database whole, no orphan row, BM25's statistics those of the passages stored."""
    import psycopg

    from ingest.template import FORMATS_BY_NAME

    problems = []
    with psycopg.connect(url, autocommit=True) as conn:
        for rid, fmt, cells, passages in conn.execute(
                "SELECT r.id, r.format, (SELECT COUNT(*) FROM cells c WHERE c.report_id = r.id),"
                " (SELECT COUNT(*) FROM passages p WHERE p.report_id = r.id) FROM reports r"):
            if cells != len(FORMATS_BY_NAME[fmt].addresses()) or passages == 0:
                problems.append(f"report {rid}: {cells} cells, {passages} passages")
        for table in ("cells", "passages", "checks"):
            n = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE report_id NOT IN (SELECT id FROM reports)").fetchone()[0]
            if n:
                problems.append(f"{n} {table} rows of no report")
        stats = conn.execute("SELECT passages, terms FROM lexicon").fetchone()
        real = conn.execute("SELECT COUNT(*), COALESCE(SUM(nterms), 0) FROM passages").fetchone()
        if tuple(stats) != tuple(real):
            problems.append(f"BM25 statistics {tuple(stats)} differ from the passages {tuple(real)}")
        if conn.execute("SELECT COUNT(*) FROM pending_vectors").fetchone()[0]:
            problems.append("a vector write marker was left behind")
    return problems


def run_postgres(a) -> int:
    import signal

    from storekit import ChromaServer, PostgresServer

    # Stopped (SIGTERM), the servers this started are stopped too: the `finally` below runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    WORK.mkdir(parents=True, exist_ok=True)
    english = a.model == "packaged"
    base_list, manifest = pg_base(a.reports)
    files = stream_files(a.stream, english)
    pg = PostgresServer(durable=True)
    chroma_dir = WORK / "chroma_server"
    shutil.rmtree(chroma_dir, ignore_errors=True)
    chroma_dir.mkdir(parents=True)
    chroma = ChromaServer(chroma_dir)
    run_dir = WORK / "pg_run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    try:
        url = pg.new_database("load")
        env = dict(os.environ, REPORTS_DATABASE_URL=url, REPORTS_CHROMA_HOST=chroma.host,
                   REPORTS_CHROMA_PORT=str(chroma.port), PYTHONUNBUFFERED="1")
        if english:
            from index.embed import packaged_test_model

            env["REPORTS_EMBEDDING_MODEL"] = packaged_test_model()
        print(f"importing {a.reports} reports into PostgreSQL ...", file=sys.stderr)
        started = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "ingest", str(base_list), "--workers", "2", "--store",
                            str(run_dir / "import")], cwd=ROOT, env=env, capture_output=True, text=True)
        base_s = time.perf_counter() - started
        if p.returncode != 0:
            print(p.stderr[-3000:], file=sys.stderr)
            return 1
        corpus_folder = Path(base_list.read_text().splitlines()[0]).parent
        askers = []
        for k in range(2):
            job = {"url": url, "chroma_host": chroma.host, "chroma_port": chroma.port, "model": a.model,
                   "folder": str(run_dir / f"page{k}"), "corpus": str(corpus_folder), "files": [m["file"] for m in manifest],
                   "seed": a.seed + 100 * k, "askers": a.askers // 2 + (a.askers % 2 if k == 0 else 0),
                   "duration": a.duration, "ready": str(run_dir / f"ready{k}"), "go": str(run_dir / "go"),
                   "out": str(run_dir / f"tally{k}.json")}
            askers.append(subprocess.Popen([sys.executable, str(BENCH / "load.py"), "--asker-process", json.dumps(job)],
                                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(run_dir / f"page{k}.log", "w")))
        while not all((run_dir / f"ready{k}").exists() for k in range(2)):
            if any(q.poll() is not None for q in askers):
                print("an asking process ended before it was ready: see " + str(run_dir), file=sys.stderr)
                return 1
            time.sleep(0.2)
        log: List[dict] = []
        failures: List[str] = []
        stop_at = time.monotonic() + a.duration
        (run_dir / "go").write_text("go")
        model_env = {k: env[k] for k in ("REPORTS_DATABASE_URL", "REPORTS_CHROMA_HOST", "REPORTS_CHROMA_PORT")}
        model_env["REPORTS_EMBEDDING_MODEL"] = env.get("REPORTS_EMBEDDING_MODEL", os.environ.get("REPORTS_EMBEDDING_MODEL", ""))
        importer = threading.Thread(target=ingest_process_pg, args=(run_dir / "import", model_env, files, stop_at, log, failures))
        importer.start()
        for q in askers:
            q.wait()
        importer.join(300)
        problems = check_pg_store(url)
        tallies = [json.loads((run_dir / f"tally{k}.json").read_text()) for k in range(2)]
    finally:
        chroma.stop()
        pg.stop()
    latency: Dict[str, List[float]] = collections.defaultdict(list)
    for t in tallies:
        for kind, values in t["latency"].items():
            latency[kind] += values
    all_ms = [ms for v in latency.values() for ms in v]
    errors = sum(sum(t["error_kinds"].values()) for t in tallies) + len(failures)
    wrong = sum(t["wrong"] for t in tallies)
    out = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "backend": "postgres", "cpus": os.cpu_count(),
           "store_reports_at_start": len(manifest), "base_import_s": round(base_s, 1), "askers": a.askers,
           "processes": 2, "duration_s": a.duration, "model": a.model, "errors": errors,
           "error_kinds": [t["error_kinds"] for t in tallies], "error_examples": [t["errors"] for t in tallies] + failures[:2],
           "answers": len(all_ms), "answers_per_s": round(len(all_ms) / a.duration, 1), "latency": summarize(all_ms),
           "latency_by_kind": {k: summarize(v) for k, v in sorted(latency.items())},
           "figures_checked": {"right": sum(t["right"] for t in tallies), "wrong": wrong,
                               "unanswered": sum(t["unanswered"] for t in tallies),
                               "wrong_examples": [e for t in tallies for e in t["wrong_examples"]]},
           "vector_searches_failed": sum(t["vector_searches_failed"] for t in tallies),
           "import": {"reports_done": len(log), "reports_per_min": round(len(log) / a.duration * 60, 1)},
           "store_after": {"problems": problems}, "load_average": os.getloadavg()}
    (OUT / "load_postgres.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    lat = out["latency"]
    print(f"\n{a.askers} askers in 2 processes, {a.duration:g} s, {len(manifest)} reports at start, an import in a third; "
          "one PostgreSQL, one Chroma server")
    print(f"errors: {errors} (target 0); answers {len(all_ms)} ({out['answers_per_s']}/s), p50 {lat.get('p50_ms')} ms, "
          f"p95 {lat.get('p95_ms')} ms")
    for kind, s_ in out["latency_by_kind"].items():
        print(f"  {kind:16} n={s_['n']:5}  p50 {s_['p50_ms']:8.1f}  p95 {s_['p95_ms']:8.1f} ms")
    print(f"figures checked: {out['figures_checked']['right']} right, {wrong} wrong (target 0), "
          f"{out['figures_checked']['unanswered']} not given; import during the load: {len(log)} reports")
    print(f"store after: {'every report whole' if not problems else problems[:5]}")
    print(f"wrote {OUT / 'load_postgres.json'}")
    return 0 if errors == 0 and wrong == 0 and not problems else 1


def ingest_process_pg(folder: Path, env_extra: Dict[str, str], files: Sequence[Path], stop_at: float,
                      log: List[dict], failures: List[str]) -> None:
    """``python -m ingest`` on the stream into the shared database, stopped when the time is up; what it
    stored is read from its progress lines."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", **env_extra)
    proc = subprocess.Popen([sys.executable, "-m", "ingest", *map(str, files), "--store", str(folder), "--workers", "1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    tail: List[str] = []

    def read_err():
        for line in proc.stderr:
            if line.startswith("[") and "/" in line.split("]")[0]:
                log.append({"line": line.strip()})
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
