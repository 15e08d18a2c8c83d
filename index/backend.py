"""The structured half of the store, behind one protocol: SQLite in the store folder (the embedded
default, ``index/sqlite.py``) or a PostgreSQL database (``REPORTS_DATABASE_URL``, ``index/pg.py``).

``Store`` (``index/store.py``) keeps everything that does not depend on the engine — the vectors in
Chroma and the marker that makes their writes all or nothing, the copies of source files, rank
fusion, embedding — and asks a ``Database`` for rows. Both engines give rows that read by column
name (``row["text"]``) with the same columns and the same meaning, so ``db.row_to_cell`` and its
siblings build the model's dataclasses from either. ``tests/test_store.py`` runs against both.

``SqlDatabase`` holds what the two share: one connection per thread (the chat page serves several
sessions from one Store, and a connection shared with a writer would let readers see its
uncommitted report) and the queries that read the same in both dialects (written with ``?``; the
PostgreSQL side turns them into ``%s``).
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from typing import Any, Dict, List, Mapping, Optional, Protocol, Sequence, Set, Tuple

from model import Passage, Report

#: A row read by column name: ``sqlite3.Row`` or psycopg's dict row.
Row = Mapping[str, Any]
#: A passage to store: the passage, its kind ("text": the narrative; "table": a table row said as a
#: sentence) and the terms it is found by.
IndexedPassage = Tuple[Passage, str, List[str]]
#: The columns of a passage row every search gives back (not the engine's index of its terms).
PASSAGE_COLUMNS = ("pid", "report_id", "n", "kind", "section", "section_number", "subsection", "text", "page", "line",
                   "start", "end", "bbox")


class Database(Protocol):
    """What the store needs of its structured half. Every method is safe to call from any thread."""

    #: Where the rows live, for messages: "the store database /data/reports.sqlite3", "the PostgreSQL
    #: database reports on db.example:5432".
    where: str

    def write_lock(self) -> AbstractContextManager[None]:
        """Held by one writer at a time, across processes (and, for PostgreSQL, across machines)."""

    def transaction(self) -> AbstractContextManager[None]:
        """All or nothing: the statements inside commit together or not at all."""

    def set_pending(self, ids: Optional[Sequence[str]]) -> None:
        """Name the reports whose vectors a write is changing (None: the write is over)."""

    def pending(self) -> List[str]:
        """The reports an interrupted write named."""

    def store_uuid(self) -> str:
        """A name of this store's own, made once (its Chroma collection is named by it)."""

    def report_ids(self) -> Set[str]: ...
    def report_row(self, report_id: str) -> Optional[Row]: ...
    def report_rows(self) -> List[Row]: ...
    def id_by_sha(self, sha256: str) -> Optional[str]: ...
    def replaced_rows(self, path: str, replaces: Sequence[str], new_id: str) -> List[Row]: ...
    def insert_report(self, report: Report, passages: Sequence[IndexedPassage], embedded_with: Optional[str]) -> None: ...
    def delete_report(self, report_id: str) -> None: ...
    def report_counts(self, report_id: str) -> Tuple[Dict[str, int], int, int]: ...
    def catalog_rows(self) -> List[Row]: ...
    def catalog_key(self) -> Tuple[int, int, int]: ...
    def cell_row(self, report_id: str, address: str) -> Optional[Row]: ...
    def cell_rows(self, report_id: Optional[str]) -> List[Row]: ...
    def cell_rows_at(self, report_ids: Sequence[str], addresses: Sequence[str]) -> List[Row]:
        """The cells at these addresses of these reports, in one query whatever their number (a
        ranking across every body reads one address of thousands of reports)."""
    def check_rows(self, report_id: Optional[str], failed_only: bool) -> List[Row]: ...
    def failed_check_rows_at(self, report_ids: Sequence[str]) -> List[Row]:
        """The failed checks of these reports, in one query whatever their number."""
    def ref_rows(self, report_id: Optional[str]) -> List[Row]: ...
    def passage_row(self, report_id: str, n: int) -> Optional[Row]: ...
    def passage_rows(self, report_id: str, kinds: Sequence[str]) -> List[Row]: ...
    def passage_counts(self) -> Dict[str, int]: ...
    def lexical(self, terms: List[str], report_ids: Optional[Sequence[str]], k: int,
                kinds: Sequence[str]) -> List[Tuple[Row, float]]: ...
    def set_embedded(self, report_id: str, embedded_with: Optional[str]) -> None: ...
    def forget_vectors(self) -> None: ...
    def unembedded(self, model_name: str) -> List[str]: ...
    def embedded_with_any(self, model_name: str) -> bool: ...
    def close(self) -> None: ...


class SqlDatabase:
    """What both engines share: a connection per thread, and the queries both dialects read alike."""

    where = ""
    #: The engine's placeholder for a bound value.
    MARK = "?"
    #: In a search of the whole store, terms in more than this share of passages are dropped: their
    #: BM25 weight is near nothing, and matching them costs most of the query's time.
    COMMON_TERM_SHARE = 0.2

    def __init__(self) -> None:
        self._local = threading.local()
        # (thread, its connection): a thread's connection is closed once the thread has ended.
        self._conns: List[Tuple[threading.Thread, Any]] = []
        self._conns_lock = threading.Lock()

    # ------------------------------------------------------------ connections

    def _connect(self) -> Any:
        raise NotImplementedError

    @property
    def conn(self) -> Any:
        """This thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._conns_lock:
                # The chat page runs every rerun on a new thread: without this, each click would
                # leave a connection (and its file handles or server process) open for as long as
                # the server runs.
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

    def _sql(self, sql: str) -> str:
        return sql if self.MARK == "?" else sql.replace("?", self.MARK)

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> List[Row]:
        return list(self.conn.execute(self._sql(sql), tuple(args)).fetchall())

    def _row(self, sql: str, args: Sequence[Any] = ()) -> Optional[Row]:
        return self.conn.execute(self._sql(sql), tuple(args)).fetchone()

    def _marks(self, items: Sequence[Any]) -> str:
        return ",".join(self.MARK for _ in items)

    # ------------------------------------------------------------ reading

    def report_ids(self) -> Set[str]:
        return {r["id"] for r in self._rows("SELECT id FROM reports")}

    def report_row(self, report_id: str) -> Optional[Row]:
        return self._row("SELECT * FROM reports WHERE id = ?", (report_id,))

    def report_rows(self) -> List[Row]:
        return self._rows("SELECT * FROM reports ORDER BY agency, year, id")

    def id_by_sha(self, sha256: str) -> Optional[str]:
        row = self._row("SELECT id FROM reports WHERE sha256 = ?", (sha256,))
        return row["id"] if row else None

    def replaced_rows(self, path: str, replaces: Sequence[str], new_id: str) -> List[Row]:
        """The stored reports a new one takes the place of: those at its path, and ``replaces``."""
        return self._rows(f"SELECT id, path, sha256 FROM reports WHERE (path = {self.MARK}"
                          f"{' OR id IN (' + self._marks(replaces) + ')' if replaces else ''}) AND id != {self.MARK}",
                          (path, *replaces, new_id))

    def report_counts(self, report_id: str) -> Tuple[Dict[str, int], int, int]:
        """A report's cells by status (known, missing, ambiguous), its failed checks and its narrative passages."""
        counts = {"known": 0, "missing": 0, "ambiguous": 0}
        for r in self._rows("SELECT status, COUNT(*) AS n FROM cells WHERE report_id = ? GROUP BY status", (report_id,)):
            counts["known" if r["status"] == "ok" else r["status"]] = int(r["n"])
        failed = self._row("SELECT COUNT(*) AS n FROM checks WHERE report_id = ? AND NOT passed", (report_id,))
        npass = self._row("SELECT COUNT(*) AS n FROM passages WHERE report_id = ? AND kind = 'text'", (report_id,))
        return counts, int(failed["n"]) if failed else 0, int(npass["n"]) if npass else 0

    def catalog_rows(self) -> List[Row]:
        return self._rows("SELECT id, agency, year, format, kind FROM reports ORDER BY agency, year, id")

    def cell_row(self, report_id: str, address: str) -> Optional[Row]:
        return self._row("SELECT * FROM cells WHERE report_id = ? AND address = ?", (report_id, address))

    def cell_rows(self, report_id: Optional[str]) -> List[Row]:
        sql = "SELECT * FROM cells" + (" WHERE report_id = ?" if report_id else "") + " ORDER BY report_id, pos, address"
        return self._rows(sql, (report_id,) if report_id else ())

    def cell_rows_at(self, report_ids: Sequence[str], addresses: Sequence[str]) -> List[Row]:
        (ids, ids_arg), (addrs, addrs_arg) = self._among("report_id", report_ids), self._among("address", addresses)
        return self._rows(f"SELECT * FROM cells WHERE {ids} AND {addrs}", (ids_arg, addrs_arg))

    def failed_check_rows_at(self, report_ids: Sequence[str]) -> List[Row]:
        ids, arg = self._among("report_id", report_ids)
        return self._rows(f"SELECT * FROM checks WHERE {ids} AND NOT passed" + self.CHECK_ORDER, (arg,))

    def _among(self, column: str, values: Sequence[str]) -> Tuple[str, Any]:
        """A condition that ``column`` is one of ``values``, with the one value it binds."""
        raise NotImplementedError

    def check_rows(self, report_id: Optional[str], failed_only: bool) -> List[Row]:
        where = (["report_id = ?"] if report_id else []) + (["NOT passed"] if failed_only else [])
        sql = "SELECT * FROM checks" + (" WHERE " + " AND ".join(where) if where else "") + self.CHECK_ORDER
        return self._rows(sql, (report_id,) if report_id else ())

    #: Checks in the order they were written (SQLite's rowid; PostgreSQL's serial).
    CHECK_ORDER = ""

    def ref_rows(self, report_id: Optional[str]) -> List[Row]:
        sql = "SELECT id, agency, year FROM reports" + (" WHERE id = ?" if report_id else "")
        return self._rows(sql, (report_id,) if report_id else ())

    def passage_row(self, report_id: str, n: int) -> Optional[Row]:
        return self._row(f"SELECT {self._passage_columns()} FROM passages WHERE report_id = ? AND n = ?", (report_id, n))

    def passage_rows(self, report_id: str, kinds: Sequence[str]) -> List[Row]:
        return self._rows(f"SELECT {self._passage_columns()} FROM passages WHERE report_id = ? "
                          f"AND kind IN ({self._marks(kinds)}) ORDER BY n", (report_id, *kinds))

    def passage_counts(self) -> Dict[str, int]:
        """Passages in the store by kind."""
        return {r["kind"]: int(r["n"]) for r in self._rows("SELECT kind, COUNT(*) AS n FROM passages GROUP BY kind")}

    def _passage_columns(self, alias: str = "") -> str:
        return ", ".join(f"{alias}{c}" if c != "end" else f'{alias}"end"' for c in PASSAGE_COLUMNS)

    # ------------------------------------------------------------ embedding marks

    def set_embedded(self, report_id: str, embedded_with: Optional[str]) -> None:
        self.conn.execute(self._sql("UPDATE reports SET embedded_with = ? WHERE id = ?"), (embedded_with, report_id))

    def forget_vectors(self) -> None:
        """Mark every embedded report as not embedded (its vectors were dropped)."""
        self.conn.execute(self._sql("UPDATE reports SET embedded_with = NULL WHERE embedded_with IS NOT NULL"
                                    " AND embedded_with NOT LIKE ?"), ("unreadable:%",))

    def unembedded(self, model_name: str) -> List[str]:
        """Reports stored without vectors of this model (words only, or another model's)."""
        return [r["id"] for r in self._rows(
            "SELECT id FROM reports WHERE embedded_with IS NULL OR (embedded_with != ? AND embedded_with != ?)",
            (model_name, f"unreadable:{model_name}"))]

    def embedded_with_any(self, model_name: str) -> bool:
        return self._row("SELECT 1 AS one FROM reports WHERE embedded_with = ? LIMIT 1", (model_name,)) is not None
