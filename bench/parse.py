"""PDF parse speed and memory: our parse against pdfplumber's bare text and table extraction.

For each PDF layout of tests/reportgen.py (ruled, hrules, pagebreak, spaced, landscape) the gold
fixture reports are printed and read twice, each in its own subprocess:

- ours: ``ingest.parse.parse_file`` (text, tables, cells, passages, checks);
- floor: pdfplumber's ``page.extract_text()`` + ``page.find_tables()`` on every page (the least any
  pdfplumber-based reader does), closing each page as ours does.

A ~100-page report (a generated report whose narrative runs on) is read the same way, and the
peak resident memory (ru_maxrss) of each subprocess is recorded. Each subprocess warms up on one
small PDF first (imports, font caches), then times its files once; ours and the floor run
alternately, --repeat times each, and the best run of each counts.
Speeds are pages per CPU second of the process (the machine is shared and has 2 cores, so wall
clock is noisier; it is in the JSON too). Targets: ours within 1.5x the floor's time, under 300 MB for 100 pages.

Usage::

    .venv/bin/python bench/parse.py            # 3 runs each (about 2 minutes)
    .venv/bin/python bench/parse.py --quick    # 1 run each
    .venv/bin/python bench/parse.py --profile  # and where our parse spends its time (cProfile)

Prints a table and writes bench/out/parse.json (PDFs are cached under bench/out/pdfs/).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Sequence

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
PDFS = OUT / "pdfs"
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(BENCH)]

LONG_PAGES = 100


def layout_pdfs(style: str) -> List[Path]:
    """Given a reportgen style, return the gold fixture reports printed in it (cached)."""
    import reportgen as rg

    paths = []
    for stem, spec in rg.seed_specs():
        path = PDFS / style / f"{stem}.pdf"
        if not path.exists():
            rg.render_pdf(spec, style, path)
        paths.append(path)
    return paths


def long_pdf(pages: int = LONG_PAGES) -> Path:
    """Given a page count, return a report of about that many pages (cached): generated report 0
    with the narratives of the reports after it appended to its section 一."""
    import reportgen as rg
    from corpus import report_at

    path = PDFS / f"long_{pages}.pdf"
    if path.exists():
        return path
    base = report_at(0).spec
    heading, own = base.sections[0]
    extra: List[str] = []
    wanted = pages * 3  # paragraphs: a first guess, measured and corrected once
    for _ in range(2):
        while len(extra) < wanted:
            extra += report_at(len(extra) + 1).spec.sections[0][1]
        sections = ((heading, own + tuple(extra[:wanted])),) + base.sections[1:]
        rg.render_pdf(replace(base, sections=sections), "ruled", path)
        got = _page_count(path)
        if abs(got - pages) <= pages * 0.05:
            break
        wanted = round(wanted * (pages - 4) / max(got - 4, 1))
    return path


def _page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


# ------------------------------------------------------------------------------ one measurement


def read_ours(path: Path) -> int:
    """Given a PDF, parse it as the product does; return its pages."""
    from ingest.parse import parse_file

    return parse_file(path).pages


def read_floor(path: Path) -> int:
    """Given a PDF, extract every page's text and tables with bare pdfplumber; return its pages."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.find_tables()
            page.close()
        return len(pdf.pages)


READERS = {"ours": read_ours, "floor": read_floor}


def child(reader: str, warmup: Path, files: Sequence[Path]) -> dict:
    """Given a reader, a warm-up file and files, return pages, CPU and wall seconds, and peak memory (MB).

    Runs inside its own process, so that peak memory is this reader's alone.
    """
    read = READERS[reader]
    read(warmup)
    base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu, started = time.process_time(), time.perf_counter()
    pages = sum(read(f) for f in files)
    return {"pages": pages, "seconds": time.process_time() - cpu, "wall_seconds": time.perf_counter() - started,
            "base_mb": base_mb, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(warmup: Path, files: Sequence[Path], repeat: int) -> Dict[str, dict]:
    """Given files, run ``child`` for ours and the floor, alternately, each time in a fresh
    interpreter; return each reader's best times and highest peak.

    Alternating runs keep a burst of load on the shared machine from landing on one reader only.
    """
    runs: Dict[str, List[dict]] = {r: [] for r in READERS}
    for _ in range(repeat):
        for reader in READERS:
            cmd = [sys.executable, __file__, "--child", reader, str(warmup)] + [str(f) for f in files]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
            runs[reader].append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {r: {"pages": rs[0]["pages"], **{k: min(x[k] for x in rs) for k in ("seconds", "wall_seconds")},
                **{k: max(x[k] for x in rs) for k in ("base_mb", "peak_mb")}} for r, rs in runs.items()}


# ------------------------------------------------------------------------------ profile


def profile(files: Sequence[Path], top: int = 25) -> str:
    """Given PDFs, parse them under cProfile and return the product's and pdfplumber's heaviest
    functions by cumulative time."""
    read_ours(files[0])  # imports out of the picture
    prof = cProfile.Profile()
    prof.enable()
    for f in files:
        read_ours(f)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).sort_stats("cumulative")
    stats.print_stats(r"ingest/|pdfplumber/(page|table)|pdfminer/(pdfinterp|converter)", top)
    return buf.getvalue()


# ------------------------------------------------------------------------------ main


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run per measurement")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile our parse of the 100-page report")
    parser.add_argument("--child", choices=READERS, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv or None)
    if args.child:
        print(json.dumps(child(args.child, args.files[0], args.files[1:])))
        return 0
    repeat = 1 if args.quick else args.repeat
    import reportgen as rg

    started = time.perf_counter()
    sets = [(style, layout_pdfs(style)) for style in rg.STYLES] + [(f"{LONG_PAGES}-page", [long_pdf()])]
    warmup = sets[0][1][0]
    print(f"# PDFs ready in {time.perf_counter() - started:.1f} s; timing best of {repeat}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    rows = []
    print(f"{'layout':<12}{'files':>6}{'pages':>7}{'ours p/s':>10}{'floor p/s':>11}{'ratio':>7}{'ours MB':>9}{'floor MB':>10}")
    for name, files in sets:
        figures = measure(warmup, files, repeat)
        ours, floor = figures["ours"], figures["floor"]
        row = {"layout": name, "files": len(files), "pages": ours["pages"],
               "ours_pps": ours["pages"] / ours["seconds"], "floor_pps": floor["pages"] / floor["seconds"],
               "ratio": ours["seconds"] / floor["seconds"], "ours_wall_pps": ours["pages"] / ours["wall_seconds"],
               "floor_wall_pps": floor["pages"] / floor["wall_seconds"], "ours_peak_mb": ours["peak_mb"],
               "ours_base_mb": ours["base_mb"], "floor_peak_mb": floor["peak_mb"]}
        rows.append(row)
        print(f"{name:<12}{len(files):>6}{row['pages']:>7}{row['ours_pps']:>10.1f}{row['floor_pps']:>11.1f}"
              f"{row['ratio']:>7.2f}{row['ours_peak_mb']:>9.0f}{row['floor_peak_mb']:>10.0f}")
    long = rows[-1]
    print(f"# p/s = pages per CPU second; ratio = our CPU seconds / floor CPU seconds (target <= 1.5); MB = peak RSS of the process "
          f"(ours before the timed runs: {long['ours_base_mb']:.0f} MB; target < 300 MB for 100 pages)")
    print(f"# total {time.perf_counter() - started:.0f} s")
    OUT.mkdir(exist_ok=True)
    (OUT / "parse.json").write_text(json.dumps({"repeat": repeat, "rows": rows}, indent=1))
    if args.profile:
        print(profile(sets[-1][1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
