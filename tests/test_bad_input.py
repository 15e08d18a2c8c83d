"""Bad files and faults, end to end: whatever is ingested, the product says in one sentence what is
wrong with it, and the store is exactly as it was before (issue 6).

Every file goes through ``index.ingest.ingest_files`` (one through ``python -m ingest``) into a store
that already holds two reports, one of them with vectors in Chroma. "Exactly as before" is what a
user can see: the same reports, cells, checks and passages, the same row counts (FTS included), the
same vectors, and no file in the store folder that was not there (SQLite's own -wal/-shm aside).

The faults run as a user would meet them: the disk fills (a child process with a small
RLIMIT_FSIZE, so every write past it fails as on a full disk), the store folder is read-only (chmod,
and a child without the capability that lets root write anyway), two ``python -m ingest`` at once,
questions asked while an ingest runs. Where test_pdf_reader.py checks a bad PDF at the reader, this
checks what the user gets from the whole pipeline; a process killed mid-ingest and an unreachable
Chroma server are checked end to end in test_store.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, cells_against_gold
from storekit import StoredCells, connect, db_counts, ingest_files, vector_ids, write_english
from test_pdf_reader import FONT_PATH, _canvas_pdf, _slow_pdf, build_pdf, prose_and_table_pdf
from test_store import assert_every_report_whole, ingest_env, snapshot

from cli.serialize import answer_json
from config import Settings
from index import Store
from ingest.template import FORMATS_BY_NAME
from retrieval import answer_question

needs_font = pytest.mark.skipif(not FONT_PATH.exists(), reason="needs the WenQuanYi CJK font")
REPORTS = FIXTURES / "reports"
HTML_REPORT = REPORTS / "district_office_2024.html"
GD_REPORT = REPORTS / "seed_guangdong_2023.txt"


# ---------------------------------------------------------------- the store and what a user sees of it


@pytest.fixture(scope="module")
def model_name(packaged_model):
    return packaged_model.embedder.model_name


@pytest.fixture(scope="module")
def held_template(tmp_path_factory, packaged_model, model_name):
    """A store folder holding an English report (embedded: its vectors are in Chroma) and a Chinese
    one (Panyu); each test works on a copy of it."""
    folder = tmp_path_factory.mktemp("held")
    settings = Settings(store=str(folder / "store"), embedding_model=model_name)
    store = Store.open(settings, model=packaged_model)
    try:
        results = ingest_files([write_english(folder / "harbor.txt"), REPORTS / "seed_panyu_2023.txt"], settings,
                               store=store)
        assert [r["status"] for r in results] == ["ingested", "ingested"], results
        assert vector_ids(store), "the English report has vectors"
    finally:
        store.close()
    return folder / "store"


class Held:
    """A copy of the held store, opened as the product opens it; reopened after a child process."""

    def __init__(self, folder: Path, model, model_name: str):
        self.settings = Settings(store=str(folder), embedding_model=model_name)
        self.model = model
        self.store = Store.open(self.settings, model=model)

    def reopen(self) -> Store:
        self.store.close()
        self.store = Store.open(self.settings, model=self.model)
        return self.store

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def held(held_template, tmp_path, packaged_model, model_name):
    folder = tmp_path / "store"
    shutil.copytree(held_template, folder)
    h = Held(folder, packaged_model, model_name)
    yield h
    h.close()


def files_of(folder) -> list:
    """Every file in the store folder, but SQLite's -wal and -shm (which come and go with connections)."""
    folder = Path(folder)
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and not p.name.endswith(("-wal", "-shm")))


def state(store) -> dict:
    """Everything a user can list, look up or find in a store folder."""
    reports, cells, checks, passages = snapshot(store)
    return {"reports": reports, "cells": cells, "checks": checks, "passages": passages,
            "rows": db_counts(store.folder), "vectors": vector_ids(store), "files": files_of(store.folder)}


def assert_one_sentence(message: str, says: str) -> None:
    """One sentence a person can read: no line breaks, no traceback, ends as a sentence, says what."""
    assert message and "\n" not in message and "Traceback" not in message, message
    assert message.rstrip().endswith((".", "。")), message
    assert len(message) < 400, message
    assert re.search(says, message), f"expected {says!r} in {message!r}"


def ingest_failing(held: Held, path: Path, says: str, settings: Settings = None) -> str:
    """Ingest one file that must fail: its one-sentence error, and the store exactly as before."""
    before = state(held.store)
    [res] = ingest_files([path], settings or held.settings, store=held.store)
    assert res["status"] == "failed" and res["report"] is None, res
    assert_one_sentence(res["error"], says)
    assert state(held.store) == before
    return res["error"]


# ---------------------------------------------------------------- files we cannot read


def _empty(tmp, name):
    path = tmp / name
    path.write_bytes(b"")
    return path


def _blank_text(tmp):
    path = tmp / "blank.txt"
    path.write_bytes(b" \r\n\t\n  \n")
    return path


def _html_named_pdf(tmp):
    path = tmp / "report.pdf"
    path.write_text("<!DOCTYPE html><html><body>政府信息公开工作年度报告</body></html>", encoding="utf-8")
    return path


def _docx_named_pdf(tmp):
    path = tmp / "report.pdf"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + bytes(200))
    return path


def _png_named_pdf(tmp):
    path = tmp / "scan.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return path


def _truncated_pdf(tmp):
    whole = prose_and_table_pdf(tmp / "whole.pdf").read_bytes()
    path = tmp / "cut.pdf"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    return path


def _broken_page_tree_pdf(tmp):
    """A PDF whose page object is damaged (an odd-length dictionary): pdfplumber fails on listing the
    pages, and again when it is closed. The second failure used to escape as a PdfminerException."""
    whole = prose_and_table_pdf(tmp / "whole.pdf").read_bytes()
    assert whole.count(b"/Contents ") == 1
    path = tmp / "damaged.pdf"
    path.write_bytes(whole.replace(b"/Contents ", b"/C ntents ", 1))  # same length: the xref stays right
    return path


def _locked_pdf(tmp):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.platypus import Paragraph
    from test_pdf_reader import _styles

    body, _ = _styles()
    return build_pdf(tmp / "locked.pdf", [Paragraph("一、总体情况", body)],
                     encrypt=StandardEncryption("secret", "owner", strength=128))


def _scanned_pdf(tmp):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(image).rectangle([20, 20, 580, 280], outline="black")
    image.save(tmp / "scan.png")
    return _canvas_pdf(tmp / "scan.pdf", lambda c: c.drawImage(str(tmp / "scan.png"), 50, 300, 500, 250))


def _binary_txt(tmp):
    path = tmp / "report.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 500)
    return path


def _undecodable_txt(tmp):
    path = tmp / "report.txt"
    path.write_bytes(bytes(range(128, 256)) * 20)  # neither UTF-8 nor GB18030 nor UTF-16
    return path


def _xlsx(tmp):
    path = tmp / "report.xlsx"
    path.write_bytes(b"PK\x03\x04")
    return path


def _real_docx(tmp, name="whole.docx"):
    """A small Word report: a heading, a sentence and a table, made with python-docx."""
    import docx

    d = docx.Document()
    d.add_paragraph("某局2023年政府信息公开工作年度报告")
    d.add_paragraph("一、总体情况")
    table = d.add_table(rows=1, cols=8)
    for c, text in enumerate(("一、本年新收政府信息公开申请数量", "5", "0", "0", "0", "0", "0", "5")):
        table.cell(0, c).text = text
    d.save(str(tmp / name))
    return tmp / name


def _stub_docx(tmp):
    path = tmp / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    return path


def _truncated_docx(tmp):
    whole = _real_docx(tmp).read_bytes()
    path = tmp / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _corrupt_docx(tmp):
    """A .docx whose document part is damaged inside an intact archive (a bad CRC)."""
    import zipfile

    whole = _real_docx(tmp)
    path = tmp / "corrupt.docx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    data = bytearray(path.read_bytes())
    at = data.find(b"<w:body>")
    data[at + 1:at + 7] = b"XXXXXX"  # same length: the archive's directory stays right, its CRC does not
    path.write_bytes(bytes(data))
    return path


def _zip_named_docx(tmp):
    import zipfile

    path = tmp / "photos.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("photo.txt", "not a Word document")
    return path


def _locked_docx(tmp):
    """A .docx locked with a password as Word locks it: an OLE container holding the encrypted package."""
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with _real_docx(tmp).open("rb") as f:
        OOXMLFile(f).encrypt("secret", out)
    path = tmp / "locked.docx"
    path.write_bytes(out.getvalue())
    return path


def _html_named_doc(tmp):
    path = tmp / "report.doc"
    path.write_text("<html><body>政府信息公开工作年度报告</body></html>", encoding="utf-8")
    return path


UNREADABLE = [
    pytest.param(lambda t: _empty(t, "empty.pdf"), r"^empty\.pdf is empty\.$", id="empty-pdf"),
    pytest.param(lambda t: _empty(t, "empty.html"), r"^empty\.html is empty\.$", id="empty-html"),
    pytest.param(_blank_text, r"^blank\.txt is empty\.$", id="blank-txt"),
    pytest.param(_html_named_pdf, r"^this file is not a PDF: it is a web page \(HTML\) saved under a \.pdf name\.$",
                 id="html-named-pdf"),
    pytest.param(_docx_named_pdf, r"^this file is not a PDF: it is a ZIP archive", id="docx-named-pdf"),
    pytest.param(_png_named_pdf, r"^this file is not a PDF: ", id="png-named-pdf"),
    pytest.param(_truncated_pdf, r"^this PDF is damaged or truncated: it stops before its end", id="truncated-pdf"),
    pytest.param(_broken_page_tree_pdf, r"^this PDF is damaged or truncated: its list of pages cannot be read\.$",
                 id="corrupt-pdf"),
    pytest.param(_locked_pdf, r"^this PDF is locked with a password: ", id="encrypted-pdf"),
    pytest.param(_scanned_pdf, r"^no text could be read from this scan: OCR found no writing on its pages\.$",
                 id="scan-without-writing"),
    pytest.param(_binary_txt, r"^report\.txt is not a text file \(it holds binary data\)\.$", id="binary-txt"),
    pytest.param(_undecodable_txt, r"^report\.txt is not in an encoding we can read \(expected UTF-8, GBK or GB18030\)",
                 id="undecodable-txt"),
    pytest.param(_xlsx, r"^report\.xlsx: expected a \.pdf, \.html, \.htm, \.txt, \.docx or \.doc report, got a \.xlsx\.$",
                 id="xlsx"),
    pytest.param(_stub_docx, r"^this Word file is damaged or truncated: its archive cannot be opened", id="stub-docx"),
    pytest.param(_truncated_docx, r"^this Word file is damaged or truncated: its archive cannot be opened",
                 id="truncated-docx"),
    pytest.param(_corrupt_docx, r"^this Word file is damaged or truncated: its part word/document\.xml cannot be read",
                 id="corrupt-docx"),
    pytest.param(_zip_named_docx, r"^this file is not a Word document: it is a ZIP archive without a Word document",
                 id="zip-named-docx"),
    pytest.param(_locked_docx, r"^this Word file is locked with a password: ", id="encrypted-docx"),
    pytest.param(_html_named_doc, r"^this file is not a Word \.doc file: ", id="html-named-doc"),
]


@needs_font
@pytest.mark.parametrize("make, says", UNREADABLE)
def test_a_file_we_cannot_read_fails_in_one_sentence_and_changes_nothing(held, tmp_path, make, says):
    ingest_failing(held, make(tmp_path), says)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(held, tmp_path):
    # 60 MB of nothing (a sparse file): were it read, it would be "not a PDF"; it is refused by size.
    path = tmp_path / "big.pdf"
    with open(path, "wb") as f:
        f.truncate(60 * 1024 * 1024)
    assert held.settings.max_file_mb == 50
    ingest_failing(held, path, r"^big\.pdf is 60 MB; the limit is 50 MB \(set REPORTS_MAX_FILE_MB to change it\)\.$")


@needs_font
def test_a_pdf_built_to_be_slow_is_stopped_at_the_page_time_limit(held, tmp_path):
    # Page 2 is a grid of 14,400 ruled cells: minutes of table finding without the limit.
    path = _slow_pdf(tmp_path / "slow.pdf")
    settings = dataclasses.replace(held.settings, page_seconds=0.5)
    ingest_failing(held, path, r"^page 2 of this PDF takes more than 0\.5 seconds to read, so it was stopped",
                   settings=settings)


# ---------------------------------------------------------------- readable files that are not reports


def _notice_txt(tmp):
    path = tmp / "notice.txt"
    path.write_text("关于召开工作会议的通知\n\n各单位：\n定于下周一上午九时召开全体工作会议，请准时参加。\n会议地点：三楼会议室\n",
                    encoding="utf-8")
    return path, "工作会议"


def _weather_html(tmp):
    path = tmp / "weather.html"
    path.write_text("<html><head><title>天气预报</title></head><body><div class='nav'>首页</div>"
                    "<h1>明天多云转晴</h1><p>最高气温二十度，最低气温十五度。早晚温差较大，请注意添衣。</p>"
                    "<table><tr><td>周一</td><td>晴</td></tr><tr><td>周二</td><td>小雨</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    return path, "气温"


def _notice_pdf(tmp):
    from reportlab.platypus import Paragraph
    from test_pdf_reader import _styles

    body, _ = _styles()
    lines = ["关于召开工作会议的通知", "各单位：定于下周一上午九时召开全体工作会议，请准时参加。", "会议地点：三楼会议室。"]
    return build_pdf(tmp / "notice.pdf", [Paragraph(t, body) for t in lines]), "工作会议"


def _notice_docx(tmp):
    import docx

    d = docx.Document()
    for line in ("关于召开工作会议的通知", "各单位：定于下周一上午九时召开全体工作会议，请准时参加。", "会议地点：三楼会议室。"):
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "时间", (0, 1): "周一", (1, 0): "地点", (1, 1): "三楼"}.items():
        table.cell(r, c).text = text
    d.save(str(tmp / "notice.docx"))
    return tmp / "notice.docx", "工作会议"


def _notice_scan(tmp):
    """A scan of something else: the notice, printed and scanned (OCR reads it, and it is no report)."""
    from scankit import pdf_to_scan

    path, word = _notice_pdf(tmp)
    return pdf_to_scan(path, tmp / "notice.scan.pdf"), word


@needs_font
@pytest.mark.parametrize("make", [_notice_txt, _weather_html, _notice_pdf, _notice_docx, _notice_scan],
                         ids=["txt", "html", "pdf", "docx", "scan"])
def test_a_file_that_is_not_a_report_is_ingested_for_its_passages_and_says_so(held, tmp_path, make):
    path, word = make(tmp_path)
    before = state(held.store)
    [res] = ingest_files([path], held.settings, store=held.store)
    assert res["status"] == "ingested" and res["error"] is None, res
    rep = res["report"]
    assert "no template tables were found: only the passages of this file were read." in rep["warnings"]
    assert rep["cells"]["known"] == 0 and rep["passages"] >= 1
    # Its passages are searchable; the reports that were there are untouched.
    hits = held.store.lexical_search(word, report_ids=[rep["id"]])
    assert hits and word in hits[0][0]["text"]
    assert [r for r in held.store.reports() if r.id != rep["id"]] == before["reports"]
    assert {rc.report.id for rc in held.store.cells()} == {r.id for r in before["reports"]} | {rep["id"]}


# ---------------------------------------------------------------- hostile HTML, encodings, duplicates


HOSTILE_TITLE = ("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
                 "滨河区发展和改革局2024年政府信息公开工作年度报告\u202e</title>")
HOSTILE_SCRIPTS = """
<script>document.write('<table><tr><td>一、本年新收政府信息公开申请数量</td><td>999999</td></tr></table>');</script>
<script type="text/template"><p>一、总体情况 本年新收申请 888888 件。</p></script>
<noscript><p>请启用脚本：本年新收申请 777777 件。</p></noscript>
<iframe srcdoc="<p>本年新收申请 666666 件</p>"></iframe>
<style>body:after { content: "本年新收申请 555555 件"; }</style>
<img src=x onerror="alert(3)"><svg onload="alert(4)"><text>444444</text></svg>
"""


def test_html_with_scripts_and_a_hostile_title_gives_the_report_and_nothing_of_the_scripts(held, tmp_path, golds):
    html = HTML_REPORT.read_text(encoding="utf-8")
    html = re.sub(r"<title>.*?</title>", HOSTILE_TITLE, html, flags=re.S)
    # Without its <h1> and ArticleTitle, the page's <title> is where the body's name is read from.
    html = re.sub(r"<h1>.*?</h1>", "", html).replace('name="ArticleTitle"', 'name="x-ArticleTitle"')
    html = html.replace("<body", '<body onload="alert(5)"', 1).replace("</body>", HOSTILE_SCRIPTS + "</body>")
    path = tmp_path / "hostile.html"
    path.write_text(html, encoding="utf-8")

    [res] = ingest_files([path], held.settings, store=held.store)
    assert res["status"] == "ingested", res
    rep = res["report"]
    gold = golds["district_office_2024"]
    assert (rep["agency"], rep["year"]) == (gold["agency"], gold["year"])
    assert not re.search(r"[<>]|alert|script|\u202e", f"{rep['agency']} {rep['title']}"), rep
    assert cells_against_gold(StoredCells(held.store, rep["id"]), gold) == []
    conn = connect(held.store.folder)
    passages = " ".join(r["text"] for r in conn.execute("SELECT text FROM passages WHERE report_id = ?", (rep["id"],)))
    conn.close()
    for text in (passages, held.store.report_text(rep["id"])):
        assert text and not re.search(r"alert|document\.write|999999|888888|777777|666666|555555|444444", text)


def _gbk(src: Path, tmp: Path, name: str, encoding: str, transform=lambda s: s) -> Path:
    path = tmp / name
    path.write_bytes(transform(src.read_text(encoding="utf-8")).encode(encoding))
    return path


ENCODED = [
    pytest.param(lambda t: _gbk(GD_REPORT, t, "gd.txt", "gbk"), "seed_guangdong_2023", id="gbk-txt"),
    # GB18030 beyond GBK: a four-byte character (𠀀, CJK extension B) in the narrative.
    pytest.param(lambda t: _gbk(GD_REPORT, t, "gd.txt", "gb18030", lambda s: s.replace("总体情况\n", "总体情况\n𠀀\n", 1)),
                 "seed_guangdong_2023", id="gb18030-txt"),
    pytest.param(lambda t: _gbk(HTML_REPORT, t, "page.html", "gbk", lambda s: s.replace('charset="utf-8"', 'charset="gbk"')),
                 "district_office_2024", id="gbk-html-declared"),
    pytest.param(lambda t: _gbk(HTML_REPORT, t, "page.html", "gb18030", lambda s: s.replace('<meta charset="utf-8">', "")),
                 "district_office_2024", id="gb18030-html-undeclared"),
    # A page that says UTF-8 but is GBK (a portal's template and its content disagree).
    pytest.param(lambda t: _gbk(HTML_REPORT, t, "page.html", "gbk"), "district_office_2024", id="gbk-html-declared-utf8"),
]


@pytest.mark.parametrize("make, stem", ENCODED)
def test_gbk_and_gb18030_reports_are_read_whole(held, tmp_path, golds, make, stem):
    [res] = ingest_files([make(tmp_path)], held.settings, store=held.store)
    assert res["status"] == "ingested", res
    gold = golds[stem]
    assert (res["report"]["agency"], res["report"]["year"]) == (gold["agency"], gold["year"])
    assert cells_against_gold(StoredCells(held.store, res["report"]["id"]), gold) == []


def test_the_same_report_twice_under_other_names_is_stored_once(held, tmp_path):
    first = tmp_path / "a" / "广东省政数局2023年报.txt"
    again = tmp_path / "b" / "download (1).text"  # another folder, name and ending; the same bytes
    for p in (first, again):
        p.parent.mkdir()
        shutil.copy(GD_REPORT, p)
    results = ingest_files([first, again], held.settings, store=held.store)
    assert [r["status"] for r in results] == ["ingested", "unchanged"], results
    assert results[1]["report"]["id"] == results[0]["report"]["id"]
    assert results[1]["report"]["note"] == f"the same report is already stored from {first.resolve()}"
    # One kept copy of the file, under the stored report's ending (none left for the .text name).
    sha = hashlib.sha256(GD_REPORT.read_bytes()).hexdigest()
    assert [f for f in files_of(held.store.folder) if sha in f] == [f"files/{sha}.txt"]
    # and a third time changes nothing at all
    before = state(held.store)
    [res] = ingest_files([again], held.settings, store=held.store)
    assert res["status"] == "unchanged" and state(held.store) == before


# ---------------------------------------------------------------- the command line


def run_ingest(*args, env=None, prefix=(), timeout=300):
    return subprocess.run([*prefix, sys.executable, "-m", "ingest", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=timeout)


@needs_font
def test_python_m_ingest_exits_1_with_one_line_per_bad_file_and_stores_the_good_ones(held, tmp_path, model_name):
    bad = {_truncated_pdf(tmp_path): "damaged or truncated", _scanned_pdf(tmp_path): "no text could be read from this scan",
           _empty(tmp_path, "empty.html"): "is empty"}
    good = [write_english(tmp_path / "river.txt", title="River Port Authority Annual Report"), GD_REPORT]
    before = state(held.store)
    held.store.close()
    p = run_ingest(good[0], *bad, good[1], "--store", held.settings.store, env=ingest_env(model_name))
    assert p.returncode == 1, p.stderr[-2000:]
    assert "Traceback" not in p.stderr
    lines = p.stdout.splitlines()
    for path, says in bad.items():
        [line] = [l for l in lines if l.startswith(f"{path}: ")]
        assert line.startswith(f"{path}: failed: ") and says in line
        assert_one_sentence(line.split(": failed: ", 1)[1], says)
    for path in good:
        [line] = [l for l in lines if l.startswith(f"{path}: ")]
        assert line.startswith(f"{path}: ingested: ")
    store = held.reopen()
    after = state(store)
    assert len(after["reports"]) == len(before["reports"]) + 2
    assert all(r in after["reports"] for r in before["reports"])
    assert_every_report_whole(store, model_name)


# ---------------------------------------------------------------- a full disk


#: Runs ingest_files in a process that may not write any file past LIMIT bytes: every write that
#: would grow a file further fails (EFBIG), as writes fail on a full disk.
FULL_DISK = """
import json, os, resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, do not kill the process
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.path.insert(0, os.getcwd())
from cli.serialize import outcome_json
from config import Settings
from pipeline import ingest_files
settings = Settings(store=sys.argv[2], embedding_model=sys.argv[3])
print(json.dumps([outcome_json(o) for o in ingest_files([Path(p) for p in sys.argv[4:]], settings)],
                 ensure_ascii=False))
"""


def test_a_full_disk_fails_each_write_in_one_sentence_and_the_store_is_as_it_was(held, tmp_path, model_name):
    english = write_english(tmp_path / "river.txt", title="River Port Authority Annual Report", lines=40)
    chinese = REPORTS / "city_bureau_2022.txt"  # not readable by the English test model: no vectors
    big_page = tmp_path / "page.html"  # its copy in the store is the first write past the limit
    big_page.write_text(HTML_REPORT.read_text(encoding="utf-8").replace("</body>", "<!--" + "x" * 300_000 + "--></body>"),
                        encoding="utf-8")
    before = state(held.store)
    held.store.close()
    script = tmp_path / "full_disk.py"
    script.write_text(FULL_DISK, encoding="utf-8")
    # 64 KiB: SQLite's shared-memory file (32 KiB) fits, a report's rows, vectors or file copy do not.
    p = subprocess.run([sys.executable, str(script), str(64 * 1024), held.settings.store, model_name, english,
                        chinese, big_page], cwd=ROOT, env=ingest_env(model_name), capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr[-3000:]
    results = {Path(r["path"]).name: r for r in json.loads(p.stdout)}
    assert {r["status"] for r in results.values()} == {"failed"}, results
    # The vectors are written first (Chroma), the rows next (SQLite), the file copy before both.
    assert_one_sentence(results["river.txt"]["error"], r"^the vector store could not be written \(.*\); nothing was changed\.$")
    assert_one_sentence(results["city_bureau_2022.txt"]["error"],
                        r"^the store could not be written \(.*\); nothing was changed\.$")
    assert_one_sentence(results["page.html"]["error"],
                        r"^the store folder .* cannot be written \(File too large: disk full or read-only\?\); "
                        r"nothing was changed\.$")
    store = held.reopen()
    assert state(store) == before
    # With room again, the same files go in.
    again = ingest_files([english, chinese, big_page], held.settings, store=store)
    assert [r["status"] for r in again] == ["ingested"] * 3, again
    assert_every_report_whole(store, model_name)


# ---------------------------------------------------------------- a read-only store folder


#: Root writes through permission bits; without CAP_DAC_OVERRIDE (and its kin) it cannot, as any
#: other user cannot. setpriv drops them from the child's bounding set.
DROP_CAPS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable",
             "--inh-caps=-dac_override,-dac_read_search,-fowner,-linux_immutable"]


def read_only_prefix(probe_dir: Path) -> list:
    """The command prefix under which this process's user cannot write a chmod-ed folder, checked."""
    prefix = DROP_CAPS if os.geteuid() == 0 else []
    if prefix and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made to refuse writes")
    probe_dir.mkdir()
    probe_dir.chmod(0o555)
    try:
        p = subprocess.run([*prefix, sys.executable, "-c", f"open({str(probe_dir / 'x')!r}, 'w')"], capture_output=True)
    finally:
        probe_dir.chmod(0o755)
    if p.returncode == 0:
        pytest.skip("a chmod-ed folder is still writable here (capabilities could not be dropped)")
    return prefix


def chmod_tree(folder: Path, writable: bool) -> None:
    for p in [folder, *folder.rglob("*")]:
        mode = p.stat().st_mode
        if writable:
            p.chmod(mode | stat.S_IWUSR)
        else:
            p.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_a_read_only_store_fails_each_file_in_one_sentence_and_changes_nothing(held, tmp_path, model_name):
    prefix = read_only_prefix(tmp_path / "probe")
    english = write_english(tmp_path / "river.txt", title="River Port Authority Annual Report")
    before = state(held.store)
    held.store.close()
    folder = Path(held.settings.store)
    chmod_tree(folder, writable=False)
    try:
        p = run_ingest(english, GD_REPORT, "--store", folder, env=ingest_env(model_name), prefix=prefix)
        q = subprocess.run([*prefix, sys.executable, "-m", "retrieval", "番禺区2023年部分公开了多少件？", "--store",
                            str(folder)], cwd=ROOT, capture_output=True, text=True, env=ingest_env(model_name), timeout=300)
    finally:
        chmod_tree(folder, writable=True)
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr[-2000:]
    # A line a file, then the import's summary repeating each failure.
    lines = p.stdout.splitlines()
    assert len(lines) == 5 and ": 0 imported, 0 replaced, 0 unchanged, 2 failed" in lines[2], p.stdout
    for path, line in zip((english, GD_REPORT), lines):
        assert line.startswith(f"{path}: failed: ")
        assert_one_sentence(line.split(": failed: ", 1)[1], r"cannot be opened or written \(attempt to write a readonly database\)")
    # Asking a read-only store: an answer, or one line saying why not; never a traceback.
    assert "Traceback" not in q.stderr, q.stderr[-2000:]
    if q.returncode != 0:
        [line] = q.stderr.strip().splitlines()
        assert_one_sentence(line.removeprefix("error: "), r"read-?only")
    assert state(held.reopen()) == before


# ---------------------------------------------------------------- at the same time


def test_two_ingests_at_once_into_one_store_both_complete(held, tmp_path, model_name):
    inbox = {}
    for side, chinese in (("a", REPORTS / "city_bureau_2022.txt"), ("b", REPORTS / "county_gov_2019.txt")):
        folder = tmp_path / side
        folder.mkdir()
        write_english(folder / f"{side}_port.txt", title=f"Port {side.upper()} Authority Annual Report", lines=20)
        shutil.copy(chinese, folder / chinese.name)
        inbox[side] = folder
    held.store.close()
    env = ingest_env(model_name)
    procs = [subprocess.Popen([sys.executable, "-m", "ingest", str(inbox[s]), "--store", held.settings.store, "--json"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for s in "ab"]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0 and "Traceback" not in err, err[-2000:]
        assert [r["status"] for r in json.loads(out)] == ["ingested", "ingested"], out
    store = held.reopen()
    assert len(store.reports()) == 2 + 4
    assert_every_report_whole(store, model_name)


def _id_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def test_questions_asked_while_an_ingest_runs_see_each_report_whole_or_not_at_all(held, golds, tmp_path):
    """The chat page shares one Store between its sessions: here one thread ingests the fixture
    reports (and English ones, whose vectors go to Chroma) into it while this one asks, until the
    ingest is done."""
    files = sorted(p for p in REPORTS.iterdir() if p.suffix in (".txt", ".html"))
    files[2:2] = [write_english(tmp_path / f"port{i}.txt", title=f"Port {i} Authority Annual Report", lines=80)
                  for i in range(2)]
    gold_of = {_id_of(FIXTURES / g["file"]): g for g in golds.values()}
    store = held.store
    done, failure = threading.Event(), []

    def ingest() -> None:
        try:
            ingest_files(files, held.settings, store=store)
        except BaseException as e:  # noqa: BLE001 - reported by the asking thread
            failure.append(e)
        finally:
            done.set()

    questions = ["哪个单位新收政府信息公开申请最多？", "广东省政数局2023年部分公开了多少件？", "不予公开一共几件？",
                 "存在哪些问题？", "How many applications were received in 2023?"]
    answers = during = 0
    worker = threading.Thread(target=ingest)
    worker.start()
    try:
        while not done.is_set() or answers < len(questions):
            q = questions[answers % len(questions)]
            running = not done.is_set()
            ans = answer_json(answer_question(store, q))
            answers += 1
            during += running and not done.is_set()
            assert ans["status"] in ("answered", "missing", "ambiguous", "no_match", "clarify"), ans
            assert isinstance(ans["answer"], str) and ans["answer"].strip(), ans
            for c in ans["cells"]:
                rid = c["report"]["id"]
                fmt = next(e.format for e in store.catalog() if e.id == rid)
                # A report an answer cites is there whole: every cell of its format, each as parsed.
                assert len(store.cells(rid)) == len(FORMATS_BY_NAME[fmt].addresses()), rid
                gold = gold_of.get(rid)
                if gold and c["status"] == "ok" and c["address"] in gold["cells"]:
                    assert c["value"] == gold["cells"][c["address"]], (q, c)
    finally:
        worker.join(300)
    assert not failure, failure
    assert during >= 5, f"only {during} answers while the ingest ran"
    assert len(store.reports()) == 2 + len(files) - 1  # Panyu was there already


def test_a_question_after_another_process_wrote_vectors_is_answered_not_failed(held, tmp_path, model_name):
    """The chat page's process keeps Chroma open; `python -m ingest` in another process writes
    vectors to the same folder. Chroma embedded in a folder does not see them, and its searches
    then fail ("Error finding id"): the question is answered by words instead of failing."""
    store = held.store
    assert store.dense_search("When do the ferries leave?"), "the English report is found by meaning first"
    files = [write_english(tmp_path / f"port{i}.txt", title=f"Port {i} Authority Annual Report", lines=20)
             for i in range(2)]
    p = run_ingest(*files, "--store", held.settings.store, env=ingest_env(model_name))
    assert p.returncode == 0, p.stderr[-2000:]
    for q in ("When do the ferries leave?", "What about air quality readings?", "Which fees were charged?"):
        ans = answer_json(answer_question(store, q))  # raised chromadb's InternalError before
        assert ans["status"] in ("answered", "no_match") and ans["answer"].strip(), ans
    # Nothing was lost: a fresh process sees every report and every vector.
    store = held.reopen()
    assert len(store.reports()) == 4
    assert_every_report_whole(store, model_name)


def test_twenty_questions_at_the_same_moment_on_a_fresh_store_are_all_answered(held_template, tmp_path,
                                                                                packaged_model, model_name):
    """The chat page opens the store once and its sessions ask at once: the first searches by
    meaning all open Chroma together, which Chroma's client cache does not survive (it failed in
    about one start in twelve before the store opened it under a lock)."""
    for trial in range(6):
        folder = tmp_path / f"store{trial}"
        shutil.copytree(held_template, folder)
        store = Store.open(Settings(store=str(folder), embedding_model=model_name), model=packaged_model)
        gate, errors, answers = threading.Barrier(20), [], []

        def ask() -> None:
            gate.wait()
            try:
                # The passages found by meaning (what the question's search fuses in), then the answer.
                found = store.dense_search("Were fees charged for answering requests?")
                answer_json(answer_question(store, "Were fees charged for answering requests?"))
                answers.append(found)
            except Exception as e:  # noqa: BLE001 - collected and reported below
                errors.append(repr(e))

        threads = [threading.Thread(target=ask) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        store.close()
        assert errors == [] and len(answers) == 20, errors[:3]
        # and each found the same passages: no search failed and was left to words alone
        assert answers[0] and all(a == answers[0] for a in answers), answers[:2]
