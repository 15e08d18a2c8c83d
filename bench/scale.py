"""Scale: 10,000 synthetic reports on SQLite and on PostgreSQL — ingest throughput with 1 and 2
workers, store size per report, and answer latency at that size.

1. bench/corpus.py writes --n reports (text exports and HTML pages, one body and year each; kept
   under bench/out/scale/ and reused).
2. Throughput: ``python -m ingest DIR --workers W`` into a fresh store, W = 1 and 2, on each
   backend, on the first --sample reports (wall clock of the whole command: process start, the
   workers' start, parsing, storing; no embedding model, whose cost bench/store.py measures apart).
3. The whole --n are parsed once (2 worker processes, as the import does) and each parsed report is
   stored into a SQLite store and into a PostgreSQL store by one writer, each write timed (a shared
   machine cannot afford parsing 10,000 reports twice); size per report: the SQLite file (WAL
   checkpointed) or ``pg_database_size``; the write time per report at the start and at the end.
4. At that size, in one warm process per backend: figure questions (a body, a year, a cell),
   narrative questions (the corpus's own) and rankings across every body (「哪个单位新收…最多」),
   ``retrieval.answer_question``, p50/p95 — with whether each figure was right; and the data desk's
   series of a measure over every report (``pipeline.series.measure_to_series``).

PostgreSQL is a server this script starts from Debian's package (tests/storekit.PostgresServer, with
its default durability: fsync on), unless --database-url names one (the script then makes and drops
databases on it).

Usage::

    .venv/bin/python bench/scale.py                 # 10,000 reports, 1,000 for the 1-vs-2 workers runs
    .venv/bin/python bench/scale.py --n 2000 --sample 500 --questions 60

Prints a table and writes bench/out/scale.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
WORK = OUT / "scale"
sys.path[:0] = [str(ROOT), str(BENCH), str(ROOT / "tests")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from answers import figure_questions, figure_right, narrative_questions, narrative_right  # noqa: E402

RANKINGS = ["哪个单位新收政府信息公开申请最多？", "2023年哪个单位部分公开的申请最多？", "2022年哪个单位被申请行政复议最多？",
            "Which body received the most new applications in 2021?", "2024年哪个单位予以公开的申请最少？"]


def corpus(n: int) -> Path:
    """The corpus folder of n reports (made once)."""
    from corpus import make_corpus

    folder = WORK / f"corpus_{n}"
    manifest = folder / "manifest.jsonl"
    if not manifest.exists() or len(manifest.read_text(encoding="utf-8").splitlines()) < n:
        print(f"writing {n} reports to {folder} ...", file=sys.stderr)
        make_corpus(n, folder, seed=0, kinds=("text", "html"))
    return folder


def sample_list(folder: Path, n: int) -> Path:
    """A list file of the corpus's first n reports (what ``python -m ingest`` reads)."""
    files = sorted(p for p in folder.glob("r0_*") if p.suffix in (".txt", ".html"))[:n]
    out = WORK / f"list_{n}.list"
    out.write_text("\n".join(str(p) for p in files) + "\n", encoding="utf-8")
    return out


class Postgres:
    """Databases for the runs: on a server of our own, or on the one --database-url names."""

    def __init__(self, url: Optional[str]):
        self.url, self.server = url, None
        if not url:
            from storekit import PostgresServer

            self.server = PostgresServer(durable=True)

    def new(self, name: str) -> str:
        if self.server is not None:
            return self.server.new_database(name)
        import psycopg
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        return make_conninfo(**{**conninfo_to_dict(self.url), "dbname": name})

    def size_mb(self, url: str) -> float:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1e6

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


def ingest(inputs: Path, store: Path, workers: int, url: str) -> dict:
    """Run ``python -m ingest`` into a fresh store; return its wall time and counts."""
    if store.exists():
        shutil.rmtree(store)
    env = dict(os.environ, REPORTS_EMBEDDING_MODEL="", REPORTS_DATABASE_URL=url, REPORTS_CHROMA_HOST="")
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "ingest", str(inputs), "--store", str(store), "--workers", str(workers),
                        "--json"], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The command's own CPU and its workers' (children reaped): what a report costs whatever else
    # the machine runs. PostgreSQL's own work is the server's, not counted here.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    results = json.loads(p.stdout) if p.stdout.strip().startswith("[") else []
    done = [r for r in results if r["status"] != "failed"]
    if p.returncode != 0 or len(done) != len(results):
        print(p.stderr[-3000:], file=sys.stderr)
    return {"workers": workers, "reports": len(done), "failed": len(results) - len(done), "seconds": round(seconds, 1),
            "reports_per_s": round(len(done) / seconds, 2), "cpu_s_per_report": round(cpu / max(len(done), 1), 3),
            "load_average": [round(load, 1), round(os.getloadavg()[0], 1)]}


def sqlite_mb(store: Path) -> float:
    import sqlite3

    conn = sqlite3.connect(str(store / "reports.sqlite3"))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return sum(p.stat().st_size for p in store.glob("reports.sqlite3*")) / 1e6


def latencies(store: Path, url: str, manifest: List[dict], count: int, opened=None) -> dict:
    """Answer p50/p95 for figure, narrative and ranking questions on a store (``opened``, or opened
    here), one warm process; the questions are about the reports ``manifest`` lists."""
    from answers import time_answers

    from config import Settings
    from index import LoadedModel, Store

    store_ = opened or Store.open(Settings(store=str(store), database_url=url, embedding_model=""),
                                  model=LoadedModel(None, None))
    try:
        rankings = [{"q": q} for q in RANKINGS] * max(1, count // (4 * len(RANKINGS)))
        return {"figure": time_answers(store_, figure_questions(manifest, count, 1), figure_right),
                "narrative": time_answers(store_, narrative_questions(manifest, count, 1), narrative_right),
                "ranking": time_answers(store_, rankings, lambda q, a: a["status"] == "answered"),
                "series": time_series(store_)}
    finally:
        store_.close()


#: The data desk's measures (bench/page.py): a cell, a group of cells, rates, table 4.
SERIES = ("t3.new.total", "t3.denied.total", "granted_rate", "t4.review.total", "corrected_rate")


def time_series(store, runs: int = 2) -> dict:
    """The desk's series query (``measure_to_series``: one row a report, every report) p50/p95 in ms."""
    from answers import percentile

    from pipeline.series import measure_to_series

    times, rows = [], 0
    for name in SERIES * runs:
        started = time.perf_counter()
        rows = len(measure_to_series(store, name))
        times.append((time.perf_counter() - started) * 1000)
    return {"n": len(times), "rows": rows, "p50_ms": round(percentile(times, 50), 2),
            "p95_ms": round(percentile(times, 95), 2)}


def build_full(files: Sequence[Path], stores: Dict[str, object], checkpoints: Sequence[int] = (),
               at_checkpoint=None) -> dict:
    """Parse the files once in two workers and store each into every store, in order; return the
    wall time and each store's write seconds per report (overall, first and last thousand).
    ``at_checkpoint(n)`` is called when n reports are stored, for each n of ``checkpoints``."""
    from config import Settings
    from pipeline.ingest import BodyYears, Parsed, _die_with_the_writer, parse_in_worker
    from pipeline.sources import Source

    settings = Settings()
    writes: Dict[str, List[float]] = {name: [] for name in stores}
    bodies = {name: BodyYears(store) for name, store in stores.items()}  # type: ignore[arg-type]
    failed = 0
    started = time.perf_counter()
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"), initializer=_die_with_the_writer,
                             initargs=(os.getpid(),)) as pool:
        for i, got in enumerate(pool.map(parse_in_worker, [str(f) for f in files], [settings] * len(files), chunksize=4)):
            if not isinstance(got, Parsed):
                failed += 1
                continue
            src = Source.of(files[i])
            from dataclasses import replace

            report = replace(got.report, path=src.stored_as)
            for name, store in stores.items():
                t = time.perf_counter()
                replaces = [e.id for e in bodies[name].same(report)]
                added = store.add(report, got.table_passages, replaces, None, got.indexed)  # type: ignore[attr-defined]
                from model import CatalogEntry

                bodies[name].stored(CatalogEntry(added.report.ref, added.report.format, added.report.kind), added.replaced_ids)
                writes[name].append(time.perf_counter() - t)
            if (i + 1) % 500 == 0:
                print(f"  {i + 1}/{len(files)} parsed and stored ({time.perf_counter() - started:.0f} s, load "
                      f"{os.getloadavg()[0]:.1f})", file=sys.stderr)
            if i + 1 in checkpoints and at_checkpoint is not None:
                paused = time.perf_counter()
                at_checkpoint(i + 1, {name: round(1000 * sum(w[-500:]) / len(w[-500:]), 1) for name, w in writes.items()})
                started += time.perf_counter() - paused  # the checkpoint's questions are not import time
    seconds = time.perf_counter() - started
    out = {"reports": len(files) - failed, "failed": failed, "seconds": round(seconds, 1),
           "reports_per_s": round((len(files) - failed) / seconds, 2)}
    for name, w in writes.items():
        out[f"{name}_write_ms"] = {"mean": round(1000 * sum(w) / len(w), 1),
                                   "first_1000": round(1000 * sum(w[:1000]) / len(w[:1000]), 1),
                                   "last_1000": round(1000 * sum(w[-1000:]) / len(w[-1000:]), 1)}
    return out


def main(argv: Sequence[str] = ()) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="reports in the full store (default 10,000)")
    ap.add_argument("--sample", type=int, default=300, help="reports for the 1-vs-2 workers runs (default 300)")
    ap.add_argument("--questions", type=int, default=200, help="questions of each kind (default 200)")
    ap.add_argument("--database-url", default=None, help="a PostgreSQL server to use (default: start one)")
    ap.add_argument("--skip-throughput", action="store_true", help="only the full stores and their latencies")
    ap.add_argument("--checkpoints", default="1000,2500,5000", help="sizes at which latency is measured on the way")
    a = ap.parse_args(list(argv) or None)
    WORK.mkdir(parents=True, exist_ok=True)
    import signal

    from corpus import load_manifest

    # Stopped (SIGTERM), the servers this started are stopped too: the `finally` below runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    from config import Settings
    from index import LoadedModel, Store

    folder = corpus(a.n)
    manifest = load_manifest(folder)[:a.n]
    sample = sample_list(folder, a.sample)
    files = sorted(p for p in folder.glob("r0_*") if p.suffix in (".txt", ".html"))[:a.n]
    pg = Postgres(a.database_url)
    result: dict = {"n": a.n, "sample": a.sample, "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg(),
                    "when": time.strftime("%Y-%m-%d %H:%M"), "throughput": {}}
    out_file = OUT / "scale.json"
    try:
        if not a.skip_throughput:
            for backend in ("sqlite", "postgres"):
                for workers in (1, 2):
                    url = pg.new(f"scale_{workers}w") if backend == "postgres" else ""
                    got = ingest(sample, WORK / f"{backend}_{workers}w", workers, url)
                    result["throughput"].setdefault(backend, []).append(got)
                    print(f"{backend:8} {a.sample} reports, {workers} worker(s): {got}", file=sys.stderr)
                    out_file.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
        url = pg.new("scale_full")
        for name in ("sqlite", "postgres"):
            shutil.rmtree(WORK / f"{name}_full", ignore_errors=True)
        stores = {name: Store.open(Settings(store=str(WORK / f"{name}_full"), embedding_model="",
                                            database_url=url if name == "postgres" else ""), model=LoadedModel(None, None))
                  for name in ("sqlite", "postgres")}
        result["checkpoints"] = []

        def checkpoint(n: int, write_ms: dict) -> None:
            row = {"reports": n, "write_ms_last_500": write_ms, "load_average": os.getloadavg()[0],
                   "kb_per_report": {"sqlite": round(sqlite_mb(WORK / "sqlite_full") * 1000 / n, 1),
                                     "postgres": round(pg.size_mb(url) * 1000 / n, 1)},
                   "latency": {name: latencies(WORK / f"{name}_full", "", manifest[:n], a.questions, opened=store)
                               for name, store in stores.items()}}
            result["checkpoints"].append(row)
            print(f"  at {n}: " + "; ".join(f"{name} figure {v['figure']['p50_ms']}/{v['figure']['p95_ms']} narrative "
                                             f"{v['narrative']['p50_ms']}/{v['narrative']['p95_ms']} ranking "
                                             f"{v['ranking']['p50_ms']}/{v['ranking']['p95_ms']} series "
                                             f"{v['series']['p50_ms']}/{v['series']['p95_ms']} ms"
                                             for name, v in row["latency"].items()), file=sys.stderr)
            out_file.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")

        try:
            result["full"] = build_full(files, stores, [int(c) for c in a.checkpoints.split(",") if c], checkpoint)
        finally:
            for store in stores.values():
                store.close()  # type: ignore[attr-defined]
        print(f"full: {result['full']}", file=sys.stderr)
        result["kb_per_report"] = {"sqlite": round(sqlite_mb(WORK / "sqlite_full") * 1000 / result["full"]["reports"], 1),
                                   "postgres": round(pg.size_mb(url) * 1000 / result["full"]["reports"], 1)}
        out_file.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
        result["latency"] = {}
        for name in ("sqlite", "postgres"):
            result["latency"][name] = latencies(WORK / f"{name}_full", url if name == "postgres" else "", manifest,
                                                a.questions)
            out_file.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
        result["load_average_at_end"] = os.getloadavg()
        out_file.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    finally:
        pg.stop()

    print(f"\n{a.n} synthetic reports (text and HTML), {os.cpu_count()} CPUs; no embedding model")
    for backend, runs in result["throughput"].items():
        print(f"{backend:9} import of {a.sample}: " + "; ".join(
            f"{r['workers']} worker(s) {r['reports_per_s']} reports/s, {r['cpu_s_per_report']} CPU s/report "
            f"(load {r['load_average'][0]})" for r in runs))
    f = result["full"]
    print(f"full: {f['reports']} parsed once and stored in both in {f['seconds']} s ({f['reports_per_s']}/s); write ms "
          f"per report: sqlite {f['sqlite_write_ms']}, postgres {f['postgres_write_ms']}")
    print(f"size per report: {result['kb_per_report']} kB")
    for backend, lat in result["latency"].items():
        cell = lambda k: f"{lat[k]['p50_ms']:.0f}/{lat[k]['p95_ms']:.0f} ms"  # noqa: E731
        print(f"{backend:9} figure {cell('figure')} (right {lat['figure']['right']}/{lat['figure']['n']}), narrative "
              f"{cell('narrative')} (right {lat['narrative']['right']}/{lat['narrative']['n']}), ranking {cell('ranking')}, "
              f"the desk's series {cell('series')}")
    print(f"wrote {out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
