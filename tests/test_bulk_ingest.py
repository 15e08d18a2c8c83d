"""``python -m ingest`` on many reports: worker processes and one writer, folders, ZIPs and list files,
resuming, progress and the summary — on SQLite and on PostgreSQL, through the command line as a
data desk runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from storekit import cli_in_process

sys.path.append(str(ROOT / "bench"))  # bench/corpus.py; last, so that bench/retrieval.py never shadows retrieval/

FILES = sorted(p for p in (FIXTURES / "reports").iterdir() if p.suffix in (".txt", ".html"))


def cli(module, *args, database_url="", store=None):
    env = dict(os.environ, HF_HUB_OFFLINE="1", REPORTS_EMBEDDING_MODEL="", REPORTS_CHROMA_HOST="",
               REPORTS_DATABASE_URL=database_url, PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, "-m", module, *map(str, args), *(["--store", str(store)] if store else [])],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def listing(store, database_url=""):
    """What a user lists of a store: every report (less when and from where it was ingested), cell and check
    (``python -m index`` run in this process: the ingests are what runs as a data desk runs them)."""
    env = dict(HF_HUB_OFFLINE="1", REPORTS_EMBEDDING_MODEL="", REPORTS_CHROMA_HOST="", REPORTS_DATABASE_URL=database_url)
    out = {}
    for what in ("reports", "cells", "checks"):
        p = cli_in_process("index", what, "--json", "--store", store, env=env)
        assert p.returncode == 0, p.stderr
        out[what] = json.loads(p.stdout)
    for r in out["reports"]:
        r.pop("ingested_at", None)
    return out


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    """The fixture reports, and synthetic ones from bench/corpus.py: text, HTML and two PDFs."""
    from corpus import make_corpus

    folder = tmp_path_factory.mktemp("inbox")
    for f in FILES:
        shutil.copy(f, folder / f.name)
    make_corpus(4, folder / "corpus", seed=7, kinds=("text", "html"))
    make_corpus(2, folder / "pdf", seed=8, pdf_share=1.0)
    (folder / "corpus" / "manifest.jsonl").unlink()
    (folder / "pdf" / "manifest.jsonl").unlink()
    return folder


@pytest.mark.postgres
def test_two_workers_into_postgresql_store_exactly_what_one_stores_in_sqlite(inbox, tmp_path, postgres_server):
    """The same folder through one process into SQLite and two workers into PostgreSQL: the same
    reports, every cell and every check the same; run again, nothing changes and nothing is parsed."""
    url = postgres_server.new_database()
    one = cli("ingest", inbox, "--workers", "1", "--json", store=tmp_path / "one")
    two = cli("ingest", inbox, "--workers", "2", "--json", store=tmp_path / "two", database_url=url)
    assert one.returncode == 0 and two.returncode == 0, two.stderr[-2000:]
    first, second = json.loads(one.stdout), json.loads(two.stdout)
    assert len(first) == len(FILES) + 6 and {r["status"] for r in first} == {"ingested"}
    assert [(r["path"], r["status"], r["report"]) for r in first] == [(r["path"], r["status"], r["report"]) for r in second]
    sqlite, postgres = listing(tmp_path / "one"), listing(tmp_path / "two", url)
    assert len(sqlite["cells"]) > 2000
    assert sqlite == postgres
    # Progress: a line a file on stderr when it is not a terminal; the summary at the end.
    assert f"[1/{len(first)}] " in two.stderr and f"{len(first)} file(s) in " in two.stderr
    assert f"{len(first)} imported, 0 replaced, 0 unchanged, 0 failed" in two.stderr

    again = cli("ingest", inbox, "--workers", "2", store=tmp_path / "two", database_url=url)
    assert again.returncode == 0
    assert f"0 imported, 0 replaced, {len(first)} unchanged, 0 failed" in again.stdout
    assert "[1/" not in again.stderr  # nothing was stored again
    assert listing(tmp_path / "two", url) == postgres


def test_a_zip_and_a_list_file_go_in_and_what_is_not_a_report_is_refused_one_by_one(tmp_path):
    archive = tmp_path / "year.zip"
    guangdong = (FIXTURES / "reports/seed_guangdong_2023.txt").read_bytes()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("2023/guangdong.txt", guangdong)
        zf.writestr("2023/district.html", (FIXTURES / "reports/district_office_2024.html").read_bytes())
        zf.writestr("../escape.txt", guangdong)
        zf.writestr("inner.zip", b"PK\x05\x06" + b"\0" * 18)
        zf.writestr("figures.xlsx", b"not a report")
        zf.writestr("bomb.txt", b"0" * (30 * 1024 * 1024))
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
        zf.writestr("__MACOSX/2023/._guangdong.txt", b"resource fork")
    listed = tmp_path / "reports.list"
    listed.write_text(f"# this year's\n{FIXTURES / 'reports/seed_panyu_2023.txt'}\n\n{archive}\n", encoding="utf-8")
    p = cli("ingest", listed, "--json", store=tmp_path / "store")
    assert p.returncode == 1  # some members were refused
    results = {r["path"]: r for r in json.loads(p.stdout)}
    ok = {path: r["status"] for path, r in results.items() if r["status"] != "failed"}
    assert ok == {str(FIXTURES / "reports/seed_panyu_2023.txt"): "ingested", f"{archive}/2023/guangdong.txt": "ingested",
                  f"{archive}/2023/district.html": "ingested"}
    why = {path.split("/")[-1]: r["error"] for path, r in results.items() if r["status"] == "failed"}
    assert set(why) == {"escape.txt", "inner.zip", "figures.xlsx", "bomb.txt", "link.txt"}
    assert "climbs out of the archive" in why["escape.txt"] and "archive inside the archive" in why["inner.zip"]
    assert "got a .xlsx" in why["figures.xlsx"] and "zip bomb" in why["bomb.txt"] and "a link" in why["link.txt"]
    assert all(e.count("\n") == 0 and e.startswith(Path(k).name) or "year.zip" in e for k, e in why.items())
    # Nothing was unpacked outside the folder it was unpacked into, and that is gone.
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path.parent / "escape.txt").exists()
    # The member is the report: the same cells as the file itself, cited from the store's copy.
    stored = listing(tmp_path / "store")
    member = next(r for r in stored["reports"] if r["path"].endswith("year.zip/2023/guangdong.txt"))
    direct = cli("ingest", FIXTURES / "reports/seed_guangdong_2023.txt", "--json", store=tmp_path / "store")
    [again] = json.loads(direct.stdout)
    assert again["status"] == "unchanged" and again["report"]["id"] == member["id"]
    assert "already stored from" in again["report"]["note"] and "year.zip/2023/guangdong.txt" in again["report"]["note"]


def test_a_corrected_copy_later_in_an_import_is_the_one_kept_and_a_rerun_keeps_it(tmp_path):
    """Two files of one body and year in one import: the later replaces the earlier; imported again,
    nothing changes (the earlier file is not put back)."""
    text = (FIXTURES / "reports/seed_panyu_2023.txt").read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in/a_first.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in/b_corrected.txt").write_text(text.replace("公开政府信息 55 条", "公开政府信息 56 条"), encoding="utf-8")
    p = cli("ingest", tmp_path / "in", "--json", "--workers", "2", store=tmp_path / "store")
    assert [r["status"] for r in json.loads(p.stdout)] == ["ingested", "replaced"]
    again = json.loads(cli("ingest", tmp_path / "in", "--json", store=tmp_path / "store").stdout)
    assert [r["status"] for r in again] == ["unchanged", "unchanged"]
    assert "later file of this import" in again[0]["report"]["note"] and "b_corrected.txt" in again[0]["report"]["note"]
    [kept] = listing(tmp_path / "store")["reports"]
    assert kept["path"].endswith("b_corrected.txt")


def test_bad_workers_and_nothing_to_read_are_one_line_each(tmp_path):
    p = cli("ingest", FIXTURES / "reports/seed_panyu_2023.txt", "--workers", "0", store=tmp_path / "store")
    assert p.returncode == 2 and "expected a whole number of workers, 1 or more, got '0'" in p.stderr
    (tmp_path / "empty").mkdir()
    p = cli("ingest", tmp_path / "empty", store=tmp_path / "store")
    assert p.returncode == 1 and p.stderr.strip().splitlines() == [
        "error: no report files found (expected .pdf, .html, .htm, .txt, .docx or .doc)"]
