"""The data desk, the charts in answers and the page's links, driven by Streamlit's AppTest: one
figure across every body and year as a table and charts whose points are the stored cells, filtered
by place, level and year; a figure its report contradicts marked, a missing one missing; a link that
opens the same view and its citation (the printed page, boxed); the downloads; a trend answer's
chart; a question in the link answered on opening; the conversation as Markdown; the language
switched without leaving the tab, and no English on the Chinese desk.

The store: the city bureau's reports of three years printed as PDFs (tests/deskkit.py), the two
samples as text and the county report with a figure changed (its checks fail), as a web page.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import deskkit
import pytest
import reportgen
from test_app import NO_MODEL, MediaRecorder, build_store, html_blocks, png_of, red_pixels, unmd

from config import Settings
from index import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
FIXTURES = ROOT / "tests" / "fixtures"
GD = "广东省政务服务和数据管理局"
PANYU = "广州市番禺区政务服务数据管理局"
COUNTY = "青溪县人民政府办公室"


@pytest.fixture(scope="module")
def desk_store(tmp_path_factory):
    src = tmp_path_factory.mktemp("desk-reports")
    county = json.loads((FIXTURES / "gold" / "county_gov_2019.json").read_text(encoding="utf-8"))
    spec = reportgen.spec_from_seed(FIXTURES / county["file"], FIXTURES / "gold" / "county_gov_2019.json")
    cells = dict(spec.cells)
    cells["t3.granted.natural_person"] += 5  # 予以公开 no longer adds up, in its row and its column
    broken = reportgen.render_html(dataclasses.replace(spec, cells=cells), src / "county_broken.html")
    folder = tmp_path_factory.mktemp("desk-store")
    ids = build_store(folder, deskkit.one_body_three_years(src) + [ROOT / "samples" / "seed_guangdong_2023.txt",
                                                                 ROOT / "samples" / "seed_panyu_2023.txt", broken])
    store = Store.open(Settings.from_env(store=str(folder), embedding_model=NO_MODEL))
    by_year = {r.year: r.id for r in store.reports() if r.agency == deskkit.BODY}
    store.close()
    return folder, ids, by_year


def open_at(monkeypatch, folder, **params):
    """The page opened at an address with these query parameters (a list: the parameter repeated)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("REPORTS_STORE", str(folder))
    monkeypatch.setenv("REPORTS_EMBEDDING_MODEL", NO_MODEL)
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def desk(at):
    [tab] = [t for t in at.tabs if t.label in ("数据台", "Data desk")]
    return tab


def table(block):
    """The desk's table as a reader reads it: a dict a row, by the column names shown."""
    [df] = block.dataframe
    return df.value.to_dict("records")


def nodes(block, kind):
    def walk(n):
        yield n
        for c in getattr(n, "children", {}).values():
            yield from walk(c)
    return [n for n in walk(block) if getattr(n, "type", None) == kind]


def chart_points(node):
    """The points a chart draws: its data (Arrow) as records, and what its spec draws with them."""
    import pyarrow as pa

    spec = json.loads(node.proto.spec)
    raw = node.proto.data.data if node.proto.HasField("data") else node.proto.datasets[0].data.data
    return spec, pa.ipc.open_stream(raw).read_all().to_pandas().to_dict("records")


def param(at, name):
    """A query parameter of the page's address, as a list of its values."""
    v = at.query_params.get(name)
    return [] if v is None else [v] if isinstance(v, str) else list(v)


def line_and_bar(block):
    charts = [chart_points(n) for n in nodes(block, "vega_lite_chart")]
    line = next((c for c in charts if "layer" in c[0]), None)
    bar = next((c for c in charts if c[0].get("mark", {}).get("type") == "bar"), None)
    return line, bar


# ---------------------------------------------------------------- the desk


def test_the_desk_shows_a_figure_for_every_body_and_year_and_draws_each_as_a_point(monkeypatch, desk_store):
    folder, ids, by_year = desk_store
    at = open_at(monkeypatch, folder, tab="desk")
    panel = desk(at)
    assert panel.selectbox(key="desk-measure").value == "t3.new.total"
    assert panel.selectbox(key="desk-measure").format_func("t3.new.total") == "表三 · 一、本年新收政府信息公开申请数量 · 总计"
    rows = table(panel)
    assert len(rows) == 6, "one row a report: the bureau's three years, the two samples, the county"
    bureau = [r for r in rows if r["单位"] == deskkit.BODY]
    assert [(r["年度"], r["数值"]) for r in bureau] == [(y, deskkit.new_requests(k)) for k, y in enumerate(deskkit.YEARS)]
    assert all(r["出处"] == "第2页" for r in bureau), "where each figure stands"
    assert {r["级别"] for r in rows} == {"市级", "省级", "县级（区、县）"}
    # The line chart: a point for each of the bureau's years, its value the cell's.
    (line_spec, points), (bar_spec, bars) = line_and_bar(panel)
    mine = sorted((p["year"], p["value"]) for p in points if p["body"] == deskkit.BODY)
    assert mine == [(str(y), deskkit.new_requests(k)) for k, y in enumerate(deskkit.YEARS)]
    assert {layer["mark"]["type"] for layer in line_spec["layer"]} == {"line", "point"}
    assert line_spec["usermeta"]["embedOptions"]["renderer"] == "svg"
    # The ranking: the year with the most figures (2023: the bureau and the two samples), highest first.
    assert panel.selectbox(key="desk-bar-year").value == 2023
    assert sorted(b["body"] for b in bars) == sorted([deskkit.BODY, GD, PANYU])
    assert bar_spec["encoding"]["y"]["sort"] == "-x"
    # The view is in the page's address.
    assert param(at, "tab") == ["desk"] and param(at, "m") == ["t3.new.total"]


def test_filters_by_place_level_and_year_keep_only_those_rows_and_the_address_says_so(monkeypatch, desk_store):
    folder, _, _ = desk_store
    at = open_at(monkeypatch, folder, tab="desk")
    panel = desk(at)
    assert "广州市" in panel.multiselect(key="desk-places").options
    panel.multiselect(key="desk-places").set_value(["江临市"]).run()
    assert {r["单位"] for r in table(desk(at))} == {deskkit.BODY}
    desk(at).multiselect(key="desk-places").set_value([]).run()
    desk(at).multiselect(key="desk-levels").set_value(["county"]).run()
    assert {r["单位"] for r in table(desk(at))} == {PANYU, COUNTY}
    desk(at).multiselect(key="desk-years").set_value([2023]).run()
    assert [r["单位"] for r in table(desk(at))] == [PANYU]
    assert param(at, "level") == ["county"] and param(at, "year") == ["2023"] and param(at, "tab") == ["desk"]


def test_a_contradicted_figure_carries_its_arithmetic_and_a_missing_one_is_missing(monkeypatch, desk_store):
    folder, _, _ = desk_store
    at = open_at(monkeypatch, folder, tab="desk", m="t3.granted.total")
    rows = {r["单位"]: r for r in table(desk(at))}
    county = rows[COUNTY + "⚠"]
    assert "核查未通过" in county["说明"] and "≠" in county["说明"], county
    at = open_at(monkeypatch, folder, tab="desk", m="t3.not_processed.repeated.total")
    rows = {r["单位"]: r for r in table(desk(at))}
    assert rows[PANYU]["说明"] == "缺失" and rows[PANYU]["数值"] != rows[PANYU]["数值"], "no figure: NaN, never 0"
    captions = [c.value for c in desk(at).caption]
    assert "图中未画出：1 个缺失、0 个无法确定的数字（见表格）。" in captions


def test_a_rate_is_worked_out_and_both_of_its_cells_cited(monkeypatch, desk_store):
    folder, _, by_year = desk_store
    at = open_at(monkeypatch, folder, tab="desk", m="granted_rate", pick=by_year[2022])
    panel = desk(at)
    store = Store.open(Settings.from_env(store=str(folder), embedding_model=NO_MODEL))
    try:
        granted, handled = (store.cell(by_year[2022], a).value for a in ("t3.granted.total", "t3.total_handled.total"))
    finally:
        store.close()
    row = next(r for r in table(panel) if r["单位"] == deskkit.BODY and r["年度"] == 2022)
    assert row["数值"] == round(100 * granted / handled, 1)
    [cites] = [h for h in html_blocks(panel) if 'class="rt cites"' in h]
    assert re.findall(r'data-address="([^"]+)"', cites) == ["t3.granted.total", "t3.total_handled.total"]


def test_a_link_opens_the_same_view_and_the_picked_figures_page_boxed(monkeypatch, desk_store):
    folder, _, by_year = desk_store
    media = MediaRecorder(monkeypatch)
    at = open_at(monkeypatch, folder, tab="desk", m="t3.new.total", place="江临市", year=["2022", "2023"],
                 pick=by_year[2022])
    panel = desk(at)
    assert panel.multiselect(key="desk-places").value == ["江临市"]
    assert panel.multiselect(key="desk-years").value == [2022, 2023]
    assert [r["年度"] for r in table(panel)] == [2022, 2023]
    heads = [unmd(m.value) for m in panel.markdown]
    assert f"#### 出处：{deskkit.BODY}2022年" in heads
    [exp] = [e for e in panel.expander if e.label.startswith("单元格")]
    assert "第2页" in exp.label and unmd(exp.label).endswith(f"→ {deskkit.new_requests(1)}")
    [img] = exp.image
    assert red_pixels(png_of(media, img)) > 200, "the printed page with the cell's box"


def test_the_downloads_hold_exactly_the_rows_shown_with_addresses_and_checks(monkeypatch, desk_store):
    from openpyxl import load_workbook

    folder, ids, _ = desk_store
    media = MediaRecorder(monkeypatch)
    at = open_at(monkeypatch, folder, tab="desk", m="t3.granted.total", level=["city", "county"])
    shown = table(desk(at))
    raw = media.download("desk-t3.granted.total.csv").content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert [(r["单位"], int(r["年度"])) for r in rows] == [(s["单位"], s["年度"]) for s in shown]
    assert all(r["addresses"] == "t3.granted.total" and r["measure"] == "t3.granted.total" for r in rows)
    county = next(r for r in rows if r["单位"].startswith(COUNTY))
    assert "≠" in county["check_failed"] and county["status"] == "ok"
    # The workbook is written when the reader asks for it (the browser test opens it): the same rows.
    assert [b.label for b in desk(at).get("download_button")] == ["下载 CSV", "下载 Excel"]
    from page.desk import export_records, table_records, to_xlsx
    from pipeline import measure_to_series

    store = Store.open(Settings.from_env(store=str(folder), embedding_model=NO_MODEL))
    try:
        kept = [r for r in measure_to_series(store, "t3.granted.total") if r.level in ("city", "county")]
    finally:
        store.close()
    book = load_workbook(io.BytesIO(to_xlsx(*export_records(kept, table_records(kept), "t3.granted.total"), "x")),
                         read_only=True)
    sheet = list(book.active.iter_rows(values_only=True))
    assert list(sheet[0]) == list(rows[0].keys())
    assert [(r[0], r[1]) for r in sheet[1:]] == [(s["单位"], s["年度"]) for s in shown]


def test_switching_language_keeps_the_desk_and_its_view(monkeypatch, desk_store):
    folder, _, _ = desk_store
    at = open_at(monkeypatch, folder, tab="desk", m="t4.review.total")
    at.radio(key="lang-choice").set_value("English").run()
    assert not at.exception, at.exception
    panel = desk(at)
    assert panel.selectbox(key="desk-measure").value == "t4.review.total"
    assert panel.selectbox(key="desk-measure").label == "Measure"
    assert "Body" in table(panel)[0], "the table in English"
    assert at.session_state["tab"] == "desk"
    at.radio(key="lang-choice").set_value("中文").run()
    assert desk(at).selectbox(key="desk-measure").label == "指标"


ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
#: Latin words a Chinese page may show: the kinds of file, and the language switch naming English in English.
ALLOWED = {"PDF", "Word", "HTML", "TXT", "CSV", "Excel", "OCR", "English", "Markdown"}


def test_the_chinese_desk_says_nothing_in_english(monkeypatch, desk_store):
    folder, _, by_year = desk_store
    at = open_at(monkeypatch, folder, tab="desk", pick=by_year[2023])
    panel = desk(at)
    texts = [m.value for m in panel.markdown] + [c.value for c in panel.caption]
    texts += [w.label for w in list(panel.selectbox) + list(panel.multiselect) + list(panel.get("download_button"))]
    texts += [w.placeholder for w in panel.multiselect]
    texts += list(table(panel)[0].keys()) + [str(v) for r in table(panel) for v in r.values()]
    texts += list(panel.selectbox(key="desk-measure").options)  # as the picker lists them
    texts = [re.sub(r"<[^>]+>", " ", x) for x in texts]
    english = {w for x in texts for w in ENGLISH_WORD.findall(x)} - ALLOWED
    assert not english, english
    assert len(texts) > 300 and any("予以公开率" in x for x in texts)


# ---------------------------------------------------------------- charts in answers, links, the conversation


def ask(at, question):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at.chat_message[-1]


def test_a_trend_answer_carries_its_chart_each_point_a_cited_cell(monkeypatch, desk_store):
    folder, _, _ = desk_store
    at = open_at(monkeypatch, folder)
    msg = ask(at, f"{deskkit.BODY}历年新收申请的变化趋势")
    [chart] = nodes(msg, "vega_lite_chart")
    spec, points = chart_points(chart)
    assert "layer" in spec, "a trend is a line"
    store = Store.open(Settings.from_env(store=str(folder), embedding_model=NO_MODEL))
    try:
        cited = {(r.year, store.cell(r.id, "t3.new.total").value) for r in store.reports() if r.agency == deskkit.BODY}
    finally:
        store.close()
    assert len(points) >= 2 and {(int(p["year"]), p["value"]) for p in points} <= cited
    assert any("图：表三 · 一、本年新收政府信息公开申请数量 · 总计" in c.value for c in msg.caption)
    # A ranking is bars, highest first; a single figure has no chart.
    msg = ask(at, "2023年哪个单位新收申请最多？")
    [chart] = nodes(msg, "vega_lite_chart")
    spec, points = chart_points(chart)
    assert spec["mark"]["type"] == "bar" and len(points) >= 2
    msg = ask(at, "广东省政数局2023年部分公开了多少件？")
    assert not nodes(msg, "vega_lite_chart")


def test_a_question_in_the_link_is_answered_on_opening_and_the_link_follows_the_chat(monkeypatch, desk_store):
    folder, ids, _ = desk_store
    at = open_at(monkeypatch, folder, q="部分公开了多少件？", scope=[ids[GD]])
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    text = unmd(at.chat_message[-1].markdown[0].value)
    assert GD in text and "部分公开 4件" in text, text
    assert at.multiselect(key="scope").value == [ids[GD]], "the link's scope is the chat's"
    assert at.session_state["tab"] == "chat"
    at.run()  # a rerun does not ask it again
    assert len(at.chat_message) == 2
    ask(at, "其中自然人多少？")
    assert param(at, "q") == ["其中自然人多少？"] and param(at, "scope") == [ids[GD]]
    at.button(key="clear-chat").click().run()
    assert "q" not in at.query_params and not at.chat_message


def test_the_conversation_downloads_as_markdown_with_every_figures_citation(monkeypatch, desk_store):
    folder, _, _ = desk_store
    media = MediaRecorder(monkeypatch)
    at = open_at(monkeypatch, folder)
    ask(at, "广东省政数局2023年部分公开了多少件？")
    ask(at, f"{COUNTY}2019年予以公开多少件？")
    note = media.download("conversation.md").content.decode("utf-8")
    assert note.startswith("# 问答记录")
    assert "## 1. 广东省政数局2023年部分公开了多少件？" in note and f"## 2. {COUNTY}2019年予以公开多少件？" in note
    first = note.split("## 2.")[0]
    assert "> " in first and "部分公开 4件" in first
    cite = next(line for line in first.splitlines() if line.startswith("1. 单元格："))
    for part in (f"{GD}2023年", "表三", "部分公开", "总计", "**4件**"):
        assert part in cite, (part, cite)
    second = note.split("## 2.")[1]
    assert "⚠" in second and "≠" in second, "the failed check beside the figure"


def test_printing_hides_the_sidebar_and_the_controls():
    from page import STYLE

    media = STYLE[STYLE.index("@media print"):]
    for hidden in ('[data-testid="stSidebar"]', '[data-testid="stChatInput"]', "stButton", '[data-baseweb="tab-list"]'):
        assert hidden in media, hidden
