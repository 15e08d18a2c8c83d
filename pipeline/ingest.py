"""Ingesting files: parse each (``ingest``), decide what it replaces, store it whole (``index``),
and say per file what happened.

A report's identity is its content and its body and year: the same content under any name is
``unchanged``; another file of a body and year already stored (the body under any of its printed
names) is ``replaced``, with a note naming the file it replaced — so a corrected report uploaded
from anywhere takes the old one's place instead of standing beside it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, List, Literal, Optional, Sequence

from config import Settings
from errors import ReportError
from index import Store
from ingest import name_from_catalog, parse_file, same_body
from model import Report, StoredReport
from pipeline.rows import report_to_row_passages

OutcomeStatus = Literal["ingested", "unchanged", "replaced", "failed", "parsed"]
#: Called before each page of a scan is read by OCR: (file, page, pages in the file).
FileProgress = Callable[[Path, int, int], None]


@dataclass(frozen=True)
class IngestOutcome:
    """What ingesting one file did: its status, the reason when it failed (one sentence), the stored
    report when it did not, and a note (what it replaced, where the same content already is).

    ``failure`` is the error itself when the file failed, so that the page can say it in its own
    language (``phrasing.error_text``); ``error`` is its English sentence, as the CLI prints it."""

    path: str
    status: OutcomeStatus
    error: Optional[str] = None
    report: Optional[StoredReport] = None
    note: Optional[str] = None
    replaced: Sequence[str] = ()
    failure: Optional[ReportError] = field(default=None, compare=False, repr=False)


def ocr_progress_to_stderr(path: Path, page: int, pages: int) -> None:
    """Say on stderr which page of a scan OCR is reading (a long scan takes minutes)."""
    print(f"  OCR page {page}/{pages}…", file=sys.stderr, flush=True)


def same_body_and_year(store: Store, report: Report) -> List[str]:
    """Given the store and a parsed report, return the ids of stored reports of the same body (under
    any printed name) and year, other than the report itself."""
    if not report.agency or report.year is None:
        return []
    return [e.id for e in store.catalog() if e.id != report.id and e.year == report.year and e.agency
            and same_body(e.agency, report.agency)]


def ingest_files(files: Sequence[Path], settings: Settings, store: Optional[Store] = None,
                 progress: Optional[FileProgress] = None) -> List[IngestOutcome]:
    """Given report files, parse and store each; return one outcome per file, in order.

    One bad file never stops the others; each outcome says ingested, unchanged, replaced or failed,
    with the reason in one sentence. ``progress`` is called before each page of a scan is read by
    OCR; by default a line goes to stderr.
    """
    own = store is None
    try:
        store = store or Store.open(settings)
    except ReportError as e:
        return [IngestOutcome(str(p), "failed", str(e), failure=e) for p in files]
    for notice in store.notices:
        print(f"notice: {notice}", file=sys.stderr)
    on_page = progress or ocr_progress_to_stderr
    results = []
    try:
        for i, path in enumerate(files, start=1):
            print(f"[{i}/{len(files)}] {path}", file=sys.stderr)
            try:
                results.append(_ingest_one(store, Path(path), settings, on_page))
            except ReportError as e:
                results.append(IngestOutcome(str(path), "failed", str(e), failure=e))
    finally:
        if own:
            store.close()
    return results


def name_from_stored(store: Store, report: Report) -> Report:
    """Given the store and a parsed report, return the report with its body's name put right where
    OCR misread one character of it and the stored reports settle it: a report read by OCR whose
    name is one character, of similar shape, away from the name of exactly one stored body (「沐阳县」
    of a scan, 「沭阳县」 stored from other years) is that body's, and its warnings say so. A report
    whose own text already settled its name (or not read by OCR) is left as it is."""
    if not report.agency or not report.title_ocr or report.agency not in "".join(report.title.split()):
        return report  # not read by OCR, or its name is not the title's as printed (its text put it right)
    names = [e.agency for e in store.catalog() if e.agency and e.id != report.id]
    fixed = name_from_catalog(report.agency, names)
    if fixed is None:
        return report
    n = sum(1 for a in names if a == fixed)
    said = (f"the body's name 「{report.agency}」 was read by OCR; {n} stored report{'s' if n > 1 else ''} name the body "
            f"「{fixed}」, one character apart and alike: the body is named 「{fixed}」.")
    return replace(report, agency=fixed, warnings=report.warnings + (said,))


def _ingest_one(store: Store, path: Path, settings: Settings, on_page: FileProgress) -> IngestOutcome:
    report = parse_file(path, settings, lambda page, pages: on_page(path, page, pages))
    report = name_from_stored(store, report)
    # Reports are replaced by path too, so the stored path is the resolved one whatever was typed.
    report = replace(report, path=str(path.resolve()))
    # The copy first: a store that cannot take it (disk full) then fails before it stores.
    copy = store.keep_source(report)
    try:
        added = store.add(report, report_to_row_passages(report), same_body_and_year(store, report))
    except BaseException:
        if copy is not None:
            store.drop_source_copy(copy)
        raise
    if copy is not None and added.status == "unchanged":
        store.drop_source_copy(copy)  # the same content stored under a name with another ending
    return IngestOutcome(str(path), added.status, None, added.report, added.note, added.replaced)
