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


def connect(folder) -> sqlite3.Connection:
    """A connection of our own to the store's SQLite file, as a user's sqlite3 shell would open it."""
    conn = sqlite3.connect(str(Path(folder) / DB_FILE))
    conn.row_factory = sqlite3.Row
    return conn


def db_counts(folder) -> Dict[str, int]:
    """Rows in every table of the store's database."""
    conn = connect(folder)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def rows_of(folder, report_id: str) -> Dict[str, int]:
    """Rows of one report in every table (FTS rows through the passages they index)."""
    conn = connect(folder)
    try:
        out = {t: conn.execute(f"SELECT COUNT(*) FROM {t} WHERE {'id' if t == 'reports' else 'report_id'} = ?",
                               (report_id,)).fetchone()[0] for t in ("reports", "cells", "passages", "checks")}
        out["passages_fts"] = conn.execute(
            "SELECT COUNT(*) FROM passages_fts f JOIN passages p ON p.pid = f.rowid WHERE p.report_id = ?",
            (report_id,)).fetchone()[0]
        return out
    finally:
        conn.close()


def vector_ids(store, report_id: Optional[str] = None) -> Set[str]:
    """The ids of the vectors in the store's Chroma collection (of one report, or all)."""
    got = store.collection().get(where={"report_id": report_id} if report_id else None, include=[])
    return set(got["ids"])


def expected_vector_ids(folder, model_name: str) -> Set[str]:
    """The vectors a whole store holds: one per passage of every report embedded with the model."""
    conn = connect(folder)
    try:
        rows = conn.execute("SELECT p.report_id, p.n FROM passages p JOIN reports r ON r.id = p.report_id"
                            " WHERE r.embedded_with = ?", (model_name,)).fetchall()
        return {f"{r['report_id']}:{r['n']}" for r in rows}
    finally:
        conn.close()


def assert_whole(store, model_name: str) -> None:
    """Every FTS row indexes a passage and every passage is indexed; the vectors are exactly those
    of the passages of reports embedded with the model (no orphans, none missing)."""
    conn = connect(store.folder)
    try:
        assert conn.execute("SELECT COUNT(*) FROM passages_fts WHERE rowid NOT IN (SELECT pid FROM passages)"
                            ).fetchone()[0] == 0, "FTS rows of deleted passages"
        assert conn.execute("SELECT COUNT(*) FROM passages WHERE pid NOT IN (SELECT rowid FROM passages_fts)"
                            ).fetchone()[0] == 0, "passages missing from the FTS index"
        for table in ("cells", "passages", "checks"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE report_id NOT IN (SELECT id FROM reports)"
                                ).fetchone()[0] == 0, f"{table} rows of no report"
    finally:
        conn.close()
    assert vector_ids(store) == expected_vector_ids(store.folder, model_name)


def copies_of(folder, content: bytes) -> list:
    """Files in the store folder holding exactly this content (the store keeps report files)."""
    return [f for f in Path(folder).rglob("*") if f.is_file() and f.stat().st_size == len(content)
            and f.read_bytes() == content]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
