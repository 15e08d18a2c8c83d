"""PostgreSQL as the structured store, when ``REPORTS_DATABASE_URL=postgresql://…`` is set: several
page servers and imports, on one machine or many, share one database.

The tables are SQLite's (``index/db.py``), in PostgreSQL's types: a figure is ``NUMERIC``, which
keeps a printed decimal exactly, its trailing zeros too (「37.80」), where SQLite needs its REAL and
the printed digits beside it; flags are booleans. A passage carries its
terms (``index/lexical.py``: jieba words and character bigrams) as a ``tsvector`` with a GIN index;
the store keeps how many passages hold each term (``term_df``) and ranks matches by BM25 as FTS5
does, so both engines rank alike (``bench/scale.py`` measures both on the same questions).

Writers hold an advisory lock (one writer at a time across every process and machine, as the lock
file does for SQLite); a report is written in one transaction. The schema's version is in ``meta``:
a database made by an older version is brought up to date when opened, one made by a newer one is
refused in one sentence. Every failure to connect, log in or write names the host and the database,
never the password.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from errors import StoreError
from index import db
from index.backend import IndexedPassage, Row, SqlDatabase
from model import Report

SCHEMA_VERSION = 1
#: The advisory lock every writer holds (any number unlikely to be another application's).
WRITE_LOCK_KEY = 0x72657073
#: Held while a process creates or upgrades the schema, so that two first opens do not race.
SCHEMA_LOCK_KEY = 0x72657074
#: BM25's constants, FTS5's.
K1, B = 1.2, 0.75

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE reports (
    seq BIGSERIAL UNIQUE,
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    agency TEXT,
    year INTEGER,
    format TEXT NOT NULL,
    pages INTEGER NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    warnings TEXT NOT NULL,
    sections TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT to_char(timezone('UTC', now()), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    embedded_with TEXT
);
CREATE INDEX reports_path ON reports (path);
CREATE INDEX reports_agency_year ON reports (agency, year);
CREATE TABLE cells (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    status TEXT NOT NULL,
    value NUMERIC,
    is_int BOOLEAN NOT NULL,
    tbl TEXT NOT NULL,
    row_label TEXT NOT NULL,
    col_label TEXT NOT NULL,
    page INTEGER,
    bbox TEXT,
    line INTEGER,
    source_text TEXT NOT NULL,
    note TEXT NOT NULL,
    candidates TEXT NOT NULL,
    ocr BOOLEAN NOT NULL DEFAULT FALSE,
    unit TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (report_id, address)
);
CREATE TABLE passages (
    pid BIGSERIAL PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    kind TEXT NOT NULL,
    section TEXT NOT NULL,
    section_number INTEGER NOT NULL,
    subsection TEXT NOT NULL,
    text TEXT NOT NULL,
    page INTEGER NOT NULL,
    line INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    bbox TEXT,
    terms TSVECTOR NOT NULL,
    nterms INTEGER NOT NULL,
    UNIQUE (report_id, n)
);
CREATE INDEX passages_terms ON passages USING GIN (terms);
CREATE TABLE checks (
    seq BIGSERIAL PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    passed BOOLEAN NOT NULL,
    detail TEXT NOT NULL,
    cells TEXT NOT NULL
);
CREATE INDEX checks_report ON checks (report_id);
CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE lexicon (one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one), passages BIGINT NOT NULL, terms BIGINT NOT NULL);
INSERT INTO lexicon VALUES (TRUE, 0, 0);
CREATE TABLE pending_vectors (report_id TEXT PRIMARY KEY);
"""

#: Steps from each older schema version to the next: (version it makes, SQL). None yet: version 1 is
#: the first. A step runs in the transaction that records its version.
MIGRATIONS: Tuple[Tuple[int, str], ...] = ()


def _lexeme(term: str) -> str:
    """A term as a quoted tsvector/tsquery lexeme: nothing in it is syntax."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def terms_to_tsvector(terms: Sequence[str]) -> str:
    """Given a passage's terms in order, return its tsvector literal: each term with its positions
    (the term frequency BM25 needs; PostgreSQL keeps up to 256 positions a term, 16,383 at most)."""
    positions: Dict[str, List[int]] = {}
    for i, t in enumerate(terms, start=1):
        if t:
            positions.setdefault(t, []).append(min(i, 16383))
    return " ".join(f"{_lexeme(t)}:{','.join(map(str, sorted(set(p))[:256]))}" for t, p in positions.items())


def _text(value: Optional[str]) -> Optional[str]:
    """PostgreSQL's text cannot hold NUL: a stray one in a damaged file is dropped."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def _number(value: Any) -> Optional[Decimal]:
    """A figure as the model has it (an int, or a Decimal of its printed digits) for a NUMERIC column."""
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(value)


class PostgresDatabase(SqlDatabase):
    """The reports, cells, passages and checks in a PostgreSQL database (``postgresql://…``)."""

    MARK = "%s"
    CHECK_ORDER = " ORDER BY seq"

    def __init__(self, url: str):
        super().__init__()
        from psycopg.conninfo import conninfo_to_dict

        self.url = url
        try:
            info = conninfo_to_dict(url)
        except Exception:  # noqa: BLE001 - psycopg's message would repeat the URL, password and all
            raise StoreError("REPORTS_DATABASE_URL is not a PostgreSQL URL (expected postgresql://USER@HOST:PORT/DATABASE).",
                             "database_url") from None
        self.host = str(info.get("host") or "localhost")
        self.port = str(info.get("port") or "5432")
        self.user = str(info.get("user") or "")
        self.dbname = str(info.get("dbname") or self.user or "postgres")
        self._password = str(info.get("password") or "")
        self.where = f"the PostgreSQL database {self.dbname} on {self.host}:{self.port}"
        self._prepare()

    # ------------------------------------------------------------ connections and errors

    def _connect(self) -> Any:
        import psycopg
        from psycopg.rows import dict_row

        try:
            return psycopg.connect(self.url, autocommit=True, row_factory=dict_row, connect_timeout=10,
                                   application_name="reports")
        except psycopg.Error as e:
            raise self._error(e) from None

    def _scrub(self, text: str) -> str:
        """Text of the driver's with the password (and the URL that holds it) taken out."""
        text = text.replace(self.url, "REPORTS_DATABASE_URL")
        return text.replace(self._password, "***") if self._password else text

    def _error(self, e: BaseException, writing: bool = False) -> StoreError:
        """Given a driver error, return the one sentence a user reads: host and database, never the password."""
        import psycopg

        message = " ".join(str(e).split())
        low = message.lower()
        primary = getattr(getattr(e, "diag", None), "message_primary", None) or message
        reason = self._scrub(primary)[:160]
        after = "; nothing was changed." if writing else "."
        if isinstance(e, psycopg.errors.InsufficientPrivilege):
            return StoreError(f"{self.where} refuses {self.user or 'this user'} a right it needs ({reason}){after}",
                              "database_right", host=self.host, port=self.port, database=self.dbname, user=self.user)
        if "password authentication failed" in low or "no pg_hba.conf entry" in low or ("role" in low and "does not exist" in low) \
                or "authentication" in low:
            return StoreError(f"{self.where} refused the login of user {self.user or '(none given)'} "
                              "(check the user and password in REPORTS_DATABASE_URL).", "database_login",
                              host=self.host, port=self.port, database=self.dbname, user=self.user)
        if "database" in low and "does not exist" in low:
            return StoreError(f"{self.where} does not exist (create it with createdb {self.dbname}, or name another "
                              "in REPORTS_DATABASE_URL).", "database_missing", host=self.host, port=self.port,
                              database=self.dbname)
        if isinstance(e, psycopg.OperationalError) and not writing:
            why = ("connection refused" if "connection refused" in low else "timed out" if "timeout" in low
                   else "its host name is not known" if "translate host name" in low or "name or service" in low
                   else reason)
            return StoreError(f"the PostgreSQL server at {self.host}:{self.port} does not answer for database "
                              f"{self.dbname} ({why}).", "database_server", host=self.host, port=self.port,
                              database=self.dbname)
        return StoreError(f"{self.where} could not be written ({reason}){after}", "database_write",
                          host=self.host, port=self.port, database=self.dbname)

    def _prepare(self) -> None:
        """Create the schema in an empty database, bring an older one up to date, refuse a newer one."""
        import psycopg

        conn = self.conn
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
                made = conn.execute("SELECT to_regclass('meta') IS NOT NULL AS made").fetchone()["made"]
                if not made:
                    conn.execute(SCHEMA)
                    conn.execute("INSERT INTO meta VALUES ('schema_version', %s), ('uuid', %s)",
                                 (str(SCHEMA_VERSION), uuid.uuid4().hex[:16]))
                    return
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                version = int(row["value"]) if row and str(row["value"]).isdigit() else 0
                if version > SCHEMA_VERSION:
                    raise StoreError(f"{self.where} was made by a newer version of this product (schema {version}; "
                                     f"this one reads up to {SCHEMA_VERSION}): upgrade the product, or name another "
                                     "database in REPORTS_DATABASE_URL.", "database_newer", host=self.host,
                                     port=self.port, database=self.dbname, version=version, known=SCHEMA_VERSION)
                if version < 1:
                    raise StoreError(f"{self.where} holds tables that are not a report store (no schema version in "
                                     "its meta table): name an empty database in REPORTS_DATABASE_URL.",
                                     "database_foreign", host=self.host, port=self.port, database=self.dbname)
                for target, sql in MIGRATIONS:
                    if version < target:
                        conn.execute(sql)
                        conn.execute("UPDATE meta SET value = %s WHERE key = 'schema_version'", (str(target),))
                        version = target
        except psycopg.Error as e:
            raise self._error(e, writing=True) from None

    # ------------------------------------------------------------ writing

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        conn = self.conn
        conn.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK_KEY,))
        try:
            yield
        finally:
            try:
                conn.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK_KEY,))
            except Exception:  # noqa: BLE001 - a lost connection has released the lock already
                pass

    @contextmanager
    def transaction(self) -> Iterator[None]:
        import psycopg

        try:
            with self.conn.transaction():
                yield
        except psycopg.errors.InsufficientPrivilege as e:
            raise self._error(e, writing=True) from None
        except psycopg.OperationalError as e:
            raise self._error(e, writing=True) from None

    def set_pending(self, ids: Optional[Sequence[str]]) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM pending_vectors")
            if ids:
                self.conn.cursor().executemany("INSERT INTO pending_vectors VALUES (%s) ON CONFLICT DO NOTHING",
                                               [(i,) for i in ids])

    def pending(self) -> List[str]:
        return [r["report_id"] for r in self._rows("SELECT report_id FROM pending_vectors")]

    def store_uuid(self) -> str:
        row = self._row("SELECT value FROM meta WHERE key = 'uuid'")
        assert row is not None, "the schema is made with a uuid"
        return str(row["value"])

    def insert_report(self, report: Report, passages: Sequence[IndexedPassage], embedded_with: Optional[str]) -> None:
        """Insert one report with its cells, passages (with their index terms) and checks, and count
        its terms into the statistics BM25 reads. The caller holds the transaction and the write lock."""
        import json

        def dump(value: Any) -> Optional[str]:
            return None if value is None else _text(json.dumps(value, ensure_ascii=False))

        cur = self.conn.cursor()
        cur.execute(
            "INSERT INTO reports (id, path, sha256, kind, agency, year, format, pages, title, text, warnings, sections,"
            " embedded_with) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            (report.id, _text(report.path), report.sha256, report.kind, _text(report.agency), report.year, report.format,
             report.pages, _text(report.title), _text(report.text), dump(list(report.warnings)),
             dump([[s.number, s.heading, s.start, s.end] for s in report.sections]), embedded_with))
        cur.executemany(
            "INSERT INTO cells (report_id, address, status, value, is_int, tbl, row_label, col_label, page, bbox, line,"
            " source_text, note, candidates, ocr, unit, pos) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            [(report.id, c.address, c.status, _number(c.value), isinstance(c.value, int), c.table, _text(c.row_label), _text(c.col_label), c.page,
              dump(list(c.bbox) if c.bbox else None), c.line, _text(c.source_text),
              dump([[n.code, list(map(list, n.args))] for n in c.notes]),
              dump([db.number_to_json(v) for v in c.candidates]), bool(c.ocr), c.unit, pos)
             for pos, c in enumerate(report.cells)])
        df: Counter = Counter()
        total = 0
        rows = []
        for p, kind, terms in passages:
            terms = [t for t in terms if t]
            df.update(set(terms))
            total += len(terms)
            rows.append((report.id, p.n, kind, _text(p.section), p.section_number, _text(p.subsection), _text(p.text),
                         p.page, p.line, p.start, p.end, dump(list(p.bbox) if p.bbox else None),
                         terms_to_tsvector(terms), len(terms)))
        cur.executemany(
            'INSERT INTO passages (report_id, n, kind, section, section_number, subsection, text, page, line, start, "end",'
            " bbox, terms, nterms) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s::tsvector,%s)", rows)
        cur.executemany("INSERT INTO checks (report_id, name, passed, detail, cells) VALUES (%s,%s,%s,%s,%s)",
                        [(report.id, c.check, bool(c.passed), _text(c.detail), dump(list(c.cells))) for c in report.checks])
        if df:
            # Sorted, so that two writers (were the lock ever bypassed) would take the rows in one order.
            terms_sorted = sorted(df)
            cur.execute("INSERT INTO term_df (term, df) SELECT * FROM unnest(%s::text[], %s::int[])"
                        " ON CONFLICT (term) DO UPDATE SET df = term_df.df + EXCLUDED.df",
                        (terms_sorted, [df[t] for t in terms_sorted]))
        cur.execute("UPDATE lexicon SET passages = passages + %s, terms = terms + %s", (len(rows), total))

    def delete_report(self, report_id: str) -> None:
        """Delete a report and everything of it, and take its terms out of the statistics. The caller
        holds the transaction."""
        conn = self.conn
        conn.execute("UPDATE term_df t SET df = t.df - d.n FROM (SELECT u.lexeme AS term, COUNT(*) AS n FROM passages p,"
                     " unnest(p.terms) u WHERE p.report_id = %s GROUP BY u.lexeme) d WHERE t.term = d.term", (report_id,))
        conn.execute("UPDATE lexicon SET passages = passages - s.n, terms = terms - s.t FROM (SELECT COUNT(*) AS n,"
                     " COALESCE(SUM(nterms), 0) AS t FROM passages WHERE report_id = %s) s", (report_id,))
        conn.execute("DELETE FROM reports WHERE id = %s", (report_id,))

    # ------------------------------------------------------------ reading

    def cell_row(self, report_id: str, address: str) -> Optional[Row]:
        row = super().cell_row(report_id, address)
        return self._cell(row) if row else None

    def cell_rows(self, report_id: Optional[str]) -> List[Row]:
        return [self._cell(r) for r in super().cell_rows(report_id)]

    def _among(self, column: str, values: Sequence[str]) -> Tuple[str, Any]:
        return f"{column} = ANY(?)", list(values)

    def cell_rows_at(self, report_ids: Sequence[str], addresses: Sequence[str]) -> List[Row]:
        return [self._cell(r) for r in super().cell_rows_at(report_ids, addresses)]

    @staticmethod
    def _cell(row: Row) -> Row:
        """A cell row as ``db.row_to_cell`` reads it: NUMERIC's exact text stands in SQLite's ``printed``."""
        value = row["value"]
        return {**row, "printed": None if value is None or row["is_int"] else str(value)}

    def catalog_key(self) -> Tuple[int, int, int]:
        row = self._row("SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS hi, COALESCE(SUM(seq), 0) AS total FROM reports")
        assert row is not None
        return int(row["n"]), int(row["hi"]), int(row["total"])

    def lexical(self, terms: List[str], report_ids: Optional[Sequence[str]], k: int,
                kinds: Sequence[str]) -> List[Tuple[Row, float]]:
        """Passages ranked by BM25 over their terms, as FTS5 ranks them: the GIN index finds the
        passages holding any term, their tsvectors give each term's count, ``term_df`` its weight.
        Each term is a quoted lexeme: nothing a user types is tsquery syntax."""
        unique = [t for t in dict.fromkeys(terms) if t][:64]
        if not unique:
            return []
        stats = self._row("SELECT passages, terms FROM lexicon")
        n_passages = int(stats["passages"]) if stats else 0
        if n_passages == 0:
            return []
        avgdl = max(int(stats["terms"]) / n_passages, 1.0) if stats else 1.0
        df = {r["term"]: int(r["df"]) for r in self._rows("SELECT term, df FROM term_df WHERE term = ANY(%s) AND df > 0",
                                                          (unique,))}
        present = [t for t in unique if t in df]
        if report_ids is None and len(unique) >= 4 and n_passages >= 200:
            kept = [t for t in present if df[t] <= self.COMMON_TERM_SHARE * n_passages]
            present = kept or present
        if not present:
            return []
        idf = [max(math.log((n_passages - df[t] + 0.5) / (df[t] + 0.5)), 1e-6) for t in present]
        scope = " AND p.report_id = ANY(%(ids)s)" if report_ids is not None else ""
        sql = (f"SELECT {self._passage_columns('p.')}, s.score FROM ("
               " SELECT p.pid, SUM(q.idf * cardinality(u.positions) * %(k1p1)s / (cardinality(u.positions)"
               "  + %(k1)s * (1 - %(b)s + %(b)s * p.nterms / %(avgdl)s))) AS score"
               " FROM passages p CROSS JOIN LATERAL unnest(p.terms) u"
               " JOIN unnest(%(terms)s::text[], %(idfs)s::float8[]) AS q(term, idf) ON q.term = u.lexeme"
               f" WHERE p.terms @@ %(query)s::tsquery AND p.kind = ANY(%(kinds)s){scope}"
               " GROUP BY p.pid ORDER BY score DESC, p.pid LIMIT %(k)s) s JOIN passages p ON p.pid = s.pid"
               " ORDER BY s.score DESC, p.pid")
        args = {"k1p1": K1 + 1, "k1": K1, "b": B, "avgdl": avgdl, "terms": present, "idfs": idf, "kinds": list(kinds),
                "query": " | ".join(_lexeme(t) for t in present), "ids": list(report_ids or []), "k": k}
        return [(r, float(r["score"])) for r in self.conn.execute(sql, args).fetchall()]
