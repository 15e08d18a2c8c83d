"""Every figure exactly as its report prints it (issue 18), checked where a reader sees it: the
command line's answer and its JSON, the cells CSV, and the page's tables tab.

Three reports made from the fixtures' own text, in the layouts the issue names:
- a 2021-format city bureau whose 行政事业性收费 is printed 18651.06 万元 (shown as 18651.1 before);
- a 2019-format county office whose 政府集中采购 amount is printed 「251000元」 under a header with no
  unit (answered as 251000万元 before);
- the city bureau again, printing （六）其他处理 as the one row of the 2019 format (answered as missing
  before, and drawn as three blank sub-rows).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from storekit import cli_in_process

REPORTS = FIXTURES / "reports"
CITY = "江临市生态环境局"
COUNTY = "青溪县人民政府办公室"


def run(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def _city_with_fees(text: str) -> str:
    return text.replace("行政事业性收费\t0\t\t", "行政事业性收费\t18651.06\t\t")


def _county_in_yuan(text: str) -> str:
    return text.replace("采购总金额(万元)", "采购总金额").replace("政府集中采购 57 4863.52", "政府集中采购 2 251000元")


def _other_as_one_row(text: str) -> str:
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "（六）其他处理" in line)
    # The three sub-rows (2,0,1 of natural persons; 1,0,0 of companies) printed as the one row of 2019.
    return "\n".join(lines[:at] + ["\t（六）其他处理\t2\t1\t0\t0\t0\t0\t3"] + lines[at + 3:]) + "\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """(store folder, {name: report id}) of the three reports, ingested through the command line."""
    src = tmp_path_factory.mktemp("printed")
    city = (REPORTS / "city_bureau_2022.txt").read_text(encoding="utf-8")
    county = (REPORTS / "county_gov_2019.txt").read_text(encoding="utf-8")
    files = {"fees": _city_with_fees(city), "yuan": _county_in_yuan(county),
             "one_row": _other_as_one_row(city).replace("2022", "2023").replace("江临市", "溪临市")}
    for name, text in files.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    folder = tmp_path_factory.mktemp("printed-store") / "store"
    p = run("ingest", str(src), "--store", str(folder), "--json")
    assert p.returncode == 0, p.stderr[-2000:]
    items = json.loads(p.stdout)
    return str(folder), {Path(i["path"]).stem: i["report"]["id"] for i in items}


def command(*args, process=False):
    """``python -m ARGS``: in a process of its own with ``process``, else the command's ``main`` in this
    process (the same output and exit status, without seconds of imports)."""
    return run(*args) if process else cli_in_process(*args)


def ask(store, question: str, *args, process=False) -> dict:
    folder, _ = store
    p = command("retrieval", question, "--store", folder, "--json", *args, process=process)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout, parse_float=Decimal)


def cells(store, report: str, process=False) -> dict:
    folder, ids = store
    p = command("index", "cells", "--store", folder, "--report", ids[report], "--csv", process=process)
    assert p.returncode == 0, p.stderr
    return {r["address"]: r for r in csv.DictReader(io.StringIO(p.stdout))}


def test_a_decimal_amount_is_given_with_every_printed_digit(store):
    _, ids = store
    ans = ask(store, f"{CITY}2022年行政事业性收费金额是多少？", "--report", ids["fees"], process=True)  # as a script runs it
    assert ans["status"] == "answered" and ans["value"] == Decimal("18651.06"), ans["answer"]
    assert "18651.06万元" in ans["answer"] and "18651.1万" not in ans["answer"]
    [cell] = ans["cells"]
    assert cell["address"] == "t2.fees.amount" and cell["unit"] == "万元"
    en = ask(store, "How much did the Jianglin ecology and environment bureau collect in administrative fees in 2022?",
             "--report", ids["fees"])
    assert en["value"] == Decimal("18651.06") and "18651.06 万元 (= 186510600 yuan)" in en["answer"], en["answer"]
    assert cells(store, "fees", process=True)["t2.fees.amount"]["value"] == "18651.06"


def test_an_amount_printed_in_yuan_is_never_relabelled_ten_thousand_yuan(store):
    _, ids = store
    ans = ask(store, f"{COUNTY}2019年政府集中采购总金额是多少？", "--report", ids["yuan"])
    assert ans["status"] == "answered" and ans["value"] == 251000, ans["answer"]
    assert "251000元" in ans["answer"] and "251000万元" not in ans["answer"], ans["answer"]
    assert ans["cells"][0]["unit"] == "元"
    # Asked in another unit: converted exactly, beside the printed figure.
    wan = ask(store, f"{COUNTY}2019年政府集中采购总金额是多少万元？", "--report", ids["yuan"])
    assert wan["value"] == 251000 and "251000元（即25.1万元）" in wan["answer"], wan["answer"]
    row = cells(store, "yuan")["t2.procurement.amount"]
    assert (row["value"], row["unit"]) == ("251000", "元")


def test_a_group_printed_as_one_row_is_answered_from_that_row(store):
    _, ids = store
    whole = ask(store, "溪临市生态环境局2023年其他处理一共多少件？", "--report", ids["one_row"])
    assert whole["status"] == "answered" and whole["value"] == 3, whole["answer"]
    assert "印成一行" in whole["answer"] and [c["address"] for c in whole["cells"]] == ["t3.other.total"]
    # One of its sub-rows: the report does not break the row down — said, with the printed row given.
    part = ask(store, "溪临市生态环境局2023年因申请人逾期不补正而不再处理的有几件？", "--report", ids["one_row"])
    assert part["status"] == "missing" and part["value"] is None, part["answer"]
    assert "印成一行" in part["answer"] and "3件" in part["answer"]
    # Check 2 (every outcome adds up to the total handled) runs with the printed row, and holds.
    folder, _ = store
    p = command("index", "checks", "--store", folder, "--report", ids["one_row"], "--json")
    table3 = [c for c in json.loads(p.stdout) if c["check"].startswith("t3.")]
    outcomes = [c for c in table3 if "t3.other.total" in c["cells"]]
    assert outcomes and all(c["passed"] for c in table3), table3


def test_the_tables_tab_draws_the_row_the_report_printed(store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    folder, ids = store
    monkeypatch.setenv("REPORTS_STORE", folder)
    monkeypatch.setenv("REPORTS_EMBEDDING_MODEL", str(ROOT / "no-such-model"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.selectbox(key="tables-report").set_value(ids["one_row"]).run()
    [tables] = [x for x in at.tabs if x.label == "表格"]
    [t3] = [m.value for m in tables.markdown if m.proto.allow_html and 'data-table="三"' in m.value]
    assert "（六）其他处理" in t3 and 'data-address="t3.other.total">3<' in t3
    assert "逾期不补正" not in t3 and "t3.other.no_correction" not in t3
