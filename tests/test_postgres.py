"""PostgreSQL as the store, where it differs from SQLite: what a user is told when the database
cannot be reached, refuses the login, does not exist or refuses a right (one sentence naming the
host and the database, never the password, nothing half written), the schema's version, and
several processes on one database. Everything the two stores share is tested on both in
tests/test_store.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT
from storekit import Peek, cli_in_process, free_port

from config import Settings
from errors import StoreError
from index import LoadedModel, Store

pytestmark = pytest.mark.postgres
NO_MODEL = LoadedModel(None, None)


def open_pg(url, tmp_path):
    return Store.open(Settings(store=str(tmp_path / "store"), database_url=url, embedding_model=""), model=NO_MODEL)


def cli(module, *args, url, store):
    env = dict(os.environ, HF_HUB_OFFLINE="1", REPORTS_EMBEDDING_MODEL="", REPORTS_DATABASE_URL=url,
               REPORTS_CHROMA_HOST="")
    return subprocess.run([sys.executable, "-m", module, *map(str, args), "--store", str(store)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_each_way_a_database_can_refuse_is_one_sentence_with_host_and_database_never_the_password(
        postgres_server, tmp_path):
    host, port = postgres_server.host, postgres_server.port
    url = postgres_server.new_database()
    dbname = url.rsplit("/", 1)[1]
    cases = {
        "unreachable": (f"postgresql://reports:hunter2-secret@127.0.0.1:{free_port()}/{dbname}",
                        "the PostgreSQL server at 127.0.0.1:"),
        "password": (postgres_server.url(dbname, password="hunter2-secret"),
                     f"the PostgreSQL database {dbname} on {host}:{port} refused the login of user reports"),
        "missing": (postgres_server.url("no_such_db"), f"the PostgreSQL database no_such_db on {host}:{port} does not exist"),
        "right": (postgres_server.url(dbname, user="reader"),
                  f"the PostgreSQL database {dbname} on {host}:{port} refuses reader a right it needs"),
        "not a url": ("postgresql://[::1:bad", "REPORTS_DATABASE_URL is not a PostgreSQL URL"),
    }
    for name, (bad, start) in cases.items():
        with pytest.raises(StoreError) as e:
            open_pg(bad, tmp_path)
        message = str(e.value)
        assert message.startswith(start), (name, message)
        assert "hunter2" not in message and "secret" not in message, (name, message)
        assert "\n" not in message and message.endswith("."), (name, message)
        # The command line says the same in one line and exits 1 (in a process of its own the first
        # time; then its main in this process, without seconds of imports a case).
        if name == "unreachable":
            p = cli("index", "reports", url=bad, store=tmp_path / "store")
        else:
            p = cli_in_process("index", "reports", "--store", tmp_path / "store",
                               env=dict(HF_HUB_OFFLINE="1", REPORTS_EMBEDDING_MODEL="", REPORTS_DATABASE_URL=bad,
                                        REPORTS_CHROMA_HOST=""))
        assert p.returncode == 1 and p.stderr.strip().splitlines() == [f"error: {message}"], (name, p.stderr)
    # The user without the right made nothing: the database is as empty as it was.
    peek = Peek(Settings(database_url=url))
    assert peek.schema() == []
    peek.close()


def test_a_store_made_by_a_newer_version_is_refused_and_an_unknown_database_is_left_alone(postgres_server, tmp_path):
    url = postgres_server.new_database()
    store = open_pg(url, tmp_path)
    store.close()
    peek = Peek(Settings(database_url=url))
    peek.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError) as e:
        open_pg(url, tmp_path)
    assert "made by a newer version of this product (schema 99; this one reads up to 1)" in str(e.value)
    peek.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    open_pg(url, tmp_path).close()  # and opens again at its own version
    peek.close()

    other = postgres_server.new_database()
    peek = Peek(Settings(database_url=other))
    peek.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    with pytest.raises(StoreError) as e:
        open_pg(other, tmp_path)
    assert "holds tables that are not a report store" in str(e.value)
    assert [t for t, *_ in peek.schema()] == ["meta", "meta"]  # nothing was added to it
    peek.close()


def test_two_processes_on_one_database_see_each_others_reports_whole(postgres_server, tmp_path):
    """A page server's Store open in this process while another process imports into the same
    database (its own store folder): what the import stored is seen here at once, whole."""
    url = postgres_server.new_database()
    store = open_pg(url, tmp_path)
    try:
        assert store.reports() == []
        p = cli("ingest", FIXTURES / "reports", "--json", "--workers", "2", url=url, store=tmp_path / "import-folder")
        assert p.returncode == 0, p.stderr[-2000:]
        imported = {r["report"]["id"] for r in json.loads(p.stdout)}
        assert {r.id for r in store.reports()} == imported
        for r in store.reports():
            assert r.cells.known + r.cells.missing + r.cells.ambiguous == len(store.cells(r.id)) > 100
        # This process deletes one; the other's listing no longer has it.
        gone = sorted(imported)[0]
        assert store.delete(gone)
        p = cli("index", "reports", "--json", url=url, store=tmp_path / "import-folder")
        assert {r["id"] for r in json.loads(p.stdout)} == imported - {gone}
    finally:
        store.close()
