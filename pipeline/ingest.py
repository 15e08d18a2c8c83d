"""Ingesting files: parse each (``ingest``), decide what it replaces, store it whole (``index``),
and say per file what happened — one file from the page, or a province's reports from the CLI.

Parsing is the work that scales: with ``workers`` above 1 it runs in that many processes while this
process is the one writer, storing the reports in the order given (so which of two files of one
body and year ends up stored does not depend on which was parsed first, and the cells stored are
the same for any number of workers). Embedding is batched across a few reports, the model loaded
once, in the writer. A file whose content is stored is skipped before it is parsed, so an import
stopped half way and started again goes on where it stopped.

A report's identity is its content and its body and year: the same content under any name is
``unchanged``; another file of a body and year already stored (the body under any of its printed
names) is ``replaced``, with a note naming the file it replaced — so a corrected report uploaded
from anywhere takes the old one's place instead of standing beside it.
"""

from __future__ import annotations

import logging
import sys
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Deque, Dict, Iterator, List, Literal, Optional, Sequence, Tuple, Union

from config import Settings
from errors import ReportError
from index import Embedding, IndexedPassage, Store, index_passages
from ingest import body_key, name_from_catalog, parse_file, same_body
from model import CatalogEntry, Passage, Report, StoredReport
from pipeline.rows import report_to_row_passages
from pipeline.sources import Source

OutcomeStatus = Literal["ingested", "unchanged", "replaced", "failed", "parsed"]
#: Called before each page of a scan is read by OCR: (file, page, pages in the file).
FileProgress = Callable[[Path, int, int], None]
#: Reports embedded together in one call of the model.
EMBED_BATCH = 8
#: Fewer files than this to parse are parsed in the writer: a worker takes seconds to start (its
#: imports), more than a few text reports take to parse.
POOL_FROM = 8


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


@dataclass(frozen=True)
class FileEvent:
    """Where an import is: file ``index`` of ``total`` (from 1) is about to be stored (``outcome`` None)
    or has been (its outcome)."""

    index: int
    total: int
    shown: str
    outcome: Optional[IngestOutcome] = None


def same_body_and_year(store: Store, report: Report) -> List[str]:
    """Given the store and a parsed report, return the ids of stored reports of the same body (under
    any printed name) and year, other than the report itself."""
    if not report.agency or report.year is None:
        return []
    return [e.id for e in store.catalog() if e.id != report.id and e.year == report.year and e.agency
            and same_body(e.agency, report.agency)]


class BodyYears:
    """The stored reports by body and year, kept in step with the store while one import writes (a
    catalog read and compared for every file would cost seconds a file at 10,000 reports)."""

    def __init__(self, store: Store):
        self.store = store
        self.key: Tuple[int, int, int] = (-1, -1, -1)
        self.by_place: Dict[Tuple[str, int], List[CatalogEntry]] = {}

    def _refresh(self) -> None:
        # Another writer (the page, another import) may have stored reports meanwhile.
        key = self.store.catalog_key()
        if key != self.key:
            self.by_place = {}
            for e in self.store.catalog():
                if e.agency and e.year is not None:
                    self.by_place.setdefault((_place(e.agency), e.year), []).append(e)
            self.key = key

    def stored(self, entry: CatalogEntry, gone: Sequence[str]) -> None:
        """Note what this import just stored (and what it replaced), without reading the catalog again."""
        for bucket in self.by_place.values():
            bucket[:] = [e for e in bucket if e.id not in gone]
        if entry.agency and entry.year is not None:
            self.by_place.setdefault((_place(entry.agency), entry.year), []).append(entry)
        # Another writer storing in the moment between our commit and this read goes unseen: its
        # report of a body and year this import also holds would then stand beside ours.
        self.key = self.store.catalog_key()

    def same(self, report: Report) -> List[CatalogEntry]:
        """The stored reports of the report's body (under any printed name) and year, other than itself."""
        if not report.agency or report.year is None:
            return []
        self._refresh()
        return [e for e in self.by_place.get((_place(report.agency), report.year), [])
                if e.id != report.id and same_body(e.agency or "", report.agency)]


def _place(agency: str) -> str:
    """The most local place of a body's name: two names of one body always share it (``same_body``)."""
    key = body_key(agency)
    return key.split("|", 1)[0] if "|" in key else key


Input = Union[Path, str, Source]


def _source(item: Input) -> Source:
    return item if isinstance(item, Source) else Source.of(Path(item))


@dataclass(frozen=True)
class Parsed:
    """A parsed report with what storing it needs worked out: its table rows said as passages, and
    every passage with the terms it is found by."""

    report: Report
    table_passages: Tuple[Passage, ...]
    indexed: Tuple[IndexedPassage, ...]

    @staticmethod
    def of(report: Report) -> "Parsed":
        rows = tuple(report_to_row_passages(report))
        return Parsed(report, rows, tuple(index_passages(report, rows)))


def _die_with_the_writer(writer: int) -> None:
    """A worker's start: end it when the writer ends, however it ends (a killed import must not
    leave its workers running; Linux's parent-death signal, where there is one)."""
    import ctypes
    import os
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != writer:  # the writer died before the signal was asked for
        os._exit(1)


def parse_in_worker(path: str, settings: Settings) -> Union[Parsed, ReportError]:
    """Given a file and the settings, return it parsed and indexed, or the error a user reads (run in
    a worker process: the error is handed back, not raised, so one bad file never stops the pool)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    name = Path(path).name
    try:
        return Parsed.of(parse_file(Path(path), settings, lambda page, pages: print(
            f"  {name}: OCR page {page}/{pages}…", file=sys.stderr, flush=True)))
    except ReportError as e:
        return e


def ingest_files(files: Sequence[Input], settings: Settings, store: Optional[Store] = None,
                 progress: Optional[FileProgress] = None, workers: int = 1,
                 on_file: Optional[Callable[[FileEvent], None]] = None) -> List[IngestOutcome]:
    """Given report files (paths, or ``Source``s naming what the store records), parse and store
    each; return one outcome per file, in order.

    One bad file never stops the others; each outcome says ingested, unchanged, replaced or failed,
    with the reason in one sentence. A file whose content is stored is unchanged without being
    parsed; one whose body and year a later file of the same import holds is unchanged too (so that
    running an import again changes nothing). ``workers`` above 1 parses in that many processes.
    ``progress`` is called before each page of a scan is read by OCR (in this process), by default
    a line on stderr; ``on_file`` before and after each file is stored, by default "[i/n] file" on
    stderr.
    """
    own = store is None
    sources = [_source(f) for f in files]
    try:
        store = store or Store.open(settings)
    except ReportError as e:
        return [IngestOutcome(s.shown, "failed", str(e), failure=e) for s in sources]
    store.model  # an import embeds what it stores: the model is loaded now, so a failure to load it is said first
    for notice in store.notices:
        print(f"notice: {notice}", file=sys.stderr)
    on_page = progress or ocr_progress_to_stderr
    say = on_file or _say_file
    try:
        return _Writer(store, settings, sources, say).run(workers, on_page)
    finally:
        if own:
            store.close()


def _say_file(event: FileEvent) -> None:
    if event.outcome is None:
        print(f"[{event.index}/{event.total}] {event.shown}", file=sys.stderr, flush=True)


class _Writer:
    """The one writer of an import: takes parsed reports in the order given, decides what each
    replaces, embeds them a few at a time and stores each whole."""

    def __init__(self, store: Store, settings: Settings, sources: List[Source], say: Callable[[FileEvent], None]):
        self.store, self.settings, self.sources, self.say = store, settings, sources, say
        self.order = {s.stored_as: i for i, s in enumerate(sources)}
        self.bodies = BodyYears(store)
        self.results: List[Optional[IngestOutcome]] = [None] * len(sources)

    def run(self, workers: int, on_page: FileProgress) -> List[IngestOutcome]:
        todo: List[int] = []
        for i, s in enumerate(self.sources):
            stored = self._stored_as(s)
            if stored is not None:
                self._done(i, self._unchanged(s, stored))
            else:
                todo.append(i)
        parsed = self._parse(todo, workers, on_page)
        batch: List[Tuple[int, Parsed]] = []
        for i, got in parsed:
            if isinstance(got, ReportError):
                self._flush(batch)
                batch = []
                self._done(i, IngestOutcome(self.sources[i].shown, "failed", str(got), failure=got))
                continue
            batch.append((i, got))
            if len(batch) >= EMBED_BATCH:
                self._flush(batch)
                batch = []
        self._flush(batch)
        return [r for r in self.results if r is not None]

    def _stored_as(self, source: Source) -> Optional[StoredReport]:
        import hashlib

        h = hashlib.sha256()
        try:
            with open(source.path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError:
            return None  # the reader says what is wrong with it
        # The report's own content hash (ingest's ``file_sha256``): a stored report is skipped unparsed.
        return self.store.find_by_sha(h.hexdigest())

    def _unchanged(self, source: Source, stored: StoredReport) -> IngestOutcome:
        note = None if stored.path == source.stored_as else f"the same report is already stored from {stored.path}"
        return IngestOutcome(source.shown, "unchanged", None, stored, note)

    def _parse(self, todo: List[int], workers: int, on_page: FileProgress
               ) -> Iterator[Tuple[int, Union[Parsed, ReportError]]]:
        """Yield (index, report or error) in the order given, parsing ahead in ``workers`` processes."""
        if workers <= 1 or len(todo) < POOL_FROM:
            for i in todo:
                path = self.sources[i].path

                def ocr_page(page: int, pages: int, path: Path = path) -> None:
                    on_page(path, page, pages)

                try:
                    yield i, Parsed.of(parse_file(path, self.settings, ocr_page))
                except ReportError as e:
                    yield i, e
            return
        import multiprocessing
        import os
        from concurrent.futures import Future, ProcessPoolExecutor

        # Spawned, not forked: the writer has loaded torch and opened the database, neither safe to fork.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_die_with_the_writer, initargs=(os.getpid(),)) as pool:
            ahead: Deque[Tuple[int, Future]] = deque()
            pending = iter(todo)
            for i in pending:
                ahead.append((i, pool.submit(parse_in_worker, str(self.sources[i].path), self.settings)))
                if len(ahead) >= workers * 4:
                    break
            while ahead:
                i, future = ahead.popleft()
                nxt = next(pending, None)
                if nxt is not None:
                    ahead.append((nxt, pool.submit(parse_in_worker, str(self.sources[nxt].path), self.settings)))
                yield i, future.result()

    def _flush(self, batch: List[Tuple[int, Parsed]]) -> None:
        """Store a batch of parsed reports in order, their narrative embedded in one call."""
        if not batch:
            return
        kept: List[Tuple[int, Parsed]] = []
        for i, parsed in batch:
            report = parsed.report
            s = self.sources[i]
            # Reports are replaced by path too, so the stored path is the resolved one whatever was typed.
            # The batch's earlier reports are not stored yet, but name their bodies all the same.
            report = replace(name_from_stored(self.store, report, [p.report.agency or "" for _, p in kept]),
                             path=s.stored_as)
            same = self.bodies.same(report)
            later = [e for e in same if self._later(e, i)]
            if later:
                stored = self.store.report(later[0].id)
                assert stored is not None
                self._done(i, IngestOutcome(s.shown, "unchanged", None, stored,
                                            f"a later file of this import, {stored.path}, is this body's report for "
                                            f"{report.year}: it is the one kept"))
                continue
            kept.append((i, replace(parsed, report=report)))
        embeddings = self.store.embed_reports([p.report for _, p in kept]) if kept else []
        for (i, parsed), embedding in zip(kept, embeddings):
            try:
                # Asked again now: an earlier report of this batch may be of the same body and year.
                replaces = [e.id for e in self.bodies.same(parsed.report)]
                self._done(i, self._store(i, parsed, replaces, embedding))
            except ReportError as e:
                self._done(i, IngestOutcome(self.sources[i].shown, "failed", str(e), failure=e))

    def _later(self, entry: CatalogEntry, i: int) -> bool:
        stored = self.store.report(entry.id)
        return stored is not None and self.order.get(stored.path, -1) > i

    def _store(self, i: int, parsed: Parsed, replaces: List[str], embedding: Embedding) -> IngestOutcome:
        s, report = self.sources[i], parsed.report
        self.say(FileEvent(i + 1, len(self.sources), s.shown))
        # The copy first: a store that cannot take it (disk full) then fails before it stores.
        copy = self.store.keep_source(report, s.path)
        try:
            added = self.store.add(report, parsed.table_passages, replaces, embedding, parsed.indexed)
        except BaseException:
            if copy is not None:
                self.store.drop_source_copy(copy)
            raise
        if copy is not None and added.status == "unchanged":
            self.store.drop_source_copy(copy)  # the same content stored under a name with another ending
        if added.status != "unchanged":
            self.bodies.stored(CatalogEntry(added.report.ref, added.report.format, added.report.kind),
                               added.replaced_ids)
        return IngestOutcome(s.shown, added.status, None, added.report, added.note, added.replaced)

    def _done(self, i: int, outcome: IngestOutcome) -> None:
        self.results[i] = outcome
        self.say(FileEvent(i + 1, len(self.sources), self.sources[i].shown, outcome))


def name_from_stored(store: Store, report: Report, pending: Sequence[str] = ()) -> Report:
    """Given the store and a parsed report, return the report with its body's name put right where
    OCR misread one character of it and the stored reports settle it: a report read by OCR whose
    name is one character, of similar shape, away from the name of exactly one stored body (「沐阳县」
    of a scan, 「沭阳县」 stored from other years) is that body's, and its warnings say so. A report
    whose own text already settled its name (or not read by OCR) is left as it is. ``pending``: the
    names of reports this import is about to store with it."""
    if not report.agency or not report.title_ocr or report.agency not in "".join(report.title.split()):
        return report  # not read by OCR, or its name is not the title's as printed (its text put it right)
    names = [e.agency for e in store.catalog() if e.agency and e.id != report.id] + [a for a in pending if a]
    fixed = name_from_catalog(report.agency, names)
    if fixed is None:
        return report
    n = sum(1 for a in names if a == fixed)
    said = (f"the body's name 「{report.agency}」 was read by OCR; {n} stored report{'s' if n > 1 else ''} name the body "
            f"「{fixed}」, one character apart and alike: the body is named 「{fixed}」.")
    return replace(report, agency=fixed, warnings=report.warnings + (said,))
