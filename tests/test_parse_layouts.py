"""Real pdfplumber on real PDFs, and real HTML pages: every layout of every gold report, cell by cell.

The PDFs and pages are rendered by ``tests/reportgen.py`` (reportlab with a CJK TrueType font) from
the gold reports, in the layouts real reports come in: ruled, horizontal rules only, table over a
page break with footers, spaced-out labels, landscape; HTML plain and inside a portal's furniture.
"""

from __future__ import annotations

import pdfplumber
import pytest
from conftest import cells_against_gold, gold_reports
from reportgen import HTML_STYLES, STYLES

from ingest import parse_file

# The development set's real reports (a WPS PDF, crawler one-line texts) are rendered too:
# spec_from_seed recovers their narrative. (``rendered`` is conftest's: test_pdf_reader reads them too.)
GOLD = dict(gold_reports(with_dev=True))
CASES = [(stem, style) for stem in GOLD for style in STYLES]
HTML_CASES = [(stem, style) for stem in GOLD for style in HTML_STYLES]


def _printed_gold(gold):
    # A generated file prints the cells gold calls ambiguous (glued in the text original) as blanks.
    return dict(gold, ambiguous=[])


@pytest.mark.parametrize("stem,style", CASES, ids=[f"{s}-{y}" for s, y in CASES])
def test_pdf_layout_every_cell_equals_gold(rendered, stem, style):
    gold = GOLD[stem]
    report = parse_file(rendered(stem, style))
    assert cells_against_gold(report, _printed_gold(gold)) == []
    assert (report.agency, report.year, report.format) == (gold["agency"], gold["year"], gold["format"])


@pytest.mark.parametrize("stem,style", HTML_CASES, ids=[f"{s}-{y}" for s, y in HTML_CASES])
def test_html_page_every_cell_equals_gold(rendered, stem, style):
    gold = GOLD[stem]
    report = parse_file(rendered(stem, style, "html"))
    assert cells_against_gold(report, _printed_gold(gold)) == []
    assert (report.agency, report.year) == (gold["agency"], gold["year"])
    # the portal's navigation and footer are not part of the report
    assert "版权所有" not in report.text and "网站标识码" not in report.text


@pytest.mark.parametrize("style", ["ruled", "hrules", "pagebreak"])
def test_a_pdf_cell_box_encloses_its_printed_figure(rendered, style):
    """What the page highlights is the figure itself: crop the page at the cell's box, read it back."""
    path = rendered("seed_guangdong_2023", style)
    report = parse_file(path)
    with pdfplumber.open(path) as pdf:
        for addr in ("t3.new.total", "t3.partial.natural_person", "t3.carried_forward.total", "t4.review.other",
                     "t2.normative.in_force"):
            cell = report.cell(addr)
            assert cell.bbox is not None and cell.page is not None, addr
            page = pdf.pages[cell.page - 1]
            text = page.crop(cell.bbox).extract_text().replace(" ", "")
            assert text == str(cell.value), (addr, text, cell.value)


def test_a_table_over_a_page_break_keeps_its_rows_on_their_pages(rendered):
    report = parse_file(rendered("seed_guangdong_2023", "pagebreak"))
    pages = {report.cell(a).page for a in ("t3.new.total", "t3.carried_forward.total")}
    assert len(pages) == 2, "table 3 spans two pages in this layout"
    assert not any("— " in p.text and " —" in p.text for p in report.passages), "page footers are not passages"


def test_pdf_passages_carry_page_and_box(rendered):
    report = parse_file(rendered("seed_guangdong_2023", "ruled"))
    fans = [p for p in report.passages if "3514" in p.text]
    assert fans and fans[0].bbox is not None and fans[0].page >= 1
    assert report.pages >= 3


def test_panyu_pdf_rows_it_does_not_print_are_missing(rendered):
    report = parse_file(rendered("seed_panyu_2023", "hrules"))
    assert report.cell("t3.carried_forward.total").status == "missing"
    assert report.cell("t3.unavailable.needs_creation.total").status == "ok"
