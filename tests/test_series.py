"""One measure across every body and year: the measure registry (``ingest.measure_to_value``) on
cells made by hand, and ``python -m index series`` on a real store of the fixture reports, checked
against their gold files (../shared/domain/cli.md)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import reportgen
from conftest import FIXTURES, ROOT
from storekit import ingest_files

from config import Settings
from errors import MeasureError
from index import Store
from index.embed import LoadedModel
from ingest import RATES, measure_addresses, measure_named, measure_names, measure_to_value
from model import Cell

FILES = sorted(p for p in (FIXTURES / "reports").iterdir() if p.suffix in (".txt", ".html"))
DENIED = ("state_secret", "prohibited_by_law", "security_stability", "third_party", "internal_affairs", "process_info",
          "enforcement_files", "inquiry_matters")


def subprocess_run(*args):
    """``python -m index ARGS`` as a user runs it, in a process of its own."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", REPORTS_EMBEDDING_MODEL="no/such-model", REPORTS_CHROMA_HOST="")
    return subprocess.run([sys.executable, "-m", "index", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.fixture
def run(capsys, monkeypatch):
    """``python -m index ARGS`` in this process (its ``main``, as ``__main__`` calls it): what it prints
    on stdout and stderr and its exit status (a process of its own costs seconds of imports)."""
    from cli.index import main

    monkeypatch.setenv("REPORTS_EMBEDDING_MODEL", "no/such-model")
    monkeypatch.setenv("REPORTS_CHROMA_HOST", "")

    def call(*args):
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["python", "-m", "index", *map(str, args)], code, out, err)

    return call


def cell(address: str, value=None, status: str = "ok", **kw) -> Cell:
    return Cell(address, status if value is not None or status != "ok" else "missing", value, address[1], "", "", **kw)


# ---------------------------------------------------------------- the registry, on cells made by hand


def test_a_group_is_the_sum_of_its_rows_and_missing_when_one_is():
    m = measure_named("t3.denied.total")
    cells = {f"t3.denied.{r}.total": cell(f"t3.denied.{r}.total", i) for i, r in enumerate(DENIED)}
    got = measure_to_value(m, cells)
    assert (got.value, got.status, got.unit) == (sum(range(8)), "ok", "件")
    assert [c.address for c in got.cells] == [f"t3.denied.{r}.total" for r in DENIED], "every cell cited, in order"
    cells["t3.denied.third_party.total"] = cell("t3.denied.third_party.total", status="missing")
    assert measure_to_value(m, cells).status == "missing" and measure_to_value(m, cells).value is None
    cells["t3.denied.state_secret.total"] = cell("t3.denied.state_secret.total", status="ambiguous")
    assert measure_to_value(m, cells).status == "ambiguous"


def test_other_handling_printed_as_one_row_is_read_from_that_row():
    m = measure_named("t3.other.total")
    one_row = {"t3.other.total": cell("t3.other.total", 5)}
    assert measure_to_value(m, one_row).value == 5 and len(measure_to_value(m, one_row).cells) == 1
    three = {f"t3.other.{r}.total": cell(f"t3.other.{r}.total", v) for r, v in
             (("no_correction", 1), ("fee_unpaid", 2), ("other", 3))}
    assert measure_to_value(m, three).value == 6
    # 法人或其他组织 under the one printed row: its five columns of that row.
    legal = measure_named("t3.other.legal_entities")
    row = {f"t3.other.{c}": cell(f"t3.other.{c}", 1) for c in
           ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")}
    assert measure_to_value(legal, row).value == 5
    assert set(measure_addresses(legal)) >= set(row), "the addresses to read include the printed row's"


def test_a_rate_cites_both_parts_and_has_no_value_over_zero():
    m = measure_named("纠错率")
    assert m.name == "corrected_rate" and m.unit == "%"
    got = measure_to_value(m, {"t4.review.corrected": cell("t4.review.corrected", 1),
                               "t4.review.total": cell("t4.review.total", 3)})
    assert (got.value, got.unit, [c.address for c in got.cells]) == (33.3, "%", ["t4.review.corrected", "t4.review.total"])
    zero = measure_to_value(m, {"t4.review.corrected": cell("t4.review.corrected", 0),
                                "t4.review.total": cell("t4.review.total", 0)})
    assert (zero.value, zero.status, zero.note) == (None, "missing", "zero_denominator")
    # A printed decimal stays exact in a sum.
    fees = measure_to_value(measure_named("t2.fees.amount"),
                            {"t2.fees.amount": cell("t2.fees.amount", Decimal("18651.06"), unit="元")})
    assert fees.value == Decimal("18651.06") and fees.unit == "元", "the printed unit beats the template's"


@pytest.mark.parametrize("name", ["t3.nope.total", "t3.new.bogus", "t2.fees.total", "rate", "t5.x.y", ""])
def test_an_unknown_measure_says_what_is_expected(name):
    with pytest.raises(MeasureError, match="unknown measure"):
        measure_named(name)


def test_every_listed_measure_is_known_and_the_rates_come_first():
    names = measure_names()
    assert names[:len(RATES)] == tuple(r.name for r in RATES)
    assert len(names) == len(set(names)) and {"t3.new.total", "t3.denied.total", "t4.suit.total"} <= set(names)
    for n in names:
        measure_named(n)


# ---------------------------------------------------------------- python -m index series, against gold


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The fixture reports, and the county report again as the year after with one figure changed so
    that its checks fail: (folder, {stem: report id}, {stem: gold})."""
    work = tmp_path_factory.mktemp("series")
    gold_dir = FIXTURES / "gold"
    county = json.loads((gold_dir / "county_gov_2019.json").read_text(encoding="utf-8"))
    spec = reportgen.spec_from_seed(FIXTURES / county["file"], gold_dir / "county_gov_2019.json")
    cells = dict(spec.cells)
    cells["t3.granted.natural_person"] += 5  # its row and its column no longer add up
    broken = reportgen.render_html(dataclasses.replace(spec, cells=cells, title=spec.title.replace("2019", "2020")),
                                    work / "county_2020.html")
    folder = work / "store"
    settings = Settings(store=str(folder), embedding_model="")
    s = Store.open(settings, model=LoadedModel(None, None))
    results = ingest_files(FILES + [broken], settings, store=s)
    s.close()
    assert {r["status"] for r in results} == {"ingested"}, results
    ids = {Path(r["path"]).stem: r["report"]["id"] for r in results}
    golds = {g.stem: json.loads(g.read_text(encoding="utf-8"), parse_float=Decimal) for g in gold_dir.glob("*.json")}
    golds["county_2020"] = dict(golds["county_gov_2019"], year=2020, cells={**golds["county_gov_2019"]["cells"],
                                                                             **cells})
    return folder, ids, golds


def expected(gold: dict, addresses) -> object:
    values = [gold["cells"].get(a) for a in addresses]
    if any(a in (gold.get("ambiguous") or []) for a in addresses) or any(v is None for v in values):
        return None
    return sum(values)


def test_series_json_is_one_row_per_body_and_year_with_the_gold_figure_and_its_cells(store, run):
    folder, ids, golds = store
    p = subprocess_run("series", "t3.new.total", "--store", folder, "--json")  # once as a user runs it
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert sorted(r["report"] for r in rows) == sorted(ids.values())
    cells = {(c["report"]["id"], c["address"]): c for c in
             json.loads(run("cells", "--store", folder, "--json").stdout)}
    for r in rows:
        stem = next(s for s, i in ids.items() if i == r["report"])
        gold = golds[stem]
        assert {"body", "names", "year", "measure", "value", "unit", "status", "check_failed", "cells", "report"} <= set(r)
        assert (r["year"], r["measure"], r["value"], r["unit"], r["status"]) == \
            (gold["year"], "t3.new.total", gold["cells"]["t3.new.total"], "件", "ok")
        assert gold["agency"] in r["names"] and r["agency"] == gold["agency"]
        [c] = r["cells"]
        stored = cells[(r["report"], "t3.new.total")]
        assert (c["address"], c["page"], c["line"]) == ("t3.new.total", stored["page"], stored["line"])
    # The county's two years are one body, in year order.
    county = [r for r in rows if r["body"] == golds["county_gov_2019"]["agency"]]
    assert [r["year"] for r in county] == [2019, 2020]


@pytest.mark.parametrize("measure", ["t3.denied.total", "granted_rate"])
def test_a_group_and_a_rate_are_worked_out_from_the_gold_cells(store, run, measure):
    folder, ids, golds = store
    rows = json.loads(run("series", measure, "--store", folder, "--json").stdout)
    assert len(rows) == len(ids)
    for r in rows:
        gold = golds[next(s for s, i in ids.items() if i == r["report"])]
        if measure == "t3.denied.total":
            want = expected(gold, [f"t3.denied.{x}.total" for x in DENIED])
            assert len(r["cells"]) == 8 and r["unit"] == "件"
        else:
            top, bottom = expected(gold, ["t3.granted.total"]), expected(gold, ["t3.total_handled.total"])
            want = None if top is None or not bottom else float(round(Decimal(top) * 100 / Decimal(bottom), 1))
            assert [c["address"] for c in r["cells"]] == ["t3.granted.total", "t3.total_handled.total"]
            assert r["unit"] == "%"
        assert r["value"] == want, (r["agency"], r["value"], want)
        assert r["status"] == ("ok" if want is not None else r["status"]) and (want is not None) == (r["status"] == "ok")


def test_a_figure_in_a_failed_check_is_marked_with_its_arithmetic_and_the_csv_says_the_same(store, run):
    folder, ids, golds = store
    p = run("series", "t3.granted.total", "--store", folder, "--csv", "--year", "2020", "--year", "2019")
    assert p.returncode == 0, p.stderr
    header, *rows = list(csv.reader(io.StringIO(p.stdout)))
    assert header[:10] == ["body", "names", "year", "measure", "value", "unit", "status", "check_failed", "cells",
                           "report"]
    rows = [dict(zip(header, r)) for r in rows]
    assert {r["year"] for r in rows} == {"2019", "2020"}
    broken = next(r for r in rows if r["report"] == ids["county_2020"])
    assert broken["check_failed"] == "true" and "≠" in broken["checks"], broken
    assert broken["value"] == str(golds["county_2020"]["cells"]["t3.granted.total"])
    text = next(r for r in rows if r["report"] == ids["county_gov_2019"])
    assert text["check_failed"] == "false" and text["checks"] == ""
    assert broken["cells"] == text["cells"] == "t3.granted.total" and text["where"].startswith("line "), text


def test_body_and_report_limit_the_rows(store, run):
    folder, ids, golds = store
    # 「番禺区…」 is the body printed as 「广州市番禺区…」: one body under either name.
    rows = json.loads(run("series", "t3.partial.total", "--store", folder, "--json", "--body",
                          "番禺区政务服务数据管理局").stdout)
    assert [(r["agency"], r["value"]) for r in rows] == [(golds["seed_panyu_2023"]["agency"],
                                                           golds["seed_panyu_2023"]["cells"]["t3.partial.total"])]
    rows = json.loads(run("series", "t4.review.total", "--store", folder, "--json", "--report",
                          ids["seed_guangdong_2023"]).stdout)
    assert [r["value"] for r in rows] == [golds["seed_guangdong_2023"]["cells"]["t4.review.total"]]


@pytest.mark.parametrize("args,said", [
    (["t3.nope.total"], "error: unknown measure 't3.nope.total'"),
    (["t3.new.total", "--report", "nosuchid"], "error: no report 'nosuchid' in the store"),
    ([], "error: give a MEASURE"),
    (["t3.new.total", "EMPTY"], "error: the store"),
], ids=["unknown-measure", "unknown-report", "no-measure", "empty-store"])
def test_bad_input_is_one_line_and_exit_1(store, run, tmp_path, args, said):
    folder = store[0]
    if "EMPTY" in args:
        args, folder = args[:1], tmp_path / "empty"
    p = run("series", *args, "--store", folder, "--json")
    assert p.returncode == 1 and p.stdout == ""
    assert len(p.stderr.strip().splitlines()) == 1 and p.stderr.startswith(said), p.stderr


def test_list_names_every_measure_with_its_label(run):
    p = run("series", "--list", "--json")
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert [r["measure"] for r in rows] == list(measure_names())
    granted = rows[0]
    assert granted["measure"] == "granted_rate" and granted["label"].startswith("予以公开率") and granted["unit"] == "%"
