"""Fuzz the parsers for an hour: the text parser, the HTML reader, the glued-digit splitter and the
PDF reader, fed Hypothesis inputs built from pieces of real reports (tests/fuzzkit.py; the test
suite runs the same targets briefly in tests/test_fuzz_parsers.py).

An input passes when the parse returns, or raises ``errors.ReportError`` (the one sentence a user
reads), within fuzzkit.LIMIT_S seconds. Every other outcome is a finding: the input is saved under
bench/out/fuzz/ (``<target>-<n>.in`` as it was drawn, ``<target>-<n>.min`` shrunk by Hypothesis when
it could be, ``<target>-<n>.txt`` the traceback), one file set per distinct failure.

The time is shared evenly between the targets, run in rounds of fresh random inputs. Prints, per
target, the inputs run, inputs a second, how many ended in a user error, and the findings; writes
bench/out/fuzz/summary.json.

Usage::

    .venv/bin/python bench/fuzz.py                      # 60 minutes, every target
    .venv/bin/python bench/fuzz.py --minutes 5 --targets html,text
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Dict, List, Sequence

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out" / "fuzz"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import fuzzkit  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

ROUND = 300  # inputs per Hypothesis run; each run draws afresh


def signature(error: BaseException) -> str:
    """Given a failure, return what tells it apart from others: its type, message head and place."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if str(ROOT) in f.filename and "/tests/" not in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(error).__name__}: {str(error).splitlines()[0][:80] if str(error) else ''} @ {where}"


class Target:
    """One target's fuzzing: counts, and the findings saved as they come."""

    def __init__(self, name: str):
        self.name = name
        self.strategy, self.run, self.dump = fuzzkit.TARGETS[name]
        self.cases = self.user_errors = 0
        self.seconds = 0.0
        self.findings: Dict[str, dict] = {}
        self.last_failure = None

    def save(self, value, error: BaseException, kind: str) -> None:
        sig = signature(error)
        found = self.findings.get(sig)
        if found is None:
            n = len(self.findings) + 1
            stem = OUT / f"{self.name}-{n}"
            stem.with_suffix(".in").write_bytes(self.dump(value))
            stem.with_suffix(".txt").write_text(
                f"{sig}\n\n" + "".join(traceback.format_exception(type(error), error, error.__traceback__)),
                encoding="utf-8")
            found = self.findings[sig] = {"signature": sig, "count": 0, "input": str(stem.with_suffix(".in")),
                                          "kind": kind}
            print(f"  ! {self.name}: {sig} -> {stem}.in", flush=True)
        found["count"] += 1

    def fuzz(self, seconds: float) -> None:
        """Run rounds of fresh inputs for about ``seconds``."""
        stop_at = time.monotonic() + seconds
        started = time.monotonic()

        @settings(max_examples=ROUND, deadline=None, database=None, derandomize=False,
                  phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
        @given(self.strategy)
        def one(value):
            if time.monotonic() > stop_at:
                return  # out of time: let the round run out cheaply
            self.cases += 1
            try:
                outcome = fuzzkit.run_guarded(self.run, value)
            except fuzzkit.Hang as e:
                self.save(value, e, "hang")  # not shrunk: each try would take the whole limit again
                return
            except Exception as e:  # noqa: BLE001 - a crash: saved, then shrunk by Hypothesis
                self.save(value, e, "crash")
                self.last_failure = value
                raise
            if outcome is not None:
                self.user_errors += 1

        while time.monotonic() < stop_at:
            try:
                one()
            except Exception as e:  # noqa: BLE001 - the shrunk input of a crash saved above
                if self.last_failure is not None:
                    sig = signature(e)
                    stem = OUT / f"{self.name}-min-{abs(hash(sig)) % 10**8}"
                    stem.with_suffix(".min").write_bytes(self.dump(self.last_failure))
                    self.last_failure = None
        self.seconds += time.monotonic() - started

    def summary(self) -> dict:
        return {"target": self.name, "cases": self.cases, "seconds": round(self.seconds, 1),
                "cases_per_s": round(self.cases / self.seconds, 1) if self.seconds else 0.0,
                "user_errors": self.user_errors, "findings": list(self.findings.values())}


def main(argv: Sequence[str] = ()) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=60.0, help="total time (default 60)")
    ap.add_argument("--targets", default=",".join(fuzzkit.TARGETS), help="comma-separated: " + ", ".join(fuzzkit.TARGETS))
    ap.add_argument("--slice", type=float, default=60.0, help="seconds per turn of one target (default 60)")
    args = ap.parse_args(list(argv) or None)
    names: List[str] = [n for n in args.targets.split(",") if n]
    if "pdf" in names and not fuzzkit.base_pdfs():
        print("pdf: skipped (needs the WenQuanYi CJK font to print the base PDFs)")
        names.remove("pdf")
    OUT.mkdir(parents=True, exist_ok=True)
    logging.disable(logging.CRITICAL)  # pdfminer's warnings about the broken files it is fed
    targets = [Target(n) for n in names]
    end = time.monotonic() + args.minutes * 60
    print(f"fuzzing {', '.join(names)} for {args.minutes:g} min; findings go to {OUT}", flush=True)
    while time.monotonic() < end:  # turns, so that an early stop still covers every target
        for t in targets:
            left = end - time.monotonic()
            if left <= 0:
                break
            t.fuzz(min(args.slice, left))
            print(f"  {t.name}: {t.cases} inputs, {t.cases / t.seconds:.0f}/s, {len(t.findings)} finding(s)", flush=True)
    summary = [t.summary() for t in targets]
    print(f"\n{'target':8} {'inputs':>9} {'inputs/s':>9} {'user errors':>12} {'findings':>9}")
    for s in summary:
        print(f"{s['target']:8} {s['cases']:>9} {s['cases_per_s']:>9} {s['user_errors']:>12} {len(s['findings']):>9}")
        for f in s["findings"]:
            print(f"    {f['kind']} x{f['count']}: {f['signature']}  ({f['input']})")
    (OUT / "summary.json").write_text(json.dumps({"minutes": args.minutes, "limit_s": fuzzkit.LIMIT_S,
                                                  "targets": summary}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if any(s["findings"] for s in summary) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
