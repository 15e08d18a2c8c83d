"""What the store tests share: small English reports, a Chroma server, and what a user would look at
in a store folder (its SQLite rows, its FTS rows, its vectors).

Everything here reads the store from the outside — a second SQLite connection, the Chroma
collection — so that a test sees what a user opening the folder would see.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Dict, Optional, Set

from index.store import DB_FILE

TABLES = ("reports", "cells", "passages", "passages_fts", "checks")

#: A report in English under the template's (Chinese) section headings: one paragraph a section,
#: so each is one passage the packaged English model can read. (English prose without headings is
#: cut into passages at arbitrary characters: the parser ends sentences at Chinese punctuation.)
ENGLISH_REPORT = """{title}

一、总体情况

In {year} the port authority published 412 notices on its website about shipping schedules and berth fees.

二、主动公开政府信息情况

The ferry timetable and the harbour pilot licensing rules were rewritten in plain language and posted online.

三、收到和处理政府信息公开申请情况

Residents asked for records about the new container terminal and the dredging permits near the docks.

四、政府信息公开行政复议、行政诉讼情况

Two complaints about slow replies were reviewed by the city legal office and both were settled.

五、存在的主要问题及改进情况

Air quality readings from the monitoring stations on the piers are not yet released as open data.

六、其他需要报告的事项

The authority charged no fees for answering requests for information.
{extra}"""


def write_english(path: Path, title: str = "Harbor City Port Authority Annual Report on Information Disclosure",
                  year: int = 2023, extra: str = "", lines: int = 0) -> Path:
    """Write a small English report; ``extra`` is appended, ``lines`` adds that many numbered
    sentences (to make a report with many passages)."""
    bulk = "\n".join(f"Request {i} about berth {i} of pier {i % 7} was answered within {i % 15 + 1} days;"
                     for i in range(lines))
    path.write_text(ENGLISH_REPORT.format(title=title, year=year, extra=(extra + "\n" + bulk).strip() + "\n"),
                    encoding="utf-8")
    return path


class StoredCells:
    """A report as ``cells_against_gold`` reads it (``.cell(address)``), answered by the store."""

    def __init__(self, store, report_id: str):
        self.store, self.id = store, report_id

    def cell(self, address: str):
        cell = self.store.cell(self.id, address)
        if cell is None:
            raise KeyError(f"{self.id} has no cell {address}")
        return cell


class Peek:
    """A connection of our own to a store's database — its SQLite file, as a user's sqlite3 shell
    would open it, or its PostgreSQL database, as psql would — read with ``?`` placeholders either way."""

    def __init__(self, target):
        url = _database_url(target)
        self.postgres = bool(url)
        if self.postgres:
            import psycopg
            from psycopg.rows import dict_row

            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        else:
            self.conn = sqlite3.connect(str(Path(_folder(target)) / DB_FILE))
            self.conn.row_factory = sqlite3.Row

    def rows(self, sql: str, args=()) -> list:
        return list(self.conn.execute(sql.replace("?", "%s") if self.postgres else sql, tuple(args)).fetchall())

    def value(self, sql: str, args=()):
        row = self.rows(sql, args)[0]
        return list(row.values())[0] if self.postgres else row[0]

    def execute(self, sql: str, args=()):
        return self.conn.execute(sql.replace("?", "%s") if self.postgres else sql, tuple(args))

    def close(self) -> None:
        self.conn.close()

    def schema(self) -> list:
        """The tables and their columns (what a query could have changed)."""
        if self.postgres:
            return [tuple(r.values()) for r in self.rows(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
                " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position")]
        return [tuple(r) for r in self.rows("SELECT name, sql FROM sqlite_master")]

    #: How many passages the lexical index holds: FTS5 rows in SQLite; in PostgreSQL, passages with terms.
    def indexed(self, where: str = "", args=()) -> int:
        if self.postgres:
            return self.value("SELECT COUNT(*) FROM passages p WHERE p.nterms >= 0" + (f" AND {where}" if where else ""), args)
        return self.value("SELECT COUNT(*) FROM passages_fts f JOIN passages p ON p.pid = f.rowid"
                          + (f" WHERE {where}" if where else ""), args)


def _database_url(target) -> str:
    settings = getattr(target, "settings", target)
    return getattr(settings, "database_url", "") or ""


def _folder(target):
    if hasattr(target, "folder"):
        return target.folder
    return getattr(target, "store", target)


def connect(target) -> sqlite3.Connection:
    """A connection of our own to the store's SQLite file (``target``: its folder, settings or store)."""
    conn = sqlite3.connect(str(Path(_folder(target)) / DB_FILE))
    conn.row_factory = sqlite3.Row
    return conn


def db_counts(target) -> Dict[str, int]:
    """Rows in every table of the store's database (``target``: a store, its settings, or a SQLite store's folder)."""
    peek = Peek(target)
    try:
        out = {t: peek.value(f"SELECT COUNT(*) FROM {t}") for t in TABLES if t != "passages_fts"}
        out["passages_fts"] = peek.indexed()
        return out
    finally:
        peek.close()


def rows_of(target, report_id: str) -> Dict[str, int]:
    """Rows of one report in every table (FTS rows through the passages they index)."""
    peek = Peek(target)
    try:
        out = {t: peek.value(f"SELECT COUNT(*) FROM {t} WHERE {'id' if t == 'reports' else 'report_id'} = ?",
                             (report_id,)) for t in ("reports", "cells", "passages", "checks")}
        out["passages_fts"] = peek.indexed("p.report_id = ?", (report_id,))
        return out
    finally:
        peek.close()


def vector_ids(store, report_id: Optional[str] = None) -> Set[str]:
    """The ids of the vectors in the store's Chroma collection (of one report, or all)."""
    got = store.collection().get(where={"report_id": report_id} if report_id else None, include=[])
    return set(got["ids"])


def expected_vector_ids(target, model_name: str) -> Set[str]:
    """The vectors a whole store holds: one per narrative passage of every report embedded with the
    model (table rows are found by their words and answered from cells: they have none)."""
    peek = Peek(target)
    try:
        rows = peek.rows("SELECT p.report_id, p.n FROM passages p JOIN reports r ON r.id = p.report_id"
                         " WHERE r.embedded_with = ? AND p.kind = 'text'", (model_name,))
        return {f"{r['report_id']}:{r['n']}" for r in rows}
    finally:
        peek.close()


def assert_whole(store, model_name: str) -> None:
    """Every FTS row indexes a passage and every passage is indexed; the vectors are exactly those
    of the narrative passages of reports embedded with the model (no orphans, none missing)."""
    peek = Peek(store)
    try:
        if not peek.postgres:
            assert peek.value("SELECT COUNT(*) FROM passages_fts WHERE rowid NOT IN (SELECT pid FROM passages)"
                              ) == 0, "FTS rows of deleted passages"
            assert peek.value("SELECT COUNT(*) FROM passages WHERE pid NOT IN (SELECT rowid FROM passages_fts)"
                              ) == 0, "passages missing from the FTS index"
        else:
            # BM25's statistics are those of the passages stored: nothing left of a deleted report.
            stats = peek.rows("SELECT passages, terms FROM lexicon")[0]
            assert stats["passages"] == peek.value("SELECT COUNT(*) FROM passages")
            assert stats["terms"] == peek.value("SELECT COALESCE(SUM(nterms), 0) FROM passages")
            assert peek.value("SELECT COUNT(*) FROM term_df t FULL JOIN (SELECT u.lexeme, COUNT(*) AS n FROM passages p,"
                              " unnest(p.terms) u GROUP BY u.lexeme) d ON d.lexeme = t.term"
                              " WHERE COALESCE(t.df, 0) != COALESCE(d.n, 0)") == 0, "term counts out of step"
        for table in ("cells", "passages", "checks"):
            assert peek.value(f"SELECT COUNT(*) FROM {table} WHERE report_id NOT IN (SELECT id FROM reports)"
                              ) == 0, f"{table} rows of no report"
    finally:
        peek.close()
    assert vector_ids(store) == expected_vector_ids(store, model_name)


def copies_of(folder, content: bytes) -> list:
    """Files in the store folder holding exactly this content (the store keeps report files)."""
    return [f for f in Path(folder).rglob("*") if f.is_file() and f.stat().st_size == len(content)
            and f.read_bytes() == content]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_bin() -> Path:
    """The folder of Debian's PostgreSQL programs (``postgresql`` package: /usr/lib/postgresql/N/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql; scripts/system-packages.sh --tests)")
    return found[-1].parent


class PostgresServer:
    """A PostgreSQL server of its own, in a temporary folder, on a free port of 127.0.0.1.

    PostgreSQL refuses to run as root: as root it runs as the ``postgres`` user Debian's package
    makes. Logins over TCP need a password (scram-sha-256): the store's user ``reports`` (password
    ``secret``) owns the databases the tests make; ``reader`` may log in but create nothing.
    """

    USER, PASSWORD = "reports", "secret"

    def __init__(self, durable: bool = False):
        import tempfile

        self.bin = _postgres_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="reports-pg-"))
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            import shutil as _shutil

            _shutil.chown(self.dir, "postgres", "postgres")
        os.chmod(self.dir, 0o700)
        self.host, self.port = "127.0.0.1", free_port()
        data = self.dir / "data"
        subprocess.run([*self.as_user, str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
                        "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256"],
                       check=True, capture_output=True, timeout=120)
        self.log = self.dir / "server.log"
        # Durability is not what the tests prove (a killed client is; the server is never killed);
        # the benchmarks keep it (``durable``).
        fast = [] if durable else ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        self.proc = subprocess.Popen(
            [*self.as_user, str(self.bin / "postgres"), "-D", str(data), "-k", str(self.dir), "-h", self.host,
             "-p", str(self.port), *fast, "-c", "max_connections=200"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            self._wait(60)
            self.admin(f"CREATE ROLE {self.USER} LOGIN PASSWORD '{self.PASSWORD}' CREATEDB",
                       f"CREATE ROLE reader LOGIN PASSWORD '{self.PASSWORD}'")
        except BaseException:
            self.stop()
            raise
        self._made = 0

    def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited with {self.proc.returncode}")
            ready = subprocess.run([str(self.bin / "pg_isready"), "-h", str(self.dir), "-p", str(self.port)],
                                   capture_output=True)
            if ready.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"postgres did not answer within {seconds} s")

    def admin(self, *statements: str, dbname: str = "postgres") -> None:
        """Run statements as the server's superuser, over its socket."""
        import psycopg

        with psycopg.connect(host=str(self.dir), port=self.port, user="postgres", dbname=dbname, autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    def url(self, dbname: str, user: str = USER, password: str = PASSWORD) -> str:
        return f"postgresql://{user}:{password}@{self.host}:{self.port}/{dbname}"

    def new_database(self, prefix: str = "store") -> str:
        """A new empty database owned by the store's user; return its URL."""
        self._made += 1
        name = f"{prefix}_{os.getpid()}_{self._made}"
        self.admin(f"CREATE DATABASE {name} OWNER {self.USER}")
        return self.url(name)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        import shutil as _shutil

        _shutil.rmtree(self.dir, ignore_errors=True)


class ChromaServer:
    """``chroma run`` in a folder of its own, on a free port of 127.0.0.1."""

    def __init__(self, folder: Path):
        self.host, self.port = "127.0.0.1", free_port()
        self.log = folder / "server.log"
        chroma = Path(sys.executable).with_name("chroma")
        env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([str(chroma), "run", "--path", str(folder / "data"), "--host", self.host,
                                          "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            self._wait(60)
        except BaseException:
            self.stop()
            raise

    def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        url = f"http://{self.host}:{self.port}/api/v2/heartbeat"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"chroma run did not answer within {seconds} s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)


def cli_in_process(module: str, *args, env: Optional[Dict[str, str]] = None,
                   stdin: Optional[str] = None) -> subprocess.CompletedProcess:
    """``python -m MODULE ARGS`` run in this process (the command's ``main``, as its ``__main__``
    calls it, with ``env`` set and ``stdin`` as its standard input for the call): its exit status
    and what it printed on stdout and stderr. A process of its own costs seconds of imports: for the
    tests of what a command says, each command is also run in a process of its own by its tests."""
    import contextlib
    import importlib
    import io
    from unittest import mock

    main = importlib.import_module(f"cli.{module}").main
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env or {}), mock.patch("sys.stdin", io.StringIO(stdin or "")), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:  # argparse's usage errors
            code = e.code if isinstance(e.code, int) else 1
    return subprocess.CompletedProcess([sys.executable, "-m", module, *map(str, args)], code or 0, out.getvalue(),
                                       err.getvalue())


def ingest_files(files, settings, store=None, progress=None) -> list:
    """``pipeline.ingest_files``, each outcome as the object ``python -m ingest --json`` prints: what
    a user reads of an ingest, and what the tests assert on."""
    from cli.serialize import outcome_json
    from pipeline import ingest_files as ingest

    return [outcome_json(o) for o in ingest(files, settings, store=store, progress=progress)]


def ask_json(store, question, report_ids=None, after=()) -> dict:
    """``retrieval.answer_question``, the answer as the object ``python -m retrieval --json`` prints."""
    from cli.serialize import answer_json
    from retrieval import answer_question

    answer = answer_json(answer_question(store, question, report_ids, list(after)))
    return json.loads(json.dumps(answer, ensure_ascii=False), parse_float=Decimal)  # decimals read exactly


def store_of(folder, files, model):
    """A store in ``folder`` opened with an embedding model (loaded once by the caller), holding
    ``files`` ingested the way ``python -m ingest`` does it — each of them newly ingested."""
    from config import Settings
    from index import Store

    settings = Settings(store=str(folder), embedding_model=model.embedder.model_name if model.embedder else "")
    store = Store.open(settings, model=model)
    results = ingest_files(list(files), settings, store=store)
    assert [r["status"] for r in results] == ["ingested"] * len(results), results
    return store
