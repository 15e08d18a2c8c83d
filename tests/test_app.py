"""The chat page, driven by Streamlit's AppTest: ask, follow up, open a citation, switch language,
upload and delete a report, scope the chat, see a failed check, the tables and their CSV, the model
notice, and report text with markup shown as text.

The page runs in this process against a store built here from the fixture reports, one of them a
real PDF (rendered by tests/reportgen.py) so that a citation shows its page image. The embedding
model is a folder that does not exist, so every test runs on lexical search and sees the notice;
one test loads the packaged model to see the notice go.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
import reportgen
from storekit import copies_of, ingest_files
from streamlit.testing.v1 import AppTest

from config import Settings
from index import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
FIXTURES = ROOT / "tests" / "fixtures"
REPORTS = FIXTURES / "reports"
GOLD = FIXTURES / "gold"
NO_MODEL = "/nonexistent/embedding-model"  # never loads: lexical search and the notice, on every machine

GD = "广东省政务服务和数据管理局"
CITY = "江临市生态环境局"
COUNTY = "青溪县人民政府办公室"
MARKUP_AGENCY = "嵩阳市<b>滨河区</b>市场监督管理局"
MARKUP_PARAGRAPH = "本机关<script>alert('x')</script>全年**主动**公开信息共 12 条，[详见](javascript:alert(1))。"


# ---------------------------------------------------------------- reports and stores


def spec(stem: str) -> reportgen.ReportSpec:
    gold = GOLD / f"{stem}.json"
    return reportgen.spec_from_seed(FIXTURES / json.loads(gold.read_text(encoding="utf-8"))["file"], gold)


def guangdong_pdf(folder: Path) -> Path:
    """The Guangdong sample as a real PDF: its citations have pages and boxes."""
    return reportgen.render_pdf(spec("seed_guangdong_2023"), "ruled", folder / "seed_guangdong_2023.ruled.pdf")


def broken_sums_pdf(folder: Path) -> Path:
    """The 2019-format county report as a PDF with one figure changed: 予以公开 by 自然人 is 5 too many,
    so its row and its column no longer add up."""
    s = spec("county_gov_2019")
    cells = dict(s.cells)
    cells["t3.granted.natural_person"] += 5
    return reportgen.render_pdf(dataclasses.replace(s, cells=cells), "ruled", folder / "county_broken.ruled.pdf")


def markup_html(folder: Path) -> Path:
    """An HTML report whose body name holds <b> and whose first paragraph holds <script>, Markdown
    emphasis and a javascript: link — all as text (the page escapes them in its own HTML)."""
    s = spec("seed_panyu_2023")
    sections = list(s.sections)
    heading, paragraphs = sections[0]
    sections[0] = (heading, (MARKUP_PARAGRAPH,) + paragraphs)
    s = dataclasses.replace(s, title=f"{MARKUP_AGENCY}2023年政府信息公开工作年度报告", sections=tuple(sections))
    return reportgen.render_html(s, folder / "markup_report.html")


def build_store(folder: Path, files) -> dict:
    """Ingest files into a store folder; return {agency: report id}."""
    results = ingest_files(list(files), Settings.from_env(store=str(folder), embedding_model=NO_MODEL))
    bad = [r for r in results if r["status"] == "failed"]
    assert not bad, bad
    return {r["report"]["agency"]: r["report"]["id"] for r in results}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """One store for the tests that only read: the Guangdong PDF, Panyu and the city bureau as text,
    the district office as a portal page, the broken county PDF and the report with markup."""
    src = tmp_path_factory.mktemp("app-reports")
    store = tmp_path_factory.mktemp("app-store")
    ids = build_store(store, [guangdong_pdf(src), REPORTS / "seed_panyu_2023.txt", REPORTS / "city_bureau_2022.txt",
                              REPORTS / "district_office_2024.html", broken_sums_pdf(src), markup_html(src)])
    return store, ids


def open_page(monkeypatch, store: Path, model: str = NO_MODEL) -> AppTest:
    monkeypatch.setenv("REPORTS_STORE", str(store))
    monkeypatch.setenv("REPORTS_EMBEDDING_MODEL", model)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def page(monkeypatch, library):
    return open_page(monkeypatch, library[0])


# ---------------------------------------------------------------- reading the page


def ask(at: AppTest, question: str):
    """Ask in the chat box; return the last assistant message."""
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    msgs = at.chat_message
    assert msgs[-2].name == "user" and unmd(msgs[-2].markdown[0].value) == question
    assert msgs[-1].name == "assistant"
    return msgs[-1]


def answer_text(msg) -> str:
    """The answer's prose as a reader sees it (the page backslash-escapes Markdown characters)."""
    return unmd(msg.markdown[0].value)


def unmd(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def cell_expanders(msg):
    return [e for e in msg.expander if e.label.startswith(("单元格", "Cell"))]


def passage_expanders(msg):
    return [e for e in msg.expander if e.label.startswith(("原文", "Passage"))]


def html_blocks(block):
    return [m.value for m in block.markdown if m.proto.allow_html]


def highlighted(table_html: str):
    """The addresses of the cells marked in a rendered table."""
    return re.findall(r'<td class="hl"[^>]*data-address="([^"]+)"', table_html)


def cell_in(table_html: str, address: str) -> str:
    m = re.search(rf'<td[^>]*data-address="{re.escape(address)}">([^<]*)</td>', table_html)
    assert m, f"{address} not in the table"
    return m.group(1)


def everything_shown(at: AppTest):
    """Every piece of text the page renders, with whether it is rendered as HTML."""
    out = []
    for kind in ("markdown", "caption", "success", "error", "warning", "info"):
        for el in getattr(at, kind):
            out.append((getattr(el.proto, "allow_html", False), el.value))
    out += [(False, e.label) for e in at.expander]
    return out


class MediaRecorder:
    """Keeps the media files (images, downloads) each AppTest run stores, to read them afterwards."""

    def __init__(self, monkeypatch):
        import streamlit.testing.v1.app_test as app_test
        from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

        self.storages = []
        recorder = self

        class Recording(MemoryMediaFileStorage):
            def __init__(self, *a, **kw):
                super().__init__(*a, **kw)
                recorder.storages.append(self)

        monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)

    def file(self, url: str):
        name = url.rsplit("/", 1)[-1]
        for storage in reversed(self.storages):
            try:
                return storage.get_file(name)
            except Exception:  # noqa: BLE001 - stored by another run
                continue
        raise KeyError(url)

    def download(self, filename: str):
        for storage in reversed(self.storages):
            for f in storage._files_by_id.values():
                if f.filename == filename:
                    return f
        raise KeyError(filename)


# ---------------------------------------------------------------- chat


def test_figure_answer_cites_its_cell_in_the_table_and_on_the_pdf_page(monkeypatch, library):
    media = MediaRecorder(monkeypatch)
    at = open_page(monkeypatch, library[0])
    assert at.title[0].value == "政府信息公开年报问答"  # Chinese by default
    msg = ask(at, "广东省政数局2023年部分公开了多少件？")
    text = answer_text(msg)
    assert GD in text and "部分公开 4件" in text, text

    [exp] = cell_expanders(msg)
    for part in (GD, "2023", "表三", "部分公开", "总计", "第4页", "→ 4"):
        assert part in unmd(exp.label), (part, exp.label)
    inside = exp.markdown[0].value
    assert "行：" in inside and "列：" in inside and "`t3.partial.total`" in inside
    [table] = html_blocks(exp)
    assert highlighted(table) == ["t3.partial.total"], "exactly the cited cell is highlighted"
    assert table.count('class="hl"') == 1
    assert cell_in(table, "t3.partial.total") == "4" and cell_in(table, "t3.partial.natural_person") == "3"
    assert 'data-table="三"' in table and "自然人" in table and "总计" in table

    # The PDF page, with the cell's box drawn in red.
    [img] = exp.image
    assert img.captions == ["第4页"]
    import numpy as np
    from PIL import Image

    png = np.asarray(Image.open(io.BytesIO(media.file(img.value[0]).content)).convert("RGB")).astype(int)
    assert png.shape[1] > 500 and png.shape[0] > 700
    red = int(((png[..., 0] > 200) & (png[..., 1] < 60) & (png[..., 2] < 60)).sum())
    assert red > 50, "the cell's box is drawn on the page"
    # The source file to open.
    [src] = exp.download_button
    assert "打开原文件" in src.label and "第4页" in src.label


def test_follow_up_keeps_the_body_and_figure(page):
    ask(page, "广东省政数局2023年部分公开了多少件？")
    msg = ask(page, "其中自然人多少？")
    text = answer_text(msg)
    assert "自然人" in text and "3件" in text, text
    [exp] = cell_expanders(msg)
    assert "自然人" in exp.label and "第4页" in exp.label
    assert highlighted(html_blocks(exp)[0]) == ["t3.partial.natural_person"]
    # The history stays: both questions and both answers are on the page.
    assert len(page.chat_message) == 4
    assert [m.name for m in page.chat_message] == ["user", "assistant", "user", "assistant"]


def test_narrative_answer_marks_the_sentence_in_its_passage(page):
    msg = ask(page, "“粤省事”微信公众号粉丝数是多少？")
    assert "3514" in answer_text(msg)
    first = passage_expanders(msg)[0]
    label = unmd(first.label)
    assert GD in label and "一、总体情况" in label and "第1页" in label
    assert first.proto.expanded, "the passage that answers is open"
    [psg] = [h for h in html_blocks(first) if 'class="psg"' in h]
    marked = re.findall(r"<mark>(.*?)</mark>", psg)
    assert len(marked) == 1 and "粉丝数突破 3514 万" in marked[0], psg
    assert len(first.image) == 1, "a PDF passage shows its page"


def test_a_missing_figure_is_said_to_be_missing_and_its_cell_shown_blank(page):
    msg = ask(page, "番禺区2023年重复申请多少件？")
    text = answer_text(msg)
    assert "没有列出" in text and "0件" not in text, text
    [exp] = cell_expanders(msg)
    assert unmd(exp.label).endswith("→ 缺失（报告未填）") and "重复申请" in exp.label
    [table] = html_blocks(exp)
    assert highlighted(table) == ["t3.not_processed.repeated.total"]
    assert cell_in(table, "t3.not_processed.repeated.total") == "—"
    assert not exp.image, "a text report has no page image"


def test_an_example_question_is_asked_by_clicking_it(page):
    page.button(key="ex-zh-0").click().run()
    assert not page.exception
    assert page.chat_message[0].name == "user"
    assert "4件" in answer_text(page.chat_message[-1])


def test_english(page):
    page.radio(key="lang-choice").set_value("English").run()
    assert page.title[0].value == "Disclosure report assistant"
    assert page.tabs[0].label == "Chat"
    msg = ask(page, "How many applications were partially disclosed by the Guangdong data administration in 2023?")
    text = answer_text(msg)
    assert "partially disclosed: 4" in text, text
    [exp] = cell_expanders(msg)
    label = unmd(exp.label)
    assert label.startswith("Cell") and "table 三" in label and "column" in label and "page 4" in label
    assert highlighted(html_blocks(exp)[0]) == ["t3.partial.total"]


def test_a_bad_question_is_answered_with_its_reason(page):
    msg = ask(page, "多" * 600)
    assert "500" in answer_text(msg)
    assert not cell_expanders(msg)


# ---------------------------------------------------------------- scope


def test_scoped_chat_answers_from_the_chosen_report_only(page, library):
    _, ids = library
    # Unscoped, a question naming no body is asked back, with every report's figure.
    msg = ask(page, "部分公开了多少件？")
    assert len({e.label.split(" · ")[0] for e in cell_expanders(msg)}) > 1
    page.multiselect(key="scope").set_value([ids[CITY]]).run()
    msg = ask(page, "部分公开了多少件？")
    text = answer_text(msg)
    assert CITY in text and "3件" in text, text
    exps = cell_expanders(msg)
    assert exps and all(CITY in e.label for e in exps)
    assert re.search(r"第\d+行", unmd(exps[0].label)), "a text report's cell is found by its line"
    assert GD not in text


# ---------------------------------------------------------------- library


def test_upload_shows_the_report_with_its_counts_then_delete_removes_it(monkeypatch, tmp_path):
    store = tmp_path / "store"
    ids = build_store(store, [REPORTS / "seed_panyu_2023.txt"])
    at = open_page(monkeypatch, store)
    content = (REPORTS / "county_gov_2019.txt").read_bytes()
    at.file_uploader[0].set_value([("county_gov_2019.txt", content, "text/plain"),
                                   ("scan.pdf", b"%PDF-1.4 not really", "application/pdf")]).run()
    at.button(key="import").click().run()
    assert not at.exception, at.exception
    assert any("county_gov_2019.txt" in unmd(s.value) and COUNTY in s.value for s in at.success)
    assert any("scan.pdf" in unmd(e.value) for e in at.error), "a file that cannot be read says why"
    assert at.progress[-1].value == 100

    reopened = Store.open(Settings.from_env(store=str(store), embedding_model=NO_MODEL))
    try:
        county = next(r for r in reopened.reports() if r.agency == COUNTY)
    finally:
        reopened.close()
    # In the library: body, year, format and the counts of cells found, missing, ambiguous.
    at.run()
    entries = [m.value for m in at.sidebar.markdown]
    assert any(COUNTY in e and "2019" in e for e in entries), entries
    counts = f"单元格：{county.cells.known} 已识别，{county.cells.missing} 缺失，{county.cells.ambiguous} 无法确定"
    assert any(c.value.startswith(counts) for c in at.sidebar.caption)
    assert any(o.startswith(COUNTY) for o in at.multiselect(key="scope").options), "it can be chosen for the chat"

    at.button(key=f"del-{county.id}").click().run()
    assert not at.exception, at.exception
    assert any(COUNTY in s.value for s in at.success), "the page says what was deleted"
    at.run()
    assert not any(COUNTY in m.value for m in at.sidebar.markdown)
    reopened = Store.open(Settings.from_env(store=str(store), embedding_model=NO_MODEL))
    try:
        assert [r.id for r in reopened.reports()] == [ids["广州市番禺区政务服务数据管理局"]]
    finally:
        reopened.close()
    assert not copies_of(store, content), "nothing of the deleted upload is left in the store folder"


def test_deleting_a_report_in_the_scope_takes_it_out_of_the_scope(monkeypatch, tmp_path):
    store = tmp_path / "store"
    ids = build_store(store, [REPORTS / "seed_panyu_2023.txt", REPORTS / "city_bureau_2022.txt"])
    at = open_page(monkeypatch, store)
    at.multiselect(key="scope").set_value([ids[CITY]]).run()
    at.button(key=f"del-{ids[CITY]}").click().run()
    assert not at.exception, at.exception
    assert at.multiselect(key="scope").value == []
    msg = ask(at, "部分公开了多少件？")
    assert "番禺" in answer_text(msg)


# ---------------------------------------------------------------- checks and tables


def test_checks_tab_shows_each_failed_check_with_its_arithmetic_and_cells(page, library):
    _, ids = library
    page.selectbox(key="checks-report").set_value(ids[CITY]).run()
    checks = page.tabs[1]
    [err] = checks.error
    assert "部分公开 5 件" in unmd(err.value) and "3" in err.value
    cells = [h for h in html_blocks(checks) if 'class="rt cells"' in h]
    assert len(cells) == 1 and "t3.partial.total" in cells[0]
    assert re.search(r"<td>t3\.partial\.total</td><td>[^<]*部分公开[^<]*</td><td>总计</td><td>3</td>", cells[0])

    page.selectbox(key="checks-report").set_value(ids[COUNTY]).run()
    checks = page.tabs[1]
    details = [unmd(e.value) for e in checks.error]
    assert any("43 + 4 + 0 + 1 + 1 + 0 = 49 ≠ 44" in d for d in details), details
    cells = [h for h in html_blocks(checks) if 'class="rt cells"' in h]
    assert any(re.search(r"<td>t3\.granted\.natural_person</td><td>[^<]*（一）予以公开</td><td>自然人</td><td>43</td>", h)
               for h in cells)
    assert "核查未通过" in page.selectbox(key="checks-report").format_func(ids[COUNTY])

    page.selectbox(key="checks-report").set_value(ids[GD]).run()
    assert page.tabs[1].success[0].value == "所有核查均通过。"


def test_tables_tab_lays_out_three_tables_and_offers_both_csv_downloads(monkeypatch, library):
    store, ids = library
    media = MediaRecorder(monkeypatch)
    at = open_page(monkeypatch, store)
    at.selectbox(key="tables-report").set_value(ids[GD]).run()
    tables = at.tabs[2]
    rendered = [h for h in html_blocks(tables) if 'class="rt"' in h]
    assert [re.search(r'data-table="(.)"', h).group(1) for h in rendered] == ["二", "三", "四"]
    assert cell_in(rendered[1], "t3.partial.total") == "4" and not highlighted(rendered[1])
    labels = [b.label for b in tables.download_button]
    assert labels == ["下载本报告 CSV", "下载全部 CSV"]

    one = media.download(f"{ids[GD]}.csv").content.decode("utf-8-sig").splitlines()
    everything = media.download("all-reports.csv").content.decode("utf-8-sig").splitlines()
    assert one[0].startswith("report_id,agency,year,address,status,value")
    assert len(one) == 1 + 200
    assert f"{ids[GD]},{GD},2023,t3.partial.total,ok,4," in "\n".join(one)
    assert len(everything) > len(one) and {line.split(",")[0] for line in everything[1:]} == set(ids.values())

    # A 2019-format report is laid out by its own template.
    at.selectbox(key="tables-report").set_value(ids[COUNTY]).run()
    t2 = [h for h in html_blocks(at.tabs[2]) if 'data-table="二"' in h][0]
    assert "本年新制作数量" in t2


# ---------------------------------------------------------------- the model notice


def test_the_page_says_what_still_works_when_the_model_cannot_be_loaded(page):
    [warning] = page.warning
    assert "未能加载嵌入模型" in warning.value and "照常可用" in warning.value and "只按字词检索" in warning.value
    assert any(NO_MODEL in unmd(c.value) for c in page.caption)
    page.radio(key="lang-choice").set_value("English").run()
    assert "work as usual" in page.warning[0].value
    # ... and a figure is still answered.
    assert "4件" in answer_text(ask(page, "广东省政数局2023年部分公开了多少件？"))


def test_no_notice_when_the_model_loads(monkeypatch, tmp_path, packaged_model):
    from index.embed import packaged_test_model

    store = tmp_path / "store"
    build_store(store, [REPORTS / "seed_panyu_2023.txt"])
    at = open_page(monkeypatch, store, model=packaged_test_model())
    assert not at.warning
    assert "番禺" in answer_text(ask(at, "番禺区2023年部分公开了多少件？"))


# ---------------------------------------------------------------- untrusted text


def test_report_text_with_markup_is_shown_as_text(page, library):
    _, ids = library
    rid = ids[MARKUP_AGENCY]
    page.multiselect(key="scope").set_value([rid]).run()
    figure = ask(page, "部分公开了多少件？")
    narrative = ask(page, "全年主动公开信息共多少条？")
    page.selectbox(key="tables-report").set_value(rid).run()

    escaped_agency = "嵩阳市&lt;b&gt;滨河区&lt;/b&gt;市场监督管理局"
    assert escaped_agency in answer_text(figure)
    assert escaped_agency in unmd(cell_expanders(figure)[0].label)
    assert any(escaped_agency in m.value for m in page.sidebar.markdown), "the library entry"
    assert any("&lt;b&gt;" in c.value for c in page.tabs[2].caption), "the title above the tables"
    psg = [h for e in passage_expanders(narrative) for h in html_blocks(e) if 'class="psg"' in h]
    assert any("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in h for h in psg), psg
    shown = everything_shown(page)
    for as_html, text in shown:
        # No markup from a report reaches the page as markup, in HTML or in Markdown.
        assert "<b>滨河区" not in text and "<script>" not in text, text
        if not as_html:
            assert "**主动**" not in text and "](javascript" not in text, text
    # Plain-text widget labels (the report pickers) show the name as it is written.
    assert page.selectbox(key="tables-report").format_func(rid).startswith(MARKUP_AGENCY)


def test_the_readme_shows_the_screenshot_of_an_answer():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/screenshot-answer.png)" in readme
    shot = ROOT / "docs" / "screenshot-answer.png"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and 20_000 < shot.stat().st_size < 400_000


def test_reruns_do_not_pile_up_database_connections(monkeypatch, tmp_path):
    """Streamlit runs each rerun on a new thread, and the store gives each thread a connection: those
    of ended threads must be closed, or a long-running page runs out of file handles."""
    import gc

    store = tmp_path / "store"
    build_store(store, [REPORTS / "seed_panyu_2023.txt"])
    at = open_page(monkeypatch, store)
    for _ in range(12):
        at.run()
    [cached] = [o for o in gc.get_objects() if type(o) is Store and Path(o.folder) == store]
    assert len(cached._conns) <= 2


def test_a_corrected_report_uploaded_under_another_name_replaces_the_old_one(monkeypatch, tmp_path):
    """Identity is the body and year, not the upload's temporary path: a corrected copy takes the
    old report's place, and the page says which file it replaced."""
    store = tmp_path / "store"
    build_store(store, [REPORTS / "seed_panyu_2023.txt"])
    corrected = ((REPORTS / "seed_panyu_2023.txt").read_text(encoding="utf-8") + "\n（本报告于2024年3月更正。）\n").encode("utf-8")
    at = open_page(monkeypatch, store)
    at.file_uploader[0].set_value([("番禺区2023年报-更正版.txt", corrected, "text/plain")]).run()
    at.button(key="import").click().run()
    assert not at.exception, at.exception
    reopened = Store.open(Settings.from_env(store=str(store), embedding_model=NO_MODEL))
    try:
        reports = reopened.reports()
    finally:
        reopened.close()
    assert len(reports) == 1 and reports[0].path.endswith("番禺区2023年报-更正版.txt")
    assert any("replaced" in s.value or "替换" in s.value for s in at.success), [s.value for s in at.success]
