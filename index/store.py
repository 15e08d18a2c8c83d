"""The store: one folder holding the SQLite database and the Chroma collection of passage vectors.

A report is written whole or not at all. Its vectors go to Chroma first, under a marker file that
names them; then its rows go to SQLite in one transaction; then the marker is removed. A process
killed at any point leaves either the old store or the new report complete: the next open removes
vectors the marker names whose report SQLite does not hold. Writers take a lock file, so two
ingests into one store queue rather than interleave; readers never wait on it (SQLite WAL).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import sqlite3
import sys
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Literal, Optional, Sequence, Tuple

from config import Settings
from errors import StoreError
from index import db
from index.embed import LoadedModel, NoEmbedder, SentenceEmbedder, load_embedder
from index.fusion import RRF_K, fuse
from index.lexical import terms_to_match, text_to_terms
from model import (
    CatalogEntry,
    Cell,
    CellCounts,
    Hit,
    Passage,
    Report,
    ReportCell,
    ReportCheck,
    ReportRef,
    StoredReport,
)

log = logging.getLogger(__name__)

DB_FILE = "reports.sqlite3"
CHROMA_DIR = "chroma"
PENDING_FILE = "pending.json"
FILES_DIR = "files"
LOCK_FILE = ".lock"

#: Up to this many reports without vectors are embedded when the store opens; more wait for
#: `python -m index embed` (embedding takes seconds a report).
AUTO_EMBED_LIMIT = 20
#: In a search of the whole store, terms in more than this share of passages are dropped: their
#: BM25 weight is near nothing, and matching them costs most of the query's time.
COMMON_TERM_SHARE = 0.2


AddStatus = Literal["ingested", "unchanged", "replaced"]


@dataclass(frozen=True)
class AddResult:
    """What storing a report did: ingested, unchanged (the same content is there) or replaced
    (``replaced`` names the files of the reports it took the place of)."""

    status: AddStatus
    report: StoredReport
    note: Optional[str] = None
    replaced: Tuple[str, ...] = ()


class Store:
    """The reports, cells, passages and checks of one store folder. Open with ``Store.open``."""

    def __init__(self, folder: Path, conn: sqlite3.Connection, model: LoadedModel, settings: Settings):
        self.folder = folder
        # One connection per thread: the chat page serves several sessions from one Store, and a
        # connection shared with a writer would let readers see its uncommitted report.
        self._local = threading.local()
        self._local.conn = conn
        # (thread, its connection): a thread's connection is closed once the thread has ended.
        self._conns: List[Tuple[threading.Thread, sqlite3.Connection]] = [(threading.current_thread(), conn)]
        self._conns_lock = threading.Lock()
        self.model = model
        self.settings = settings
        self.notices: List[str] = [model.notice] if model.notice else []
        self._collection = None
        self._collection_lock = threading.Lock()

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, settings: Settings, model: Optional[LoadedModel] = None) -> "Store":
        """Given settings, open (creating if need be) the store folder and load the embedding model.

        ``model`` may be passed in (tests pass the packaged offline model); by default the
        configured one is loaded, and a failure to load it is a notice, not an error.
        """
        folder = Path(settings.store).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"the store folder {folder} cannot be created ({e.strerror}).", "store_create",
                             folder=folder) from None
        conn = db.connect(folder / DB_FILE)
        if model is None:
            model = load_embedder(settings.embedding_model)
        store = cls(folder, conn, model, settings)
        store._recover()
        if store.embedder is not None:
            pending = store.unembedded()
            if len(pending) <= AUTO_EMBED_LIMIT:
                store.sync_vectors(pending)
            else:
                # Embedding costs seconds a report: a large store is not made to wait on open.
                store.notices.append(
                    f"{len(pending)} reports are not yet embedded with {store.embedder.model_name}: they are searched by "
                    "words only until `python -m index embed` embeds them.")
        return store

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection to the store's database."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = db.connect(self.folder / DB_FILE)
            self._local.conn = conn
            with self._conns_lock:
                # The chat page runs every rerun on a new thread: without this, each click would
                # leave a connection (and its file handles) open for as long as the server runs.
                ended = [c for thread, c in self._conns if not thread.is_alive()]
                self._conns = [(thread, c) for thread, c in self._conns if thread.is_alive()]
                self._conns.append((threading.current_thread(), conn))
            for c in ended:
                c.close()
        return conn

    def close(self) -> None:
        with self._conns_lock:
            for _, conn in self._conns:
                conn.close()
            self._conns.clear()
        self._local = threading.local()

    @property
    def embedder(self) -> Optional[SentenceEmbedder]:
        return self.model.embedder

    def _store_uuid(self) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'uuid'").fetchone()
        if row:
            return row["value"]
        value = uuid.uuid4().hex[:16]
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('uuid', ?)", (value,))
        return self.conn.execute("SELECT value FROM meta WHERE key = 'uuid'").fetchone()["value"]

    def collection(self):
        """The Chroma collection of passage vectors (embedded in the folder, or on a server)."""
        if self._collection is None:
            # Opened once, by one thread: Chroma's client cache fails when several sessions of the
            # chat page open it at the same moment (KeyError, "'RustBindingsAPI' object has no
            # attribute 'bindings'").
            with self._collection_lock:
                if self._collection is None:
                    self._open_collection()
        return self._collection

    def _open_collection(self):
        if self._collection is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False)
            try:
                if self.settings.chroma_host:
                    client = chromadb.HttpClient(host=self.settings.chroma_host, port=self.settings.chroma_port,
                                                 settings=chroma_settings)
                    client.heartbeat()
                else:
                    client = chromadb.PersistentClient(path=str(self.folder / CHROMA_DIR), settings=chroma_settings)
                ef = self.embedder or NoEmbedder()
                name = f"passages_{self._store_uuid()}"
                collection = client.get_or_create_collection(name, embedding_function=ef,
                                                             metadata={"hnsw:space": "cosine"})
                dimension = getattr(getattr(collection, "_model", None), "dimension", None)
                if self.embedder is not None and dimension not in (None, self.embedder.dimension):
                    # The vectors are another model's, of another size: Chroma would refuse this model's,
                    # and they cannot be compared with its queries anyway. They are rebuilt from SQLite:
                    # drop them, and mark their reports for embedding again (sync_vectors does it).
                    client.delete_collection(name)
                    collection = client.get_or_create_collection(name, embedding_function=ef,
                                                                 metadata={"hnsw:space": "cosine"})
                    self.conn.execute("UPDATE reports SET embedded_with = NULL"
                                      " WHERE embedded_with IS NOT NULL AND embedded_with NOT LIKE 'unreadable:%'")
                self._collection = collection
            except StoreError:
                raise
            except Exception as e:  # noqa: BLE001 - any failure here is the user's Chroma being unusable
                where = (f"the Chroma server at {self.settings.chroma_host}:{self.settings.chroma_port} does not answer"
                         if self.settings.chroma_host else f"the vector store in {self.folder / CHROMA_DIR} cannot be opened")
                code = "chroma_server" if self.settings.chroma_host else "vector_store_open"
                raise StoreError(f"{where} ({type(e).__name__}: {str(e)[:120]}).", code, host=self.settings.chroma_host,
                                 port=self.settings.chroma_port, folder=self.folder / CHROMA_DIR) from None
        return self._collection

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        try:
            fh = open(self.folder / LOCK_FILE, "a+")
        except OSError as e:
            raise StoreError(f"the store folder {self.folder} is not writable ({e.strerror}).", "store_write",
                             folder=self.folder) from None
        with fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _pending(self, ids: Optional[List[str]]) -> None:
        path = self.folder / PENDING_FILE
        try:
            if ids is None:
                path.unlink(missing_ok=True)
            else:
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(ids))
                os.replace(tmp, path)
        except OSError as e:
            raise StoreError(f"the store folder {self.folder} cannot be written ({e.strerror}: disk full or "
                             "read-only?); nothing was changed.", "store_write", folder=self.folder) from None

    def _recover(self) -> None:
        """Undo what an interrupted write left: vectors of a report SQLite never committed."""
        path = self.folder / PENDING_FILE
        if not path.exists():
            return
        with self._write_lock():
            try:
                ids = json.loads(path.read_text() or "[]")
            except ValueError:
                ids = []
            known = {r["id"] for r in self.conn.execute("SELECT id FROM reports")}
            orphans = [i for i in ids if i not in known]
            if orphans:
                self.collection().delete(where={"report_id": {"$in": orphans}})
            self._pending(None)

    # ------------------------------------------------------------ writing

    def find_by_sha(self, sha256: str) -> Optional[StoredReport]:
        row = self.conn.execute("SELECT id FROM reports WHERE sha256 = ?", (sha256,)).fetchone()
        return self.report(row["id"]) if row else None

    def add(self, report: Report, table_passages: Sequence[Passage] = (), replaces: Sequence[str] = ()) -> AddResult:
        """Given a parsed report, the passages that say its table rows, and the stored reports it
        replaces (the orchestration layer decides which: the same body and year), store it whole;
        return ingested, unchanged or replaced.

        The same content under any name is unchanged; a different content at the path of a stored
        report replaces that report too.
        """
        same = self.find_by_sha(report.sha256)
        if same:
            note = None if same.path == report.path else f"the same report is already stored from {same.path}"
            return AddResult("unchanged", same, note)
        passages = [(p, "text") for p in report.passages] + [(p, "table") for p in table_passages]
        # A passage is also found by its section's heading: 「存在哪些问题」 should reach section 五's
        # passages even where the word 问题 stands only in 「五、存在的主要问题及改进情况」.
        indexed = [(p, kind, text_to_terms(p.text) + (text_to_terms(f"{p.section} {p.subsection}") if kind == "text" else []))
                   for p, kind in passages]
        vectors, embedded_with, note = self._embed([p.text for p, _ in passages])
        with self._write_lock():
            old = self.conn.execute(
                f"SELECT id, path, sha256 FROM reports WHERE (path = ? OR id IN ({db.placeholders(replaces)})) AND id != ?",
                (report.path, *replaces, report.id)).fetchall()
            old_ids = [r["id"] for r in old]
            # Open Chroma before writing the marker: a server that does not answer then leaves nothing
            # behind (a marker would make every later open wait on that server to recover).
            collection = self.collection() if vectors is not None else None
            if vectors is not None or old_ids:
                # The old reports are named too: killed after the commit, the next open still drops
                # their vectors (recovery keeps whatever SQLite holds, drops the rest).
                self._pending([report.id] + old_ids)
            if collection is not None:
                try:
                    collection.upsert(
                        ids=[f"{report.id}:{p.n}" for p, _ in passages], embeddings=vectors,
                        documents=[p.text for p, _ in passages],
                        metadatas=[{"report_id": report.id, "n": p.n, "kind": kind, "model": embedded_with}
                                   for p, kind in passages])
                except Exception as e:  # noqa: BLE001 - the marker stays: the next open removes what got in
                    raise StoreError(f"the vector store could not be written ({type(e).__name__}: {str(e)[:100]}); "
                                     "nothing was changed.", "store_write", folder=self.folder) from None
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                for rid in old_ids:
                    db.delete_report(self.conn, rid)
                db.insert_report(self.conn, report, indexed, embedded_with)
                self.conn.execute("COMMIT")
            except BaseException as e:
                self.conn.execute("ROLLBACK") if self.conn.in_transaction else None
                if vectors is not None:
                    self.collection().delete(where={"report_id": report.id})
                self._pending(None)
                if isinstance(e, sqlite3.OperationalError):
                    raise StoreError(f"the store could not be written ({e}); nothing was changed.", "store_write",
                                     folder=self.folder) from None
                raise
            self._pending(old_ids or None)
            if old_ids:
                self._drop_vectors(old_ids)
                self._drop_sources(old)
            self._pending(None)
        stored = self.report(report.id)
        assert stored is not None
        if old_ids:
            names = ", ".join(r["path"] for r in old)
            return AddResult("replaced", stored, note or f"it replaces {names}", tuple(r["path"] for r in old))
        return AddResult("ingested", stored, note)

    def _embed(self, texts: Sequence[str]) -> Tuple[Optional[list], Optional[str], Optional[str]]:
        """Embed texts if the model reads them; else say why not (once per store)."""
        if self.embedder is None or not texts:
            return None, None, None
        if not self.embedder.reads(texts[:50]):
            note = (f"the embedding model {self.embedder.model_name} does not know most of this report's "
                    "characters: its passages are searched by words only.")
            return None, f"unreadable:{self.embedder.model_name}", note
        return self.embedder(list(texts)), self.embedder.model_name, None

    def _drop_vectors(self, report_ids: Sequence[str]) -> None:
        if report_ids and (self.embedder is not None or self._collection is not None or self.settings.chroma_host
                           or (self.folder / CHROMA_DIR).exists()):
            self.collection().delete(where={"report_id": {"$in": list(report_ids)}})

    def delete(self, report_id: str) -> bool:
        """Delete a report; return whether it was there."""
        with self._write_lock():
            row = self.conn.execute("SELECT path, sha256 FROM reports WHERE id = ?", (report_id,)).fetchone()
            if not row:
                return False
            self._pending([report_id])
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                db.delete_report(self.conn, report_id)
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                self._pending(None)
                raise
            self._drop_vectors([report_id])
            self._drop_sources([row])
            self._pending(None)
        return True

    def _drop_sources(self, rows: Sequence[sqlite3.Row]) -> None:
        """Remove the kept copies of deleted reports' files: a deleted report leaves nothing behind."""
        for row in rows:
            (self.folder / FILES_DIR / (row["sha256"] + Path(row["path"]).suffix.lower())).unlink(missing_ok=True)

    def unembedded(self) -> List[str]:
        """The reports stored without vectors of the loaded model (lexical-only, or another model)."""
        if self.embedder is None:
            return []
        name = self.embedder.model_name
        return [r["id"] for r in self.conn.execute(
            "SELECT id FROM reports WHERE embedded_with IS NULL OR (embedded_with != ? AND embedded_with != ?)",
            (name, f"unreadable:{name}"))]

    def sync_vectors(self, todo: Optional[Sequence[str]] = None) -> int:
        """Embed the passages of the given reports (default: every report not embedded with the
        loaded model); return how many were done."""
        if self.embedder is None:
            return 0
        todo = self.unembedded() if todo is None else list(todo)
        if not todo:
            return 0
        name = self.embedder.model_name
        print(f"embedding the passages of {len(todo)} report(s) with {name} ...", file=sys.stderr)
        for rid in todo:
            rows = self.conn.execute("SELECT * FROM passages WHERE report_id = ? ORDER BY n", (rid,)).fetchall()
            vectors, embedded_with, _ = self._embed([r["text"] for r in rows])
            with self._write_lock():
                if vectors is not None:
                    self.collection().upsert(
                        ids=[f"{rid}:{r['n']}" for r in rows], embeddings=vectors, documents=[r["text"] for r in rows],
                        metadatas=[{"report_id": rid, "n": r["n"], "kind": r["kind"], "model": name} for r in rows])
                self.conn.execute("UPDATE reports SET embedded_with = ? WHERE id = ?", (embedded_with, rid))
        return len(todo)

    # ------------------------------------------------------------ reading

    def _stored(self, row: sqlite3.Row) -> StoredReport:
        rid = row["id"]
        counts = {"known": 0, "missing": 0, "ambiguous": 0}
        for r in self.conn.execute("SELECT status, COUNT(*) AS n FROM cells WHERE report_id = ? GROUP BY status",
                                   (rid,)):
            counts["known" if r["status"] == "ok" else r["status"]] = r["n"]
        failed = self.conn.execute("SELECT COUNT(*) FROM checks WHERE report_id = ? AND passed = 0", (rid,)).fetchone()[0]
        npass = self.conn.execute("SELECT COUNT(*) FROM passages WHERE report_id = ? AND kind = 'text'",
                                  (rid,)).fetchone()[0]
        return StoredReport(ReportRef(rid, row["agency"], row["year"]), row["path"], row["sha256"], row["kind"],
                            row["format"], row["pages"], row["title"], row["ingested_at"], row["embedded_with"],
                            CellCounts(counts["known"], counts["missing"], counts["ambiguous"]), failed, npass,
                            tuple(json.loads(row["warnings"])))

    def reports(self) -> List[StoredReport]:
        """Every stored report, by body and year."""
        rows = self.conn.execute("SELECT * FROM reports ORDER BY agency, year, id").fetchall()
        return [self._stored(r) for r in rows]

    def catalog(self) -> List[CatalogEntry]:
        """Every stored report as (id, body, year, format), by body and year: what answering a question
        needs, in one query (``reports()`` counts each report's cells, checks and passages, and reads
        its text: three queries a report, a third of a second per question with 1,000 reports)."""
        return [CatalogEntry(ReportRef(r["id"], r["agency"], r["year"]), r["format"], r["kind"]) for r in
                self.conn.execute("SELECT id, agency, year, format, kind FROM reports ORDER BY agency, year, id")]

    def catalog_key(self) -> Tuple[int, int, int]:
        """A key that changes whenever a report is added, replaced or deleted (their count and rowids):
        what is worked out from the catalog can be kept until it changes (one query, under a
        millisecond at 1,000 reports, where ``catalog()`` takes ten)."""
        row = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0), COALESCE(SUM(rowid), 0) FROM reports").fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def report(self, report_id: str) -> Optional[StoredReport]:
        row = self.conn.execute("SELECT * FROM reports WHERE id = ?", (report_id,)).fetchone()
        return self._stored(row) if row else None

    def source_file(self, report_id: str) -> Optional[Path]:
        """The stored copy of a report's file (what a citation shows), else its original path if still there."""
        row = self.conn.execute("SELECT path, sha256 FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            return None
        copy = self.folder / FILES_DIR / (row["sha256"] + Path(row["path"]).suffix.lower())
        if copy.exists():
            return copy
        original = Path(row["path"])
        return original if original.exists() else None

    def keep_source(self, report: Report) -> Optional[Path]:
        """Keep a copy of the report's file in the store, so its citations can show the page; return
        the copy when this call made it (None when it was there already, or there is no file).

        Raises StoreError, leaving no partial copy, when the store folder cannot take it (disk full,
        read-only): ingest_files copies before it stores, so the report is then not stored either.
        """
        src = Path(report.path)
        dest = self.folder / FILES_DIR / (report.sha256 + src.suffix.lower())
        if dest.exists() or not src.exists():
            return None
        # A name of this writer's own: two ingests of one file must not write into one temporary file.
        tmp = dest.with_name(f"{dest.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        try:
            dest.parent.mkdir(exist_ok=True)
            shutil.copyfile(src, tmp)
            os.replace(tmp, dest)
        except OSError as e:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
            raise StoreError(f"the store folder {self.folder} cannot be written ({e.strerror}: disk full or "
                             "read-only?); nothing was changed.", "store_write", folder=self.folder) from None
        return dest

    def drop_source_copy(self, copy: Path) -> None:
        """Remove a copy ``keep_source`` made, unless a stored report's citations use it."""
        rows = self.conn.execute("SELECT sha256, path FROM reports WHERE sha256 = ?", (copy.name.split(".")[0],))
        if not any(copy == self.folder / FILES_DIR / (r["sha256"] + Path(r["path"]).suffix.lower()) for r in rows):
            copy.unlink(missing_ok=True)

    def report_text(self, report_id: str) -> str:
        row = self.conn.execute("SELECT text FROM reports WHERE id = ?", (report_id,)).fetchone()
        return row["text"] if row else ""

    def cell(self, report_id: str, address: str) -> Optional[Cell]:
        """One cell by report and address (the look-up every figure answer makes)."""
        row = self.conn.execute("SELECT * FROM cells WHERE report_id = ? AND address = ?",
                                (report_id, address)).fetchone()
        return db.row_to_cell(row) if row else None

    def cells(self, report_id: Optional[str] = None) -> List[ReportCell]:
        """Every cell with its report's reference, in each report's own (template) order."""
        refs = self._refs()
        sql = "SELECT * FROM cells" + (" WHERE report_id = ?" if report_id else "") + " ORDER BY report_id, pos, address"
        rows = self.conn.execute(sql, (report_id,) if report_id else ()).fetchall()
        return [ReportCell(refs.get(r["report_id"], ReportRef(r["report_id"], None, None)), db.row_to_cell(r))
                for r in rows]

    def checks(self, report_id: Optional[str] = None, failed_only: bool = False) -> List[ReportCheck]:
        """Every check run on one report's figures (checks 1–4 and 6), with its report's reference;
        with ``failed_only``, those that fail. Check 5, across the years of one body, is the
        orchestration layer's (it knows bodies)."""
        refs = self._refs(report_id)
        where = (["report_id = ?"] if report_id else []) + (["passed = 0"] if failed_only else [])
        sql = "SELECT * FROM checks" + (" WHERE " + " AND ".join(where) if where else "")
        args: Tuple[str, ...] = (report_id,) if report_id else ()
        return [ReportCheck(refs.get(r["report_id"], ReportRef(r["report_id"], None, None)), db.row_to_check(r))
                for r in self.conn.execute(sql, args)]

    def _refs(self, report_id: Optional[str] = None) -> Dict[str, ReportRef]:
        """Reports' references by id: one report's, or (without an id) every report's."""
        sql = "SELECT id, agency, year FROM reports" + (" WHERE id = ?" if report_id else "")
        return {r["id"]: ReportRef(r["id"], r["agency"], r["year"])
                for r in self.conn.execute(sql, (report_id,) if report_id else ())}

    def passage(self, report_id: str, n: int) -> Optional[Passage]:
        row = self.conn.execute("SELECT * FROM passages WHERE report_id = ? AND n = ?", (report_id, n)).fetchone()
        return db.row_to_passage(row) if row else None

    # ------------------------------------------------------------ search

    def lexical_search(self, query: str, report_ids: Optional[Sequence[str]] = None, k: int = 20,
                       kinds: Sequence[str] = ("text", "table")) -> List[Tuple[sqlite3.Row, float]]:
        """Passages ranked by BM25 over their terms; the query cannot change the FTS expression's shape.

        A report's passages have consecutive ids (one transaction writes them), so a search within
        reports matches within their id ranges, one report at a time, instead of matching the whole
        store and filtering after; BM25 uses the whole table's statistics, so the scores merge.
        """
        terms = text_to_terms(query)
        if report_ids is None:
            terms = self._without_common_terms(terms)
        match = terms_to_match(terms)
        if not match:
            return []
        base = ("SELECT p.*, bm25(passages_fts) AS score FROM passages_fts JOIN passages p ON p.pid = passages_fts.rowid"
                f" WHERE passages_fts MATCH ? AND p.kind IN ({db.placeholders(kinds)})")
        if report_ids is None:
            rows = self.conn.execute(base + " ORDER BY score LIMIT ?", [match, *kinds, k]).fetchall()
        else:
            rows = []
            for lo, hi in self._pid_ranges(report_ids):
                rows += self.conn.execute(base + " AND passages_fts.rowid BETWEEN ? AND ? ORDER BY score LIMIT ?",
                                          [match, *kinds, lo, hi, k]).fetchall()
            rows.sort(key=lambda r: r["score"])
            rows = rows[:k]
        return [(r, -r["score"]) for r in rows]

    def _pid_ranges(self, report_ids: Sequence[str]) -> List[Tuple[int, int]]:
        ids = list(dict.fromkeys(report_ids))
        out = []
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            out += [(r[0], r[1]) for r in self.conn.execute(
                f"SELECT MIN(pid), MAX(pid) FROM passages WHERE report_id IN ({db.placeholders(part)}) GROUP BY report_id",
                part) if r[0] is not None]
        return out

    def _without_common_terms(self, terms: List[str]) -> List[str]:
        """The query's terms less those in more than COMMON_TERM_SHARE of the passages (kept if all are)."""
        unique = list(dict.fromkeys(terms))
        if len(unique) < 4:
            return unique
        total = self.conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        if total < 200:
            return unique
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, 'passages_fts', 'row')")
        counts = dict(self.conn.execute(
            f"SELECT term, doc FROM temp.fts_vocab WHERE term IN ({db.placeholders(unique)})", unique).fetchall())
        kept = [t for t in unique if counts.get(t.lower(), counts.get(t, 0)) <= COMMON_TERM_SHARE * total]
        return kept or unique

    def dense_search(self, query: str, report_ids: Optional[Sequence[str]] = None, k: int = 20,
                     kinds: Sequence[str] = ("text", "table")) -> List[Tuple[str, int, float]]:
        """Passages nearest the query by meaning, as (report id, n, similarity); [] when the model
        is missing or cannot read the query."""
        if self.embedder is None or not query.strip() or not self.embedder.reads([query]):
            return []
        if not self.conn.execute("SELECT 1 FROM reports WHERE embedded_with = ? LIMIT 1",
                                 (self.embedder.model_name,)).fetchone():
            return []
        # Only vectors of this model: after a model change, older ones wait for `index embed`.
        where: dict = {"$and": [{"kind": {"$in": list(kinds)}}, {"model": self.embedder.model_name}]}
        if report_ids is not None:
            where = {"$and": where["$and"] + [{"report_id": {"$in": list(report_ids)}}]}
        vec = self.embedder.embed_query([query])
        collection = self.collection()
        try:
            res = collection.query(query_embeddings=vec, n_results=k, where=where, include=["metadatas", "distances"])
        except Exception as e:  # noqa: BLE001 - a failed vector search must not fail the question
            # Chroma embedded in the store folder is not safe across processes: while another
            # process (`python -m ingest`) writes vectors, a query here can fail ("Error finding id").
            # The question is then answered from the lexical ranking alone.
            log.warning("vector search failed, words only for this question: %s: %s", type(e).__name__, e)
            return []
        return [(m["report_id"], int(m["n"]), 1.0 - d) for m, d in zip(res["metadatas"][0], res["distances"][0])]

    def search(self, query: str, report_ids: Optional[Sequence[str]] = None, k: int = 10,
               kinds: Sequence[str] = ("text", "table"), mode: str = "fused") -> List[Hit]:
        """Passages for a question: lexical and dense rankings fused by reciprocal rank.

        ``mode`` is ``fused``, ``lexical`` or ``dense`` (the benchmarks compare them).
        """
        depth = max(k * 3, 30)
        lex = self.lexical_search(query, report_ids, depth, kinds) if mode in ("fused", "lexical") else []
        dense = self.dense_search(query, report_ids, depth, kinds) if mode in ("fused", "dense") else []
        rows: Dict[Tuple[str, int], sqlite3.Row] = {(row["report_id"], row["n"]): row for row, _ in lex}
        ranked = fuse([(row["report_id"], row["n"]) for row, _ in lex], [(rid, n) for rid, n, _ in dense], k, RRF_K)
        for f in ranked:
            if f.key not in rows:
                row = self.conn.execute("SELECT * FROM passages WHERE report_id = ? AND n = ?", f.key).fetchone()
                if row:
                    rows[f.key] = row
        refs: Dict[str, ReportRef] = {}
        out = []
        for f in ranked:
            row = rows.get(f.key)
            if row is None:
                continue
            rid = f.key[0]
            if rid not in refs:
                r = self.conn.execute("SELECT id, agency, year FROM reports WHERE id = ?", (rid,)).fetchone()
                refs[rid] = ReportRef(r["id"], r["agency"], r["year"]) if r else ReportRef(rid, None, None)
            out.append(Hit(refs[rid], db.row_to_passage(row), row["kind"], f.score, f.lexical_rank, f.dense_rank))
        return out
