"""OCR of scans: pages per second and cells right / wrong / ambiguous, for both OCR engines.

Every gold report of tests/fixtures/gold is printed by tests/reportgen.py (the ruled layout), made
into a scan the way tests/scankit.py makes one (150 dpi, turned by 0.5–1°, speckled, JPEG), and
read through the product's own PDF reader with OCR, once with RapidOCR (the product's engine) and
once with Tesseract (Debian's chi_sim), without the OCR cache. Each template cell is then:

- right: the gold figure read as that figure (or, where gold has none, no figure given);
- ambiguous: gold has a figure and the cell says it cannot tell (never a figure);
- wrong: any other figure, or a gold figure left missing; a wrong cell is "flagged" when it stands
  in a failed check (so the report says it does not add up), "invented" when gold has no figure.

Usage::

    .venv/bin/python bench/ocr.py                       # both engines, every gold report
    .venv/bin/python bench/ocr.py --engines rapidocr    # one engine

Prints a table and writes bench/out/ocr.json (scans are kept under bench/out/scans/).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import gold_reports  # noqa: E402
from reportgen import FIXTURES, render_pdf, spec_from_seed  # noqa: E402
from scankit import pdf_to_scan  # noqa: E402

from ingest.parse import document_to_report  # noqa: E402
from ingest.pdf import OcrOptions, pdf_to_document  # noqa: E402

OUT = ROOT / "bench" / "out"


def scans(folder: Path) -> dict:
    """Given a folder, return {stem: scan PDF} for every gold report, made there once."""
    out = {}
    for stem, gold in gold_reports():
        scan = folder / f"{stem}.scan.pdf"
        if not scan.exists():
            spec = spec_from_seed(FIXTURES / gold["file"], FIXTURES / "gold" / f"{stem}.json")
            pdf_to_scan(render_pdf(spec, "ruled", folder / f"{stem}.ruled.pdf"), scan)
        out[stem] = scan
    return out


def score(report, gold: dict) -> dict:
    """Given a report read from a scan and its gold, return its cells counted right, wrong (flagged
    by a failed check or not, invented) and ambiguous."""
    failed = {a for c in report.checks if not c.passed for a in c.cells}
    counts = {"cells": 0, "right": 0, "wrong": 0, "ambiguous": 0, "wrong_flagged": 0, "invented": 0}
    wrong = []
    for address, want in gold["cells"].items():
        cell = report.cell(address)
        counts["cells"] += 1
        if want is None:
            if cell.status == "ok":
                counts["wrong"] += 1
                counts["invented"] += 1
                wrong.append(f"{address}: invented {cell.value}")
            else:
                counts["right"] += 1
        elif cell.status == "ok" and abs(float(cell.value) - float(want)) < 1e-9:
            counts["right"] += 1
        elif cell.status == "ambiguous":
            counts["ambiguous"] += 1
        else:
            counts["wrong"] += 1
            counts["wrong_flagged"] += address in failed
            wrong.append(f"{address}: expected {want}, got {cell.status} {cell.value}")
    counts["wrong_cells"] = wrong
    return counts


def run(engine: str, files: dict, golds: dict) -> dict:
    rows = {}
    for stem, scan in files.items():
        start, cpu = time.perf_counter(), time.process_time()
        doc = pdf_to_document(scan, ocr=OcrOptions(engine=engine, page_seconds=600, cache_dir=None))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        report = document_to_report(doc)
        rows[stem] = {"pages": doc.pages, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                      **score(report, golds[stem])}
        r = rows[stem]
        print(f"  {engine:9} {stem:22} {r['pages']} p {r['seconds']:6.1f} s  right {r['right']}/{r['cells']}  "
              f"wrong {r['wrong']} (flagged {r['wrong_flagged']}, invented {r['invented']})  "
              f"ambiguous {r['ambiguous']}", flush=True)
    total = {k: sum(r[k] for r in rows.values()) for k in
             ("pages", "seconds", "cells", "right", "wrong", "ambiguous", "wrong_flagged", "invented")}
    total["pages_per_second"] = round(total["pages"] / total["seconds"], 3)
    total["right_share"] = round(total["right"] / total["cells"], 4)
    return {"reports": rows, "total": total}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--engines", default="rapidocr,tesseract")
    args = p.parse_args(argv)
    folder = OUT / "scans"
    folder.mkdir(parents=True, exist_ok=True)
    files = scans(folder)
    golds = dict(gold_reports())
    result = {"machine": "2 cores", "scan": "ruled layout, 150 dpi, 0.5-1 degree, 400 specks a page, JPEG q60",
              "engines": {}}
    for engine in args.engines.split(","):
        result["engines"][engine] = run(engine, files, golds)
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print()
    print("| engine | pages | pages/s | cells right | wrong (flagged by a check) | invented | ambiguous |")
    print("|---|---|---|---|---|---|---|")
    for engine, r in result["engines"].items():
        t = r["total"]
        print(f"| {engine} | {t['pages']} | {t['pages_per_second']:.3f} | {t['right']}/{t['cells']} "
              f"({100 * t['right_share']:.1f} %) | {t['wrong']} ({t['wrong_flagged']}) | {t['invented']} | "
              f"{t['ambiguous']} |")
    print(f"peak resident memory: {result['peak_mb']} MB")
    OUT.mkdir(exist_ok=True)
    (OUT / "ocr.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
