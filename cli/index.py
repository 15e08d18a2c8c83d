"""``python -m index``: list reports, cells and checks of the store, export cells, delete a report.

See ``../shared/domain/cli.md``. Every command takes ``--store`` and ``--json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import List, Optional

from cli.serialize import SERIES_COLUMNS, cell_json, check_json, series_csv_row, series_json, stored_json
from config import Settings
from errors import ReportError
from index import LoadedModel, Store, load_embedder
from phrasing import format_number
from pipeline import RATES, cells_to_csv, checks_of, measure_label, measure_named, measure_names, measure_to_series


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
    series = sub.add_parser("series", parents=[common], help="one measure across every body and year")
    series.add_argument("measure", metavar="MEASURE", nargs="?",
                        help="a cell address (t3.new.total), a group the template sums (t3.denied.total) or a rate "
                             "(see --list)")
    series.add_argument("--report", action="append", default=[], metavar="ID", help="only this report (repeatable)")
    series.add_argument("--body", action="append", default=[], metavar="NAME",
                        help="only this body, under any name it printed (repeatable)")
    series.add_argument("--year", action="append", default=[], type=int, metavar="Y", help="only this year (repeatable)")
    series.add_argument("--list", action="store_true", help="list the measures: the rates, then every group and cell")
    series.add_argument("--csv", action="store_true", help="CSV for spreadsheets")
    delete = sub.add_parser("delete", parents=[common], help="delete a report")
    delete.add_argument("report_id", metavar="REPORT_ID")
    return p


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "series":
        if args.list:
            return _list_measures(args.json)
        if not args.measure:
            print("error: give a MEASURE (a cell address such as t3.new.total, a group such as t3.denied.total, "
                  "or a rate: see --list)", file=sys.stderr)
            return 1
        try:
            measure_named(args.measure)  # an unknown measure is said before the store is opened
        except ReportError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
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
    if args.command == "series":
        return _series(args, store)
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


def _list_measures(as_json: bool) -> int:
    """``series --list``: every measure, the rates first, with what it is in Chinese and English."""
    names = measure_names()
    rows = [{"measure": n, "kind": measure_named(n).kind, "unit": measure_named(n).unit,
             "label": measure_label(measure_named(n), "zh"), "label_en": measure_label(measure_named(n), "en")}
            for n in names]
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r in rows:
            print(f"{r['measure']:40s} {r['kind']:5s} {r['label']}")
        print(f"({len(RATES)} rates, {len(rows) - len(RATES)} groups and cells; a rate may also be named in Chinese)")
    return 0


def _series(args, store: Store) -> int:
    """``series MEASURE``: one row per body and year, limited by --report, --body and --year."""
    if not store.catalog():
        print(f"error: the store {store.folder} holds no report (ingest some with `python -m ingest PATH`)",
              file=sys.stderr)
        return 1
    unknown = [r for r in args.report if store.report(r) is None]
    if unknown:
        print(f"error: no report {unknown[0]!r} in the store (see `python -m index reports`)", file=sys.stderr)
        return 1
    rows = measure_to_series(store, args.measure, args.report or None, args.body or None, args.year or None)
    if not rows:
        print("no report matches --report, --body and --year", file=sys.stderr)
    out = sys.stdout
    if args.json:
        json.dump([series_json(r) for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.csv:
        w = csv.writer(out)
        w.writerow(SERIES_COLUMNS)
        for r in rows:
            w.writerow(series_csv_row(r))
    else:
        for r in rows:
            value = format_number(r.value) + r.unit if r.status == "ok" else f"({r.status})"
            mark = "  CHECK FAILED: " + " | ".join(r.failed) if r.failed else ""
            print(f"{r.body}  {r.year or '?'}  {value:>12}  [{r.report.id}]{mark}", file=out)
    return 0
