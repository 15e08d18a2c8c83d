"""Word files: every gold report made into a .docx (LibreOffice converting the page reportgen renders,
as a staff member saving a portal page from Word would) and a .doc, read with every cell equal to gold;
merged cells (gridSpan, vMerge) expanded in place; citations that lead to the paragraph.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, cells_against_gold, gold_reports
from reportgen import render_html, spec_from_seed

from config import Settings
from ingest import parse_file, path_to_document

GOLD = dict(gold_reports())
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: make test installs it")


def office_convert(pages, out: Path, target: str) -> Path:
    """Given HTML pages, a folder and a LibreOffice target ("docx:MS Word 2007 XML", "doc:MS Word 97"),
    convert them all there in one LibreOffice run; return the folder."""
    subprocess.run([SOFFICE, "--headless", "--convert-to", target, "--outdir", str(out), *map(str, pages)],
                   check=True, capture_output=True, timeout=600)
    return out


@pytest.fixture(scope="module")
def word_files(tmp_path_factory):
    """Every gold report as .docx, and the Panyu report as .doc, made by LibreOffice from its page."""
    folder = tmp_path_factory.mktemp("word")
    pages = []
    for stem, gold in GOLD.items():
        spec = spec_from_seed(FIXTURES / gold["file"], FIXTURES / "gold" / f"{stem}.json")
        pages.append(render_html(spec, folder / f"{stem}.html"))
    office_convert(pages, folder / "docx", "docx:MS Word 2007 XML")
    office_convert([folder / "seed_panyu_2023.html", folder / "county_gov_2019.html"], folder / "doc", "doc:MS Word 97")
    return folder


@needs_soffice
@pytest.mark.parametrize("stem", list(GOLD))
def test_every_gold_report_as_docx_reads_with_every_cell_right(word_files, stem):
    gold = GOLD[stem]
    report = parse_file(word_files / "docx" / f"{stem}.docx")
    assert report.kind == "docx"
    assert cells_against_gold(report, dict(gold, ambiguous=[])) == []
    assert (report.agency, report.year, report.format) == (gold["agency"], gold["year"], gold["format"])
    assert not [c for c in report.checks if not c.passed and not c.check.startswith("narrative.")]
    assert len(report.passages) > 5


@needs_soffice
@pytest.mark.parametrize("stem", ["seed_panyu_2023", "county_gov_2019"])
def test_a_doc_reads_through_libreoffice_with_every_cell_right(word_files, stem):
    gold = GOLD[stem]
    report = parse_file(word_files / "doc" / f"{stem}.doc")
    assert report.kind == "doc"
    assert cells_against_gold(report, dict(gold, ambiguous=[])) == []
    assert (report.agency, report.year) == (gold["agency"], gold["year"])


@needs_soffice
def test_a_cell_cites_the_paragraph_that_prints_it(word_files):
    import docx

    path = word_files / "docx" / "seed_guangdong_2023.docx"
    report = parse_file(path)
    paragraphs = [p for p in docx.Document(str(path)).element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")]
    texts = ["".join(t.text or "" for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
             for p in paragraphs]
    for address in ("t3.partial.total", "t3.new.natural_person", "t2.licensing.decisions", "t4.review.total"):
        cell = report.cell(address)
        assert cell.page == 1 and cell.bbox is None and cell.line, cell
        assert texts[cell.line - 1].strip() == str(cell.value), (address, cell.line, texts[cell.line - 1])
    heading = next(p for p in report.passages if p.section_number == 1)
    assert heading.line and texts[heading.line - 1].strip(), heading


def _merged_docx(path: Path) -> Path:
    """A .docx built with python-docx: a paragraph, then a table with a cell merged across three
    columns (gridSpan) and one merged down two rows (vMerge), then a paragraph."""
    import docx

    d = docx.Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "本列数据"
    t.cell(0, 1).merge(t.cell(0, 3)).text = "申请人情况"
    for c, text in enumerate(("自然人", "商业企业", "总计"), start=1):
        t.cell(1, c).text = text
    for c, text in enumerate(("一、本年新收政府信息公开申请数量", "5", "2", "7")):
        t.cell(2, c).text = text
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    d.save(str(path))
    return path


def test_merged_cells_keep_their_text_at_the_top_left_and_leave_the_rest_empty(tmp_path):
    doc = path_to_document(_merged_docx(tmp_path / "merged.docx"), Settings())
    assert doc.kind == "docx" and doc.pages == 1
    rows = [([f.text for f in r.fields], r.grid, r.table) for r in doc.rows]
    assert rows == [
        (["三、收到和处理政府信息公开申请情况"], False, None),
        (["本列数据", "申请人情况", "", ""], True, 1),
        (["", "自然人", "商业企业", "总计"], True, 1),
        (["一、本年新收政府信息公开申请数量", "5", "2", "7"], True, 1),
        (["四、政府信息公开行政复议、行政诉讼情况"], False, None),
    ]
    # paragraphs are numbered in body order, those in table cells included (one per cell, and a
    # merged cell is one cell); a covered position cites the merged cell's paragraph
    assert [[f.line for f in r.fields] for r in doc.rows] == [[1], [2, 3, 3, 3], [2, 5, 6, 7], [8, 9, 10, 11], [12]]
