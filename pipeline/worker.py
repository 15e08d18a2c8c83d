"""Imports in the background: files handed over are read and stored one at a time by a thread of
their own, so that a page that hands them over goes on answering questions meanwhile and may rerun
as often as it likes — the import is not its run's, and is not cancelled with it.

The page hands over files (their names and bytes: a pick of files, a folder, ZIPs) and gets back a
batch; each file of it is a job with its progress (queued, being read — a scan's OCR page by page —,
done) and, when done, its outcome (``IngestOutcome``) or why it was refused (a ZIP, or a member of
one, not imported: ``sources.Refusal``). Each file is read into the reports to import by the reader
the command line uses (``sources.file_to_sources``), so a member of an archive is refused for the
same reasons in both; an archive is refused whole over the page's limits (``sources.PAGE_LIMITS``:
fewer files and bytes than the command line takes). Nothing handed over is dropped: every file, and every member of every
archive, ends with an outcome or a refusal (but the files an archiving tool adds of its own, as
``__MACOSX/``). One writer for the store: jobs run in the order they were handed over.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Dict, List, Literal, Optional, Sequence, Tuple

from errors import ReportError
from index import Store
from pipeline.ingest import IngestOutcome, ingest_files
from pipeline.sources import PAGE_LIMITS, Refusal, Source, file_to_sources

JobState = Literal["queued", "reading", "done"]


@dataclass(frozen=True)
class Job:
    """One file of a batch, as the page shows it: its name (a ZIP's member as ``ARCHIVE.zip › member``),
    its state, the page of a scan OCR is reading (of ``pages``), and when done its outcome or its
    refusal."""

    id: int
    batch: int
    name: str
    state: JobState = "queued"
    page: int = 0
    pages: int = 0
    outcome: Optional[IngestOutcome] = None
    refusal: Optional[Refusal] = None

    @property
    def done(self) -> bool:
        return self.state == "done"

    @property
    def progress(self) -> float:
        """How far the job is, 0 to 1 (a scan's pages read count; a file otherwise jumps to done)."""
        if self.done:
            return 1.0
        if self.state == "reading" and self.pages:
            return min(0.95, 0.05 + 0.9 * (self.page - 1) / self.pages)
        return 0.05 if self.state == "reading" else 0.0


@dataclass(frozen=True)
class _Work:
    job: Job
    source: Source


class ImportQueue:
    """The store's background importer: hand files over with ``submit``, read their jobs with
    ``jobs``. One thread reads and stores them in order; it starts with the first file and lives as
    long as the process (a daemon: an exit does not wait for it)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._jobs: Dict[int, Job] = {}
        self._todo: List[_Work] = []
        self._wake = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._batches = itertools.count(1)
        self._thread: Optional[threading.Thread] = None
        #: Each batch's temporary folder and how many of its jobs are still to run.
        self._roots: Dict[int, Tuple[Path, int]] = {}

    def submit(self, files: Sequence[Tuple[str, bytes]]) -> int:
        """Given files as (name, content) — a folder's files named by their path in it — hand them
        over; return the batch's number. A ZIP is unpacked here, within the page's limits (its members
        checked first, each one refused said as a job that is done, as is a ZIP refused whole); each
        report becomes a job queued in order."""
        batch = next(self._batches)
        root = Path(tempfile.mkdtemp(prefix=f"import-{batch}-"))
        work: List[_Work] = []
        refusals: List[Job] = []
        max_bytes = int(self.store.settings.max_file_mb * 1024 * 1024)
        for n, (name, data) in enumerate(files):
            folder = root / str(n)
            folder.mkdir()
            path = folder / (PurePosixPath(name.replace("\\", "/")).name or "report")
            path.write_bytes(data)
            got, refused = file_to_sources(path, folder / "unpacked", max_bytes, PAGE_LIMITS, shown=name)
            if all(s.path != path for s in got):
                path.unlink()  # an archive, unpacked: its members are what is read
            for s in got:
                work.append(_Work(Job(next(self._ids), batch, f"{name} › {s.member}" if s.member else name), s))
            for r in refused:
                refusals.append(Job(next(self._ids), batch, f"{name} › {r.member}" if r.member else name, "done",
                                    refusal=r))
        with self._lock:
            for j in refusals:
                self._jobs[j.id] = j
            for w in work:
                self._jobs[w.job.id] = w.job
                self._todo.append(w)
            if not work:
                shutil.rmtree(root, ignore_errors=True)
            else:
                self._roots[batch] = (root, len(work))
            self._wake.notify()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="report-imports", daemon=True)
                self._thread.start()
        return batch

    def jobs(self, batches: Sequence[int]) -> List[Job]:
        """Given batch numbers, return their jobs as they stand now, in the order handed over."""
        with self._lock:
            return sorted((j for j in self._jobs.values() if j.batch in set(batches)), key=lambda j: j.id)

    def busy(self, batches: Sequence[int]) -> bool:
        """Whether any job of these batches is not done yet."""
        return any(not j.done for j in self.jobs(batches))

    def forget(self, batches: Sequence[int]) -> None:
        """Forget the jobs of batches whose outcomes were said (done ones only)."""
        with self._lock:
            for jid in [i for i, j in self._jobs.items() if j.batch in set(batches) and j.done]:
                del self._jobs[jid]

    def _set(self, job_id: int, **changes: object) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)  # type: ignore[arg-type]

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._todo:
                    self._wake.wait()
                w = self._todo.pop(0)
            self._one(w)

    def _one(self, w: _Work) -> None:
        jid = w.job.id
        self._set(jid, state="reading")

        def on_page(path: Path, page: int, pages: int) -> None:
            self._set(jid, page=page, pages=pages)

        try:
            [outcome] = ingest_files([w.source], self.store.settings, store=self.store, progress=on_page)
        except ReportError as e:  # ingest_files says a file's fault as its outcome; this is the store's
            outcome = IngestOutcome(w.source.shown, "failed", str(e), failure=e)
        except Exception as e:  # noqa: BLE001 - a bug must not kill the importer: the file says it failed
            outcome = IngestOutcome(w.source.shown, "failed", f"{type(e).__name__}: {e}")
        self._set(jid, state="done", outcome=outcome)
        self._release(w.job.batch)

    def _release(self, batch: int) -> None:
        """A batch's job is done: when it was the last, remove the batch's temporary files (the store
        keeps its own copy of each report)."""
        with self._lock:
            root, left = self._roots.get(batch, (None, 0))
            if root is None:
                return
            if left <= 1:
                del self._roots[batch]
                shutil.rmtree(root, ignore_errors=True)
            else:
                self._roots[batch] = (root, left - 1)
