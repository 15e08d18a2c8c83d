"""``python -m index``: list reports, cells and checks of the store, export cells, delete a report.

See ``../shared/domain/cli.md``. Every command takes ``--store`` and ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional

from cli.serialize import cell_json, check_json, stored_json
from config import Settings
from errors import ReportError
from index import LoadedModel, Store, load_embedder
from phrasing import format_number
from pipeline import cells_to_csv, checks_of


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


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env(store=args.store)
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
            json.dump([stored_json(r) for r in reports], out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            for r in reports:
                print(f"{r.id}  {r.agency or '?'}  {r.year or '?'}  format {r.format}  {r.pages}p  "
                      f"cells {r.cells.known}/{r.cells.missing}/{r.cells.ambiguous} (known/missing/ambiguous)  "
                      f"checks failed {r.checks_failed}  {r.path}", file=out)
            if not reports:
                print("the store is empty", file=sys.stderr)
        return 0
    if args.command in ("cells", "checks") and args.report and store.report(args.report) is None:
        print(f"error: no report {args.report!r} in the store (see `python -m index reports`)", file=sys.stderr)
        return 1
    if args.command == "cells":
        if args.csv:
            out.write(cells_to_csv(store, args.report))
            return 0
        cells = store.cells(args.report)
        if args.json:
            json.dump([cell_json(rc.report, rc.cell) for rc in cells], out, ensure_ascii=False)
            out.write("\n")
        else:
            for rc in cells:
                c = rc.cell
                v = format_number(c.value) if c.status == "ok" else f"({c.status})"
                print(f"{rc.report.id}  {c.address:45s} {v:>10}  {c.row_label} / {c.col_label}", file=out)
        return 0
    if args.command == "checks":
        checks = checks_of(store, args.report)
        if args.json:
            json.dump([check_json(rk.report, rk.check) for rk in checks], out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            for rk in checks:
                print(f"{rk.report.id}  {'ok  ' if rk.check.passed else 'FAIL'}  {rk.check.detail}", file=out)
        return 0
    if args.command == "embed":
        done = store.sync_vectors()
        name = store.embedder.model_name if store.embedder is not None else "(no model)"
        print(f"embedded the passages of {done} report(s) with {name}", file=out)
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
