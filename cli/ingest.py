"""``python -m ingest``: parse report files and put them in the store (``../shared/domain/cli.md``).

PATH is a report file, a folder (searched recursively), a ZIP of reports or a list file (report
paths, one a line). ``--workers N`` parses in N processes (default: the machine's cores) while this
process stores, in the order given. Progress goes to stderr — a bar with the rate and the time left
on a terminal, a line a file otherwise — and a summary ends the run (imported, replaced, unchanged,
failed with the reasons).

With ``--dry-run`` nothing is stored: each file is parsed and the result printed, its ``report``
holding the full ``cells``, ``passages`` and ``checks`` lists (the counts of cli.md then stand in
``cell_counts`` and ``passage_count``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import List, Optional, TextIO

from cli.serialize import outcome_json
from config import Settings
from errors import ReportError
from ingest import parse_file
from pipeline import FileEvent, IngestOutcome, ingest_files, inputs_to_sources


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ingest", description="Parse government information disclosure "
                                "annual reports (PDF, HTML, text) and store their cells, passages and checks.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="report file, folder searched recursively, ZIP of reports, or list file (paths, one a line)")
    p.add_argument("--workers", type=_workers, default=os.cpu_count() or 1,
                   help="processes that parse (default: the machine's cores, %(default)s here)")
    p.add_argument("--store", help="store folder (default: $REPORTS_STORE, else ./data)")
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.add_argument("--dry-run", action="store_true", help="parse and print, store nothing")
    return p


def _workers(raw: str) -> int:
    try:
        n = int(raw)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of workers, 1 or more, got {raw!r}")
    return n


class Progress:
    """The import's progress on stderr: a bar redrawn in place on a terminal, a line a file
    otherwise (CI logs, a pipe) — each with the rate and the time left."""

    def __init__(self, out: TextIO, total: int):
        self.out, self.total = out, total
        self.tty = out.isatty()
        self.started = time.monotonic()
        self.done = 0
        self.counts: Counter = Counter()

    def __call__(self, event: FileEvent) -> None:
        if event.outcome is None:
            if not self.tty:
                print(f"[{event.index}/{event.total}] {event.shown}", file=self.out, flush=True)
            return
        self.done += 1
        self.counts[event.outcome.status] += 1
        rate, left = self.rate()
        if self.tty:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}  {rate * 60:.1f} reports/min"
                  f"  ETA {left}  {self.counts['failed']} failed ", end="", file=self.out, flush=True)
        elif event.outcome.status == "failed" or self.done % 50 == 0 or self.done == self.total:
            print(f"  {self.done}/{self.total} done, {rate * 60:.1f} reports/min, ETA {left}"
                  + (f"; failed: {event.shown}: {event.outcome.error}" if event.outcome.status == "failed" else ""),
                  file=self.out, flush=True)

    def rate(self):
        seconds = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / seconds
        left = (self.total - self.done) / rate if rate > 0 else 0
        return rate, _clock(left)

    def finish(self) -> None:
        if self.tty:
            print(file=self.out)


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def summary(results: List[dict], seconds: float) -> str:
    """Given the outcomes of an import and its time, return what it did in a few lines: the counts,
    the rate, and every failed file with its reason."""
    counts = Counter(r["status"] for r in results)
    done = sum(counts.values())
    lines = [f"{done} file(s) in {_clock(seconds)} ({done / max(seconds, 1e-6) * 60:.1f}/min): "
             f"{counts['ingested']} imported, {counts['replaced']} replaced, {counts['unchanged']} unchanged, "
             f"{counts['failed']} failed"]
    lines += [f"  failed: {r['path']}: {r['error']}" for r in results if r["status"] == "failed"]
    return "\n".join(lines)


def summary_line(path: str, status: str, report: Optional[dict], error: Optional[str]) -> str:
    if error:
        return f"{path}: {status}: {error}"
    r = report or {}
    counts = r.get("cell_counts") or r.get("cells") or {}
    npass = r.get("passage_count", r.get("passages"))
    line = (f"{path}: {status}: {r.get('agency') or '(body unknown)'} {r.get('year') or '(year unknown)'}, "
            f"format {r.get('format')}, {r.get('pages')} page(s): {counts.get('known', 0)} cells known, "
            f"{counts.get('missing', 0)} missing, {counts.get('ambiguous', 0)} ambiguous; "
            f"{r.get('checks_failed', 0)} check(s) failed; {npass} passages [id {r.get('id')}]")
    if r.get("note"):
        line += f"\n  note: {r['note']}"
    for w in r.get("warnings") or []:
        line += f"\n  warning: {w}"
    return line


def _ocr_progress(page: int, pages: int) -> None:
    print(f"  OCR page {page}/{pages}…", file=sys.stderr, flush=True)


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    # pdfminer logs every oddity of a damaged PDF; the user gets our one sentence instead.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        settings = Settings.from_env(store=args.store)
    except ReportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ingest-unpacked-") as unpacked:
        sources, refused = inputs_to_sources(args.paths, Path(unpacked), int(settings.max_file_mb * 1024 * 1024))
        if not sources and not refused:
            print("error: no report files found (expected .pdf, .html, .htm, .txt, .docx or .doc)", file=sys.stderr)
            return 1
        results = [outcome_json(IngestOutcome(r.shown, "failed", r.reason, failure=r.error)) for r in refused]
        if not args.dry_run:
            progress = Progress(sys.stderr, len(sources))
            outcomes = ingest_files(sources, settings, workers=args.workers, on_file=progress)
            progress.finish()
            results += [outcome_json(o) for o in outcomes]
        else:
            for src in sources:
                try:
                    report = parse_file(src.path, settings, _ocr_progress)
                    results.append(outcome_json(IngestOutcome(src.shown, "parsed"), detail=report))
                except ReportError as e:
                    results.append(outcome_json(IngestOutcome(src.shown, "failed", str(e))))
    for r in results:
        line = summary_line(r["path"], r["status"], r["report"], r["error"])
        print(line, file=sys.stderr if args.json else sys.stdout)
    if not args.dry_run:
        print(summary(results, time.monotonic() - started), file=sys.stderr if args.json else sys.stdout)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 1 if any(r["status"] == "failed" for r in results) else 0
