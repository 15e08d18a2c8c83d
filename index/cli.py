"""``python -m index``: list reports, cells and checks of the store, export cells, delete a report.

See ``../shared/domain/cli.md``. Every command takes ``--store`` and ``--json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import List, Optional

from config import Settings
from errors import ReportError
from index.embed import LoadedModel, load_embedder
from index.ingest import stored_to_summary
from index.store import Store
from ingest.model import cell_to_row, check_to_row

CSV_COLUMNS = ("report_id", "agency", "year", "address", "status", "value", "table", "row_label", "col_label",
               "page", "line", "bbox", "source_text", "note", "ocr")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m index", description="Look into the report store.")
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", help="store folder (default: $REPORTS_STORE, else ./data)")
    common.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    sub.add_parser("reports", parents=[common], help="the reports in the store")
    cells = sub.add_parser("cells", parents=[common], help="every template cell")
    cells.add_argument("--report", help="only this report's cells")
    cells.add_argument("--csv", action="store_true", help="CSV for spreadsheets")
    checks = sub.add_parser("checks", parents=[common], help="every check run on the figures")
    checks.add_argument("--report", help="only this report's checks")
    sub.add_parser("embed", parents=[common], help="embed the passages of reports stored without the model's vectors")
    delete = sub.add_parser("delete", parents=[common], help="delete a report")
    delete.add_argument("report_id", metavar="REPORT_ID")
    return p


def _refs(store: Store) -> dict:
    return {r.id: r.ref for r in store.reports()}


class _RefHolder:
    """Lets cell_to_row/check_to_row take a stored report's reference."""

    def __init__(self, ref):
        self.ref = ref


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env(store=args.store)
    try:
        # Listing needs no embedding model: do not spend seconds loading one.
        model = load_embedder(settings.embedding_model) if args.command == "embed" else LoadedModel(None, None)
        if args.command == "embed" and model.embedder is None:
            print(f"error: {model.notice}", file=sys.stderr)
            return 1
        store = Store.open(settings, model=model)
    except ReportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    try:
        return _run(args, store)
    except BrokenPipeError:  # `| head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0
    except ReportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _run(args, store: Store) -> int:
    out = sys.stdout
    if args.command == "reports":
        reports = store.reports()
        if args.json:
            json.dump([dict(stored_to_summary(r), path=r.path, sha256=r.sha256, ingested_at=r.ingested_at)
                       for r in reports], out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            for r in reports:
                print(f"{r.id}  {r.agency or '?'}  {r.year or '?'}  format {r.format}  {r.pages}p  "
                      f"cells {r.cells['known']}/{r.cells['missing']}/{r.cells['ambiguous']} (known/missing/ambiguous)  "
                      f"checks failed {r.checks_failed}  {r.path}", file=out)
            if not reports:
                print("the store is empty", file=sys.stderr)
        return 0
    if args.command in ("cells", "checks") and args.report and store.report(args.report) is None:
        print(f"error: no report {args.report!r} in the store (see `python -m index reports`)", file=sys.stderr)
        return 1
    refs = _refs(store)
    if args.command == "cells":
        rows = [cell_to_row(c, _RefHolder(refs[rid])) for rid, c in store.cells(args.report)]
        if args.csv:
            w = csv.writer(out)
            w.writerow(CSV_COLUMNS)
            for r in rows:
                w.writerow([r["report"]["id"], r["report"]["agency"], r["report"]["year"], r["address"], r["status"],
                            r["value"], r["table"], r["row_label"], r["col_label"], r["page"], r["line"],
                            json.dumps(r["bbox"]) if r["bbox"] else "", r["source_text"], r["note"],
                            int(r["ocr"])])
        elif args.json:
            json.dump(rows, out, ensure_ascii=False)
            out.write("\n")
        else:
            for r in rows:
                v = r["value"] if r["status"] == "ok" else f"({r['status']})"
                print(f"{r['report']['id']}  {r['address']:45s} {v!s:>10}  {r['row_label']} / {r['col_label']}", file=out)
        return 0
    if args.command == "checks":
        rows = [check_to_row(c, _RefHolder(refs.get(rid, {"id": rid}))) for rid, c in store.checks(args.report)]
        if args.json:
            json.dump(rows, out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            for r in rows:
                print(f"{r['report']['id']}  {'ok  ' if r['passed'] else 'FAIL'}  {r['detail']}", file=out)
        return 0
    if args.command == "embed":
        done = store.sync_vectors()
        print(f"embedded the passages of {done} report(s) with {store.embedder.model_name}", file=out)
        return 0
    if args.command == "delete":
        if not store.delete(args.report_id):
            print(f"error: no report {args.report_id!r} in the store (see `python -m index reports`)", file=sys.stderr)
            return 1
        if args.json:
            json.dump({"deleted": args.report_id}, out)
            out.write("\n")
        else:
            print(f"deleted {args.report_id}", file=out)
        return 0
    return 2
