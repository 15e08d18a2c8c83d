"""The chat page, driven by Streamlit's AppTest: ask, follow up, open a citation, switch language,
upload and delete a report, scope the chat, see a failed check, the tables and their CSV, the model
notice, report text with markup shown as text, and a pasted paragraph's figures checked in 核对 (marked,
counted, their sources, the CSV and the Markdown note).

The page runs in this process against a store built here from the fixture reports, one of them a
real PDF (rendered by tests/reportgen.py) so that a citation shows its page image. The embedding
model is a folder that does not exist, so every test runs on lexical search and sees the notice;
one test loads the packaged model to see the notice go.
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import List

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


def tab(at: AppTest, label: str):
    """The tab of that label (the tabs are found by what a reader clicks, not by their order)."""
    [found] = [x for x in at.tabs if x.label == label]
    return found


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
def dialog(at: AppTest):
    """The dialog open over the page (the source viewer), or None."""
    for root in at._tree.children.values():
        for node in _blocks(root):
            if getattr(node, "type", None) == "dialog":
                return node
    return None


def _blocks(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _blocks(child)


def png_of(media: MediaRecorder, img):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(media.file(img.value[0]).content)).convert("RGB")).astype(int)


def red_pixels(png) -> int:
    return int(((png[..., 0] > 200) & (png[..., 1] < 60) & (png[..., 2] < 60)).sum())


ADDRESS = re.compile(r"\bt[234]\.[a-z_]+\.[a-z_.]+")


def visible_text(block) -> List[str]:
    """What a reader sees of a block: its texts and labels, and the text of its HTML without the tags
    (attributes, such as data-address, are not shown)."""
    out = []
    for kind in ("markdown", "caption", "success", "error", "warning", "info"):
        for el in getattr(block, kind):
            value = el.value
            if getattr(el.proto, "allow_html", False):
                value = re.sub(r"<[^>]+>", " ", value)
            out.append(value)
    out += [e.label for e in block.expander] + [b.label for b in block.button]
    return out


# ---------------------------------------------------------------- chat: a figure, verified at a glance


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
    assert exp.proto.expanded, "the latest answer's citation is open"
    inside = unmd(exp.markdown[0].value)
    assert "行：（二）部分公开" in inside and "列：总计" in inside and "第4页" in inside
    [table] = [h for h in html_blocks(exp) if 'class="rt"' in h]
    assert highlighted(table) == ["t3.partial.total"], "exactly the cited cell is highlighted"
    assert table.count('class="hl"') == 1
    assert cell_in(table, "t3.partial.total") == "4" and cell_in(table, "t3.partial.natural_person") == "3"
    assert 'data-table="三"' in table and "自然人" in table and "总计" in table
    # No internal address in what a reader sees: the labels, the tooltips.
    assert not [s for s in visible_text(msg) if ADDRESS.search(s)], visible_text(msg)
    assert not ADDRESS.search(" ".join(re.findall(r'title="([^"]*)"', table)))

    # The printed page, cropped to the table, drawn wide enough to read: the cell's box in red.
    [img] = exp.image
    assert img.captions == ["原文第4页（红框为引用的单元格）"]
    png = png_of(media, img)
    assert png.shape[1] >= 800, f"the page image is {png.shape[1]} px wide"
    assert red_pixels(png) > 200, "the cell's box is drawn on the page"

    # The source opened at the cited page: the whole page, at full size, with the box.
    at.button(key="src-m1-c0").click().run()
    assert not at.exception, at.exception
    viewer = dialog(at)
    assert viewer is not None, "the source opens over the page"
    assert any(c.value == "第 4 页 / 共 5 页" for c in viewer.caption)
    [page] = viewer.image
    whole = png_of(media, page)
    assert whole.shape[1] >= 1200 and whole.shape[0] > whole.shape[1], whole.shape
    assert red_pixels(whole) > 200
    assert [b.label for b in viewer.download_button] == ["下载原文件"]
    assert [b.key for b in viewer.button] == ["viewer-prev", "viewer-next"]  # page by page (the browser test turns)


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


def test_earlier_answers_are_drawn_compactly_until_opened(page):
    ask(page, "广东省政数局2023年部分公开了多少件？")
    ask(page, "其中自然人多少？")
    first = page.chat_message[1]
    assert "部分公开 4件" in answer_text(first)
    assert not first.expander and not first.image, "an earlier answer's citations wait until asked for"
    [show] = first.button
    assert show.label == "显示出处（1 个单元格）"
    show.click().run()
    first = page.chat_message[1]
    assert cell_expanders(first) and first.image, "opened, it shows its cell and page"
    assert cell_expanders(page.chat_message[3]), "the latest answer stays open"


def test_a_long_conversation_draws_its_recent_turns_and_the_earlier_ones_on_request(page):
    for i in range(12):
        ask(page, "广东省政数局2023年部分公开了多少件？" if i % 2 == 0 else "其中自然人多少？")
    assert len(page.chat_message) == 20, "the last ten turns"
    [earlier] = [b for b in page.button if b.key == "show-earlier"]
    assert earlier.label == "显示更早的 2 轮对话"
    earlier.click().run()
    assert len(page.chat_message) == 24


def test_clear_chat_empties_the_conversation(page):
    ask(page, "广东省政数局2023年部分公开了多少件？")
    assert page.chat_message
    page.button(key="clear-chat").click().run()
    assert not page.exception and not page.chat_message
    msg = ask(page, "其中自然人多少？")  # a fresh conversation: no earlier turn to follow up on
    assert "部分公开" not in answer_text(msg) or "3件" not in answer_text(msg)


def test_narrative_answer_marks_the_sentence_in_its_passage(page):
    msg = ask(page, "“粤省事”微信公众号粉丝数是多少？")
    assert "3514" in answer_text(msg)
    first = passage_expanders(msg)[0]
    label = unmd(first.label)
    assert GD in label and "一、总体情况" in label and "第1页" in label and "粤省事" in label
    assert first.proto.expanded, "the passage that answers is open"
    [psg] = [h for h in html_blocks(first) if 'class="psg"' in h]
    marked = re.findall(r"<mark>(.*?)</mark>", psg)
    assert len(marked) == 1 and "粉丝数突破 3514 万" in marked[0], psg
    assert len(first.image) == 1, "a PDF passage shows its page"
    labels = [e.label for e in passage_expanders(msg)]
    assert len(set(labels)) == len(labels), f"each passage is told apart by its label: {labels}"


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


def test_a_sum_is_one_compact_table_of_its_cells_and_one_view_of_its_sources(monkeypatch, library):
    media = MediaRecorder(monkeypatch)
    at = open_page(monkeypatch, library[0])
    at.multiselect(key="scope").set_value([library[1][GD]]).run()
    msg = ask(at, "不予公开一共几件？")
    assert not cell_expanders(msg), "no box per cell"
    [cites] = [h for h in html_blocks(msg) if 'class="rt cites"' in h]
    rows = re.findall(r'<td class="v[^"]*"[^>]*data-address="([^"]+)"', cites)
    assert len(rows) == 8 and all(a.startswith("t3.denied.") for a in rows), rows
    assert "（三）不予公开 1.属于国家秘密" in cites and "第4页" in cites
    [sources] = [e for e in msg.expander if e.label == "出处：表格与原文页面"]
    tables = [h for h in html_blocks(sources) if 'class="rt"' in h]
    assert len(tables) == 1 and sorted(highlighted(tables[0])) == sorted(rows), "one table, every cell marked"
    [img] = sources.image
    assert red_pixels(png_of(media, img)) > 8 * 100, "one page, every cell boxed"


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
    assert label.startswith("Cell") and "table 3" in label and "column" in label and "page 4" in label
    assert highlighted(html_blocks(exp)[0]) == ["t3.partial.total"]
    assert exp.button[0].label == "Open the source at page 4"


def test_a_bad_question_is_answered_with_its_reason_in_the_pages_language(page):
    msg = ask(page, "多" * 600)
    assert answer_text(msg) == "这个问题有 600 个字符，请控制在 500 个以内。"
    assert not cell_expanders(msg)
    page.radio(key="lang-choice").set_value("English").run()
    msg = ask(page, "x" * 600)
    assert "600 characters long" in answer_text(msg)


# ---------------------------------------------------------------- trust: a figure its report contradicts


def test_a_figure_in_a_failed_check_is_marked_in_the_answer(page, library):
    _, ids = library
    page.multiselect(key="scope").set_value([ids[COUNTY]]).run()
    msg = ask(page, "予以公开多少件？")
    assert "注意" in answer_text(msg)
    warnings = [unmd(e.value) for e in msg.error]
    assert any("核查未通过" in w and "43 + 4 + 0 + 1 + 1 + 0 = 49 ≠ 44" in w for w in warnings), warnings
    [exp] = cell_expanders(msg)
    assert exp.label.endswith("⚠")
    assert any("49 ≠ 44" in unmd(e.value) for e in exp.error), "the arithmetic beside the figure"
    [table] = [h for h in html_blocks(exp) if 'class="rt"' in h]
    assert re.search(r'<td class="hl bad"[^>]*data-address="t3.granted.total"', table)


def test_scope_is_shown_in_every_answer_given_while_limited(page, library):
    _, ids = library
    # Unscoped, a question naming no body is asked back, with every report's figure.
    msg = ask(page, "部分公开了多少件？")
    assert len({e.label.split(" · ")[0] for e in cell_expanders(msg)} | {1}) >= 1
    assert not any("本回答仅查找了" in c.value for c in msg.caption)
    page.multiselect(key="scope").set_value([ids[CITY]]).run()
    assert any(c.value == "问答范围：仅 江临市生态环境局2022年" for c in page.tabs[0].caption)
    msg = ask(page, "部分公开了多少件？")
    text = answer_text(msg)
    assert CITY in text and "3件" in text, text
    assert any(unmd(c.value) == "本回答仅查找了：江临市生态环境局2022年" for c in msg.caption)
    exps = cell_expanders(msg)
    assert exps and all(CITY in e.label for e in exps)
    assert re.search(r"第\d+行", unmd(exps[0].label)), "a text report's cell is found by its line"
    assert GD not in text
    msg = ask(page, "广东省政数局2023年部分公开了多少件？")  # outside the scope: said so, and scoped
    assert any("本回答仅查找了" in unmd(c.value) for c in msg.caption)


# ---------------------------------------------------------------- library


def import_picked(at: AppTest, timeout: float = 180) -> None:
    """Press 「导入」 and wait, as a reader does, for the background import to say it is done: the page
    redraws its bars every second until every file is (here: a run every 0.2 s)."""
    import time

    at.button(key="import").click().run()
    assert not at.exception, at.exception
    deadline = time.monotonic() + timeout
    while at.session_state["import-batches"]:
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.2)
        at.run()
        assert not at.exception, at.exception


def test_upload_two_files_in_turn_each_with_its_outcome_in_chinese(monkeypatch, tmp_path):
    store = tmp_path / "store"
    build_store(store, [REPORTS / "seed_panyu_2023.txt"])
    at = open_page(monkeypatch, store)
    assert "每个文件不超过 50 MB" in at.sidebar.caption[0].value
    at.file_uploader[0].set_value([("county_gov_2019.txt", (REPORTS / "county_gov_2019.txt").read_bytes(),
                                    "text/plain")]).run()
    import_picked(at)
    said = [unmd(s.value) for s in at.sidebar.success]
    assert said[0] == "导入完成：新导入 1 个", said
    assert any(s.startswith("county_gov_2019.txt：已导入 — 青溪县人民政府办公室2019年 · 单元格：") for s in said), said
    # The next pick goes into a fresh uploader and is imported too (it used to be dropped).
    assert at.file_uploader[0].value in ([], None)
    at.file_uploader[0].set_value([("city_bureau_2022.txt", (REPORTS / "city_bureau_2022.txt").read_bytes(),
                                    "text/plain"),
                                   ("scan.pdf", b"<html><body>not a pdf</body></html>", "application/pdf"),
                                   ("again.txt", (REPORTS / "seed_panyu_2023.txt").read_bytes(), "text/plain")]).run()
    assert at.button(key="import").label == "导入 3 个文件"
    import_picked(at)
    assert unmd(at.sidebar.warning[0].value) == "导入完成：新导入 1 个，已在库中 1 个，失败 1 个"
    [failed] = [unmd(e.value) for e in at.sidebar.error]
    assert failed == "scan.pdf：导入失败 — 这个文件不是 PDF：它是保存成 .pdf 名字的网页（HTML）。"
    assert any(unmd(i.value).startswith("again.txt：已在库中，没有重复导入") for i in at.sidebar.info)
    reopened = Store.open(Settings.from_env(store=str(store), embedding_model=NO_MODEL))
    try:
        assert {r.agency for r in reopened.reports()} == {"广州市番禺区政务服务数据管理局", COUNTY, CITY}
    finally:
        reopened.close()
    # In English, the same outcomes in English.
    at.radio(key="lang-choice").set_value("English").run()
    at.file_uploader[0].set_value([("empty.pdf", b"", "application/pdf")]).run()
    import_picked(at)
    assert any(unmd(e.value).startswith("empty.pdf: failed — ") for e in at.sidebar.error)


def test_a_zip_is_imported_in_the_background_each_file_said_once_and_the_notices_clear(monkeypatch, tmp_path):
    import zipfile

    store = tmp_path / "store"
    build_store(store, [REPORTS / "seed_panyu_2023.txt"])
    at = open_page(monkeypatch, store)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("2022/city_bureau_2022.txt", (REPORTS / "city_bureau_2022.txt").read_bytes())
        zf.writestr("../evil.txt", b"outside")
        zf.writestr("readme.md", b"not a report")
    at.file_uploader[0].set_value([("year.zip", buf.getvalue(), "application/zip")]).run()
    import_picked(at)
    said = [unmd(w.value) for w in at.sidebar.warning]
    assert said[0] == "导入完成：新导入 1 个，未导入 2 个", said
    errors = [unmd(e.value) for e in at.sidebar.error]
    assert errors == ["year.zip › ../evil.txt：未导入 — ../evil.txt：文件名试图跳出解压文件夹（绝对路径或 ../），未解压。",
                      "year.zip › readme.md：未导入 — readme.md：不是报告文件（应为 .pdf、.html、.htm、.txt、.docx 或 .doc），未导入。"]
    assert any(unmd(s.value).startswith("year.zip › 2022/city_bureau_2022.txt：已导入 — 江临市生态环境局2022年")
               for s in at.sidebar.success)
    assert any(CITY in m.value for m in at.sidebar.markdown), "the library shows it"
    # Said once: another run (a question asked) says it again in the same place, not twice.
    at.chat_input[0].set_value("部分公开了多少件？").run()
    assert [unmd(w.value) for w in at.sidebar.warning].count("导入完成：新导入 1 个，未导入 2 个") == 1
    # Cleared by the reader, the notices are gone; they do not come back.
    at.button(key="clear-notices").click().run()
    assert not at.sidebar.warning and not at.sidebar.error
    at.run()
    assert not at.sidebar.warning and not at.sidebar.error
    # A whole folder can be picked instead.
    at.toggle(key="upload-folder").set_value(True).run()
    assert at.file_uploader[0].label.startswith("上传文件夹")


def test_delete_asks_first_and_says_what_it_did_in_view(monkeypatch, tmp_path):
    store = tmp_path / "store"
    ids = build_store(store, [REPORTS / "seed_panyu_2023.txt", REPORTS / "county_gov_2019.txt"])
    content = (REPORTS / "county_gov_2019.txt").read_bytes()
    at = open_page(monkeypatch, store)
    county = ids[COUNTY]
    at.button(key=f"del-{county}").click().run()
    assert not at.exception, at.exception
    [ask_first] = at.sidebar.warning
    assert unmd(ask_first.value).startswith(f"删除 {COUNTY}2019年？") and "重新上传" in ask_first.value
    at.button(key=f"del-no-{county}").click().run()
    assert not at.sidebar.warning and any(COUNTY in m.value for m in at.sidebar.markdown), "cancel keeps it"
    at.button(key=f"del-{county}").click().run()
    at.button(key=f"del-yes-{county}").click().run()
    assert not at.exception, at.exception
    # Said at the top of the library, where the reader is, and as a toast.
    assert unmd(at.sidebar.success[0].value) == f"已删除 {COUNTY}2019年。要恢复，请重新上传它的原文件。"
    assert at.toast and COUNTY in at.toast[0].value
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
    at.button(key=f"del-yes-{ids[CITY]}").click().run()
    assert not at.exception, at.exception
    assert at.multiselect(key="scope").value == []
    msg = ask(at, "部分公开了多少件？")
    assert "番禺" in answer_text(msg)


def panyu_2022(folder: Path) -> Path:
    """Panyu's report as its 2022 edition, its name printed without the city (「番禺区…」)."""
    text = (REPORTS / "seed_panyu_2023.txt").read_text(encoding="utf-8")
    text = text.replace("广州市番禺区政务服务数据管理局", "番禺区政务服务数据管理局").replace("2023", "2022")
    path = folder / "panyu_2022.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_library_shows_one_body_with_its_years_and_printed_names(monkeypatch, tmp_path):
    store = tmp_path / "store"
    build_store(store, [REPORTS / "seed_panyu_2023.txt", panyu_2022(tmp_path), REPORTS / "city_bureau_2022.txt"])
    at = open_page(monkeypatch, store)
    cards = [b for b in at.sidebar.children.values() if getattr(b, "type", None) == "flex_container"]
    titles = [unmd(c.markdown[0].value) for c in cards]
    assert titles == ["**广州市番禺区政务服务数据管理局**", f"**{CITY}**"] or \
        sorted(titles) == sorted(["**广州市番禺区政务服务数据管理局**", f"**{CITY}**"]), titles
    panyu = cards[[i for i, x in enumerate(titles) if "番禺" in x][0]]
    assert [unmd(c.value) for c in panyu.caption][0] == "也印作：番禺区政务服务数据管理局"
    years = [unmd(m.value) for m in panyu.markdown[1:]]
    assert years[0].startswith("**2023年** · 文本") and years[1].startswith("**2022年** · 文本"), years
    assert not any("2021" in unmd(m.value) for m in at.sidebar.markdown), "no template version shown"
    assert any(c.value.startswith("单元格：") and "缺失" in c.value for c in panyu.caption)


def test_a_body_name_the_report_puts_right_is_said_in_the_library(monkeypatch, tmp_path):
    # The title prints 「汪临市…」 (a misreading of 江); the rest of the report prints 江临市: the report
    # is filed under 江临市生态环境局, and its card says what the title printed and what was used.
    text = (REPORTS / "city_bureau_2022.txt").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.strip() == CITY)
    misread = tmp_path / "city_2022_misread.txt"
    misread.write_text(text.replace(title, title.replace("江临市", "汪临市"), 1), encoding="utf-8")
    store = tmp_path / "store"
    assert list(build_store(store, [misread])) == [CITY]
    at = open_page(monkeypatch, store)
    [card] = [b for b in at.sidebar.children.values() if getattr(b, "type", None) == "flex_container"]
    assert unmd(card.markdown[0].value) == f"**{CITY}**"
    said = [unmd(c.value) for c in card.caption if c.value.startswith("⚠")]
    assert said == ["⚠ 标题印作「汪临市生态环境局」，但报告其余部分3次印作「江临市」、0次印作「汪临市」：机关名称按「江临市生态环境局」。"]


def test_failed_checks_stand_out_in_the_library(page, library):
    marks = [m.value for m in page.sidebar.markdown if "failed-checks" in m.value]
    assert any("⚠ 2 项核查未通过" in m for m in marks), marks


# ---------------------------------------------------------------- checks and tables


def test_checks_tab_opens_on_the_reports_with_failures_with_labels_and_page_links(monkeypatch, library):
    media = MediaRecorder(monkeypatch)
    at = open_page(monkeypatch, library[0])
    checks = tab(at, "算术核查")
    assert at.toggle(key="checks-failing-only").value is True
    details = [unmd(e.value) for e in checks.error]
    assert any("部分公开 5 件" in d for d in details), details  # the city bureau's narrative
    assert any("43 + 4 + 0 + 1 + 1 + 0 = 49 ≠ 44" in d for d in details), details
    cells = [h for h in html_blocks(checks) if 'class="rt cells"' in h]
    assert any(re.search(r"<td>（一）予以公开</td><td>自然人</td><td>43</td><td>第4页</td>", h) for h in cells), cells
    assert not [s for s in visible_text(checks) if ADDRESS.search(s)], "labels, not addresses"
    assert not any(GD in unmd(m.value) for m in checks.markdown), "a report whose checks pass is not opened"
    # A page link opens the page with the cells of the check boxed.
    link = next(b for b in checks.button if b.label.startswith("打开原文第4页"))
    link.click().run()
    viewer = dialog(at)
    assert viewer is not None and red_pixels(png_of(media, viewer.image[0])) > 200

    at.toggle(key="checks-failing-only").set_value(False).run()
    assert any(GD in unmd(m.value) for m in tab(at, "算术核查").markdown)
    said = [s.value for s in tab(at, "算术核查").success] + [w.value for w in tab(at, "算术核查").warning]
    assert not any(s == "所有核查均通过。" for s in said)
    # Panyu leaves cells blank: the checks that need them could not run, and the page says so.
    assert any(re.match(r"已进行的 \d+ 项核查均通过。 另有 \d+ 项核查无法进行", s) for s in said), said


def test_tables_tab_marks_failed_figures_and_the_csv_carries_their_arithmetic(monkeypatch, library):
    store, ids = library
    media = MediaRecorder(monkeypatch)
    at = open_page(monkeypatch, store)
    at.selectbox(key="tables-report").set_value(ids[GD]).run()
    tables = tab(at, "表格")
    rendered = [h for h in html_blocks(tables) if 'class="rt"' in h]
    assert [re.search(r'data-table="(.)"', h).group(1) for h in rendered] == ["二", "三", "四"]
    assert cell_in(rendered[1], "t3.partial.total") == "4" and not highlighted(rendered[1])
    assert 'class="bad"' not in "".join(rendered)
    labels = [b.label for b in tables.download_button]
    assert labels == ["下载本报告 CSV", "下载全部 CSV"]

    # Named by body and year, as a reader finds the file again.
    one = media.download(f"{GD}-2023.csv").content.decode("utf-8-sig").splitlines()
    everything = media.download("all-reports.csv").content.decode("utf-8-sig").splitlines()
    assert one[0].startswith("report_id,agency,year,address,status,value")
    assert one[0].endswith(",check_failed,template_row,template_col")
    assert len(one) == 1 + 200
    assert f"{ids[GD]},{GD},2023,t3.partial.total,ok,4," in "\n".join(one)
    assert len(everything) > len(one) and {line.split(",")[0] for line in everything[1:]} == set(ids.values())

    # The broken county report: its figures in a failed check are marked, the arithmetic on hover and
    # beside the table, and in the CSV's check_failed column.
    at.selectbox(key="tables-report").set_value(ids[COUNTY]).run()
    assert "⚠ 2 项核查未通过" in at.selectbox(key="tables-report").format_func(ids[COUNTY])
    t3 = [h for h in html_blocks(tab(at, "表格")) if 'data-table="三"' in h][0]
    m = re.search(r'<td class="bad" title="([^"]*)" data-address="t3.granted.natural_person">43</td>', t3)
    assert m and "核查未通过" in m.group(1) and "49 ≠ 44" in html.unescape(m.group(1)), t3[:300]
    assert any("49 ≠ 44" in unmd(e.value) for e in tab(at, "表格").error)
    import csv

    rows = list(csv.DictReader(io.StringIO(media.download(f"{COUNTY}-2019.csv").content.decode("utf-8-sig"))))
    granted = next(r for r in rows if r["address"] == "t3.granted.natural_person")
    assert "49 ≠ 44" in granted["check_failed"]
    assert next(r for r in rows if r["address"] == "t3.new.natural_person")["check_failed"] == ""
    # Beside the row as printed, the template's own label for it.
    assert all(r["template_row"] and r["template_col"] for r in rows)
    # A 2019-format report is laid out by its own template.
    t2 = [h for h in html_blocks(tab(at, "表格")) if 'data-table="二"' in h][0]
    assert "本年新制作数量" in t2


# ---------------------------------------------------------------- the model notice


def test_the_page_says_what_still_works_when_the_model_cannot_be_loaded(page):
    [warning] = [w for w in page.warning if "嵌入模型" in w.value]
    assert "未能加载嵌入模型" in warning.value and "照常可用" in warning.value and "只按字词检索" in warning.value
    assert any(NO_MODEL in unmd(c.value) and c.value.startswith("配置的嵌入模型") for c in page.caption)
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
    ask(page, "全年主动公开信息共多少条？")
    page.selectbox(key="tables-report").set_value(rid).run()

    escaped_agency = "嵩阳市&lt;b&gt;滨河区&lt;/b&gt;市场监督管理局"
    assert escaped_agency in answer_text(figure)
    page.chat_message[1].button[0].click().run()  # the earlier answer's sources
    figure = page.chat_message[1]
    assert escaped_agency in unmd(cell_expanders(figure)[0].label)
    assert any(escaped_agency in m.value for m in page.sidebar.markdown), "the library entry"
    assert any("&lt;b&gt;" in c.value for c in tab(page, "表格").caption), "the title above the tables"
    psg = [h for e in passage_expanders(page.chat_message[3]) for h in html_blocks(e) if 'class="psg"' in h]
    assert any("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in h for h in psg), psg
    shown = everything_shown(page)
    for as_html, text in shown:
        # No markup from a report reaches the page as markup, in HTML or in Markdown.
        assert "<b>滨河区" not in text and "<script>" not in text, text
        if not as_html:
            assert "**主动**" not in text and "](javascript" not in text, text
    # Plain-text widget labels (the report pickers) show the name as it is written.
    assert page.selectbox(key="tables-report").format_func(rid).startswith(MARKUP_AGENCY)


def test_the_readme_shows_the_screenshots_of_the_verification_desk():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("answer", "sum", "failed-check", "source-page", "library", "checks", "upload", "claims"):
        assert f"](docs/screenshot-{name}.png)" in readme, name
        shot = ROOT / "docs" / f"screenshot-{name}.png"
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and 10_000 < shot.stat().st_size < 600_000, name


def test_the_uploaders_limit_is_the_products(monkeypatch):
    """Streamlit's own upload limit (its dropzone says 200MB by default) is the product's."""
    import tomllib

    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert conf["server"]["maxUploadSize"] == Settings().max_file_mb


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
    assert len(cached.db._conns) <= 2


def test_a_corrected_report_uploaded_under_another_name_replaces_the_old_one(monkeypatch, tmp_path):
    """Identity is the body and year, not the upload's temporary path: a corrected copy takes the
    old report's place, and the page says which file it replaced."""
    store = tmp_path / "store"
    build_store(store, [REPORTS / "seed_panyu_2023.txt"])
    corrected = ((REPORTS / "seed_panyu_2023.txt").read_text(encoding="utf-8") + "\n（本报告于2024年3月更正。）\n").encode("utf-8")
    at = open_page(monkeypatch, store)
    at.file_uploader[0].set_value([("番禺区2023年报-更正版.txt", corrected, "text/plain")]).run()
    import_picked(at)
    reopened = Store.open(Settings.from_env(store=str(store), embedding_model=NO_MODEL))
    try:
        reports = reopened.reports()
    finally:
        reopened.close()
    assert len(reports) == 1 and reports[0].path.endswith("番禺区2023年报-更正版.txt")
    said = [unmd(s.value) for s in at.sidebar.success]
    assert said[0] == "导入完成：替换 1 个"
    assert any(s.startswith("番禺区2023年报-更正版.txt：已导入，替换了同一机关同一年度的旧报告 seed_panyu_2023.txt") for s in said), said


# ---------------------------------------------------------------- 核对: the figures of a pasted text checked
#
# The paragraph is written from the gold files: its figures as the reports give them, one changed.


def gold_cells(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"), parse_float=Decimal)["cells"]


GD_GOLD, PANYU_GOLD = gold_cells("seed_guangdong_2023"), gold_cells("seed_panyu_2023")
PANYU = "广州市番禺区政务服务数据管理局"
#: Each figure of CLAIMS_TEXT: (as written, verdict, the report's figure, its cell).
CLAIMS = [
    (f"{GD_GOLD['t3.new.total']}件", "supported", GD_GOLD["t3.new.total"], "t3.new.total"),
    (f"{GD_GOLD['t3.granted.total']}件", "supported", GD_GOLD["t3.granted.total"], "t3.granted.total"),
    (f"{GD_GOLD['t3.partial.total'] + 1}件", "contradicted", GD_GOLD["t3.partial.total"], "t3.partial.total"),
    (f"{GD_GOLD['t4.review.total']}件", "supported", GD_GOLD["t4.review.total"], "t4.review.total"),
    (f"{PANYU_GOLD['t3.new.total']}件", "supported", PANYU_GOLD["t3.new.total"], "t3.new.total"),
]
CLAIMS_TEXT = (f"2023年，{GD}共收到政府信息公开申请{CLAIMS[0][0]}，其中予以公开{CLAIMS[1][0]}、部分公开{CLAIMS[2][0]}，"
               f"被申请行政复议{CLAIMS[3][0]}。\n同年，{PANYU}新收政府信息公开申请{CLAIMS[4][0]}。")
WRONG = 2  # the changed figure's index in CLAIMS
CLAIMS_TAB = {"zh": "核对文稿", "en": "Check a text"}


def check_text(at: AppTest, text: str, lang: str = "zh"):
    """Paste a text in the 核对 tab and press the check button; return the tab."""
    at.text_area(key="claims-text").set_value(text).run()
    at.button(key="claims-run").click().run()
    assert not at.exception, at.exception
    return tab(at, CLAIMS_TAB[lang])


MARK = re.compile(r'<mark class="claim (\w+)" data-verdict="(\w+)" data-n="(\d+)" title="([^"]*)">(.*?)<sup>\3</sup></mark>')


def marks(block):
    """The figures marked in the checked text: (figure as written, verdict, what hovering it says)."""
    [marked] = [h for h in html_blocks(block) if 'class="claims-text"' in h]
    found = MARK.findall(marked)
    assert all(cls == verdict for cls, verdict, *_ in found), "the colour is the verdict's"
    assert [int(n) for _, _, n, _, _ in found] == list(range(1, len(found) + 1)), "numbered in order"
    return [(html.unescape(text), verdict, html.unescape(tip)) for _, verdict, _, tip, text in found]


def marked_plain_text(block) -> str:
    """The checked text as the reader sees it under the marks (the figures' numbers taken out)."""
    [marked] = [h for h in html_blocks(block) if 'class="claims-text"' in h]
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<sup>\d+</sup>|<br>", lambda m: "\n" if m.group() == "<br>" else "",
                                                       marked)))


def chips(block) -> dict:
    [summary] = [h for h in html_blocks(block) if 'class="claims-summary"' in h]
    return {k: html.unescape(v) for k, v in re.findall(r'<span class="chip (\w+)">([^<]*)</span>', summary)}


def test_a_pasted_paragraph_is_marked_figure_by_figure_the_wrong_one_red_with_the_reports_figure(monkeypatch, library):
    media = MediaRecorder(monkeypatch)
    at = open_page(monkeypatch, library[0])
    panel = check_text(at, CLAIMS_TEXT)
    got = marks(panel)
    assert [(text, verdict) for text, verdict, _ in got] == [(c[0], c[1]) for c in CLAIMS]
    assert marked_plain_text(panel) == CLAIMS_TEXT, "the text as pasted, only marked"
    # Hovering the red figure says what the report says and where: the report's figure, its table,
    # row, column and page — in the template's labels, never an internal address.
    _, _, tip = got[WRONG]
    report_says = CLAIMS[WRONG][2]
    assert tip.startswith("与报告不符") and f"报告为 {report_says}件" in tip, tip
    for part in (f"{GD}2023年", "表三", "部分公开", "总计", "第4页"):
        assert part in tip, (part, tip)
    assert got[0][2].startswith("与报告一致") and f"报告为 {CLAIMS[0][2]}件" in got[0][2]
    assert re.search(r"第\d+行", got[4][2]), "a text report's figure is found by its line"
    assert not ADDRESS.search(" ".join(tip for *_, tip in got))
    # The counts.
    assert chips(panel) == {"supported": "与报告一致 4", "contradicted": "与报告不符 1", "ambiguous": "无法确定 0",
                            "not_found": "报告中未找到 0"}
    # Figure by figure: the verdict and the report's figure in one table.
    [table] = [h for h in html_blocks(panel) if 'class="rt claims"' in h]
    rows = re.findall(r'<tr data-verdict="(\w+)" data-n="\d+"><td>\d+</td><td>.*?</td><td>([^<]*)</td><td>([^<]*)</td>', table)
    assert rows == [(v, {"supported": "与报告一致", "contradicted": "与报告不符"}[v], f"{value}件")
                    for _, v, value, _ in CLAIMS], rows
    # Below, the sources of the figure the report contradicts: its cell in the table, boxed on the page.
    assert [unmd(e.value) for e in panel.error] == [f"与报告不符：报告为 {report_says}件，文中多 1。"]
    [exp] = cell_expanders(panel)
    assert "部分公开" in exp.label and "第4页" in exp.label and unmd(exp.label).endswith(f"→ {report_says}")
    [cited] = [h for h in html_blocks(exp) if 'class="rt"' in h]
    assert highlighted(cited) == ["t3.partial.total"] and cell_in(cited, "t3.partial.total") == str(report_says)
    assert red_pixels(png_of(media, exp.image[0])) > 200, "the cell's box on the printed page"


def test_picking_another_figure_shows_its_sources(page):
    panel = check_text(page, CLAIMS_TEXT)
    [pick] = [s for s in panel.selectbox if s.key.startswith("claims-pick")]
    assert pick.format_func(pick.value).startswith(f"{WRONG + 1}. {CLAIMS[WRONG][0]} — 与报告不符")
    pick.set_value(3).run()  # the reconsiderations: table 四
    panel = tab(page, "核对文稿")
    assert [unmd(s.value) for s in panel.success] == [f"与报告一致：报告为 {CLAIMS[3][2]}件。"]
    [exp] = cell_expanders(panel)
    [cited] = [h for h in html_blocks(exp) if 'class="rt"' in h]
    assert 'data-table="四"' in cited and highlighted(cited) == [CLAIMS[3][3]]


def test_the_check_downloads_as_csv_and_as_a_markdown_note(monkeypatch, library):
    import csv

    media = MediaRecorder(monkeypatch)
    at = open_page(monkeypatch, library[0])
    panel = check_text(at, CLAIMS_TEXT)
    assert [b.label for b in panel.download_button] == ["下载核对结果 CSV", "下载核对记录 Markdown"]

    raw = media.download("claims-check.csv").content.decode("utf-8")
    assert raw.startswith("\ufeff"), "a BOM, so that Excel reads the Chinese"
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert [(r["n"], r["figure_text"], r["verdict"], r["report_value"], r["addresses"]) for r in rows] == \
        [(str(i), text, verdict, str(value), address) for i, (text, verdict, value, address) in enumerate(CLAIMS, 1)]
    wrong = rows[WRONG]
    assert wrong["difference"] == "1" and wrong["body"] == GD and wrong["year"] == "2023"
    for part in ("表三", "部分公开", "总计", "第4页", f"= {CLAIMS[WRONG][2]}"):
        assert part in wrong["cells"], (part, wrong["cells"])
    assert rows[4]["body"] == PANYU and PANYU in rows[4]["cells"]

    note = media.download("fact-check-note.md").content.decode("utf-8")
    assert note.startswith("# 核对记录") and "核对了 5 个数字" in note
    assert f"部分公开**{CLAIMS[WRONG][0]}**[{WRONG + 1}]" in note, "the text with each figure numbered"
    block = note.split(f"### [{WRONG + 1}]")[1].split(f"### [{WRONG + 2}]")[0]
    assert block.startswith(f" {CLAIMS[WRONG][0]} — ✗ 与报告不符")
    cite = next(line for line in block.splitlines() if line.startswith("- 单元格："))
    for part in (f"{GD}2023年", "表三", "部分公开", "总计", "第4页", f"= {CLAIMS[WRONG][2]}"):
        assert part in unmd(cite), (part, cite)
    assert f"- 报告的数字：{CLAIMS[WRONG][2]}件" in block and "- 差异（文中减报告）：1" in block
    panyu = note.split("### [5]")[1]
    assert PANYU in panyu and "表三" in panyu and re.search(r"第\d+行", panyu), "a text report's cell by its line"


@pytest.mark.parametrize("lang,text,said", [
    ("zh", "", "请粘贴要核对的文字（文字是空的）。"),
    ("zh", "  \n ", "请粘贴要核对的文字（文字是空的）。"),
    ("zh", "部分公开5件。" * 4000, "这段文字有 28000 个字符，一次最多核对 20000 个。"),
    ("en", "", "Please give a text to check (the text was empty)."),
    ("en", "Partially disclosed: 5. " * 1000, "The text is 24000 characters long; check at most 20000 at once."),
], ids=["zh-empty", "zh-spaces", "zh-too-long", "en-empty", "en-too-long"])
def test_a_text_that_cannot_be_checked_is_said_in_one_sentence_in_the_pages_language(page, lang, text, said):
    if lang == "en":
        page.radio(key="lang-choice").set_value("English").run()
    panel = check_text(page, text, lang)
    assert [unmd(e.value) for e in panel.error] == [said]
    assert not panel.download_button and not [h for h in html_blocks(panel) if "claims-text" in h]


def test_an_error_and_a_check_follow_the_language_and_each_other(page):
    """The error is said in the language the page is in now, and a check after it clears it (and
    an error after a check clears the check)."""
    panel = check_text(page, "")
    assert [unmd(e.value) for e in panel.error] == ["请粘贴要核对的文字（文字是空的）。"]
    page.radio(key="lang-choice").set_value("English").run()
    assert [unmd(e.value) for e in tab(page, "Check a text").error] == ["Please give a text to check (the text was empty)."]
    panel = check_text(page, CLAIMS_TEXT, "en")
    assert not [e for e in panel.error if "text to check" in e.value]
    assert [v for _, v, _ in marks(panel)] == [c[1] for c in CLAIMS]
    assert [b.label for b in panel.download_button] == ["Download the check (CSV)", "Download the fact-check note (Markdown)"]
    assert chips(panel)["contradicted"] == "contradicted 1"
    panel = check_text(page, " ", "en")
    assert [unmd(e.value) for e in panel.error] == ["Please give a text to check (the text was empty)."]
    assert not [h for h in html_blocks(panel) if "claims-text" in h], "the earlier check is gone"


@pytest.mark.parametrize("lang,text,said", [
    ("zh", "2023年，广东省政数局持续深化政务公开，依据国办公开办函〔2021〕30号编制本报告。",
     "这段文字里没有可核对的数字（年份、日期、序号、电话和文号不算）。"),
    ("en", "In 2023 the Guangdong data administration kept up its open-government work under Article 20.",
     "The text states no figure to check (years, dates, ordinals, phone and document numbers are not figures)."),
], ids=["zh", "en"])
def test_a_text_with_no_figures_says_so(page, lang, text, said):
    if lang == "en":
        page.radio(key="lang-choice").set_value("English").run()
    panel = check_text(page, text, lang)
    assert [unmd(i.value) for i in panel.info] == [said]
    assert not panel.error and not panel.download_button


def test_an_english_paragraph_in_the_english_page(page):
    page.radio(key="lang-choice").set_value("English").run()
    new, natural = GD_GOLD["t3.new.total"], GD_GOLD["t3.new.natural_person"]
    panel = check_text(page, f"In 2023 the Guangdong data administration received {new} new requests, "
                             f"{natural + 10} of them from individuals.", "en")
    got = marks(panel)
    assert [(text, verdict) for text, verdict, _ in got] == [(str(new), "supported"), (str(natural + 10), "contradicted")]
    assert got[1][2].startswith("contradicted — ") and f"report gives {natural}" in got[1][2], got[1][2]
    assert "table 3" in got[1][2] and "page 4" in got[1][2]
    assert chips(panel) == {"supported": "supported 1", "contradicted": "contradicted 1", "ambiguous": "ambiguous 0",
                            "not_found": "not found 0"}


def test_limiting_the_check_to_a_report_decides_whose_figure_an_unnamed_one_is(page, library):
    _, ids = library
    partial = GD_GOLD["t3.partial.total"]
    panel = check_text(page, f"部分公开{partial}件。")  # no body named, several loaded
    [(_, verdict, tip)] = marks(panel)
    assert verdict == "not_found" and "单位" in tip
    page.multiselect(key="claims-scope").set_value([ids[GD]]).run()
    panel = check_text(page, f"部分公开{partial}件。")
    [(_, verdict, tip)] = marks(panel)
    assert verdict == "supported" and f"报告为 {partial}件" in tip and GD in tip


def test_a_pasted_text_with_markup_is_shown_as_text(page):
    text = (f"{GD}2023年部分公开{GD_GOLD['t3.partial.total']}件<script>alert(1)</script>，"
            f"<em>予以公开{GD_GOLD['t3.granted.total']}件</em>。")
    panel = check_text(page, text)
    [marked] = [h for h in html_blocks(panel) if 'class="claims-text"' in h]
    assert "<script>" not in marked and "<em>" not in marked and "&lt;script&gt;" in marked
    assert marked_plain_text(panel) == text, "what was pasted, as text"
    assert [v for _, v, _ in marks(panel)] == ["supported", "supported"]


def example_verdicts() -> list:
    """The verdicts the page's example paragraph (「填入示例」) should get, from the reports' gold and text."""
    gd_text = (REPORTS / "seed_guangdong_2023.txt").read_text(encoding="utf-8")
    published = re.search(r"全年公开政府信息 (\d+) 条", gd_text).group(1)
    reported = int(re.search(r"获主流媒体报道超 (\d+) 次", gd_text).group(1))
    assert reported > 600  # the example's 「超过600次」: more than the report's more than 660 is more than 600
    return [(f"{GD_GOLD['t3.new.total']}件", "supported"), (f"{GD_GOLD['t3.granted.total']}件", "supported"),
            (f"{GD_GOLD['t3.partial.total'] + 1}件", "contradicted"), (f"{GD_GOLD['t4.review.total']}件", "supported"),
            (f"{published}条", "supported"), ("超过600次", "supported"),
            (f"{PANYU_GOLD['t3.new.total']}宗", "supported"), ("30件", "not_found")]  # 天河区 is not loaded


SAID_BY_THE_BUREAU = 4  # 「该局官方网站全年公开政府信息571条」: see the test below


def test_the_example_paragraph_is_filled_in_and_checked(page):
    page.button(key="claims-example").click().run()
    assert page.text_area(key="claims-text").value.startswith("2023年，广东省政务服务和数据管理局")
    got = [(text, verdict) for text, verdict, _ in marks(check_text(page, page.text_area(key="claims-text").value))]
    want = example_verdicts()
    assert [text for text, _ in got] == [text for text, _ in want]
    assert [g for i, g in enumerate(got) if i != SAID_BY_THE_BUREAU] == \
        [w for i, w in enumerate(want) if i != SAID_BY_THE_BUREAU]
    page.radio(key="lang-choice").set_value("English").run()
    page.button(key="claims-example").click().run()
    assert page.text_area(key="claims-text").value.startswith("In 2023 the Guangdong data administration")


def test_a_figure_given_to_the_bureau_just_named_is_found_in_the_reports_text(page):
    text, verdict = example_verdicts()[SAID_BY_THE_BUREAU]
    panel = check_text(page, f"2023年，{GD}共收到政府信息公开申请{GD_GOLD['t3.new.total']}件。该局官方网站全年公开政府信息{text}。")
    assert marks(panel)[1][:2] == (text, verdict)
