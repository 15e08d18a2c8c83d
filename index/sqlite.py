"""The embedded default: reports, cells, passages and checks in one SQLite file (WAL) in the store
folder, passages found through an FTS5 index of their terms (BM25).

Writers take a lock file in the folder, so two ingests into one store queue rather than interleave;
readers never wait on it (WAL). The names of the reports whose vectors a write is changing are kept
in a marker file beside the database.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from errors import StoreError
from index import db
from index.backend import IndexedPassage, Row, SqlDatabase
from index.lexical import terms_to_match
from model import Report

PENDING_FILE = "pending.json"
LOCK_FILE = ".lock"


class SqliteDatabase(SqlDatabase):
    """The store's SQLite file, ``reports.sqlite3`` in its folder."""

    CHECK_ORDER = " ORDER BY rowid"

    def __init__(self, folder: Path, file_name: str):
        super().__init__()
        self.folder = folder
        self.path = folder / file_name
        self.where = f"the store database {self.path}"
        self.conn  # noqa: B018 - open now: a store that cannot be opened says so at once

    def _connect(self) -> sqlite3.Connection:
        return db.connect(self.path)

    # ------------------------------------------------------------ writing

    @contextmanager
    def write_lock(self) -> Iterator[None]:
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

    @contextmanager
    def transaction(self) -> Iterator[None]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.OperationalError):
                raise StoreError(f"the store could not be written ({e}); nothing was changed.", "store_write",
                                 folder=self.folder) from None
            raise

    def set_pending(self, ids: Optional[Sequence[str]]) -> None:
        path = self.folder / PENDING_FILE
        try:
            if ids is None:
                path.unlink(missing_ok=True)
            else:
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(list(ids)))
                os.replace(tmp, path)
        except OSError as e:
            raise StoreError(f"the store folder {self.folder} cannot be written ({e.strerror}: disk full or "
                             "read-only?); nothing was changed.", "store_write", folder=self.folder) from None

    def pending(self) -> List[str]:
        try:
            ids = json.loads((self.folder / PENDING_FILE).read_text() or "[]")
        except (OSError, ValueError):
            return []
        return [str(i) for i in ids] if isinstance(ids, list) else []

    def store_uuid(self) -> str:
        import uuid

        row = self._row("SELECT value FROM meta WHERE key = 'uuid'")
        if row:
            return row["value"]
        self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('uuid', ?)", (uuid.uuid4().hex[:16],))
        return self._row("SELECT value FROM meta WHERE key = 'uuid'")["value"]  # type: ignore[index]

    def insert_report(self, report: Report, passages: Sequence[IndexedPassage], embedded_with: Optional[str]) -> None:
        db.insert_report(self.conn, report, passages, embedded_with)

    def delete_report(self, report_id: str) -> None:
        db.delete_report(self.conn, report_id)

    # ------------------------------------------------------------ reading

    def catalog_key(self) -> Tuple[int, int, int]:
        row = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0), COALESCE(SUM(rowid), 0) FROM reports").fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def _among(self, column: str, values: Sequence[str]) -> Tuple[str, Any]:
        # The list travels as JSON, one bound value: SQLite caps the number of bound values.
        return f"{column} IN (SELECT value FROM json_each(?))", json.dumps(list(values))

    def lexical(self, terms: List[str], report_ids: Optional[Sequence[str]], k: int,
                kinds: Sequence[str]) -> List[Tuple[Row, float]]:
        """Passages ranked by BM25 over their terms; the query cannot change the FTS expression's shape.

        A report's passages have consecutive ids (one transaction writes them), so a search within
        a few reports matches within their id ranges, one report at a time, instead of matching the
        whole store and filtering after; BM25 uses the whole table's statistics, so the scores merge.
        """
        if report_ids is None:
            terms = self._without_common_terms(terms)
        match = terms_to_match(terms)
        if not match:
            return []
        base = (f"SELECT {self._passage_columns('p.')}, bm25(passages_fts) AS score FROM passages_fts"
                " JOIN passages p ON p.pid = passages_fts.rowid"
                f" WHERE passages_fts MATCH ? AND p.kind IN ({db.placeholders(kinds)})")
        if report_ids is None:
            rows = self.conn.execute(base + " ORDER BY score, p.pid LIMIT ?", [match, *kinds, k]).fetchall()
        elif len(set(report_ids)) > self.RANGES_UP_TO:
            # Many reports (a question over every body): one match of the whole store, kept to them —
            # a match a report costs milliseconds each, seconds over thousands.
            scope, arg = self._among("p.report_id", report_ids)
            rows = self.conn.execute(base + f" AND {scope} ORDER BY score, p.pid LIMIT ?", [match, *kinds, arg, k]).fetchall()
        else:
            rows = []
            for lo, hi in self._pid_ranges(report_ids):
                rows += self.conn.execute(base + " AND passages_fts.rowid BETWEEN ? AND ? ORDER BY score, p.pid LIMIT ?",
                                          [match, *kinds, lo, hi, k]).fetchall()
            rows.sort(key=lambda r: (r["score"], r["pid"]))  # equal scores in the order written, as PostgreSQL
            rows = rows[:k]
        return [(r, -r["score"]) for r in rows]

    #: Up to this many reports, a search within them matches each one's id range.
    RANGES_UP_TO = 50

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
        counts: Dict[str, int] = dict(self.conn.execute(
            f"SELECT term, doc FROM temp.fts_vocab WHERE term IN ({db.placeholders(unique)})", unique).fetchall())
        kept = [t for t in unique if counts.get(t.lower(), counts.get(t, 0)) <= self.COMMON_TERM_SHARE * total]
        return kept or unique
