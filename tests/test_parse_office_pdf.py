"""PDFs from an office suite: LibreOffice prints the HTML pages of the gold reports, as a person
printing a portal page or exporting a Word document would, and every cell must still equal gold.

A regression fixture too: the portal page's sidebar lists other years' reports above the title
(「• 2022 年政府信息公开工作年度报告」), and the real title wraps over two lines.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import FIXTURES, cells_against_gold, gold_reports
from reportgen import render_html, spec_from_seed

from ingest import parse_file

GOLD = dict(gold_reports())
SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: make test installs it")


@pytest.fixture(scope="module")
def office_pdfs(tmp_path_factory):
    """Every gold report as a plain page and as a portal page, printed to PDF by LibreOffice."""
    folder = tmp_path_factory.mktemp("office")
    pages = []
    for stem, gold in GOLD.items():
        spec = spec_from_seed(FIXTURES / gold["file"], FIXTURES / "gold" / f"{stem}.json")
        for style in ("plain", "portal"):
            pages.append(render_html(spec, folder / f"{stem}.{style}.html", style))
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, pages)],
                   check=True, capture_output=True, timeout=600)
    return folder / "pdf"


CASES = [(stem, style) for stem in GOLD for style in ("plain", "portal")]


@pytest.mark.parametrize("stem,style", CASES, ids=[f"{s}-{y}" for s, y in CASES])
def test_office_pdf_every_cell_equals_gold(office_pdfs, stem, style):
    gold = GOLD[stem]
    report = parse_file(office_pdfs / f"{stem}.{style}.pdf")
    assert cells_against_gold(report, dict(gold, ambiguous=[])) == []
    # the sidebar's other years never become this report's year
    assert (report.agency, report.year, report.format) == (gold["agency"], gold["year"], gold["format"])
