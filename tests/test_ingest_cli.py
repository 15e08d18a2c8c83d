"""``python -m ingest --dry-run``: what scripts see."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURES, ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_dry_run_json_prints_the_report_with_every_cell_passage_and_check(tmp_path):
    p = run(str(FIXTURES / "reports/seed_guangdong_2023.txt"), "--dry-run", "--json", "--store", str(tmp_path))
    assert p.returncode == 0, p.stderr
    [item] = json.loads(p.stdout)
    assert item["status"] == "parsed" and item["error"] is None
    rep = item["report"]
    assert (rep["agency"], rep["year"], rep["format"]) == ("广东省政务服务和数据管理局", 2023, "2021")
    assert rep["cell_counts"] == {"known": 200, "missing": 0, "ambiguous": 0}
    partial = next(c for c in rep["cells"] if c["address"] == "t3.partial.total")
    assert partial["value"] == 4 and partial["status"] == "ok" and partial["report"]["id"] == rep["id"]
    assert {"row_label", "col_label", "page", "bbox", "line", "source_text"} <= set(partial)
    assert all({"check", "passed", "detail", "cells"} <= set(c) for c in rep["checks"])
    assert len(rep["passages"]) == rep["passage_count"] > 10
    assert list(tmp_path.iterdir()) == []  # nothing stored


def test_a_bad_file_fails_alone_with_one_sentence(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"<html>not a pdf</html>")
    other = tmp_path / "notes.docx"
    other.write_bytes(b"PK")
    p = run(str(bad), str(other), str(FIXTURES / "reports/seed_panyu_2023.txt"), "--dry-run", "--json")
    assert p.returncode == 1
    items = {i["path"]: i for i in json.loads(p.stdout)}
    assert items[str(bad)]["status"] == "failed" and "PDF" in items[str(bad)]["error"]
    assert items[str(other)]["status"] == "failed" and ".docx" in items[str(other)]["error"]
    assert items[str(FIXTURES / "reports/seed_panyu_2023.txt")]["status"] == "parsed"
    for i in items.values():
        if i["error"]:
            assert "Traceback" not in i["error"] and i["error"].count("\n") == 0


def test_text_output_says_what_was_found():
    p = run(str(FIXTURES / "reports/seed_panyu_2023.txt"), "--dry-run")
    assert p.returncode == 0
    assert "广州市番禺区政务服务数据管理局 2023" in p.stdout and "77 missing" in p.stdout
