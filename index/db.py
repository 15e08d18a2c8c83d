"""The structured store: reports, cells, passages and checks in one SQLite file (WAL).

Everything a figure answer needs is a keyed look-up here; the passages are here too (with their
lexical index), so Chroma holds only what can be rebuilt from this file.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from errors import StoreError
from model import Cell, Check, Note, Number, Passage, Report

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
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
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    embedded_with TEXT
);
CREATE INDEX IF NOT EXISTS reports_path ON reports(path);
CREATE INDEX IF NOT EXISTS reports_agency_year ON reports(agency, year);
CREATE TABLE IF NOT EXISTS cells (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    status TEXT NOT NULL,
    value REAL,
    is_int INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    row_label TEXT NOT NULL,
    col_label TEXT NOT NULL,
    page INTEGER,
    bbox TEXT,
    line INTEGER,
    source_text TEXT NOT NULL,
    note TEXT NOT NULL,
    candidates TEXT NOT NULL,
    ocr INTEGER NOT NULL DEFAULT 0,
    unit TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (report_id, address)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS passages (
    pid INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    kind TEXT NOT NULL,
    section TEXT NOT NULL,
    section_number INTEGER NOT NULL,
    subsection TEXT NOT NULL,
    text TEXT NOT NULL,
    page INTEGER NOT NULL,
    line INTEGER,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    bbox TEXT,
    UNIQUE (report_id, n)
);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS checks (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    passed INTEGER NOT NULL,
    detail TEXT NOT NULL,
    cells TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_report ON checks(report_id);
"""


def connect(path: Path) -> sqlite3.Connection:
    """Given the store's database file, return a connection with the schema in place.

    WAL lets readers (the chat page) go on while an ingest writes; the busy timeout makes a second
    writer wait for the first instead of failing.
    """
    try:
        conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.executescript(SCHEMA)
        _add_missing_columns(conn)
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        made_by = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        if str(made_by).isdigit() and int(made_by) > SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"the store database {path} was made by a newer version of this product (schema "
                             f"{made_by}; this one reads up to {SCHEMA_VERSION}): upgrade the product, or use another "
                             "store folder.", "store_newer", path=path, version=made_by, known=SCHEMA_VERSION)
    except sqlite3.OperationalError as e:
        raise StoreError(f"the store database {path} cannot be opened or written ({e}).", "store_write",
                         folder=path.parent) from None
    except sqlite3.DatabaseError as e:
        raise StoreError(f"the store database {path} is damaged ({e}); move it away and ingest again.", "store_damaged",
                         path=path) from None
    return conn


#: Columns added to a table after stores were made with it: (table, column, declaration).
_ADDED_COLUMNS = (("cells", "ocr", "INTEGER NOT NULL DEFAULT 0"), ("cells", "unit", "TEXT NOT NULL DEFAULT ''"),
                  ("cells", "pos", "INTEGER NOT NULL DEFAULT 0"), ("cells", "printed", "TEXT"))


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Given a connection, add the columns a store made by an earlier version lacks (its rows get
    the column's default: a cell stored before OCR existed was not read by OCR)."""
    for table, column, decl in _ADDED_COLUMNS:
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


def _dump(value) -> Optional[str]:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def insert_report(conn: sqlite3.Connection, report: Report, passages: Sequence[Tuple[Passage, str, List[str]]],
                  embedded_with: Optional[str]) -> None:
    """Insert one report with its cells, passages (with their index terms) and checks.

    ``passages`` are (passage, kind, terms). The caller holds the transaction.
    """
    conn.execute(
        "INSERT INTO reports (id, path, sha256, kind, agency, year, format, pages, title, text, warnings, sections,"
        " embedded_with) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (report.id, report.path, report.sha256, report.kind, report.agency, report.year, report.format,
         report.pages, report.title, report.text, _dump(list(report.warnings)),
         _dump([[s.number, s.heading, s.start, s.end] for s in report.sections]), embedded_with))
    conn.executemany(
        "INSERT INTO cells (report_id, address, status, value, is_int, tbl, row_label, col_label, page, bbox, line,"
        " source_text, note, candidates, ocr, unit, pos, printed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        # ``pos`` keeps the report's own (template) order of its cells; ``printed`` a decimal's
        # printed digits (REAL alone would lose 「37.80」's zero and round long amounts).
        [(report.id, c.address, c.status, None if c.value is None else float(c.value), int(isinstance(c.value, int)),
          c.table, c.row_label, c.col_label, c.page, _dump(list(c.bbox) if c.bbox else None), c.line, c.source_text,
          _dump([[n.code, list(map(list, n.args))] for n in c.notes]), _dump([number_to_json(v) for v in c.candidates]),
          int(c.ocr), c.unit, pos, str(c.value) if isinstance(c.value, Decimal) else None)
         for pos, c in enumerate(report.cells)])
    for p, kind, terms in passages:
        cur = conn.execute(
            "INSERT INTO passages (report_id, n, kind, section, section_number, subsection, text, page, line,"
            " start, end, bbox) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (report.id, p.n, kind, p.section, p.section_number, p.subsection, p.text, p.page, p.line, p.start,
             p.end, _dump(list(p.bbox) if p.bbox else None)))
        conn.execute("INSERT INTO passages_fts (rowid, terms) VALUES (?, ?)", (cur.lastrowid, " ".join(terms)))
    conn.executemany(
        "INSERT INTO checks VALUES (?,?,?,?,?)",
        [(report.id, c.check, int(c.passed), c.detail, _dump(list(c.cells))) for c in report.checks])


def delete_report(conn: sqlite3.Connection, report_id: str) -> None:
    """Delete a report and everything of it. The caller holds the transaction."""
    conn.execute("DELETE FROM passages_fts WHERE rowid IN (SELECT pid FROM passages WHERE report_id = ?)",
                 (report_id,))
    conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))


def number_to_json(value: Number) -> Union[int, str]:
    """A figure as stored in JSON: an int, or a decimal's printed digits as text."""
    return value if isinstance(value, int) else str(value)


def json_to_number(value: Union[int, float, str]) -> Number:
    """A figure stored in JSON back (a float from a store written before decimals were kept)."""
    if isinstance(value, int):
        return value
    return Decimal(value if isinstance(value, str) else repr(value))


def row_to_cell(row: Mapping[str, Any]) -> Cell:
    value: Optional[Number] = None
    if row["value"] is not None:
        # A store written before decimals were kept has no printed digits: a float's shortest
        # repr gives back the figure it was parsed from.
        value = int(row["value"]) if row["is_int"] else Decimal(row["printed"] or repr(row["value"]))
    return Cell(address=row["address"], status=row["status"], value=value, table=row["tbl"],
                row_label=row["row_label"], col_label=row["col_label"], page=row["page"],
                bbox=tuple(json.loads(row["bbox"])) if row["bbox"] else None, line=row["line"],
                source_text=row["source_text"], notes=_notes(row["note"]),
                candidates=tuple(json_to_number(v) for v in json.loads(row["candidates"])), ocr=bool(row["ocr"]),
                unit=row["unit"])


def _notes(stored: str) -> tuple:
    """A cell's notes as stored: JSON [[code, [[name, value], …]], …] (a store written before notes
    were codes holds a sentence instead: no codes to read from it)."""
    try:
        raw = json.loads(stored) if stored else []
    except ValueError:
        return ()
    if not isinstance(raw, list):
        return ()
    return tuple(Note(code, tuple((k, v) for k, v in args)) for code, args in raw)


def row_to_passage(row: Mapping[str, Any]) -> Passage:
    return Passage(n=row["n"], section=row["section"], section_number=row["section_number"], text=row["text"],
                   page=row["page"], line=row["line"], start=row["start"], end=row["end"],
                   bbox=tuple(json.loads(row["bbox"])) if row["bbox"] else None, subsection=row["subsection"])


def row_to_check(row: Mapping[str, Any]) -> Check:
    return Check(row["name"], bool(row["passed"]), row["detail"], tuple(json.loads(row["cells"])))


def placeholders(items: Iterable) -> str:
    return ",".join("?" for _ in items)
