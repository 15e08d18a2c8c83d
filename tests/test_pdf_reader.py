"""The PDF reader on real PDFs, made here with reportlab and the WenQuanYi CJK font.

Each test prints a small report the way Word or WPS exports do (prose, ruled tables with merged
headers, tables with horizontal rules only, tables cut by a page break) and checks what a person
reading the PDF would check: every value of a table row in its own field and in order, labels
whole, prose lines in order, table text not repeated as prose, and one plain sentence for each
file we cannot read.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import List, Sequence

import pdfplumber
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from errors import ScannedPDF, UnreadableFile
from ingest.document import Document, Row
from ingest.pdf import pdf_to_document

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
pytestmark = pytest.mark.skipif(not FONT_PATH.exists(), reason="needs the WenQuanYi CJK font")

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------------
# Printing test reports
# --------------------------------------------------------------------------------------------------

PROSE = [
    "一、总体情况",
    "2023年，本局收到政府信息公开申请12件，全部按时答复。",
    "（一）主动公开情况",
]
T3_BODY = [
    ("一、本年新收政府信息公开申请数量", ["71", "3", "0", "0", "0", "0", "74"]),
    ("二、上年结转政府信息公开申请数量", ["2", "0", "0", "0", "0", "0", "2"]),
    ("1.本机关不掌握相关政府信息", ["5", "1", "0", "0", "0", "0", "6"]),
    ("2.没有现成信息需要另行制作", ["1", "0", "0", "0", "0", "0", "1"]),
    ("四、结转下年度继续办理", ["3", "0", "0", "0", "0", "0", "3"]),
]
T2_BODY = [["规章", "0", "0", "0"], ["行政规范性文件", "12", "3", "1,045"]]


def _fonts() -> None:
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(FONT_PATH), subfontIndex=0))


def _styles():
    _fonts()
    body = ParagraphStyle("body", fontName="WQY", fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="WQY", fontSize=9, leading=12, wordWrap="CJK")
    return body, cell


def _footer(c: canvas.Canvas, doc) -> None:
    c.saveState()
    c.setFont("WQY", 10)
    c.drawCentredString(A4[0] / 2, 15 * mm, f"— {doc.page} —")
    c.restoreState()


def build_pdf(path: Path, flowables: list, **kwargs) -> Path:
    """Given a path and reportlab flowables, print them on A4 with 「— N —」 footers; return path."""
    doc = SimpleDocTemplate(str(path), pagesize=A4, title="测试报告", **kwargs)
    doc.build(flowables, onFirstPage=_footer, onLaterPages=_footer)
    return path


def table3(rules: str) -> Table:
    """Given "grid" or "hrules", return a cut of table 3 with its merged three-row header and a
    label column narrow enough that long labels wrap."""
    _, cell = _styles()
    centred = ParagraphStyle("centred", parent=cell, alignment=1)

    def heads(*texts: str) -> list:
        # Paragraphs wrap inside their cells, as Word's do; plain strings would run over.
        return [Paragraph(t, centred) if t else "" for t in texts]

    header = [
        [Paragraph("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", cell),
         *heads("申请人情况", "", "", "", "", "", "")],
        ["", *heads("自然人", "法人或其他组织", "", "", "", "", "总计")],
        ["", *heads("", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "")],
    ]
    body = [[Paragraph(label, cell), *values] for label, values in T3_BODY]
    data = header + body
    style = [
        ("FONT", (0, 0), (-1, -1), "WQY", 9),
        ("SPAN", (0, 0), (0, 2)),
        ("SPAN", (1, 0), (7, 0)),
        ("SPAN", (1, 1), (1, 2)),
        ("SPAN", (2, 1), (6, 1)),
        ("SPAN", (7, 1), (7, 2)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
    ]
    style += _rules(rules, len(data))
    return Table(data, colWidths=[38 * mm] + [18 * mm] * 7, style=TableStyle(style))


def table2(rules: str) -> Table:
    """Given "grid", "hrules" or "three-line", return the first block of table 2."""
    data = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], *T2_BODY]
    style = [("FONT", (0, 0), (-1, -1), "WQY", 10), ("ALIGN", (1, 0), (-1, -1), "CENTER")]
    style += _rules(rules, len(data))
    return Table(data, colWidths=[50 * mm, 35 * mm, 35 * mm, 35 * mm], style=TableStyle(style))


def _rules(rules: str, n_rows: int) -> list:
    if rules == "grid":
        return [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    if rules == "hrules":
        return [("LINEABOVE", (0, r), (-1, r), 0.5, colors.black) for r in range(n_rows)] + [
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.black)
        ]
    if rules == "framed":  # an outer box and horizontal rules, no inner vertical
        return _rules("hrules", n_rows) + [("BOX", (0, 0), (-1, -1), 0.5, colors.black)]
    if rules == "three-line":
        return [
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black),
        ]
    raise ValueError(f"expected grid, hrules or three-line, got {rules!r}")


def long_table(rules: str, n_rows: int = 60) -> Table:
    """Given a rule style, return a table too long for one page: 项目 / three value columns."""
    data = [["项目", "自然人", "商业企业", "总计"]]
    data += [[f"第{i}项", str(i), str(i * 2), str(i * 3)] for i in range(1, n_rows + 1)]
    style = [("FONT", (0, 0), (-1, -1), "WQY", 10), ("ALIGN", (1, 0), (-1, -1), "CENTER")]
    style += _rules(rules, len(data))
    return Table(data, colWidths=[60 * mm, 30 * mm, 30 * mm, 30 * mm], style=TableStyle(style))


def prose_and_table_pdf(path: Path, rules: str = "grid") -> Path:
    body, _ = _styles()
    flow = [Paragraph(p, body) for p in PROSE]
    flow += [Spacer(1, 6), table3(rules), Paragraph("五、存在的主要问题及改进情况", body)]
    return build_pdf(path, flow)


# --------------------------------------------------------------------------------------------------
# Reading helpers
# --------------------------------------------------------------------------------------------------


def texts(row: Row) -> List[str]:
    return [f.text for f in row.fields]


def table_rows(doc: Document) -> List[Row]:
    return [r for r in doc.rows if r.grid]


def prose_rows(doc: Document) -> List[Row]:
    return [r for r in doc.rows if not r.grid]


def row_starting(doc: Document, label: str) -> Row:
    """Given a document and a label, return the table row whose first non-empty field is it."""
    for row in table_rows(doc):
        filled = [t for t in texts(row) if t]
        if filled and filled[0] == label:
            return row
    got = [r.text for r in doc.rows]
    raise AssertionError(f"expected a table row labelled {label!r}, got {got}")


def filled(row: Row) -> List[str]:
    return [t for t in texts(row) if t]


# --------------------------------------------------------------------------------------------------
# Prose and ruled tables
# --------------------------------------------------------------------------------------------------


def test_prose_lines_come_in_order_without_spaces_between_chinese_characters(tmp_path):
    doc = pdf_to_document(prose_and_table_pdf(tmp_path / "report.pdf"))

    assert [r.text for r in doc.rows[:3]] == PROSE
    assert all(not r.grid and r.table is None and len(r.fields) == 1 for r in doc.rows[:3])
    assert doc.rows[3].grid, "the table follows the prose"
    assert prose_rows(doc)[-2].text == "五、存在的主要问题及改进情况"


def test_document_says_what_file_it_came_from(tmp_path):
    path = prose_and_table_pdf(tmp_path / "report.pdf")
    doc = pdf_to_document(path)

    assert doc.kind == "pdf"
    assert doc.path == str(path)
    assert doc.pages == 1
    assert doc.title == "测试报告"
    assert doc.page_sizes == ((pytest.approx(A4[0]), pytest.approx(A4[1])),)
    for row in doc.rows:
        for f in row.fields:
            assert f.page == 1
            x0, top, x1, bottom = f.bbox
            assert 0 <= x0 <= x1 <= A4[0] and 0 <= top <= bottom <= A4[1]


def test_ruled_table_row_has_each_value_in_its_own_field_in_order(tmp_path):
    doc = pdf_to_document(prose_and_table_pdf(tmp_path / "report.pdf"))

    for label, values in T3_BODY:
        assert texts(row_starting(doc, label)) == [label, *values]
    assert {r.table for r in table_rows(doc)} == {1}


def test_label_wrapped_inside_its_cell_comes_out_whole(tmp_path):
    path = prose_and_table_pdf(tmp_path / "report.pdf")
    with pdfplumber.open(path) as pdf:
        plain = pdf.pages[0].extract_text()
    assert "2.没有现成信息需要另行制作" not in plain, "the test needs a label that wraps"

    doc = pdf_to_document(path)

    assert texts(row_starting(doc, "2.没有现成信息需要另行制作"))[0] == "2.没有现成信息需要另行制作"
    assert texts(table_rows(doc)[0])[0] == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_merged_header_cells_keep_their_positions_as_empty_fields(tmp_path):
    doc = pdf_to_document(prose_and_table_pdf(tmp_path / "report.pdf"))
    header = table_rows(doc)[:3]

    assert all(len(r.fields) == 8 for r in table_rows(doc)), "every row keeps the table's width"
    assert texts(header[0])[1:] == ["申请人情况", "", "", "", "", "", ""]
    assert texts(header[1]) == ["", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert texts(header[2]) == ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    # A covered position has the box of its own slot, so it can still be highlighted.
    covered = header[0].fields[3]
    assert covered.bbox is not None and covered.bbox[0] > header[0].fields[2].bbox[0]


def test_table_text_is_not_repeated_as_prose(tmp_path):
    doc = pdf_to_document(prose_and_table_pdf(tmp_path / "report.pdf"))
    prose = "\n".join(r.text for r in prose_rows(doc))

    for word in ("申请人情况", "商业企业", "本年新收", "另行制作", "74"):
        assert word not in prose


def test_page_footer_is_a_prose_row_after_the_table(tmp_path):
    doc = pdf_to_document(prose_and_table_pdf(tmp_path / "report.pdf"))

    assert doc.rows[-1].text == "— 1 —"
    assert not doc.rows[-1].grid


# --------------------------------------------------------------------------------------------------
# Tables with horizontal rules only
# --------------------------------------------------------------------------------------------------


def test_horizontal_rules_table_is_rebuilt_into_columns(tmp_path):
    body, _ = _styles()
    path = build_pdf(
        tmp_path / "hrules.pdf",
        [Paragraph("二、主动公开政府信息情况", body), table2("hrules"),
         Paragraph("三、收到和处理政府信息公开申请情况", body)],
    )
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].find_tables() == [], "pdfplumber alone sees no table here"

    doc = pdf_to_document(path)

    assert [texts(r) for r in table_rows(doc)] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], *T2_BODY
    ]
    assert [r.text for r in prose_rows(doc)] == [
        "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "— 1 —"
    ]


def test_framed_table_without_inner_verticals_is_rebuilt_into_columns(tmp_path):
    path = build_pdf(tmp_path / "framed.pdf", [table2("framed")])
    with pdfplumber.open(path) as pdf:
        found = pdf.pages[0].extract_tables()
    assert found and len(found[0][0]) == 1, "pdfplumber alone sees one column"

    doc = pdf_to_document(path)

    assert [texts(r) for r in table_rows(doc)] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], *T2_BODY
    ]


def test_three_line_table_body_splits_into_one_row_per_line_of_figures(tmp_path):
    path = build_pdf(tmp_path / "three_line.pdf", [table2("three-line")])

    doc = pdf_to_document(path)

    assert [texts(r) for r in table_rows(doc)] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], *T2_BODY
    ]


def test_horizontal_rules_table_with_merged_header_matches_the_ruled_one(tmp_path):
    ruled = pdf_to_document(prose_and_table_pdf(tmp_path / "ruled.pdf", "grid"))
    hrules = pdf_to_document(prose_and_table_pdf(tmp_path / "hrules.pdf", "hrules"))

    assert [filled(r) for r in table_rows(hrules)] == [filled(r) for r in table_rows(ruled)]
    for label, values in T3_BODY:
        assert filled(row_starting(hrules, label)) == [label, *values]


def table4(rules: str) -> Table:
    """Given a rule style, return table 4's value row under one header row of fifteen columns."""
    heads = ["维持", "纠正", "其他", "未结", "总计"] * 3
    values = ["3", "1", "0", "0", "4", "1", "0", "0", "1", "2", "1", "0", "0", "0", "1"]
    style = [("FONT", (0, 0), (-1, -1), "WQY", 8), ("ALIGN", (0, 0), (-1, -1), "CENTER")]
    style += _rules(rules, 2)
    return Table([heads, values], colWidths=[10 * mm] * 15, style=TableStyle(style))


@pytest.mark.parametrize("between", ["heading", "paragraph"])
def test_two_horizontal_rules_tables_on_a_page_stay_two_tables(tmp_path, between):
    body, _ = _styles()
    middle = [Paragraph("四、政府信息公开行政复议、行政诉讼情况", body)]
    if between == "paragraph":
        middle.append(Paragraph("本年度本机关因政府信息公开工作被申请行政复议4件，被提起行政诉讼3件，"
                                "其中复议后起诉1件，均已依法处理完毕，未发生败诉情况。" * 2, body))
    path = build_pdf(tmp_path / "two.pdf", [table2("hrules"), *middle, table4("hrules")])

    doc = pdf_to_document(path)

    assert [texts(r) for r in table_rows(doc) if r.table == 1] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], *T2_BODY
    ]
    assert [filled(r) for r in table_rows(doc) if r.table == 2][-1] == [
        "3", "1", "0", "0", "4", "1", "0", "0", "1", "2", "1", "0", "0", "0", "1"
    ]
    assert prose_rows(doc)[0].text == "四、政府信息公开行政复议、行政诉讼情况"


def test_paragraph_between_two_rules_is_prose_not_a_table(tmp_path):
    body, _ = _styles()
    rule = Table([[""]], colWidths=[160 * mm], rowHeights=[2],
                 style=TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]))
    text = "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止，共收到申请12件。" * 2
    path = build_pdf(tmp_path / "ruled_prose.pdf", [rule, Paragraph(text, body), rule])

    doc = pdf_to_document(path)

    assert table_rows(doc) == []
    assert "".join(r.text for r in prose_rows(doc)[:-1]) == text


# --------------------------------------------------------------------------------------------------
# Page breaks
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rules", ["grid", "hrules"])
def test_table_cut_by_a_page_break_continues_on_the_next_page(tmp_path, rules):
    body, _ = _styles()
    path = build_pdf(tmp_path / "long.pdf", [Paragraph("三、收到和处理政府信息公开申请情况", body),
                                             long_table(rules), Paragraph("四、结束", body)])

    doc = pdf_to_document(path)

    assert doc.pages == 2
    data = [r for r in table_rows(doc) if filled(r)[0].startswith("第")]
    assert [texts(r) for r in data] == [
        [f"第{i}项", str(i), str(i * 2), str(i * 3)] for i in range(1, 61)
    ]
    assert {r.page for r in data} == {1, 2}
    footers = [r for r in doc.rows if r.text == "— 1 —"]
    assert len(footers) == 1 and not footers[0].grid
    # The footer sits between the two halves of the table, in reading order.
    at = doc.rows.index(footers[0])
    assert doc.rows[at - 1].grid and doc.rows[at - 1].page == 1
    assert doc.rows[at + 1].grid and doc.rows[at + 1].page == 2
    assert all("—" not in r.text for r in table_rows(doc))


# --------------------------------------------------------------------------------------------------
# Text details
# --------------------------------------------------------------------------------------------------


def _canvas_pdf(path: Path, draw) -> Path:
    _fonts()
    c = canvas.Canvas(str(path), pagesize=A4)
    draw(c)
    c.showPage()
    c.save()
    return path


def test_letter_spaced_chinese_is_joined_and_latin_words_keep_their_spaces(tmp_path):
    def draw(c):
        t = c.beginText(72, 760)
        t.setFont("WQY", 12)
        t.setCharSpace(5)
        t.textLine("自然人")
        t.setCharSpace(0)
        t.textLine("GB/T 7714 第3条 共 12 件")
        c.drawText(t)

    doc = pdf_to_document(_canvas_pdf(tmp_path / "spacing.pdf", draw))

    # A space printed between two Chinese characters goes too (第3条 共 → 第3条共): in these
    # reports it is justification or spacing-out, never a word break.
    assert [r.text for r in doc.rows] == ["自然人", "GB/T 7714 第3条共 12 件"]


def test_overprinted_bold_is_read_once(tmp_path):
    def draw(c):
        c.setFont("WQY", 12)
        c.drawString(72, 760, "一、总体情况")
        c.drawString(72.3, 760, "一、总体情况")  # WPS fakes bold by printing twice

    doc = pdf_to_document(_canvas_pdf(tmp_path / "bold.pdf", draw))

    assert [r.text for r in doc.rows] == ["一、总体情况"]


def test_rows_of_several_pages_come_page_by_page(tmp_path):
    def draw(c):
        for page in range(1, 4):
            c.setFont("WQY", 12)
            c.drawString(72, 760, f"第{page}页第一行")
            c.drawString(72, 740, f"第{page}页第二行")
            c.showPage()

    doc = pdf_to_document(_canvas_pdf(tmp_path / "pages.pdf", draw))

    assert doc.pages == 4  # the helper adds a blank last page
    assert [(r.page, r.text) for r in doc.rows] == [
        (p, f"第{p}页{n}行") for p in range(1, 4) for n in ("第一", "第二")
    ]


# --------------------------------------------------------------------------------------------------
# Files we cannot read
# --------------------------------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")

    with pytest.raises(UnreadableFile, match=r"^this file is empty"):
        pdf_to_document(path)


def test_web_page_saved_as_pdf_is_refused(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("<!DOCTYPE html><html><body>年度报告</body></html>", encoding="utf-8")

    with pytest.raises(UnreadableFile) as error:
        pdf_to_document(path)
    assert str(error.value) == (
        "this file is not a PDF: it is a web page (HTML) saved under a .pdf name."
    )


def test_truncated_pdf_is_refused(tmp_path):
    whole = prose_and_table_pdf(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) * 2 // 3])

    with pytest.raises(UnreadableFile, match=r"^this PDF is damaged or truncated: "):
        pdf_to_document(path)


def test_pdf_with_broken_structure_is_refused_without_a_traceback(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )

    with pytest.raises(UnreadableFile) as error:
        pdf_to_document(path)
    message = str(error.value)
    assert message.startswith("this PDF is damaged or truncated: ")
    assert "Traceback" not in message and "pdfminer" not in message


def test_pdf_locked_with_a_password_is_refused(tmp_path):
    body, _ = _styles()
    path = build_pdf(tmp_path / "locked.pdf", [Paragraph("一、总体情况", body)],
                     encrypt=StandardEncryption("secret", "owner", strength=128))

    with pytest.raises(UnreadableFile) as error:
        pdf_to_document(path)
    assert "password" in str(error.value)


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    body, _ = _styles()
    path = build_pdf(tmp_path / "restricted.pdf", [Paragraph("一、总体情况", body)],
                     encrypt=StandardEncryption("", "owner", canCopy=0, strength=128))

    assert pdf_to_document(path).rows[0].text == "一、总体情况"


def test_a_scan_without_writing_is_refused_in_one_sentence(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(image).rectangle([20, 20, 580, 280], outline="black")
    image.save(tmp_path / "scan.png")
    path = _canvas_pdf(tmp_path / "scan.pdf",
                       lambda c: c.drawImage(str(tmp_path / "scan.png"), 50, 300, 500, 250))

    with pytest.raises(ScannedPDF) as error:
        pdf_to_document(path)
    assert str(error.value) == "no text could be read from this scan: OCR found no writing on its pages."
    # and without OCR, as before
    with pytest.raises(ScannedPDF) as error:
        pdf_to_document(path, ocr=None)
    assert str(error.value) == "no text layer: this looks like a scan; OCR it first."


def _slow_pdf(path: Path, lines: int = 120, step: float = 4) -> Path:
    """Given a path, write a PDF whose page 2 is a dense grid of rules (14,000 cells), on which
    pdfplumber's table finding takes seconds."""
    def draw(c):
        c.setFont("WQY", 12)
        c.drawString(72, 760, "第一页正常")
        c.showPage()
        c.setFont("WQY", 12)
        c.drawString(72, 760, "第二页")
        for i in range(lines + 1):
            c.line(40 + i * step, 100, 40 + i * step, 100 + lines * step)
            c.line(40, 100 + i * step, 40 + lines * step, 100 + i * step)

    return _canvas_pdf(path, draw)


def test_page_that_takes_too_long_is_stopped_and_named(tmp_path):
    path = _slow_pdf(tmp_path / "slow.pdf")

    with pytest.raises(UnreadableFile, match=r"^page 2 of this PDF takes more than 0\.5 seconds"):
        pdf_to_document(path, max_seconds_per_page=0.5)


def test_time_limit_works_outside_the_main_thread(tmp_path):
    # The chat page reads uploads in a worker thread, where signal-based timeouts cannot work.
    path = _slow_pdf(tmp_path / "slow.pdf")
    outcome: list = []

    def read() -> None:
        try:
            pdf_to_document(path, max_seconds_per_page=0.5)
        except UnreadableFile as e:
            outcome.append(str(e))

    worker = threading.Thread(target=read)
    worker.start()
    worker.join(timeout=30)
    assert outcome and outcome[0].startswith("page 2 of this PDF takes more than")


def test_time_limit_never_fires_after_the_read_returns(tmp_path):
    # With a limit close to the page's own time, the watchdog sometimes fires as the page ends:
    # the caller then gets the error or the document, never a stray exception later.
    path = prose_and_table_pdf(tmp_path / "report.pdf")
    for _ in range(30):
        try:
            pdf_to_document(path, max_seconds_per_page=0.02)
        except UnreadableFile as e:
            assert str(e).startswith("page 1 of this PDF takes more than 0.02 seconds")
        for _ in range(20):  # Python bytecode, where a late exception would land
            threading.Event().wait(0.001)


# --------------------------------------------------------------------------------------------------
# The report generator's full reports, when it is there
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory, rendered) -> Path:
    """Every gold report as tests/reportgen.py prints it in three styles (STEM.STYLE.pdf, as its
    command writes them), from the session's rendered reports (test_parse_layouts reads them too)."""
    from conftest import gold_reports

    out = tmp_path_factory.mktemp("reportgen")
    for stem, _ in gold_reports():
        for style in ("ruled", "hrules", "pagebreak"):
            shutil.copyfile(rendered(stem, style), out / f"{stem}.{style}.pdf")
    return out


def _filled_rows(path: Path) -> Sequence[tuple]:
    return [tuple(filled(r)) for r in table_rows(pdf_to_document(path)) if filled(r)]


@pytest.mark.parametrize("style", ["hrules", "pagebreak"])
def test_generated_reports_give_the_same_cells_in_every_style(generated, style):
    ruled = sorted(generated.glob("*.ruled.pdf"))
    assert ruled, "reportgen wrote no ruled PDF"
    for path in ruled:
        expected = set(_filled_rows(path))
        doc = pdf_to_document(path.with_name(path.name.replace(".ruled.", f".{style}.")))
        got = {tuple(filled(r)) for r in table_rows(doc) if filled(r)}
        assert got <= expected, path.name
        # A rules-only table is cut in two where a row without figures (table 2's
        # 「第二十条第（九）项」) separates rows whose figures do not line up: that row is prose.
        prose = {r.text for r in prose_rows(doc)}
        assert all(len(row) == 1 and row[0] in prose for row in expected - got), path.name
