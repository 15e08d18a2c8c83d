"""The claim check, as a fact-checker uses it: paragraphs about the fixture reports, in Chinese and
English, every figure's verdict asserted with what the report says and where.

One real store holds the fixture reports, the development set's three real reports (a WPS PDF and
two crawler texts), the three reports of tests/fixtures/unseen and the three of tests/fixtures/heldout,
ingested as ``python -m ingest`` does it. Expected figures come from the gold files and the reports' own text, never from the
product. The ten paragraphs of tests/fixtures/claims were written before the claim check existed
(with some figures deliberately wrong); every verdict of theirs is asserted too.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import pytest
from conftest import FIXTURES
from storekit import store_of

from index import Store
from retrieval import ClaimCheck, ClaimVerdict, answer_question, check_claims, check_to_csv, check_to_markdown
from retrieval.answer import catalog_entries
from retrieval.claims import text_to_claims
from retrieval.understand.numerals import normalize_digits, text_to_quantities, zh_numeral_to_number

FOLDERS = (FIXTURES / "reports", FIXTURES / "dev" / "reports", FIXTURES / "unseen" / "reports", FIXTURES / "heldout" / "reports")
PARAGRAPHS = json.loads((FIXTURES / "claims" / "unseen_paragraphs.json").read_text(encoding="utf-8"))["paragraphs"]


def gold(stem: str) -> dict:
    for folder in (FIXTURES / "gold", FIXTURES / "dev" / "gold", FIXTURES / "unseen" / "gold", FIXTURES / "heldout" / "gold"):
        path = folder / f"{stem}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    raise KeyError(stem)


def cell(stem: str, address: str) -> float:
    return gold(stem)["cells"][address]


@pytest.fixture(scope="module")
def store(tmp_path_factory, packaged_model):
    """Every fixture, development and unseen report in one store."""
    s = store_of(tmp_path_factory.mktemp("claims") / "store", sorted(p for f in FOLDERS for p in f.iterdir()),
                 packaged_model)
    yield s
    s.close()


@pytest.fixture(scope="module")
def ids(store) -> Dict[str, str]:
    return {Path(r.path).stem: r.id for r in store.reports()}


def check(store: Store, text: str, reports: Optional[Sequence[str]] = None) -> ClaimCheck:
    return check_claims(store, text, list(reports) if reports else None)


def by_text(result: ClaimCheck) -> List[Tuple[str, str]]:
    """Each claim as (the figure as written, verdict)."""
    return [(v.claim.text, v.verdict) for v in result.verdicts]


def cited(v: ClaimVerdict) -> set:
    return {(c.report.id, c.address) for c in v.cells}


# ------------------------------------------------------------------------------------ figures in text


@pytest.mark.parametrize("text,figures", [
    ("部分公开5件", [(5, "件", "")]),
    ("新收一百二十二件申请", [(122, "件", "")]),
    ("“粤省事”粉丝数3514万", [(35_140_000, "", "")]),
    ("累计1.2万条", [(12_000, "条", "")]),
    ("获主流媒体报道超过660次", [(660, "次", "over")]),
    ("约2500条信息", [(2500, "条", "about")]),
    ("培训160余人次", [(160, "人次", "odd")]),
    ("同比增长12%", [(12, "%", "")]),
    ("收费386.52万元", [(386.52, "万元", "")]),
    ("2500条左右", [(2500, "条", "about")]),
    ("821 of them from individuals", [(821, "", "")]),
    ("more than 18,000 licences and about 2,500 items", [(18_000, "", "over"), (2500, "", "about")]),
    ("sued three times", [(3, "", "")]),
    ("35.14 million followers", [(35_140_000, "", "")]),
])
def test_a_figure_is_read_with_its_unit_and_qualifier(text, figures):
    found = text_to_quantities(normalize_digits(text))
    assert [(q.value, q.unit, q.approx) for q in found] == figures


@pytest.mark.parametrize("text", [
    "2023年，本报告依据国办公开办函〔2021〕30号编制。",
    "统计期限自2023年1月1日起至2023年12月31日止，二〇二三年度。",
    "一是打造官方传播矩阵，二是推进宣传，三是扩大统计。",
    "《条例》第二十条第（一）项，第三十九条，国务院令第711号。",
    "电话：0591-23165385；邮编：350400；地址：7号楼14层；12345热线。",
    "依托H5、5G和数字政府2.0，发布时间2024-03-08 15:34，围绕“1310”具体部署。",
    "In 2024, under Article 20 and Document No. 30, published on March 8; call 0592-3318206.",
    "1.属于国家秘密；2、其他法律行政法规禁止公开。",
])
def test_years_dates_ordinals_phone_and_document_numbers_are_not_claims(text):
    assert text_to_quantities(normalize_digits(text)) == []
    assert text_to_claims(text, []) == []


def test_chinese_numerals():
    assert [zh_numeral_to_number(x) for x in ("一百二十二", "两千五百", "十", "十二", "三万六千", "一百零五")] == \
        [122, 2500, 10, 12, 36000, 105]


def test_claims_carry_the_body_year_and_group_named_earlier(store):
    text = "广东省政务服务和数据管理局2023年共收到申请122件。其中自然人113件，商业企业8件。"
    claims = text_to_claims(text, catalog_entries(store))
    assert [c.text for c in claims] == ["122件", "113件", "8件"]
    assert {c.body for c in claims} == {"广东省政务服务和数据管理局"} and {c.year for c in claims} == {2023}
    # 「其中」 in the next sentence still breaks down the figure before: its query follows that figure's.
    assert claims[1].follows is not None and [r.key for r in claims[1].follows.rows] == ["new"]
    assert [r.key for r in claims[1].query.rows] == ["new"] and claims[1].query.col.key == "natural_person"
    assert claims[1].after and "新收" in claims[1].after[-1]
    start, end = claims[1].span
    assert text[start:end] == "113件"


# ------------------------------------------------------------------------------------ verdicts

GD, CITY, DISTRICT, TOWN, COUNTY = ("seed_guangdong_2023", "city_bureau_2022", "district_office_2024",
                                    "town_gov_2021_glued", "county_gov_2019")


def test_a_chinese_paragraph_figure_by_figure(store, ids):
    result = check(store, "2023年，广东省政数局共收到政府信息公开申请122件，其中予以公开67件、部分公开5件，"
                          "因政府信息公开被申请行政复议4件。")
    assert by_text(result) == [("122件", "supported"), ("67件", "supported"), ("5件", "contradicted"),
                               ("4件", "supported")]
    new, granted, partial, review = result.verdicts
    assert cited(new) == {(ids[GD], "t3.new.total")} and new.value == cell(GD, "t3.new.total")
    assert cited(granted) == {(ids[GD], "t3.granted.total")}
    # Contradicted: what the report says, its cell, and the difference.
    assert partial.value == cell(GD, "t3.partial.total") == 4 and partial.difference == 1
    assert cited(partial) == {(ids[GD], "t3.partial.total")}
    assert "4" in partial.reason and "多 1" in partial.reason
    assert cited(review) == {(ids[GD], "t4.review.total")}


def test_an_english_paragraph_figure_by_figure(store, ids):
    result = check(store, "In 2023 the Guangdong data administration received 122 new requests, 113 of them from "
                          "individuals, and partially disclosed 5. It faced 4 administrative reconsiderations.")
    assert by_text(result) == [("122", "supported"), ("113", "supported"), ("5", "contradicted"), ("4", "supported")]
    assert cited(result.verdicts[1]) == {(ids[GD], "t3.new.natural_person")}
    assert result.verdicts[2].value == 4 and result.verdicts[2].difference == 1
    assert result.lang == "en" and "report gives 4" in result.verdicts[2].reason


def test_chinese_numerals_are_checked_like_digits(store, ids):
    result = check(store, "广东省政数局2023年新收申请一百二十二件，部分公开四件，予以公开六十件。")
    assert by_text(result) == [("一百二十二件", "supported"), ("四件", "supported"), ("六十件", "contradicted")]
    assert result.verdicts[2].value == 67 and result.verdicts[2].difference == -7


@pytest.mark.parametrize("stem,text,value,verdict", [
    # Lawsuits are both kinds of table 4 added; a claim is contradicted by their sum.
    (DISTRICT, "滨河区发改局2024年行政诉讼3件。", 2, "contradicted"),
    (DISTRICT, "滨河区发改局2024年被提起行政诉讼2件。", 2, "supported"),
    (CITY, "江临市生态环境局2022年行政诉讼3件。", 3, "supported"),
    ("pingtan_zone_2023", "平潭综合实验区2023年被提起行政诉讼9件。", 7, "contradicted"),
])
def test_a_sum_of_cells_decides_a_claim(store, ids, stem, text, value, verdict):
    [v] = check(store, text).verdicts
    assert (v.verdict, v.value) == (verdict, value)
    if verdict == "contradicted":
        assert v.difference == int(re.search(r"(\d+)件", text).group(1)) - value
    if "行政诉讼" in text and not v.passages:
        assert cited(v) == {(ids[stem], "t4.suit_direct.total"), (ids[stem], "t4.suit_after_review.total")}
        assert sum(c.value for c in v.cells) == value


def test_figures_only_in_the_narrative(store, ids):
    result = check(store, "广东省政数局官方网站2023年全年公开政府信息571条，发布政务动态1300条；“广东政数”微信公众号粉丝数超121.1万。")
    assert by_text(result) == [("571条", "supported"), ("1300条", "contradicted"), ("超121.1万", "supported")]
    for v in result.verdicts:
        assert not v.cells and v.passages, v
        p = v.passages[0]
        assert p.report.id == ids[GD] and p.sentence and p.sentence in p.passage.text
        assert p.passage.section.startswith("一、")
    assert result.verdicts[1].value == 1223 and result.verdicts[1].difference == 77
    assert "发布政务动态 1223 条" in result.verdicts[1].passages[0].sentence


@pytest.mark.parametrize("text,verdict,stated", [
    ("广东省政数局2023年获主流媒体报道超过660次。", "supported", "超 660 次"),  # the same approximation
    ("广东省政数局2023年获主流媒体报道超过600次。", "supported", "超 660 次"),  # more than 660 is more than 600
    ("广东省政数局2023年获主流媒体报道超过700次。", "ambiguous", "超 660 次"),  # could be, could not
    ("广东省政数局2023年获主流媒体报道超过660次以上。", "supported", "超 660 次"),
    ("广东省政数局2023年共报送舆情信息约2500条。", "supported", "约2500条"),
    ("广东省政数局2023年共报送舆情信息约3500条。", "contradicted", "约2500条"),
    ("广东省政数局2023年共报送舆情信息约3000条。", "ambiguous", "约2500条"),  # 约2500 rounds to 约3000
    ("广东省政数局2023年“粤省事”微信公众号粉丝数突破3514万。", "supported", "突破 3514 万"),
    ("广东省政数局2023年“粤省事”微信公众号粉丝数超过3000万。", "supported", "突破 3514 万"),
    ("广东省政数局2023年“粤省事”微信公众号粉丝数突破4000万。", "ambiguous", "突破 3514 万"),
    ("广东省政数局2023年“粤省事”微信公众号粉丝数3514万。", "ambiguous", "突破 3514 万"),  # only "more than"
    ("青溪县2019年12345政务服务热线受理群众诉求1.9万件。", "supported", "1.86万件"),  # 1.9万 rounds 18,600
    ("青溪县2019年12345政务服务热线受理群众诉求2.5万件。", "contradicted", "1.86万件"),
    ("平潭综合实验区2023年全年发布政策解读约120篇。", "supported", "117篇"),
    ("平潭综合实验区2023年全年发布政策解读近120篇。", "supported", "117篇"),
    ("平潭综合实验区2023年全年发布政策解读超过120篇。", "contradicted", "117篇"),
])
def test_approximations(store, text, verdict, stated):
    [v] = check(store, text).verdicts
    assert v.verdict == verdict, (v.reason, v.answer.answer)
    assert v.stated.replace(" ", "") == stated.replace(" ", "")
    assert v.passages and v.passages[0].sentence


@pytest.mark.parametrize("text", [
    "淮阴区政府2023年新收政府信息公开申请50件。",  # the body is not loaded
    "广东省政数局2021年新收政府信息公开申请100件。",  # the year is not loaded
    "The Jiangsu provincial government received 300 requests in 2023.",
])
def test_a_body_or_year_not_loaded_is_not_found_and_no_other_figure_is_taken(store, text):
    [v] = check(store, text).verdicts
    assert v.verdict == "not_found" and v.value is None
    assert v.cells == () and v.passages == ()


def test_a_figure_of_no_body_among_several_is_not_found_until_the_check_is_limited(store, ids):
    [v] = check(store, "官方网站全年公开政府信息571条。").verdicts
    assert v.verdict == "not_found" and "单位" in v.reason
    [v] = check(store, "官方网站全年公开政府信息571条。", [ids[GD]]).verdicts
    assert v.verdict == "supported" and v.passages[0].report.id == ids[GD]


def test_a_check_limited_to_other_reports_does_not_read_the_body_named(store, ids):
    [v] = check(store, "广东省政数局2023年部分公开4件。", [ids[CITY]]).verdicts
    assert v.verdict == "not_found" and v.value is None and not v.cells


def test_the_reports_own_ambiguous_figure(store, ids):
    """桐木镇's glued row splits two ways: the figure is ambiguous, never guessed."""
    assert "t3.granted.natural_person" in gold(TOWN)["ambiguous"]
    [v] = check(store, "桐木镇2021年予以公开的申请中自然人提出的有11件。").verdicts
    assert v.verdict == "ambiguous" and v.value is None
    assert any(c.address == "t3.granted.natural_person" and c.cell.status == "ambiguous" for c in v.cells)


def test_a_figure_in_a_failed_check_is_ambiguous_with_the_arithmetic(store, ids):
    """江临市生态环境局's text says 部分公开5件, its table 3: the claim 5 is neither confirmed nor refuted."""
    [v] = check(store, "江临市生态环境局2022年部分公开5件。").verdicts
    assert v.verdict == "ambiguous"
    assert v.value == cell(CITY, "t3.partial.total") == 3
    assert v.answer.warnings and "部分公开 5 件" in v.answer.warnings[0].detail
    assert v.answer.warnings[0].detail in v.reason


def test_growth_and_shares(store, ids):
    result = check(store, "鹭湾市市场监督管理局2024年新收政府信息公开申请1117件，较上年增长9.3%。"
                          "平潭综合实验区2023年办结依申请公开81件，其中予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；"
                          "无法提供31件，占40%。")
    assert by_text(result) == [("1117件", "supported"), ("9.3%", "supported"), ("81件", "supported"),
                               ("42件", "supported"), ("51.85%", "supported"), ("5件", "supported"),
                               ("6.17%", "supported"), ("31件", "supported"), ("40%", "contradicted")]
    share = result.verdicts[4]
    assert share.value == 51.9 and "42 ÷ 81" in share.stated
    assert {c.address for c in share.cells} == {"t3.granted.total", "t3.partial.total", "t3.total_handled.total"}


def test_the_development_reports(store, ids):
    h = gold("huaian_city_2024")["cells"]
    result = check(store, f"淮安市人民政府2024年新收政府信息公开申请{h['t3.new.total']}件，被申请行政复议"
                          f"{h['t4.review.total']}件，被提起行政诉讼{h['t4.suit_direct.total'] + h['t4.suit_after_review.total'] + 4}件。")
    assert [v.verdict for v in result.verdicts] == ["supported", "supported", "contradicted"]
    assert all(c.report.id == ids["huaian_city_2024"] and c.cell.page for v in result.verdicts for c in v.cells)


def test_the_text_stating_the_claims_figure_where_the_table_differs(store, ids):
    """广东省政数局's text: 「共办理依申请公开123件」 (received and carried over), its table's total handled 116."""
    [v] = check(store, "广东省政数局2023年共办理依申请公开123件。").verdicts
    assert v.verdict in ("supported", "ambiguous")
    assert any("123件" in (p.sentence or "") for p in v.passages)


# ------------------------------------------------------------------------------------ unseen paragraphs


def test_ten_unseen_paragraphs_every_verdict_right_and_none_wrongly_supported(store):
    """The paragraphs of tests/fixtures/claims, written before the claim check: every figure found,
    every verdict as the reports give it, and no contradicted figure ever marked supported."""
    wrong, wrongly_supported, total = [], [], 0
    for p in PARAGRAPHS:
        result = check(store, p["text"])
        got = result.verdicts
        assert len(got) == len(p["claims"]), (p["id"], by_text(result))
        for v, (figure, verdict, value) in zip(got, p["claims"]):
            total += 1
            assert figure in v.claim.text or v.claim.text in figure, (p["id"], figure, v.claim.text)
            if v.verdict != verdict:
                wrong.append(f"{p['id']} {figure}: {v.verdict} ({v.reason}) — expected {verdict}")
            if v.verdict == "supported" and verdict != "supported":
                wrongly_supported.append(f"{p['id']} {figure}")
            if verdict in ("supported", "contradicted") and v.verdict == verdict:
                assert float(v.value) == pytest.approx(value), (p["id"], figure, v.value)
    assert total == 51
    assert wrongly_supported == []
    assert wrong == []


# ------------------------------------------------------------------------------------ exports


def test_the_csv_has_a_row_per_figure_with_its_citations(store, ids):
    result = check(store, "2023年，广东省政数局部分公开5件，官方网站全年公开政府信息571条。")
    rows = list(csv.DictReader(io.StringIO(check_to_csv(result, "zh"))))
    assert [(r["figure_text"], r["verdict"], r["report_value"]) for r in rows] == [("5件", "contradicted", "4"),
                                                                                 ("571条", "supported", "571")]
    assert rows[0]["difference"] == "1" and rows[0]["addresses"] == "t3.partial.total"
    assert "表三" in rows[0]["cells"] and "部分公开" in rows[0]["cells"] and "总计" in rows[0]["cells"]
    assert re.search(r"第\d+行", rows[0]["cells"])
    assert "全年公开政府信息 571 条" in rows[1]["passages"] and "一、总体情况" in rows[1]["passages"]
    assert check_to_csv(result, "zh", bom=True).startswith("\ufeff")


def test_the_markdown_note_cites_report_table_row_column_and_place(store, ids):
    result = check(store, "2023年，广东省政数局部分公开5件，官方网站全年公开政府信息571条。")
    note = check_to_markdown(result, "zh")
    assert note.startswith("# 核对记录")
    assert "核对了 2 个数字" in note
    assert "**5件**[1]" in note and "**571条**[2]" in note
    block = note.split("### [1]")[1].split("### [2]")[0]
    assert "与报告不符" in block and "广东省政务服务和数据管理局2023年" in block
    assert "表三" in block and "部分公开" in block and "总计" in block and re.search(r"第\d+行", block)
    assert "差异（文中减报告）：1" in block
    english = check_to_markdown(result, "en")
    assert english.startswith("# Fact-check note") and "table 3" in english


def test_an_empty_or_overlong_text_is_refused_in_one_sentence(store):
    from errors import ClaimsError

    with pytest.raises(ClaimsError) as e:
        check(store, "  ")
    assert e.value.code == "claims_empty"
    with pytest.raises(ClaimsError) as e:
        check(store, "部分公开5件。" * 4000)
    assert e.value.code == "claims_too_long" and "characters" in str(e.value)


def test_a_text_with_no_figures_has_no_claims(store):
    assert check(store, "2023年，广东省政数局持续深化政务公开。").verdicts == ()


# ------------------------------------------------------------------------------------ a second unseen set

def _jsonl(name: str) -> List[dict]:
    return [json.loads(line) for line in (FIXTURES / "claims" / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]


#: Two more sets of ten paragraphs (100 figures each), written by helpers who never saw the code,
#: from the gold files and the reports' text (tests/fixtures/claims/paragraphs_13*.jsonl; /work/claims13
#: and /work/claims13c hold their check scripts). Measured before any change made for each: set 13,
#: 66 of 100 verdicts right with one contradicted figure marked supported (another year's figure);
#: set 13c (written after set 13's fixes, in other styles: a press release, a WeChat post, an interview,
#: a wire brief, prose tables, bullets, a column in Chinese numerals, two-year comparisons), 69 of 100
#: right, none wrongly supported.
#: A third set (tests/fixtures/claims/paragraphs_s19.jsonl: 8 paragraphs, 83 figures over all fifteen
#: reports, in styles the first two lack: a TV script in Chinese numerals, an academic two-year
#: comparison with shares and percentage points, a Weibo thread, an English newspaper story, a
#: county congress speech, a fact box, a correction notice, an interview about several bodies),
#: written for issue 19 by a helper who never saw the code; measured before any change for it at
#: 49 of 83 right, none wrongly supported.
#: A fourth (paragraphs_p19c.jsonl: 10 paragraphs, 117 figures: a commentary, an English wire story, a
#: press release quoting the report with one wrong figure, a Weibo thread with 「w」 for 万, a data blog
#: comparing two bodies, council minutes in financial numerals (「捌拾叁件」), an NGO brief, TV subtitles
#: with 「4.1千条」, an interview, a student's two-year report), written after the claim check had been
#: rebuilt on queries: 46 of 117 right on the round's starting code, 63 (54 %) on arrival, 1 marked
#: supported that its writer counted contradicted (a 「前年」 its writer meant from early 2025, now
#: written as the years) — then the financial numerals and the multipliers 千, 千万 and 「w」 were read.
SETS_13 = {"13": _jsonl("paragraphs_13.jsonl"), "13c": _jsonl("paragraphs_13c.jsonl"), "s19": _jsonl("paragraphs_s19.jsonl"),
           "p19c": _jsonl("paragraphs_p19c.jsonl")}
#: How many figures each set states.
SET_SIZES = {"13": 100, "13c": 100, "s19": 83, "p19c": 117}
#: Verdicts of those sets the product still gives otherwise, each a reading it does not make yet
#: (the test fails the day one is right, so the list stays true).
KNOWN_13 = {
    ("13", "p08", "handled 123 disclosure requests"): "amber, by design: “handled” is table 3's total handled "
                                                      "(116), and the text's own breakdown (122 new + 1 carried over) "
                                                      "makes 123 — both said; the writer counted it supported",
    ("13c", "p04", "some 3.5 million"): "an English narrative figure in 万 (352.64万 complaints) is not found",
    ("13c", "p05", "nearly ten times"): "a ratio between two bodies' figures is not asked",
    ("13c", "p07", "三千多份"): "a headline's 「三千多份申请」 with no year is not understood as new applications",
    ("13c", "p10", "twice as many"): "\"twice as many\" is not read as a figure",
    ("s19", "s19p01", "全年办结一千一百二十五件"): "amber, by the product's rule: 办结 (办理结果总计) is in the results' total "
                                              "check 鹭湾's report fails; the writer counts it supported",
    ("s19", "s19p01", "两项合计四百三十五件"): "amber, by the product's rule: 予以公开 and 部分公开 are in the results' "
                                           "total check that 鹭湾's report fails (its 不掌握 row, 185, adds up to 175); "
                                           "this writer pins the failure on that row and counts 340 + 95 supported, "
                                           "set p7-luwan-en's writer counts 340 and 95 amber",
    ("s19", "s19p01", "占办结总量的百分之四十二"): "amber for the same check (the share 38.7% is said, and that the "
                                             "text's 42 is 3.3 higher); the writer counts it contradicted",
    # p19c, measured when kept: what is still not read (not found, ambiguous) and four verdicts
    # that give another figure than the one the text is about (defects, named as such).
    ("p19c", "p19c01", "占比仅为11.2%"): "not_found — expected contradicted",
    ("p19c", "p19c01", "复议后起诉的有7件"): "ambiguous — expected contradicted",
    ("p19c", "p19c02", "8 of which ended with the original decision corrected"): "contradicted as it should be, but against the reviews' total (36), not the corrected ones (3): \"of which … corrected\" after a total is not read as table 4's column — a defect",
    ("p19c", "p19c04", "占受理量的59.5%，过半了"): "not_found — expected contradicted",
    ("p19c", "p19c04", "维持的反而只有37件"): "not_found — expected contradicted",
    ("p19c", "p19c05", "桐江66件"): "not_found — expected supported",
    ("p19c", "p19c05", "江临也是75件"): "not_found — expected supported",
    ("p19c", "p19c05", "两家合计办结142件"): "contradicted as it should be, but against one body's 75, not the two bodies' sum 141: a sum across two bodies named before is not asked — a defect",
    ("p19c", "p19c05", "桐江为86.6%"): "not_found — expected supported",
    ("p19c", "p19c05", "江临只有68.0%"): "not_found — expected contradicted",
    ("p19c", "p19c07", "counts 81 information requests"): "not_found — expected supported",
    ("p19c", "p19c07", "80 of them from individuals"): "not_found — expected supported",
    ("p19c", "p19c07", "one from a business"): "not read as a figure",
    ("p19c", "p19c07", "Just over half of the closed requests (51.85%)"): "ambiguous — expected supported",
    ("p19c", "p19c07", "42 in all"): "not_found — expected supported",
    ("p19c", "p19c07", "Fewer than one in five applicants"): "not_found — expected contradicted",
    ("p19c", "p19c07", "only 1,654 items"): "not_found — expected contradicted",
    ("p19c", "p19c07", "about 59.49 million yuan"): "ambiguous — expected supported",
    ("p19c", "p19c07", "2 administrative reviews"): "ambiguous — expected supported",
    ("p19c", "p19c07", "7 lawsuits"): "ambiguous — expected supported",
    ("p19c", "p19c07", "received 64 requests the year before"): "\"the year before\" with no year of the text to count from is read as the latest report (154): a defect; the writer counts it not found",
    ("p19c", "p19c08", "受理来电21.6万件"): "not read as a figure",
    ("p19c", "p19c09", "比上一年增长9.3%"): "not_found — expected supported",
    ("p19c", "p19c09", "全年办结1125件"): "ambiguous — the report's own check fails, amber by the product's rule",
    ("p19c", "p19c09", "不予处理的有222件"): "ambiguous — the report's own check fails, amber by the product's rule",
    ("p19c", "p19c09", "占办结量将近两成"): "ambiguous — the report's own check fails, amber by the product's rule",
    ("p19c", "p19c09", "信访举报投诉类的有66件"): "ambiguous — the report's own check fails, amber by the product's rule",
    ("p19c", "p19c09", "其中复议后起诉12件"): "ambiguous — expected contradicted",
    ("p19c", "p19c09", "今年以来又收到了300多件"): "「今年以来」 (this calendar year so far) is read as the report's year (1117): a defect; the writer counts it not found",
    ("p19c", "p19c10", "2024年增加到53件"): "not_found — expected supported",
    ("p19c", "p19c10", "增长了39.5%"): "not_found — expected supported",
    ("p19c", "p19c10", "2024年还是14个"): "not_found — expected contradicted",
    ("p19c", "p19c10", "2024年21件"): "not_found — expected supported",
}


@pytest.mark.parametrize("name", list(SETS_13))
def test_unseen_paragraph_sets_every_verdict_right_but_the_known_and_none_wrongly_supported(store, name):
    wrong, wrongly_supported, total = {}, [], 0
    for p in SETS_13[name]:
        result = check(store, p["text"])
        for c in p["claims"]:
            total += 1
            a = p["text"].index(c["figure_text"])
            b = a + len(c["figure_text"])
            got = [v for v in result.verdicts if v.claim.span[0] < b and v.claim.span[1] > a]
            key = (name, p["id"], c["figure_text"])
            if not got:
                wrong[key] = "not read as a figure"
                continue
            v = min(got, key=lambda v: v.claim.figure != c["figure"])
            if v.verdict != c["verdict"]:
                wrong[key] = f"{v.verdict} ({v.reason}) — expected {c['verdict']}"
            elif c["verdict"] in ("supported", "contradicted") and c.get("calc") is None and c.get("scale") is None \
                    and float(v.value) != pytest.approx(c["report_value"]):
                wrong[key] = f"{v.verdict} with the report's figure as {v.value} — it is {c['report_value']}"
            if v.verdict == "supported" and c["verdict"] != "supported":
                wrongly_supported.append(key)
        # No figure read where the writer saw none (a date, an ordinal, 「一部分」).
        extra = [v.claim.text for v in result.verdicts
                 if not any(v.claim.span[0] < p["text"].index(c["figure_text"]) + len(c["figure_text"])
                            and v.claim.span[1] > p["text"].index(c["figure_text"]) for c in p["claims"])]
        assert extra == [], (p["id"], extra)
    assert total == SET_SIZES[name]
    assert wrongly_supported == []
    mine = {k for k in KNOWN_13 if k[0] == name}
    assert set(wrong) == mine, {k: w for k, w in wrong.items() if k not in mine}


def test_a_year_compared_with_or_contrasted_is_not_the_year_of_the_figures_after_it(store, ids):
    """「比2023年的81件」 is 2023's figure and 「多73件」 the change; a year named after a sentence's first
    figure (「而2023年…」) is not carried into the next sentence: the licences are 2025's, not 2023's."""
    pt23, pt25 = gold("pingtan_zone_2023")["cells"], gold("pingtan_zone_2025")["cells"]
    text = ("平潭综合实验区2025年共收到政府信息公开申请154件，比2023年的81件多73件，而2023年行政复议只有2件。"
            f"全年作出行政许可决定{pt23['t2.licensing.decisions']}件。")
    got = [(v.claim.text, v.verdict, v.value) for v in check(store, text).verdicts]
    assert got == [("154件", "supported", pt25["t3.new.total"]), ("81件", "supported", pt23["t3.new.total"]),
                   ("73件", "supported", pt25["t3.new.total"] - pt23["t3.new.total"]),
                   ("2件", "supported", pt23["t4.review.total"]),
                   (f"{pt23['t2.licensing.decisions']}件", "contradicted", pt25["t2.licensing.decisions"])]


def test_a_fee_collected_is_not_applications_received(store, ids):
    """「收了」 is how people say applications were received, but 「收了信息处理费」 is money: the
    report's fee (100元, a sentence of its text), never its 318 new applications."""
    got = [(v.claim.text, v.verdict, v.value) for v in check(store, "望澜县2025年全年只收了信息处理费1000元。").verdicts]
    assert got == [("1000元", "contradicted", 100)]


def test_shares_in_tenths_figures_in_brackets_and_clauses_that_lean_on_the_one_before(store, ids):
    """「超八成」 is over 80%, of the figure before; 「（286件）」 restates its count; 「两项合计」 adds the two
    figures before; 「金额100元」 is the amount of the clause before."""
    c = gold("wanglan_county_2025")["cells"]
    share = round(100 * (c["t3.granted.total"] + c["t3.partial.total"]) / c["t3.total_handled.total"], 1)
    text = (f"望澜县人民政府2025年新收政府信息公开申请{c['t3.new.total']}件，超八成来自自然人（{c['t3.new.natural_person']}件）；"
            f"予以公开{c['t3.granted.total']}件、部分公开{c['t3.partial.total']}件，两项合计占比近六成；"
            "全年向1名申请人收取信息处理费，金额100元。")
    got = {v.claim.text: (v.verdict, v.value) for v in check(store, text).verdicts}
    assert got["超八成"][0] == "supported"
    assert got[f"{c['t3.new.natural_person']}件"] == ("supported", c["t3.new.natural_person"])
    assert got["近六成"] == ("contradicted", pytest.approx(share))
    assert got["100元"] == ("supported", 100)
    assert "两项" not in " ".join(got)


def test_english_gapping_and_a_year_after_the_figure(store, ids):
    """"… and Pingtan 9 times" leaves out "was sued"; "in 2024" after the figure is its year, and a body
    keeps the year the text first gave it."""
    h, p = gold("huaian_city_2024")["cells"], gold("pingtan_zone_2025")["cells"]
    suits = lambda c: c["t4.suit_direct.total"] + c["t4.suit_after_review.total"]  # noqa: E731
    text = (f"Huai'an's city government logged {h['t3.new.total']:,} new requests in 2024; Pingtan, reporting for 2025, "
            f"logged {p['t3.new.total']}. In court, Huai'an was sued {suits(h)} times and Pingtan {suits(p)} times.")
    got = [(v.verdict, v.value, v.claim.year) for v in check(store, text).verdicts]
    assert got == [("supported", h["t3.new.total"], 2024), ("supported", p["t3.new.total"], 2025),
                   ("supported", suits(h), 2024), ("supported", suits(p), 2025)]


def test_a_figure_the_text_breaks_into_parts_is_said_both_ways_and_of_them_is_of_the_sum(store, ids):
    """「共办结申请123件（新收122件、上年结转1件）」: 办结 is table 3's total handled, but the parts the
    text lists (both right) add up to 123 — amber, both said, never green; 「其中自然人」 after the parts
    is of their sum (113 + 1)."""
    c = gold("seed_guangdong_2023")["cells"]
    whole = c["t3.new.total"] + c["t3.carried_over.total"]
    assert whole != c["t3.total_handled.total"]
    text = (f"2023年，广东省政数局共办结申请{whole}件（新收{c['t3.new.total']}件、上年结转{c['t3.carried_over.total']}件），"
            f"其中自然人{c['t3.new.natural_person'] + c['t3.carried_over.natural_person']}件。")
    got = [(v.verdict, v.value) for v in check(store, text).verdicts]
    assert got == [("ambiguous", c["t3.total_handled.total"]), ("supported", c["t3.new.total"]),
                   ("supported", c["t3.carried_over.total"]),
                   ("supported", c["t3.new.natural_person"] + c["t3.carried_over.natural_person"])]
    reason = check(store, text).verdicts[0].reason
    assert str(c["t3.total_handled.total"]) in reason and f"{c['t3.new.total']} + {c['t3.carried_over.total']}" in reason


def test_what_a_reviewer_tried_to_get_marked_green(store, ids):
    """A reviewer's attempts at a wrong figure marked supported, each now read as the report reads:
    figures swapped within a report's sentence, a year two years on, a share of another base, a
    district named where only its city is loaded, 「近」 far below, "the bureau" of two bodies named."""
    pt23, pt25 = gold("pingtan_zone_2023")["cells"], gold("pingtan_zone_2025")["cells"]
    gd, wl = gold("seed_guangdong_2023")["cells"], gold("wanglan_county_2025")["cells"]

    def verdicts(text):
        return [(v.claim.text, v.verdict, v.value) for v in check(store, text).verdicts]

    # The report: 「部门动态类信息 37 条、…其他信息 7 条」 — swapped in the text.
    got = verdicts("广州市番禺区政务服务数据管理局2023年通过区政府门户网站公开政府信息55条，其中部门动态类信息7条、其他信息37条。")
    assert got[1:] == [("7条", "contradicted", 37), ("37条", "contradicted", 7)]
    # 「两年后」, "two years later": 2025's figures, not 2023's.
    assert verdicts(f"平潭综合实验区2023年新收申请{pt23['t3.new.total']}件。两年后，该区予以公开{pt23['t3.granted.total']}件。")[1] \
        == (f"{pt23['t3.granted.total']}件", "contradicted", pt25["t3.granted.total"])
    got = verdicts(f"Pingtan received {pt23['t3.new.total']} requests in 2023. Two years later the zone faced "
                   f"{pt23['t4.review.total']} administrative reviews.")
    assert [g[1:] for g in got] == [("supported", pt23["t3.new.total"]), ("contradicted", pt25["t4.review.total"])]
    # A share of the 122 received is not the share of the 116 handled.
    share = round(100 * gd["t3.granted.total"] / gd["t3.total_handled.total"], 1)
    got = verdicts(f"Guangdong's data bureau granted {share}% of the {gd['t3.new.total']} requests it received in 2023.")
    assert got[0][1:] == ("contradicted", round(100 * gd["t3.granted.total"] / gd["t3.new.total"], 1))
    # 淮安区 is not 淮安市.
    assert verdicts("淮安区人民政府2024年新收政府信息公开申请3119件。")[0][1:] == ("not_found", None)
    # 「近1万件」 is not 3,921.
    assert verdicts("望澜县人民政府2025年作出行政处罚决定近1万件。")[0][1:] == ("contradicted", wl["t2.penalty.decisions"])
    # "The bureau" after a bureau and a county are named is the bureau.
    tj = gold("tongjiang_natres_2022")["cells"]
    got = verdicts(f"Tongjiang's natural resources bureau received {tj['t3.new.total']} requests in 2022. Wanglan county "
                   f"received {wl['t3.new.total']} new requests in 2025. The bureau granted {wl['t3.granted.total']} in full.")
    assert got[-1][1:] == ("contradicted", tj["t3.granted.total"])


def test_from_and_to_years_bracketed_years_and_bodies_pointed_at_by_level(store, ids):
    """「从2023年的81件增至2025年的154件」 and 「从1330件降至644件」 after it: each figure its own year's;
    「上一份年报（2023年）显示，当年…」: 2023's; 「省局…区局…」: the provincial bureau, then the district's."""
    pt23, pt25 = gold("pingtan_zone_2023")["cells"], gold("pingtan_zone_2025")["cells"]
    gd, py = gold("seed_guangdong_2023")["cells"], gold("seed_panyu_2023")["cells"]
    text = (f"平潭综合实验区新收政府信息公开申请从2023年的{pt23['t3.new.total']}件增至2025年的{pt25['t3.new.total']}件，"
            f"行政处罚决定则从{pt23['t2.penalty.decisions']}件降至{pt25['t2.penalty.decisions']}件。")
    assert [(v.verdict, v.claim.year) for v in check(store, text).verdicts] == \
        [("supported", 2023), ("supported", 2025), ("supported", 2023), ("supported", 2025)]
    text = (f"平潭综合实验区2025年新收申请{pt25['t3.new.total']}件。该区上一份年报（2023年）显示，当年予以公开"
            f"{pt23['t3.granted.total']}件。")
    assert [(v.claim.text, v.verdict) for v in check(store, text).verdicts] == \
        [(f"{pt25['t3.new.total']}件", "supported"), (f"{pt23['t3.granted.total']}件", "supported")]
    text = (f"广东省政务服务和数据管理局2023年新收申请{gd['t3.new.total']}件，广州市番禺区政务服务数据管理局仅1件。"
            f"省局予以公开{gd['t3.granted.total']}件，区局部分公开{gd['t3.partial.total']}件。")
    got = [(v.verdict, v.value) for v in check(store, text).verdicts]
    assert got[2:] == [("supported", gd["t3.granted.total"]), ("contradicted", py["t3.partial.total"])]


def test_a_place_with_another_department_or_level_in_english_is_not_loaded(store, ids):
    """"Wanglan's natural resources bureau" is not Wanglan's county government, "Huai'an district" not
    Huai'an city: their figures are not checked against those reports, and the chat says so too."""
    wl, ha = gold("wanglan_county_2025")["cells"], gold("huaian_city_2024")["cells"]
    got = check(store, f"Wanglan's natural resources bureau issued {wl['t2.normative.issued']} normative documents in 2025. "
                       f"Huai'an district received {ha['t3.new.total']:,} requests in 2024.").verdicts
    assert [(v.verdict, v.cells) for v in got] == [("not_found", ()), ("not_found", ())]
    for q in ("How many normative documents did Wanglan's natural resources bureau issue in 2025?",
              "How many requests did Huai'an district receive in 2024?", "淮安区人民政府2024年新收政府信息公开申请多少件？"):
        a = answer_question(store, q)
        assert a.status == "missing" and a.value is None and not a.cells, (q, a.answer)


# ------------------------------------------------------------------------------------ the writer's arithmetic (issue 19)


def verdicts_of(store, text: str, reports: Optional[Sequence[str]] = None) -> List[Tuple[str, str, object]]:
    return [(v.claim.text, v.verdict, v.value) for v in check(store, text, reports).verdicts]


def test_each_figure_is_checked_by_a_query_not_a_question(store, ids):
    """The claim check asks the answer engine queries it builds (intent, measure, years, body), never a
    question string to parse again: a share with its base, a growth between the years the text compares."""
    text = "平潭综合实验区新收申请从2023年的81件增至2025年的154件，增幅达90.1%；2025年予以公开33件，约占办结总数的22%。"
    claims = text_to_claims(text, catalog_entries(store))
    growth, share = claims[2].query, claims[4].query
    assert growth.intent.value == "growth" and growth.years == (2023, 2025) and [r.key for r in growth.rows] == ["new"]
    assert share.intent.value == "ratio" and [r.key for r in share.rows] == ["granted"]
    assert share.denominator is not None and share.denominator.key == "total_handled"
    assert "占" in claims[4].question and "比例" in claims[4].question  # the query described, not a question asked


def test_a_change_from_one_figure_to_another_its_growth_and_a_share_in_another_year(store, ids):
    """「从1330件降到644件，降幅51.6%」: each end its year's figure, the growth computed from the cells
    at the text's rounding; 「2025年降至22.3%」 is the share before in the other year; 「下降4.9个百分点」
    the difference of the two shares."""
    text = ("平潭综合实验区2023年和2025年相比，行政处罚决定从1330件降到644件，降幅51.6%。"
            "2023年予以公开的申请占办结总数的27.2%，2025年降至22.3%，下降了4.9个百分点。")
    got = verdicts_of(store, text)
    assert [g[:2] for g in got] == [("1330件", "supported"), ("644件", "supported"), ("51.6%", "supported"),
                                    ("27.2%", "supported"), ("22.3%", "supported"), ("4.9个百分点", "supported")]
    wrong = verdicts_of(store, text.replace("降幅51.6%", "降幅48.4%").replace("下降了4.9个", "下降了5.9个"))
    assert wrong[2][1] == "contradicted" and wrong[5][1] == "contradicted"
    # Chinese numerals: 「百分之五十一点六」 is 51.6%.
    assert verdicts_of(store, text.replace("降幅51.6%", "降幅百分之五十一点六"))[2][1] == "supported"


def test_rose_to_is_the_later_figure_and_rose_by_the_change(store, ids):
    """「增至36件」, "rose to 36": the later year's figure; 「增加34件」, "rose by 34": the change."""
    assert verdicts_of(store, "平潭综合实验区2025年行政复议增至36件。")[0][1:] == ("supported", 36)
    got = verdicts_of(store, "Pingtan's administrative reviews rose to 36 in 2025, from 2 in 2023.")
    assert [g[1:] for g in got] == [("supported", 36), ("supported", 2)]
    assert verdicts_of(store, "平潭综合实验区2025年行政复议比2023年增加34件。")[0][1:] == ("supported", 34)
    assert verdicts_of(store, "平潭综合实验区2025年行政复议比2023年增加36件。")[0][1] == "contradicted"


def test_a_share_named_by_its_base_alone_is_of_the_figure_before(store, ids):
    """「予以公开33件，约占办结总数的22%」, "33 in full, about 22% of those closed": the share of the
    figure before in the base named, compared at the text's own rounding."""
    assert verdicts_of(store, "平潭综合实验区2025年予以公开33件，约占办结总数的22%。")[1][1] == "supported"
    assert verdicts_of(store, "平潭综合实验区2025年予以公开33件，占办结总数的22.9%。")[1][1:] == ("contradicted", 22.3)
    got = verdicts_of(store, "In 2025 Pingtan granted 33 requests in full, about 22% of those it closed.")
    assert got[1][1] == "supported"


def test_a_label_before_a_colon_and_prose_run_into_a_body_s_name(store, ids):
    """A fact box's 「新收申请：154件」 counts what its label says; 「市一级看鹭湾市市场监督管理局」 is that body."""
    got = verdicts_of(store, "【数读】平潭综合实验区2025年\n· 新收申请：154件\n· 行政复议：35起")
    assert [g[1:] for g in got] == [("supported", 154), ("contradicted", 36)]
    got = verdicts_of(store, "记者：哪家最多？答：市一级看鹭湾市市场监督管理局。该局2024年新收申请1117件。")
    assert got[0][1] == "supported"


def test_a_bare_verb_counts_what_the_text_counts_and_a_difference_between_bodies(store, ids):
    """In a text about applications 「2019年收到83件」 counts applications; 「比云岚省交通运输厅少63件」 is the
    difference between the two bodies' figures, each in the year the text gives it."""
    text = "云岚省交通运输厅2020年新收申请146件。青溪县人民政府办公室2019年收到83件，比交通运输厅少63件。"
    assert [g[1:] for g in verdicts_of(store, text)] == [("supported", 146), ("supported", 83), ("supported", 63)]
    assert verdicts_of(store, text.replace("少63件", "少73件"))[2][1] == "contradicted"


def test_a_right_figure_is_never_marked_red_with_another_things_figure(store, ids):
    """A clause that names nothing the report's sentence counts is not contradicted by that sentence
    (「收到83件」 is not the 412 letters to the county head's mailbox), and a breakdown the tables lack
    (「平均答复用时」) is not the deadline the text states (「20个工作日内」)."""
    [v] = check(store, "青溪县人民政府办公室2019年收到83件。").verdicts
    assert v.verdict != "contradicted"
    [v] = check(store, "桐江县自然资源局2022年依申请公开平均答复用时9个工作日。").verdicts
    assert v.verdict == "not_found"
    # 「本年度制发行政规范性文件88件」 is the documents issued, not those in force.
    wl = gold("wanglan_county_2025")["cells"]
    [v] = check(store, f"望澜县人民政府2025年本年度制发行政规范性文件{wl['t2.normative.issued']}件。").verdicts
    assert (v.verdict, v.value) == ("supported", wl["t2.normative.issued"])


def test_a_government_named_by_its_level_alone_and_a_year_before(store, ids):
    """「县政府2025年…年报」 with one county government loaded is that government; "the year before"
    is the year before the figure's body's year, never today's."""
    got = verdicts_of(store, "我认真读了县政府2025年政府信息公开工作年度报告。去年全县新收政府信息公开申请318件。")
    assert got == [("318件", "supported", 318)]
    got = verdicts_of(store, "Guangdong's data bureau received 122 new requests in 2023. The bureau had received 98 requests "
                             "the year before.")
    assert got[1][1] == "not_found"  # 2022 is not loaded


def _amount_report(folder: Path, name: str, header: str, row: str) -> Path:
    """青溪县's 2019 report as another county's, its procurement amount printed as given."""
    text = (FIXTURES / "reports" / "county_gov_2019.txt").read_text(encoding="utf-8").replace("青溪", name)
    text = text.replace("采购总金额(万元)", header).replace("政府集中采购 57 4863.52", row)
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def amounts_store(tmp_path_factory, packaged_model):
    """Two reports whose amounts a text may round or give in another unit: 18651.06 万元, 251000元."""
    folder = tmp_path_factory.mktemp("amounts")
    files = [_amount_report(folder, "青禾", "采购总金额(万元)", "政府集中采购 57 18651.06"),
             _amount_report(folder, "青石", "采购总金额", "政府集中采购 57 251000元")]
    s = store_of(folder / "store", files, packaged_model)
    yield s
    s.close()


@pytest.mark.parametrize("text,verdict,said", [
    ("青禾县人民政府办公室2019年政府集中采购总金额18651.06万元。", "supported", "18651.06万元"),
    ("青禾县人民政府办公室2019年政府集中采购总金额18651.1万元。", "supported", "四舍五入"),
    ("青禾县人民政府办公室2019年政府集中采购总金额1.87亿元。", "supported", "1.865106亿元"),
    ("青禾县人民政府办公室2019年政府集中采购总金额18651.10万元。", "contradicted", "18651.06"),
    ("青石县人民政府办公室2019年政府集中采购总金额25.1万元。", "supported", "251000元（即25.1万元）"),
    ("青石县人民政府办公室2019年政府集中采购总金额251000元。", "supported", "251000元"),
    ("青石县人民政府办公室2019年政府集中采购总金额25.2万元。", "contradicted", "251000元（即25.1万元）"),
])
def test_amounts_as_printed_rounded_or_in_another_unit(amounts_store, text, verdict, said):
    """Issue 18: a text that rounds the printed figure to its own precision is supported as a rounding
    and says so; one that differs beyond its own precision is contradicted with the printed figure
    quoted; a text in another unit is converted exactly and the conversion said."""
    [v] = check_claims(amounts_store, text).verdicts
    assert v.verdict == verdict, (v.reason, v.answer.answer)
    assert said in v.reason
    if verdict == "contradicted" and "18651" in text:
        assert v.difference == Decimal("0.04")
