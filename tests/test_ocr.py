"""Scanned reports, read by OCR: a gold report printed, scanned (150 dpi, a little askew, speckled,
JPEG) and read back must give at least 97 % of its cells right, invent nothing, and leave no wrong
figure unflagged; a PDF with some pages scanned too. OCR runs once per file (the cache), with
progress, within its time limit; a scan of something else is said to be so.

OCR is slow on two cores (about 10 s a page), so the default suite reads two reports, each once per
session (the OCR cache is shared by the tests); bench/ocr.py reads every gold report with both engines.
"""

from __future__ import annotations

import time
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from conftest import FIXTURES, gold_reports
from reportgen import render_pdf, spec_from_seed
from scankit import pdf_to_scan
from test_pdf_reader import FONT_PATH

from cli.serialize import cell_json
from config import Settings
from errors import UnreadableFile
from ingest import parse_file
from ingest.pdf import OcrOptions, pdf_to_document

pytestmark = pytest.mark.skipif(not FONT_PATH.exists(), reason="needs the WenQuanYi CJK font")
GOLD = dict(gold_reports())
STEMS = ["district_office_2024", "seed_panyu_2023"]


@pytest.fixture(scope="session")
def ocr_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="session")
def scans(tmp_path_factory):
    """The reports printed (ruled layout) and scanned; the district report also partly scanned
    (its page 3, table 3, an image; the other pages text)."""
    folder = tmp_path_factory.mktemp("scans")
    out = {}
    for stem in STEMS:
        gold = GOLD[stem]
        spec = spec_from_seed(FIXTURES / gold["file"], FIXTURES / "gold" / f"{stem}.json")
        pdf = render_pdf(spec, "ruled", folder / f"{stem}.pdf")
        out[stem] = pdf_to_scan(pdf, folder / f"{stem}.scan.pdf")
        if stem == "district_office_2024":
            out["mixed"] = pdf_to_scan(pdf, folder / f"{stem}.mixed.pdf", pages=[3])
    return out


@pytest.fixture(scope="session")
def panyu_first_read(scans, ocr_cache):
    """The session's one uncached OCR of the Panyu scan, into the shared cache, with the pages its
    progress named and how long it took; the tests that read it after find it in the cache."""
    from ingest.ocr import file_sha256

    sha = file_sha256(scans["seed_panyu_2023"])
    assert not [f for f in ocr_cache.iterdir() if sha in f.name], "the Panyu scan was read before"
    before = set(ocr_cache.iterdir())
    seen: list = []
    took = time.perf_counter()
    # (the page time limit ingest gives OCR: this read is also the one the accuracy test parses)
    doc = pdf_to_document(scans["seed_panyu_2023"], ocr=OcrOptions(cache_dir=ocr_cache, page_seconds=Settings().ocr_page_seconds,
                                                                   progress=lambda p, n: seen.append((p, n))))
    took = time.perf_counter() - took
    return {"seen": seen, "doc": doc, "seconds": took, "sha": sha, "added": set(ocr_cache.iterdir()) - before}


def settings_for(cache: Path) -> Settings:
    return Settings(ocr_cache=str(cache))


def judge(report, gold) -> dict:
    """Cells right, ambiguous, wrong (with those a failed check flags) and invented, against gold."""
    failed = {a for c in report.checks if not c.passed for a in c.cells}
    out = {"right": 0, "ambiguous": 0, "wrong": [], "unflagged": [], "invented": []}
    for address, want in gold["cells"].items():
        cell = report.cell(address)
        if want is None:
            if cell.status == "ok":
                out["invented"].append(address)
            else:
                out["right"] += 1
        elif cell.status == "ok" and float(cell.value) == float(want):
            out["right"] += 1
        elif cell.status == "ambiguous":
            out["ambiguous"] += 1
        else:
            out["wrong"].append(f"{address}: expected {want}, got {cell.status} {cell.value}")
            if address not in failed:
                out["unflagged"].append(address)
    out["share"] = out["right"] / len(gold["cells"])
    return out


@pytest.mark.parametrize("stem", STEMS)
def test_a_scanned_report_reads_97_percent_right_and_invents_nothing(scans, ocr_cache, stem, request):
    if stem == "seed_panyu_2023":
        request.getfixturevalue("panyu_first_read")  # read by OCR once, there; parsed here from the cache
    report = parse_file(scans[stem], settings_for(ocr_cache))
    gold = GOLD[stem]
    got = judge(report, gold)
    assert got["invented"] == [] and got["unflagged"] == [], got
    assert got["share"] >= 0.97, got
    assert (report.year, report.format) == (gold["year"], gold["format"])
    # The body's name as OCR read its title: at most a character off (「…改革局局」), which the store's
    # matching of printed names tolerates (template.md: a one-character typo is the same body).
    assert report.agency and SequenceMatcher(None, report.agency, gold["agency"]).ratio() >= 0.9, report.agency
    # Every cell read from the scan says so, and so does the report.
    printed = [c for c in report.cells if c.page is not None]
    assert printed and all(c.ocr for c in printed)
    assert any("read by OCR" in w for w in report.warnings)
    # An ambiguous OCR cell says why, and a figure's box lies on its page.
    for c in report.cells:
        if c.status == "ambiguous":
            assert c.notes, c
        if c.status == "ok":
            x0, top, x1, bottom = c.bbox
            assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 850, c
    assert cell_json(report.ref, printed[0])["ocr"] is True
    assert len(report.passages) > 5


def test_a_partly_scanned_pdf_reads_its_text_pages_as_text_and_its_image_page_by_ocr(scans, ocr_cache):
    path = scans["mixed"]
    doc = pdf_to_document(path, ocr=OcrOptions(cache_dir=ocr_cache))
    assert doc.ocr_pages == (3,)
    assert all(f.ocr == (r.page == 3) for r in doc.rows for f in r.fields)
    report = parse_file(path, settings_for(ocr_cache))
    gold = GOLD["district_office_2024"]
    got = judge(report, gold)
    assert got["invented"] == [] and got["unflagged"] == [] and got["share"] >= 0.97, got
    assert report.cell("t2.licensing.decisions").ocr is False  # page 2: text
    assert report.cell("t3.new.total").ocr is True  # page 3: the scan
    assert "page 3 of this file was read by OCR" in " ".join(report.warnings)


def test_ocr_runs_once_per_file_and_says_which_page_it_reads(scans, ocr_cache, panyu_first_read):
    # The first read (the session's one OCR of this scan, into the shared cache) said each page.
    doc, first = panyu_first_read["doc"], panyu_first_read["seconds"]
    assert panyu_first_read["seen"] == [(1, 3), (2, 3), (3, 3)]
    # one cache file, named by the file's SHA-256
    [added] = panyu_first_read["added"]
    assert added.name.startswith(panyu_first_read["sha"] + "."), added
    seen: list = []
    again = time.perf_counter()
    same = pdf_to_document(scans["seed_panyu_2023"], ocr=OcrOptions(cache_dir=ocr_cache, progress=lambda p, n: seen.append((p, n))))
    again = time.perf_counter() - again
    assert seen == [] and same.rows == doc.rows
    assert again < first / 4, (first, again)


def test_a_page_over_the_ocr_time_limit_is_stopped_in_one_sentence(scans):
    with pytest.raises(UnreadableFile) as error:
        pdf_to_document(scans["seed_panyu_2023"], ocr=OcrOptions(cache_dir=None, page_seconds=0.2))
    assert str(error.value) == ("OCR of page 1 of this scan takes more than 0.2 seconds, so it was stopped; "
                                "set REPORTS_OCR_PAGE_SECONDS to allow more.")


def test_the_ingest_cli_shows_ocr_progress_and_marks_ocr_cells(scans, ocr_cache, tmp_path):
    import json
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = dict(os.environ, REPORTS_OCR_CACHE=str(tmp_path / "fresh"))
    p = subprocess.run([sys.executable, "-m", "ingest", str(scans["seed_panyu_2023"]), "--dry-run", "--json"],
                       cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "OCR page 1/3…" in p.stderr and "OCR page 3/3…" in p.stderr
    [item] = json.loads(p.stdout)
    cell = next(c for c in item["report"]["cells"] if c["address"] == "t3.new.total")
    assert cell["ocr"] is True and cell["value"] == 1


# ---------------------------------------------------------------- the body's name misread in a scanned title

def _scanned_title(folder: Path, spec, name: str) -> Path:
    """The report printed with its title naming the body ``name``, its first page (the title)
    scanned and the others left as text."""
    import dataclasses

    from reportgen import render_pdf

    title = spec.title.replace("滨河区发展和改革局", name, 1)
    pdf = render_pdf(dataclasses.replace(spec, title=title), "ruled", folder / f"{name}.pdf")
    return pdf_to_scan(pdf, folder / f"{name}.scan.pdf", pages=[1])


def test_a_title_ocr_misread_by_one_character_is_put_right_by_the_report_and_said(ocr_cache, tmp_path):
    # OCR reads 「滨河匹…」 in the scanned title (drawn so here, as OCR misreads 区); the preamble, the
    # narrative and the signature print 「滨河区」: the body is 滨河区发展和改革局, and the report says why.
    gold = GOLD["district_office_2024"]
    spec = spec_from_seed(FIXTURES / gold["file"], FIXTURES / "gold" / "district_office_2024.json")
    report = parse_file(_scanned_title(tmp_path, spec, "滨河匹发展和改革局"), settings_for(ocr_cache))
    assert report.title_ocr and "滨河匹发展和改革局" in report.title
    assert report.agency == "滨河区发展和改革局"
    said = [w for w in report.warnings if "the body is named" in w]
    # (「滨河匹」 is no place's name, so the whole name is what the report is searched for.)
    assert said == ["the title was read by OCR as 「滨河匹发展和改革局」, but the rest of the report prints "
                    "「滨河区发展和改革局」 3 times and 「滨河匹发展和改革局」 0: the body is named 「滨河区发展和改革局」."]
    from phrasing import sentence_text

    assert sentence_text(said[0], "zh").startswith("标题经 OCR 识别为「滨河匹发展和改革局」")


def test_a_name_misread_throughout_a_scan_is_put_right_by_the_stored_reports_of_the_body(ocr_cache, tmp_path):
    # Every page prints 「滨河匹」 (OCR misread it wherever it stands), so the report cannot settle it; the
    # store holds the body's 2023 report under 滨河区发展和改革局: the scan is that body's 2024 report.
    import dataclasses

    from reportgen import render_pdf
    from storekit import ingest_files

    from index import Store
    from index.embed import LoadedModel
    from pipeline import library_groups

    gold = GOLD["district_office_2024"]
    spec = spec_from_seed(FIXTURES / gold["file"], FIXTURES / "gold" / "district_office_2024.json")
    misread = dataclasses.replace(
        spec, preamble=tuple(p.replace("滨河区", "滨河匹") for p in spec.preamble),
        sections=tuple((h, tuple(p.replace("滨河区", "滨河匹") for p in ps)) for h, ps in spec.sections))
    earlier = dataclasses.replace(spec, title=spec.title.replace("2024年", "2023年"))
    stored = render_pdf(earlier, "ruled", tmp_path / "binhe_2023.pdf")
    scan = _scanned_title(tmp_path, misread, "滨河匹发展和改革局")
    settings = dataclasses.replace(settings_for(ocr_cache), store=str(tmp_path / "store"), embedding_model="")
    store = Store.open(settings, model=LoadedModel(None, None))
    try:
        first, second = ingest_files([stored, scan], settings, store=store)
        assert first["status"] == second["status"] == "ingested", (first, second)
        assert second["report"]["agency"] == "滨河区发展和改革局"
        assert any(w.startswith("the body's name 「滨河匹发展和改革局」 was read by OCR; 1 stored report name the body "
                                "「滨河区发展和改革局」") for w in second["report"]["warnings"]), second["report"]["warnings"]
        [body] = library_groups(store)
        assert body.name == "滨河区发展和改革局" and [r.year for r in body.reports] == [2024, 2023]
    finally:
        store.close()
