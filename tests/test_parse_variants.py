"""Template variants and damage the stream of text brings: each on a real fixture report, changed the
way a real report differs (template.md), every cell checked."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, cells_against_gold

from ingest.bodies import bodies_to_keys, same_body
from ingest.parse import document_to_report
from ingest.relines import inline_headings
from ingest.text import text_to_document

GUANGDONG = FIXTURES / "reports" / "seed_guangdong_2023.txt"
COUNTY_2019 = FIXTURES / "reports" / "county_gov_2019.txt"
UNSEEN = FIXTURES / "unseen"


def gold(stem: str) -> dict:
    return json.loads((FIXTURES / "gold" / f"{stem}.json").read_text(encoding="utf-8"), parse_float=Decimal)


def parse_text(text: str):
    return document_to_report(text_to_document(text, "report.txt"))


# ---------------------------------------------------------------- （六）其他处理 printed as one row


def _with_one_other_row(text: str, values: str) -> str:
    lines = text.splitlines()
    keep = [ln for ln in lines if not re.search(r"逾期不补正|缴纳费用|^\s*3\.其他", ln)]
    at = next(i for i, ln in enumerate(keep) if re.search(r"[（(]七[)）]\s*总计", ln))
    keep.insert(at, f"\t（六）其他处理\t{values}")
    return "\n".join(keep)


def test_a_2021_report_printing_other_handling_as_one_row_has_its_cells_and_checks_use_them():
    text = _with_one_other_row(GUANGDONG.read_text(encoding="utf-8"), "0\t0\t0\t0\t0\t0\t0")
    report = parse_text(text)
    assert report.format == "2021"
    assert [(report.cell(f"t3.other.{c}").status, report.cell(f"t3.other.{c}").value)
            for c in ("natural_person", "total")] == [("ok", 0), ("ok", 0)]
    sub = report.cell("t3.other.no_correction.total")
    assert sub.status == "missing" and sub.value is None  # missing, never 0
    # Check 2 adds the printed row, not the missing sub-rows: it runs, and passes.
    results = next(c for c in report.checks if c.check == "t3.results.total")
    assert results.passed and "t3.other.total" in results.cells
    assert cells_against_gold(report, {**gold("seed_guangdong_2023"),
                                       "cells": {a: v for a, v in gold("seed_guangdong_2023")["cells"].items()
                                                 if not a.startswith("t3.other.")}}) == []


def test_a_one_row_other_handling_that_contradicts_the_total_fails_check_2():
    text = _with_one_other_row(GUANGDONG.read_text(encoding="utf-8"), "5\t0\t0\t0\t0\t0\t5")
    report = parse_text(text)
    assert report.cell("t3.other.total").value == 5
    assert not next(c for c in report.checks if c.check == "t3.results.total").passed


def test_the_label_of_group_six_beside_its_third_sub_row_is_not_the_one_row_variant():
    # A merged vertical label centred on its third sub-row: 「其他处理 3.其他 …」.
    text = GUANGDONG.read_text(encoding="utf-8").replace("\t\t3.其他\t", "\t其他处理\t3.其他\t")
    report = parse_text(text)
    assert report.cell("t3.other.other.total").status == "ok"
    with pytest.raises(KeyError):
        report.cell("t3.other.total")


# ---------------------------------------------------------------- the 2019 format's table 2


def test_2019_changes_can_be_negative_and_procurement_reads_items_and_amount():
    report = parse_text(COUNTY_2019.read_text(encoding="utf-8"))
    assert report.cell("t2.licensing.change").value == -2
    assert (report.cell("t2.procurement.items").value, report.cell("t2.procurement.amount").value) == (57, Decimal("4863.52"))


def test_an_amount_printed_with_its_unit_is_read_and_keeps_the_unit():
    text = COUNTY_2019.read_text(encoding="utf-8").replace("政府集中采购 57 4863.52", "政府集中采购 57 13575394432.52元")
    report = parse_text(text)
    cell = report.cell("t2.procurement.amount")
    assert (cell.status, cell.value, cell.unit) == ("ok", Decimal("13575394432.52"), "元")
    assert report.cell("t2.procurement.items").value == 57


# ---------------------------------------------------------------- figures that cannot be sure


def test_a_row_missing_one_figure_whose_digits_split_only_one_way_is_ambiguous_not_shifted():
    # 「12 1 0 0 1 0」 for seven columns: read as glued, 12 would be 1 and 2 — but the row does not add
    # up that way; a figure was lost, so which is which cannot be told.
    text = GUANGDONG.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "本机关不掌握" in ln)
    cut = "\t".join(line.split("\t")[:-1])  # its last figure lost
    report = parse_text(text.replace(line, cut.replace("\t0\t0\t0", "\t12\t0\t0", 1)))
    assert report.cell("t3.unavailable.not_held.total").status == "ambiguous"


def test_letters_printed_for_digits_are_read_only_where_the_row_adds_up():
    text = GUANGDONG.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "属于国家秘密" in ln)
    assert line.endswith("\t0")
    report = parse_text(text.replace(line, line[:-1] + "O"))
    cell = report.cell("t3.denied.state_secret.total")
    assert (cell.status, cell.value) == ("ok", 0) and "「O」" in str(cell.notes)
    # The same letter where the row does not add up with it: ambiguous, not a guess.
    bad = line.replace("\t0\t0", "\t1\t0", 1)[:-1] + "O"
    report = parse_text(text.replace(line, bad))
    assert report.cell("t3.denied.state_secret.total").status == "ambiguous"


def test_figures_in_single_spaced_text_are_not_placed_under_columns_the_labels_made():
    # Tongjiang's pdftotext layout with its runs of spaces squeezed to one, as a PDF's text layer
    # without layout gives it. 「二、上年结转…数量 3 3」 prints two figures for seven columns; read
    # by character position under "columns" learned from rows whose figures stand wherever their
    # labels end, the two 3s fell under 科研机构 and 社会公益组织: figures invented in blank cells.
    stem = "tongjiang_natres_2022"
    text = (UNSEEN / "reports" / f"{stem}.txt").read_text(encoding="utf-8")
    squeezed = "\n".join(re.sub(r" {2,}", " ", line).strip() for line in text.splitlines())
    report = parse_text(squeezed)
    want = json.loads((UNSEEN / "gold" / f"{stem}.json").read_text(encoding="utf-8"), parse_float=Decimal)["cells"]
    wrong = [(c.address, c.value, want[c.address]) for c in report.cells
             if c.status == "ok" and c.value != want[c.address]]
    assert not wrong
    carried = [report.cell(f"t3.carried_over.{col}") for col in ("research", "public_interest")]
    assert all(c.status != "ok" for c in carried)
    # The same text with its layout kept places the two figures: under 自然人 and 总计; the five
    # columns between print nothing, and as 3 already adds up to the total 3, each can only be 0.
    laid_out = parse_text(text)
    assert [(c.status, c.value) for c in (laid_out.cell("t3.carried_over.natural_person"),
                                          laid_out.cell("t3.carried_over.research"),
                                          laid_out.cell("t3.carried_over.total"))] == \
        [("ok", 3), ("ok", 0), ("ok", 3)]
    assert [n.code for n in laid_out.cell("t3.carried_over.research").notes] == ["by_position", "blank_zero_by_total"]


# ---------------------------------------------------------------- lines lost, furniture kept out


def test_inline_section_headings_are_found_in_order_and_not_inside_tables():
    text = ("本报告根据……编制。一、总体情况 2023年，我局……。二、主动公开政府信息情况第二十条第（一）项规章000"
            "三、收到和处理政府信息公开申请情况申请人情况一、本年新收政府信息公开申请数量1000001三、本年度办理结果"
            "（一）予以公开1000001四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况行政复议"
            "五、存在的主要问题及改进情况存在的问题……。六、其他需要报告的事项无。")
    found = [text[a:b] for a, b in inline_headings(text)]
    assert found == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                     "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_breadcrumbs_and_a_sidebar_above_the_title_are_not_the_report():
    text = ("首页 > 政务公开 > 政府信息公开年报\n当前位置：首页\n发布时间：2024-01-20\n"
            + GUANGDONG.read_text(encoding="utf-8"))
    report = parse_text(text)
    assert (report.agency, report.year) == ("广东省政务服务和数据管理局", 2023)
    assert not any("首页" in p.text or "发布时间" in p.text for p in report.passages)


def test_the_office_that_published_a_report_for_its_body_is_not_the_body():
    text = ("标题: 平潭综合实验区2023年度政府信息公开工作年度报告\n发布机构: 平潭综合实验区管委会办公室\n"
            "==== 正文 ====\n一、总体情况\n2023年，全区共主动公开政府信息13561条。\n")
    assert parse_text(text).agency == "平潭综合实验区"


# ---------------------------------------------------------------- one body under its printed names


@pytest.mark.parametrize("a,b,same", [
    ("番禺区政务服务数据管理局", "广州市番禺区政务服务数据管理局", True),
    ("广州市番禺区政务服务数局管理局", "广州市番禺区政务服务数据管理局", True),  # one character misprinted
    ("临江区望湖街道办事处", "河西市临江区人民政府望湖街道办事处", True),
    ("广州市番禺区发展和改革局", "广州市番禺区政务服务数据管理局", False),
    ("淮安市人民政府", "淮安市洪泽区人民政府", False),
    ("南昌市人民政府", "南昌县人民政府", False),
    ("广州市番禺区教育局", "广州市番禺区卫健局", False),  # short departments: no misprint allowed
])
def test_one_body_under_its_printed_names(a, b, same):
    assert same_body(a, b) is same
    keys = bodies_to_keys([a, b])
    assert (keys[a] == keys[b]) is same


def test_bodies_are_keyed_by_the_name_printed_most_often():
    keys = bodies_to_keys(["广州市番禺区政务服务数据管理局"] * 3 + ["广州市番禺区政务服务数局管理局"])
    assert set(keys.values()) == {"番禺区|政务服务数据管理局"}


def test_a_dev_crawler_report_reads_the_same_as_its_lines_restored():
    """The one-line crawler text and the same text cut at its headings and sentences give one report."""
    path = FIXTURES / "dev" / "reports" / "pingtan_zone_2023.txt"
    flat = path.read_text(encoding="utf-8")
    lined = re.sub(r"([。])", r"\1\n", flat)
    a, b = parse_text(flat), parse_text(lined)
    assert [(c.address, c.status, c.value) for c in a.cells] == [(c.address, c.status, c.value) for c in b.cells]
    assert (a.agency, a.year) == (b.agency, b.year)


def test_fixture_paths_exist():
    assert Path(GUANGDONG).exists() and Path(COUNTY_2019).exists()
