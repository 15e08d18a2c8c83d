"""The store: the structured rows in SQLite (the store folder) or PostgreSQL (``REPORTS_DATABASE_URL``),
the passages' vectors in Chroma (the folder, or a ``chroma run`` server), copies of the source files
in the folder.

A report is written whole or not at all. Its vectors go to Chroma first, under a marker that names
them (a file in the folder, or a table in PostgreSQL); then its rows go in one transaction; then the
marker is cleared. A process killed at any point leaves either the old store or the new report
complete: the next open removes vectors the marker names whose report the database does not hold.
Writers hold the database's write lock (a lock file; PostgreSQL's advisory lock), so two ingests
into one store queue rather than interleave; readers never wait on it.

Only narrative passages are embedded: dense search serves the narrative (``retrieval/narrative.py``
asks for ``kinds=("text",)``); a table row is answered from its cells and found by its words.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Literal, Optional, Sequence, Tuple

from config import Settings
from errors import StoreError
from index import db
from index.backend import Database, IndexedPassage, Row
from index.embed import LoadedModel, load_embedder, unavailable
from index.fusion import RRF_K, fuse
from index.lexical import text_to_terms
from model import (
    CatalogEntry,
    Cell,
    CellCounts,
    Check,
    Hit,
    Passage,
    Report,
    ReportCell,
    ReportCheck,
    ReportRef,
    StoredReport,
)

# chromadb and the model load where first needed (_open_collection, Store.model): seconds no figure question needs.
if TYPE_CHECKING:
    from index.embedders import SentenceEmbedder

log = logging.getLogger(__name__)

DB_FILE = "reports.sqlite3"
CHROMA_DIR = "chroma"
FILES_DIR = "files"

#: Up to this many reports without vectors are embedded when the store opens; more wait for
#: `python -m index embed` (embedding takes a second or so a report).
AUTO_EMBED_LIMIT = 20
#: The kinds of passage that are embedded: what dense search serves.
EMBEDDED_KINDS = ("text",)


AddStatus = Literal["ingested", "unchanged", "replaced"]


@dataclass(frozen=True)
class AddResult:
    """What storing a report did: ingested, unchanged (the same content is there) or replaced
    (``replaced`` names the files of the reports it took the place of)."""

    status: AddStatus
    report: StoredReport
    note: Optional[str] = None
    replaced: Tuple[str, ...] = ()
    #: The ids of the reports it took the place of.
    replaced_ids: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Embedding:
    """A report's narrative passages embedded (``Store.embed_reports``), or why they are not: the
    vectors (None when there are none), the model's name or ``unreadable:NAME`` as the report
    records it, and the note that says why not."""

    vectors: Optional[list]
    embedded_with: Optional[str]
    note: Optional[str] = None


def index_passages(report: Report, table_passages: Sequence[Passage]) -> List[IndexedPassage]:
    """Given a parsed report and the passages that say its table rows, return every passage with its
    kind and the terms it is found by (jieba's work: a quarter of storing a report, so a bulk import
    does it in its parsing workers)."""
    passages = [(p, "text") for p in report.passages] + [(p, "table") for p in table_passages]
    # A passage is also found by its section's heading: 「存在哪些问题」 should reach section 五's
    # passages even where the word 问题 stands only in 「五、存在的主要问题及改进情况」.
    return [(p, kind, text_to_terms(p.text) + (text_to_terms(f"{p.section} {p.subsection}") if kind == "text" else []))
            for p, kind in passages]


def open_database(settings: Settings, folder: Path) -> Database:
    """Given settings and the store folder, return the structured store: PostgreSQL when
    REPORTS_DATABASE_URL is set, else SQLite in the folder."""
    if settings.database_url:
        from index.pg import PostgresDatabase

        return PostgresDatabase(settings.database_url)
    from index.sqlite import SqliteDatabase

    return SqliteDatabase(folder, DB_FILE)


class Store:
    """The reports, cells, passages and checks of one store. Open with ``Store.open``."""

    def __init__(self, folder: Path, database: Database, model: Optional[LoadedModel], settings: Settings):
        """``model`` None: the model of ``settings.embedding_model``, loaded when first needed."""
        self.folder = folder
        self.db = database
        self._model = model
        self._model_lock = threading.Lock()
        self.settings = settings
        self.notices: List[str] = [model.notice] if model is not None and model.notice else []
        self._collection = None
        self._collection_lock = threading.Lock()

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, settings: Settings, model: Optional[LoadedModel] = None) -> "Store":
        """Given settings, open (creating if need be) the store.

        The structured rows are in PostgreSQL when ``settings.database_url`` is set, else in SQLite
        in the store folder; the folder is made either way (it keeps the source files' copies, and
        Chroma when no server is set). ``model`` may be passed in (tests pass the packaged offline
        model); by default the configured one is loaded here when reports wait for its vectors, else
        when first needed (``Store.model``), and a failure to load it is a notice, not an error. A
        model known to be unloadable without trying (none configured; not cached, and no hub) is
        said here at once.
        """
        folder = Path(settings.store).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"the store folder {folder} cannot be created ({e.strerror}).", "store_create",
                             folder=folder) from None
        database = open_database(settings, folder)
        if model is None:
            model = unavailable(settings.embedding_model)
        store = cls(folder, database, model, settings)
        store._recover()
        if store._model is None and not database.unembedded(settings.embedding_model):
            return store  # nothing waits for the model's vectors: it is loaded when first needed
        if store.embedder is not None:
            pending = store.unembedded()
            if len(pending) <= AUTO_EMBED_LIMIT:
                store.sync_vectors(pending)
            else:
                # Embedding costs a second or so a report: a large store is not made to wait on open.
                store.notices.append(
                    f"{len(pending)} reports are not yet embedded with {store.embedder.model_name}: they are searched by "
                    "words only until `python -m index embed` embeds them.")
        return store

    def close(self) -> None:
        self.db.close()

    @property
    def model(self) -> LoadedModel:
        """The embedding model, loaded the first time it is asked for (its notice, if it cannot be
        loaded, then joins ``notices``)."""
        if self._model is None:
            with self._model_lock:
                if self._model is None:
                    loaded = load_embedder(self.settings.embedding_model)
                    if loaded.notice:
                        self.notices.append(loaded.notice)
                    self._model = loaded
        return self._model

    @property
    def embedder(self) -> Optional[SentenceEmbedder]:
        return self.model.embedder

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

            from index.embedders import NoEmbedder

            chroma_settings = ChromaSettings(anonymized_telemetry=False)
            try:
                if self.settings.chroma_host:
                    client = chromadb.HttpClient(host=self.settings.chroma_host, port=self.settings.chroma_port,
                                                 settings=chroma_settings)
                    client.heartbeat()
                else:
                    client = chromadb.PersistentClient(path=str(self.folder / CHROMA_DIR), settings=chroma_settings)
                ef = self.embedder or NoEmbedder()
                name = f"passages_{self.db.store_uuid()}"
                collection = client.get_or_create_collection(name, embedding_function=ef,
                                                             metadata={"hnsw:space": "cosine"})
                dimension = getattr(getattr(collection, "_model", None), "dimension", None)
                if self.embedder is not None and dimension not in (None, self.embedder.dimension):
                    # The vectors are another model's, of another size: Chroma would refuse this model's,
                    # and they cannot be compared with its queries anyway. They are rebuilt from the
                    # database: drop them, and mark their reports for embedding again (sync_vectors does it).
                    client.delete_collection(name)
                    collection = client.get_or_create_collection(name, embedding_function=ef,
                                                                 metadata={"hnsw:space": "cosine"})
                    self.db.forget_vectors()
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

    def _recover(self) -> None:
        """Undo what an interrupted write left: vectors of a report the database never committed."""
        if not self.db.pending():
            return
        with self.db.write_lock():
            # Read again under the lock: the writer that named them may have finished meanwhile.
            ids = self.db.pending()
            if not ids:
                return
            known = self.db.report_ids()
            orphans = [i for i in ids if i not in known]
            if orphans:
                self.collection().delete(where={"report_id": {"$in": orphans}})
            self.db.set_pending(None)

    # ------------------------------------------------------------ writing

    def find_by_sha(self, sha256: str) -> Optional[StoredReport]:
        rid = self.db.id_by_sha(sha256)
        return self.report(rid) if rid else None

    def embed_reports(self, reports: Sequence[Report]) -> List[Embedding]:
        """Given parsed reports, return their narrative passages embedded, one ``Embedding`` each, in
        one call of the model (a batch across reports is what keeps the model busy); a report the
        model cannot read, or none loaded, is said so instead."""
        out: List[Optional[Embedding]] = [None] * len(reports)
        texts: List[str] = []
        spans: List[Tuple[int, int, int]] = []
        for i, report in enumerate(reports):
            mine = [p.text for p in report.passages]
            if self.embedder is None:
                out[i] = Embedding(None, None)
            elif not mine:
                out[i] = Embedding(None, self.embedder.model_name)  # nothing to embed: done
            elif not self.embedder.reads(mine[:50]):
                out[i] = Embedding(None, f"unreadable:{self.embedder.model_name}", (
                    f"the embedding model {self.embedder.model_name} does not know most of this report's "
                    "characters: its passages are searched by words only."))
            else:
                spans.append((i, len(texts), len(texts) + len(mine)))
                texts += mine
        if texts:
            assert self.embedder is not None
            vectors = self.embedder(texts)
            for i, lo, hi in spans:
                out[i] = Embedding(list(vectors[lo:hi]), self.embedder.model_name)
        return [e if e is not None else Embedding(None, None) for e in out]

    def add(self, report: Report, table_passages: Sequence[Passage] = (), replaces: Sequence[str] = (),
            embedding: Optional[Embedding] = None, indexed: Optional[Sequence[IndexedPassage]] = None) -> AddResult:
        """Given a parsed report, the passages that say its table rows, and the stored reports it
        replaces (the orchestration layer decides which: the same body and year), store it whole;
        return ingested, unchanged or replaced.

        The same content under any name is unchanged; a different content at the path of a stored
        report replaces that report too. ``embedding`` is the report's from ``embed_reports`` when
        the caller embedded a batch, ``indexed`` its passages from ``index_passages`` when the
        caller worked them out; by default both are done here.
        """
        same = self.find_by_sha(report.sha256)
        if same:
            note = None if same.path == report.path else f"the same report is already stored from {same.path}"
            return AddResult("unchanged", same, note)
        indexed = indexed if indexed is not None else index_passages(report, table_passages)
        embedding = embedding or self.embed_reports([report])[0]
        vectors, embedded_with, note = embedding.vectors, embedding.embedded_with, embedding.note
        with self.db.write_lock():
            old = self.db.replaced_rows(report.path, replaces, report.id)
            old_ids = [r["id"] for r in old]
            # Open Chroma before writing the marker: a server that does not answer then leaves nothing
            # behind (a marker would make every later open wait on that server to recover).
            collection = self.collection() if vectors is not None else None
            if vectors is not None or old_ids:
                # The old reports are named too: killed after the commit, the next open still drops
                # their vectors (recovery keeps whatever the database holds, drops the rest).
                self.db.set_pending([report.id] + old_ids)
            if collection is not None:
                try:
                    collection.upsert(
                        ids=[f"{report.id}:{p.n}" for p in report.passages], embeddings=vectors,
                        documents=[p.text for p in report.passages],
                        metadatas=[{"report_id": report.id, "n": p.n, "kind": "text", "model": embedded_with}
                                   for p in report.passages])
                except Exception as e:  # noqa: BLE001 - the marker stays: the next open removes what got in
                    raise StoreError(f"the vector store could not be written ({type(e).__name__}: {str(e)[:100]}); "
                                     "nothing was changed.", "store_write", folder=self.folder) from None
            try:
                with self.db.transaction():
                    for rid in old_ids:
                        self.db.delete_report(rid)
                    self.db.insert_report(report, indexed, embedded_with)
            except BaseException:
                if vectors is not None:
                    self.collection().delete(where={"report_id": report.id})
                self.db.set_pending(None)
                raise
            self.db.set_pending(old_ids or None)
            if old_ids:
                self._drop_vectors(old_ids)
                self._drop_sources(old)
            self.db.set_pending(None)
        stored = self.report(report.id)
        assert stored is not None
        if old_ids:
            names = ", ".join(r["path"] for r in old)
            return AddResult("replaced", stored, note or f"it replaces {names}", tuple(r["path"] for r in old),
                             tuple(old_ids))
        return AddResult("ingested", stored, note)

    def _drop_vectors(self, report_ids: Sequence[str]) -> None:
        if report_ids and (self.embedder is not None or self._collection is not None or self.settings.chroma_host
                           or (self.folder / CHROMA_DIR).exists()):
            self.collection().delete(where={"report_id": {"$in": list(report_ids)}})

    def delete(self, report_id: str) -> bool:
        """Delete a report; return whether it was there."""
        with self.db.write_lock():
            row = self.db.report_row(report_id)
            if not row:
                return False
            self.db.set_pending([report_id])
            try:
                with self.db.transaction():
                    self.db.delete_report(report_id)
            except BaseException:
                self.db.set_pending(None)
                raise
            self._drop_vectors([report_id])
            self._drop_sources([row])
            self.db.set_pending(None)
        return True

    def _drop_sources(self, rows: Sequence[Row]) -> None:
        """Remove the kept copies of deleted reports' files: a deleted report leaves nothing behind."""
        for row in rows:
            (self.folder / FILES_DIR / (row["sha256"] + Path(row["path"]).suffix.lower())).unlink(missing_ok=True)

    def unembedded(self) -> List[str]:
        """The reports stored without vectors of the loaded model (lexical-only, or another model)."""
        if self.embedder is None:
            return []
        return self.db.unembedded(self.embedder.model_name)

    def sync_vectors(self, todo: Optional[Sequence[str]] = None, batch: int = 16) -> int:
        """Embed the narrative passages of the given reports (default: every report not embedded with
        the loaded model), ``batch`` reports to a call of the model; return how many were done."""
        if self.embedder is None:
            return 0
        todo = self.unembedded() if todo is None else list(todo)
        if not todo:
            return 0
        name = self.embedder.model_name
        print(f"embedding the passages of {len(todo)} report(s) with {name} ...", file=sys.stderr)
        for lo in range(0, len(todo), batch):
            ids = todo[lo:lo + batch]
            rows = {rid: self.db.passage_rows(rid, EMBEDDED_KINDS) for rid in ids}
            # embed_reports reads a report's narrative passages: these rows, as passages.
            shells = [_Shell(tuple(db.row_to_passage(r) for r in rows[rid])) for rid in ids]
            embeddings = self.embed_reports(shells)  # type: ignore[arg-type]
            for rid, emb in zip(ids, embeddings):
                with self.db.write_lock():
                    if emb.vectors is not None:
                        self.collection().upsert(
                            ids=[f"{rid}:{r['n']}" for r in rows[rid]], embeddings=emb.vectors,
                            documents=[r["text"] for r in rows[rid]],
                            metadatas=[{"report_id": rid, "n": r["n"], "kind": r["kind"], "model": name} for r in rows[rid]])
                    self.db.set_embedded(rid, emb.embedded_with)
        return len(todo)

    # ------------------------------------------------------------ reading

    def _stored(self, row: Row) -> StoredReport:
        import json

        counts, failed, npass = self.db.report_counts(row["id"])
        return StoredReport(ReportRef(row["id"], row["agency"], row["year"]), row["path"], row["sha256"], row["kind"],
                            row["format"], row["pages"], row["title"], row["ingested_at"], row["embedded_with"],
                            CellCounts(counts["known"], counts["missing"], counts["ambiguous"]), failed, npass,
                            tuple(json.loads(row["warnings"])))

    def reports(self) -> List[StoredReport]:
        """Every stored report, by body and year."""
        return [self._stored(r) for r in self.db.report_rows()]

    def catalog(self) -> List[CatalogEntry]:
        """Every stored report as (id, body, year, format), by body and year: what answering a question
        needs, in one query (``reports()`` counts each report's cells, checks and passages, and reads
        its text: three queries a report, a third of a second per question with 1,000 reports)."""
        return [CatalogEntry(ReportRef(r["id"], r["agency"], r["year"]), r["format"], r["kind"])
                for r in self.db.catalog_rows()]

    def catalog_key(self) -> Tuple[int, int, int]:
        """A key that changes whenever a report is added, replaced or deleted (their count and row
        numbers): what is worked out from the catalog can be kept until it changes (one query, under
        a millisecond at 1,000 reports, where ``catalog()`` takes ten)."""
        return self.db.catalog_key()

    def report(self, report_id: str) -> Optional[StoredReport]:
        row = self.db.report_row(report_id)
        return self._stored(row) if row else None

    def source_file(self, report_id: str) -> Optional[Path]:
        """The stored copy of a report's file (what a citation shows), else its original path if still there."""
        row = self.db.report_row(report_id)
        if row is None:
            return None
        copy = self.folder / FILES_DIR / (row["sha256"] + Path(row["path"]).suffix.lower())
        if copy.exists():
            return copy
        original = Path(row["path"])
        return original if original.exists() else None

    def keep_source(self, report: Report, src: Optional[Path] = None) -> Optional[Path]:
        """Keep a copy of the report's file (``src``, by default its path) in the store, so its
        citations can show the page; return the copy when this call made it (None when it was there
        already, or there is no file).

        Raises StoreError, leaving no partial copy, when the store folder cannot take it (disk full,
        read-only): ingest_files copies before it stores, so the report is then not stored either.
        """
        src = src or Path(report.path)
        dest = self.folder / FILES_DIR / (report.sha256 + Path(report.path).suffix.lower())
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
        rid = self.db.id_by_sha(copy.name.split(".")[0])
        row = self.db.report_row(rid) if rid else None
        if row is None or copy != self.folder / FILES_DIR / (row["sha256"] + Path(row["path"]).suffix.lower()):
            copy.unlink(missing_ok=True)

    def report_text(self, report_id: str) -> str:
        row = self.db.report_row(report_id)
        return row["text"] if row else ""

    def cell(self, report_id: str, address: str) -> Optional[Cell]:
        """One cell by report and address (the look-up every figure answer makes)."""
        row = self.db.cell_row(report_id, address)
        return db.row_to_cell(row) if row else None

    def cells_at(self, report_ids: Sequence[str], addresses: Sequence[str]) -> Dict[Tuple[str, str], Cell]:
        """The cells at these addresses of these reports, by (report id, address); one query."""
        if not report_ids or not addresses:
            return {}
        return {(r["report_id"], r["address"]): db.row_to_cell(r) for r in self.db.cell_rows_at(report_ids, addresses)}

    def cells(self, report_id: Optional[str] = None) -> List[ReportCell]:
        """Every cell with its report's reference, in each report's own (template) order."""
        refs = self._refs(report_id)  # one report's cells need its reference, not every report's
        return [ReportCell(refs.get(r["report_id"], ReportRef(r["report_id"], None, None)), db.row_to_cell(r))
                for r in self.db.cell_rows(report_id)]

    def checks(self, report_id: Optional[str] = None, failed_only: bool = False) -> List[ReportCheck]:
        """Every check run on one report's figures (checks 1–4 and 6), with its report's reference;
        with ``failed_only``, those that fail. Check 5, across the years of one body, is the
        orchestration layer's (it knows bodies)."""
        refs = self._refs(report_id)
        return [ReportCheck(refs.get(r["report_id"], ReportRef(r["report_id"], None, None)), db.row_to_check(r))
                for r in self.db.check_rows(report_id, failed_only)]

    def failed_checks_at(self, report_ids: Sequence[str]) -> Dict[str, List[Check]]:
        """The failed checks (1–4 and 6) of these reports, by report id; one query."""
        out: Dict[str, List[Check]] = {}
        for r in self.db.failed_check_rows_at(report_ids) if report_ids else []:
            out.setdefault(r["report_id"], []).append(db.row_to_check(r))
        return out

    def _refs(self, report_id: Optional[str] = None) -> Dict[str, ReportRef]:
        """Reports' references by id: one report's, or (without an id) every report's."""
        return {r["id"]: ReportRef(r["id"], r["agency"], r["year"]) for r in self.db.ref_rows(report_id)}

    def passage(self, report_id: str, n: int) -> Optional[Passage]:
        row = self.db.passage_row(report_id, n)
        return db.row_to_passage(row) if row else None

    def passage_counts(self) -> Dict[str, int]:
        """Passages in the store by kind ("text", "table")."""
        return self.db.passage_counts()

    # ------------------------------------------------------------ search

    def lexical_search(self, query: str, report_ids: Optional[Sequence[str]] = None, k: int = 20,
                       kinds: Sequence[str] = ("text", "table")) -> List[Tuple[Row, float]]:
        """Passages ranked by BM25 over their terms (higher is better), as (row, score); the query
        cannot change the search's shape (every term is quoted)."""
        return self.db.lexical(text_to_terms(query), report_ids, k, kinds)

    def dense_search(self, query: str, report_ids: Optional[Sequence[str]] = None, k: int = 20,
                     kinds: Sequence[str] = ("text", "table")) -> List[Tuple[str, int, float]]:
        """Passages nearest the query by meaning, as (report id, n, similarity); [] when the model
        is missing or cannot read the query. Only narrative passages have vectors."""
        if self.embedder is None or not query.strip() or not self.embedder.reads([query]):
            return []
        kinds = [k_ for k_ in kinds if k_ in EMBEDDED_KINDS]
        if not kinds or not self.db.embedded_with_any(self.embedder.model_name):
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
        rows: Dict[Tuple[str, int], Row] = {(row["report_id"], row["n"]): row for row, _ in lex}
        ranked = fuse([(row["report_id"], row["n"]) for row, _ in lex], [(rid, n) for rid, n, _ in dense], k, RRF_K)
        for f in ranked:
            if f.key not in rows:
                row = self.db.passage_row(*f.key)
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
                r = self.db.ref_rows(rid)
                refs[rid] = ReportRef(r[0]["id"], r[0]["agency"], r[0]["year"]) if r else ReportRef(rid, None, None)
            out.append(Hit(refs[rid], db.row_to_passage(row), row["kind"], f.score, f.lexical_rank, f.dense_rank))
        return out


@dataclass(frozen=True)
class _Shell:
    """A stored report's narrative passages, as ``embed_reports`` reads a report (``.passages``)."""

    passages: Tuple[Passage, ...]
