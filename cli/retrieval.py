"""``python -m retrieval``: ask questions of the store (``../shared/domain/cli.md``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional

from cli.serialize import answer_json, claims_json, not_checked_json, not_taken_json
from config import Settings
from errors import ClaimsError, QuestionError, ReportError
from index import Store
from phrasing import table_name
from retrieval import answer_question, check_claims, summary_line, verdict_name


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m retrieval",
                                description="Ask the loaded reports a question, or check the figures of a text.")
    p.add_argument("question", nargs="?", help="the question, in Chinese or English")
    p.add_argument("--store", help="store folder (default: $REPORTS_STORE, else ./data)")
    p.add_argument("--report", action="append", default=[], metavar="ID", help="limit to this report (repeatable)")
    p.add_argument("--after", action="append", default=[], metavar="EARLIER QUESTION",
                   help="an earlier turn of the conversation, oldest first (repeatable)")
    p.add_argument("--batch", metavar="FILE", help="JSON lines {\"q\", \"report\", \"after\"}; - for stdin")
    p.add_argument("--claims", metavar="FILE", help="check every figure a text states against the reports; - for stdin")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    return p


class _NotTaken(dict):
    """An answer object for a question we could not take (the CLI then exits non-zero)."""


def ask(store: Store, question, reports, after) -> dict:
    """Given a question, return the answer object; a question we cannot take is answered as such."""
    if not isinstance(question, str):
        return _NotTaken(not_taken_json("", f"the question must be text, got {type(question).__name__}"))
    if reports is not None and (not isinstance(reports, list) or not all(isinstance(r, str) for r in reports)):
        return _NotTaken(not_taken_json(question, "\"report\" must be a list of report ids"))
    if after is not None and (not isinstance(after, list) or not all(isinstance(a, str) for a in after)):
        return _NotTaken(not_taken_json(question, "\"after\" must be a list of earlier questions"))
    unknown = [r for r in reports or [] if store.report(r) is None]
    if unknown:
        return _NotTaken(not_taken_json(question, f"no report {unknown[0]!r} in the store (see `python -m index reports`)"))
    try:
        return answer_json(answer_question(store, question, reports or None, after or []))
    except QuestionError as e:
        return _NotTaken(not_taken_json(question or "", str(e)))


def read_text(path: str) -> str:
    """The text of a file (UTF-8, else GB18030) or of stdin for ``-``; OSError or ValueError when
    it cannot be read."""
    if path == "-":
        return sys.stdin.read()
    data = open(path, "rb").read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("it is not UTF-8 or GB18030 text")


def claims(store: Store, path: str, reports: List[str], as_json: bool) -> int:
    """``--claims FILE``: every figure of the text checked, printed as cli.md says; 1 when the text
    could not be checked (unreadable, empty, too long, an unknown report)."""
    try:
        text = read_text(path)
    except (OSError, ValueError) as e:
        why = f"cannot read the text file {path}: {getattr(e, 'strerror', None) or e}"
        return _not_checked("", why, as_json)
    unknown = [r for r in reports if store.report(r) is None]
    if unknown:
        return _not_checked(text, f"no report {unknown[0]!r} in the store (see `python -m index reports`)", as_json)
    try:
        check = check_claims(store, text, reports or None)
    except ClaimsError as e:
        return _not_checked(text, str(e), as_json)
    if as_json:
        print(json.dumps(claims_json(check), ensure_ascii=False, indent=1))
        return 0
    lang = check.lang
    print(summary_line(check, lang))
    for i, v in enumerate(check.verdicts, 1):
        print(f"[{i}] {v.claim.text} — {verdict_name(v.verdict, lang)}{'：' if lang == 'zh' else ': '}{v.reason}")
        for c in v.cells:
            print(f"  [cell] {c.report.agency} {c.report.year} {c.address} = "
                  f"{c.value if c.cell.status == 'ok' else c.cell.status}  ({table_name(c.cell.table, 'en')}, "
                  f"{c.cell.row_label} / {c.cell.col_label}, page {c.cell.page})")
        for p in v.passages:
            print(f"  [passage] {p.report.agency} {p.passage.section} p.{p.passage.page}: {(p.sentence or p.passage.text)[:80]}")
        for w in v.answer.warnings:
            print(f"  [check failed] {w.detail}")
    return 0


def _not_checked(text: str, why: str, as_json: bool) -> int:
    print(f"error: {why}", file=sys.stderr)
    if as_json:
        print(json.dumps(not_checked_json(text, why), ensure_ascii=False, indent=1))
    return 1


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.batch and not args.claims and args.question is None:
        print("error: give a question, --batch FILE or --claims FILE", file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env(store=args.store)
        store = Store.open(settings)
    except ReportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for notice in store.notices:
        print(f"notice: {notice}", file=sys.stderr)
    said = len(store.notices)
    try:
        if args.claims:
            return claims(store, args.claims, args.report, args.json)
        if args.batch:
            try:
                src = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")
            except OSError as e:
                print(f"error: cannot read the batch file {args.batch}: {e.strerror}", file=sys.stderr)
                return 1
            with src:
                for n, line in enumerate(src, 1):
                    if not line.strip():
                        continue
                    try:
                        item = json.loads(line)
                        q = item["q"]
                        if not isinstance(item, dict):
                            raise TypeError
                    except (ValueError, KeyError, TypeError):
                        print(f"error: line {n} of the batch is not {{\"q\": ...}} JSON", file=sys.stderr)
                        print(json.dumps(not_taken_json("", "unreadable batch line"), ensure_ascii=False))
                        continue
                    out = ask(store, q, item.get("report"), item.get("after") or [])
                    print(json.dumps(out, ensure_ascii=False), flush=True)
            return 0
        out = ask(store, args.question, args.report, args.after)
        failed = isinstance(out, _NotTaken)
        if args.json:
            print(json.dumps(out, ensure_ascii=False, indent=1))
        else:
            print(out["answer"])
            for c in out["cells"]:
                print(f"  [cell] {c['report']['agency']} {c['report']['year']} {c['address']} = "
                      f"{c['value'] if c['status'] == 'ok' else c['status']}  ({table_name(c['table'], 'en')}, {c['row_label']} / "
                      f"{c['col_label']}, page {c['page']})")
            for p in out["passages"]:
                print(f"  [passage] {p['report']['agency']} {p['section']} p.{p['page']}: {p['text'][:80]}…")
        # An answer, even "the report does not say", is success; a question we could not take is not.
        return 1 if failed else 0
    finally:
        # The model is loaded when a question first searches by meaning: a failure then is said too.
        for notice in store.notices[said:]:
            print(f"notice: {notice}", file=sys.stderr)
        store.close()
