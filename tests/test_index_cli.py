"""``python -m index`` and ``python -m ingest`` on a real store: what scripts and spreadsheets see
(``../shared/domain/cli.md``)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from storekit import assert_whole, cli_in_process, db_counts, ingest_files, vector_ids, write_english

from config import Settings
from index import Store
from index.embed import LoadedModel
from ingest.template import FORMATS_BY_NAME
from pipeline import CSV_COLUMNS

FILES = sorted(p for p in (FIXTURES / "reports").iterdir() if p.suffix in (".txt", ".html"))
GUANGDONG = FIXTURES / "reports/seed_guangdong_2023.txt"


def run(module, *args, model="no/such-model", process=None):
    """Run a CLI as a user would; no embedding model can be loaded unless one is named. ``python -m
    ingest`` (and any command with ``process``) runs in a process of its own; ``python -m index``
    otherwise runs its ``main`` in this process (the same output and exit status, without seconds of
    imports a call): each of its commands runs once in a process of its own below."""
    env = dict(HF_HUB_OFFLINE="1", REPORTS_EMBEDDING_MODEL=model, REPORTS_CHROMA_HOST="")
    if process is False or (process is None and module == "index"):
        return cli_in_process(module, *args, env=env)
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, **env))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The fixture reports ingested into a store folder (lexical only): (folder, report id by stem)."""
    folder = tmp_path_factory.mktemp("cli") / "store"
    settings = Settings(store=str(folder), embedding_model="")
    with_store = Store.open(settings, model=LoadedModel(None, None))
    results = ingest_files(FILES, settings, store=with_store)
    with_store.close()
    assert {r["status"] for r in results} == {"ingested"}
    return folder, {Path(r["path"]).stem: r["report"]["id"] for r in results}


def test_reports_json_has_the_cli_md_fields(store, golds):
    folder, ids = store
    p = run("index", "reports", "--store", folder, "--json", process=True)
    assert p.returncode == 0, p.stderr
    reports = {r["id"]: r for r in json.loads(p.stdout)}
    assert set(reports) == set(ids.values())
    for stem, gold in golds.items():
        r = reports[ids[stem]]
        assert {"id", "agency", "year", "format", "pages", "cells", "checks_failed", "passages", "path"} <= set(r)
        assert (r["agency"], r["year"], r["format"]) == (gold["agency"], gold["year"], gold["format"])
        assert set(r["cells"]) == {"known", "missing", "ambiguous"}
        assert sum(r["cells"].values()) == len(FORMATS_BY_NAME[r["format"]].addresses())
        assert isinstance(r["checks_failed"], int) and r["passages"] > 0
    assert reports[ids["seed_guangdong_2023"]]["cells"] == {"known": 200, "missing": 0, "ambiguous": 0}
    text = run("index", "reports", "--store", folder)
    assert text.returncode == 0 and len(text.stdout.splitlines()) == len(FILES)
    assert "广东省政务服务和数据管理局  2023" in text.stdout


def test_cells_csv_is_one_row_a_cell_that_a_spreadsheet_reads(store, golds):
    folder, ids = store
    p = run("index", "cells", "--store", folder, "--csv", process=True)
    assert p.returncode == 0, p.stderr
    reader = csv.reader(io.StringIO(p.stdout, newline=""))
    header, *rows = list(reader)
    assert tuple(header) == CSV_COLUMNS
    assert all(len(r) == len(header) for r in rows)  # quoting held: no cell spilled into another row
    rows = [dict(zip(header, r)) for r in rows]
    expected = sum(len(FORMATS_BY_NAME[g["format"]].addresses()) for g in golds.values())
    assert len(rows) == expected
    assert len({(r["report_id"], r["address"]) for r in rows}) == expected
    for stem, gold in golds.items():
        mine = {r["address"]: r for r in rows if r["report_id"] == ids[stem]}
        assert list(mine) == list(FORMATS_BY_NAME[gold["format"]].addresses())  # template order
        for addr, want in gold["cells"].items():
            row = mine[addr]
            if want is None or addr in (gold.get("ambiguous") or []):
                assert row["value"] == "" and row["status"] in ("missing", "ambiguous")
            else:
                # Exactly as printed: the CSV holds the printed digits, not a rounding.
                assert row["status"] == "ok" and Decimal(row["value"]) == Decimal(str(want)), (stem, addr)
            assert row["agency"] == gold["agency"] and row["year"] == str(gold["year"])
    partial = next(r for r in rows if r["report_id"] == ids["seed_guangdong_2023"] and r["address"] == "t3.partial.total")
    assert partial["value"] == "4" and "部分公开" in partial["row_label"] and partial["col_label"] == "总计"
    assert partial["line"] and "4" in partial["source_text"]

    one = run("index", "cells", "--store", folder, "--csv", "--report", ids["seed_panyu_2023"])
    one_rows = list(csv.DictReader(io.StringIO(one.stdout, newline="")))
    assert len(one_rows) == 200 and {r["report_id"] for r in one_rows} == {ids["seed_panyu_2023"]}
    assert sum(r["status"] == "missing" for r in one_rows) == 77


def test_cells_json_rows_have_the_cli_md_fields(store):
    folder, ids = store
    p = run("index", "cells", "--store", folder, "--json", "--report", ids["seed_panyu_2023"])
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert len(rows) == 200
    for r in rows:
        assert {"report", "address", "status", "value", "row_label", "col_label", "page", "bbox", "line",
                "source_text"} <= set(r)
        assert r["report"] == {"id": ids["seed_panyu_2023"], "agency": "广州市番禺区政务服务数据管理局", "year": 2023}
        assert r["status"] in ("ok", "missing", "ambiguous")
        assert (r["value"] is None) == (r["status"] != "ok")
    carried = next(r for r in rows if r["address"] == "t3.carried_forward.total")
    assert carried["status"] == "missing" and carried["value"] is None  # not printed: never 0


def test_checks_json_rows_have_the_cli_md_fields(store):
    folder, ids = store
    p = run("index", "checks", "--store", folder, "--json", process=True)
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert rows and {r["report"]["id"] for r in rows} <= set(ids.values())
    for r in rows:
        assert set(r) >= {"report", "check", "passed", "detail", "cells"}
        assert isinstance(r["passed"], bool) and r["detail"] and all(isinstance(c, str) for c in r["cells"])
    gd = [r for r in rows if r["report"]["id"] == ids["seed_guangdong_2023"]]
    assert any(r["check"] == "narrative.部分公开" and r["passed"] for r in gd)
    one = json.loads(run("index", "checks", "--store", folder, "--json", "--report", ids["seed_guangdong_2023"]).stdout)
    assert one == gd


@pytest.mark.parametrize("args", [("delete", "nosuchreport"), ("cells", "--report", "nosuchreport"),
                                  ("checks", "--report", "nosuchreport", "--json")])
def test_an_unknown_report_id_is_exit_1_with_one_line(store, args):
    folder, _ = store
    before = db_counts(folder)
    p = run("index", *args, "--store", folder, process=args[0] == "delete")
    assert p.returncode == 1
    assert p.stdout == ""
    [line] = p.stderr.strip().splitlines()
    assert line.startswith("error:") and "nosuchreport" in line
    assert db_counts(folder) == before


def test_delete_through_the_cli_removes_the_report_and_its_vectors(tmp_path, packaged_model):
    """The CLI opens the store without a model: the vectors must go all the same."""
    settings = Settings(store=str(tmp_path / "store"), embedding_model=packaged_model.embedder.model_name)
    s = Store.open(settings, model=packaged_model)
    en, gd = (r["report"]["id"] for r in ingest_files([write_english(tmp_path / "harbor.txt"), GUANGDONG],
                                                        settings, store=s))
    assert len(vector_ids(s, en)) == 7
    s.close()

    p = run("index", "delete", en, "--store", settings.store, "--json", process=True)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == {"deleted": en}
    assert [r["id"] for r in json.loads(run("index", "reports", "--store", settings.store, "--json").stdout)] == [gd]
    s = Store.open(settings, model=packaged_model)
    try:
        assert vector_ids(s) == set() and s.report(en) is None
        assert_whole(s, packaged_model.embedder.model_name)
    finally:
        s.close()
    p = run("index", "delete", gd, "--store", settings.store)
    assert p.returncode == 0 and p.stdout.strip() == f"deleted {gd}"
    assert db_counts(settings.store) == dict.fromkeys(("reports", "cells", "passages", "passages_fts", "checks"), 0)


def test_ingest_without_a_model_says_once_that_passage_search_uses_words_only(tmp_path):
    p = run("ingest", *FILES, "--store", tmp_path / "store")
    assert p.returncode == 0, p.stderr
    notices = [line for line in p.stderr.splitlines() if "words only" in line]
    assert len(notices) == 1, p.stderr
    assert notices[0].startswith("notice: ") and "no/such-model" in notices[0]
    assert "Traceback" not in p.stderr
    assert len([line for line in p.stdout.splitlines() if ": ingested: " in line]) == len(FILES)
    again = run("ingest", *FILES, "--store", tmp_path / "store", "--json")
    assert [r["status"] for r in json.loads(again.stdout)] == ["unchanged"] * len(FILES)


def _next_year(text: str, carried_over: str) -> str:
    """Guangdong's report as the next year's: the title's year moved on, 上年结转 set to the given row."""
    title = "广东省政务服务和数据管理局 2023 年 政府信息公开工作年度报告"
    row = "二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t"
    assert title in text and row in text
    return text.replace(title, title.replace("2023", "2024")).replace(
        row, "二、上年结转政府信息公开申请数量\t\t" + "\t".join(carried_over.split()) + "\t")


def test_check_5_compares_what_one_year_carried_forward_with_what_the_next_carried_over(tmp_path):
    store = tmp_path / "store"
    later = tmp_path / "guangdong_2024.txt"
    text = GUANGDONG.read_text(encoding="utf-8")
    # 2023 carried forward: 自然人6 商业企业1 … 总计7
    later.write_text(_next_year(text, "6 1 0 0 0 0 7"), encoding="utf-8")
    p = run("ingest", GUANGDONG, later, "--store", store, "--json")
    assert p.returncode == 0, p.stderr
    ids = [r["report"]["id"] for r in json.loads(p.stdout)]
    assert [r["report"]["year"] for r in json.loads(p.stdout)] == [2023, 2024]

    def year_checks():
        rows = json.loads(run("index", "checks", "--store", store, "--json").stdout)
        return {r["check"]: r for r in rows if r["check"].startswith("t3.years.")}

    checks = year_checks()
    assert set(checks) == {f"t3.years.{c}" for c in ("natural_person", "commercial", "research", "public_interest",
                                                      "legal_services", "other_org", "total")}
    assert all(c["passed"] and c["report"]["id"] == ids[1] for c in checks.values())
    assert checks["t3.years.total"]["cells"] == ["2023:t3.carried_forward.total", "2024:t3.carried_over.total"]

    # The next year's report corrected: it now says 5 natural persons, 6 in all were carried over.
    later.write_text(_next_year(text, "5 1 0 0 0 0 6"), encoding="utf-8")
    p = run("ingest", later, "--store", store, "--json")
    [item] = json.loads(p.stdout)
    assert item["status"] == "replaced"
    checks = year_checks()
    failed = {name for name, c in checks.items() if not c["passed"]}
    assert failed == {"t3.years.natural_person", "t3.years.total"}
    assert "7" in checks["t3.years.total"]["detail"] and "6" in checks["t3.years.total"]["detail"]
    assert all(c["report"]["id"] == item["report"]["id"] for c in checks.values())
    # A report's own checks include the years check it is part of.
    own = json.loads(run("index", "checks", "--store", store, "--json", "--report", item["report"]["id"]).stdout)
    assert {r["check"] for r in own if not r["passed"]} >= failed
    text_out = run("index", "checks", "--store", store).stdout
    assert "2023年结转下年度 7 ≠ 2024年上年结转 6" in text_out


def test_a_corrected_copy_from_another_folder_replaces_the_report_of_its_body_and_year(tmp_path):
    """The same body and year under another file name and folder: replaced, with a note naming
    the file it replaced; one report of that body and year stays, the corrected one."""
    folder = str(tmp_path / "store")
    first = tmp_path / "a" / "panyu.txt"
    first.parent.mkdir()
    first.write_text((FIXTURES / "reports" / "seed_panyu_2023.txt").read_text(encoding="utf-8"), encoding="utf-8")
    corrected = tmp_path / "b" / "番禺区政数局2023年报告（更正）.txt"
    corrected.parent.mkdir()
    corrected.write_text(first.read_text(encoding="utf-8") + "\n（本报告于2024年3月更正。）\n", encoding="utf-8")
    [one] = json.loads(run("ingest", str(first), "--store", folder, "--json").stdout)
    p = run("ingest", str(corrected), "--store", folder, "--json")
    [two] = json.loads(p.stdout)
    assert (one["status"], two["status"]) == ("ingested", "replaced")
    assert str(first.resolve()) in two["report"]["note"] and two["replaced"] == [str(first.resolve())]
    reports = json.loads(run("index", "reports", "--store", folder, "--json").stdout)
    assert [r["path"] for r in reports] == [str(corrected.resolve())]
    # Re-ingesting the corrected copy is a no-op.
    [three] = json.loads(run("ingest", str(corrected), "--store", folder, "--json").stdout)
    assert three["status"] == "unchanged"
