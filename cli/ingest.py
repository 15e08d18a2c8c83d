"""``python -m ingest``: parse report files and put them in the store (``../shared/domain/cli.md``).

With ``--dry-run`` nothing is stored: each file is parsed and the result printed, its ``report``
holding the full ``cells``, ``passages`` and ``checks`` lists (the counts of cli.md then stand in
``cell_counts`` and ``passage_count``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Iterable, List, Optional

from cli.serialize import outcome_json
from config import Settings
from errors import ReportError
from ingest import EXTENSIONS, parse_file
from pipeline import IngestOutcome, ingest_files


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ingest", description="Parse government information disclosure "
                                "annual reports (PDF, HTML, text) and store their cells, passages and checks.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report file, or folder searched recursively")
    p.add_argument("--store", help="store folder (default: $REPORTS_STORE, else ./data)")
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.add_argument("--dry-run", action="store_true", help="parse and print, store nothing")
    return p


def expand_paths(paths: Iterable[str]) -> List[Path]:
    """Given files and folders, return the report files: folders searched recursively, sorted."""
    out: List[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS))
        else:
            out.append(p)
    return out


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
    files = expand_paths(args.paths)
    if not files:
        print("error: no report files found (expected .pdf, .html, .htm, .txt, .docx or .doc)", file=sys.stderr)
        return 1
    if not args.dry_run:
        results = [outcome_json(o) for o in ingest_files(files, settings)]
    else:
        results = []
        for path in files:
            try:
                report = parse_file(path, settings, _ocr_progress)
                results.append(outcome_json(IngestOutcome(str(path), "parsed"), detail=report))
            except ReportError as e:
                results.append(outcome_json(IngestOutcome(str(path), "failed", str(e))))
    for r in results:
        line = summary_line(r["path"], r["status"], r["report"], r["error"])
        print(line, file=sys.stderr if args.json else sys.stdout)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 1 if any(r["status"] == "failed" for r in results) else 0
