"""Ingesting files into the store: parse each, store it whole, and report per file what happened."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, List, Optional, Sequence

from config import Settings
from errors import ReportError
from index.store import Store, StoredReport
from ingest.parse import parse_file


def stored_to_summary(r: StoredReport) -> dict:
    """Given a stored report, return the ``report`` object of ``ingest --json`` (cli.md)."""
    return {"id": r.id, "agency": r.agency, "year": r.year, "format": r.format, "pages": r.pages,
            "cells": dict(r.cells), "checks_failed": r.checks_failed, "passages": r.passages, "kind": r.kind,
            "title": r.title, "warnings": list(r.warnings)}


def ocr_progress_to_stderr(page: int, pages: int) -> None:
    """Say on stderr which page of a scan OCR is reading (a long scan takes minutes)."""
    print(f"  OCR page {page}/{pages}…", file=sys.stderr, flush=True)


def ingest_files(files: Sequence[Path], settings: Settings, store: Optional[Store] = None,
                 progress: Optional[Callable[[Path, int, int], None]] = None) -> List[dict]:
    """Given report files, parse and store each; return one result object per file (cli.md).

    One bad file never stops the others; each result says ingested, unchanged, replaced or failed,
    with the reason in one sentence. ``progress`` is called with (file, page, pages) before each
    page of a scan is read by OCR; by default a line goes to stderr.
    """
    own = store is None
    try:
        store = store or Store.open(settings)
    except ReportError as e:
        return [{"path": str(p), "status": "failed", "error": str(e), "report": None} for p in files]
    for notice in store.notices:
        print(f"notice: {notice}", file=sys.stderr)
    results = []
    try:
        for i, path in enumerate(files, start=1):
            print(f"[{i}/{len(files)}] {path}", file=sys.stderr)
            try:
                if progress is None:
                    on_page = ocr_progress_to_stderr
                else:
                    def on_page(page: int, pages: int, path=path) -> None:
                        progress(Path(path), page, pages)
                report = parse_file(Path(path), settings, on_page)
                report = _with_path(report, path)
                # The copy first: a store that cannot take it (disk full) then fails before it stores.
                copy = store.keep_source(report)
                try:
                    added = store.add(report)
                except BaseException:
                    if copy is not None:
                        store.drop_source_copy(copy)
                    raise
                if copy is not None and added.status == "unchanged":
                    store.drop_source_copy(copy)  # the same content stored under a name with another ending
                summary = stored_to_summary(added.report)
                if added.note:
                    summary["note"] = added.note
                results.append({"path": str(path), "status": added.status, "error": None, "report": summary})
            except ReportError as e:
                results.append({"path": str(path), "status": "failed", "error": str(e), "report": None})
    finally:
        if own:
            store.close()
    return results


def _with_path(report, path: Path):
    """Reports are replaced by path, so the stored path is the resolved one whatever the caller typed."""
    from dataclasses import replace

    return replace(report, path=str(Path(path).resolve()))
