"""Set 18: three reports a helper who never saw the code wrote for issue 18 (tests/fixtures/set18),
read as their gold says: every figure, and nothing the print does not settle.

- 芷澜县卫生健康局 2022: a Word table copied as text, its columns kept only by tabs, its zeros left
  blank. A blank applicant cell whose row's printed figures already add up to the printed 总计 is 0,
  said as such; a blank 总计 beside non-zero cells stays missing, and so do the blanks beside it.
- 汀枫市自然资源和规划局 2023: table 二 printed inside section 一, under 「（一）主动公开政府信息的数量」.
- 檀屿县人民政府 2020: the 2019 format with 「58笔 27496318.45元」 and a local 本年收费金额 column.

Before issue 18's parser work 470 of the 541 gold figures were read (2 wrong: 「58笔」 as 5 and 8).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from conftest import FIXTURES, ROOT, cells_against_gold

from ingest import parse_file, same_body

SET = FIXTURES / "set18"
GOLD = {g.stem: json.loads(g.read_text(encoding="utf-8")) for g in sorted((SET / "gold").glob("*.json"))}


@pytest.fixture(scope="module")
def reports():
    return {stem: parse_file(SET / gold["file"]) for stem, gold in GOLD.items()}


@pytest.mark.parametrize("stem", list(GOLD))
def test_every_figure_reads_as_gold_and_nothing_is_invented(reports, stem):
    report, gold = reports[stem], GOLD[stem]
    assert cells_against_gold(report, gold) == []
    # (芷澜县's signature names it with its city, 蕖阳市芷澜县卫生健康局: the same body.)
    assert same_body(report.agency, gold["agency"]) and (report.year, report.format) == (gold["year"], gold["format"])
    # Every identity of template.md that can run holds: the blanks read as 0 are the ones it needs.
    assert [c.detail for c in report.checks if not c.passed] == []


def test_a_blank_the_row_total_settles_is_0_and_says_so(reports):
    report = reports["zhilan_health_2022"]
    # 二、上年结转 「3 1 [blank] [blank] [blank] [blank] 4」; （一）予以公开 with one blank between figures.
    for address in GOLD["zhilan_health_2022"]["blank_zero"]:
        cell = report.cell(address)
        assert (cell.status, cell.value) == ("ok", 0), address
        assert [n.code for n in cell.notes][-1] == "blank_zero_by_total", (address, cell.notes)
    cell = report.cell("t3.granted.public_interest")
    assert cell.row_label.endswith("予以公开") and cell.line is not None
    # Table 4's 行政复议 「1 [blank] [blank] 1 2」: the two blanks are 0 by the group's total.
    assert [(report.cell(f"t4.review.{c}").status, report.cell(f"t4.review.{c}").value)
            for c in ("upheld", "corrected", "other", "pending", "total")] == [
        ("ok", 1), ("ok", 0), ("ok", 0), ("ok", 1), ("ok", 2)]


def test_a_blank_total_beside_figures_stays_missing_and_settles_nothing(reports):
    report = reports["zhilan_health_2022"]
    # （四）1.本机关不掌握相关政府信息 「7 2 [blank] [blank] 1 [blank] [blank]」: the tabs still place the
    # three figures; no printed total settles the blanks, so they are missing, never 0.
    row = {c: report.cell(f"t3.unavailable.not_held.{c}") for c in ("natural_person", "commercial", "research",
                                                                    "legal_services", "other_org", "total")}
    assert [(row[c].status, row[c].value) for c in row] == [
        ("ok", 7), ("ok", 2), ("missing", None), ("ok", 1), ("missing", None), ("missing", None)]
    # Marks print no number: 规章 「— — —」 and 7.属于行政执法案卷 「/」 in every cell are missing.
    assert {report.cell(a).status for a in ("t2.rules.issued", "t2.enforcement.decisions",
                                            "t3.denied.enforcement_files.natural_person")} == {"missing"}


def test_the_one_row_other_is_read_as_printed(reports):
    report = reports["zhilan_health_2022"]
    assert [report.cell(f"t3.other.{c}").value for c in ("natural_person", "commercial", "total")] == [1, 1, 2]
    assert report.cell("t3.other.other.total").status == "missing"


def test_table_2_printed_inside_section_1_is_read_there(reports):
    report = reports["tingfeng_natres_2023"]
    fees = report.cell("t2.fees.amount")
    assert (fees.status, fees.value, fees.unit) == ("ok", Decimal("3186.0475"), "万元")
    assert "行政事业性收费" in fees.source_text
    assert report.cell("t2.licensing.decisions").value == 2864
    # The index table of the portal above the article (索引号, 发布机构) is not table 二.
    assert not any("索引号" in c.source_text for c in report.cells)


def test_a_count_with_its_measure_word_and_a_local_column_are_read_by_their_names(reports):
    report = reports["tanyu_county_2020"]
    items, amount = report.cell("t2.procurement.items"), report.cell("t2.procurement.amount")
    assert (items.value, amount.value, amount.unit) == (58, Decimal("27496318.45"), "元")
    # 「行政事业性收费 52 -4 1436.2871万元」 under 「上一年项目数量 本年增/减 本年收费金额」: the 2019 format's
    # two columns are read by the header's names; the third has no cell in that format.
    assert [report.cell(f"t2.fees.{c}").value for c in ("prev_items", "change")] == [52, -4]
    assert "header_order" in [n.code for n in report.cell("t2.fees.change").notes]


def test_the_cli_says_why_a_blank_is_0():
    p = subprocess.run([sys.executable, "-m", "ingest", str(SET / "reports" / "zhilan_health_2022.txt"), "--dry-run",
                        "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    [item] = json.loads(p.stdout)
    cells = {c["address"]: c for c in item["report"]["cells"]}
    research = cells["t3.carried_over.research"]
    assert (research["status"], research["value"]) == ("ok", 0)
    assert research["note"] == "blank in print; 0 by the row total"
    assert cells["t3.unavailable.not_held.total"]["status"] == "missing"
