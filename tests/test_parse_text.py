"""The text path end to end: sample and home-made reports parsed, every cell checked against gold."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, cells_against_gold, gold_reports

from ingest import parse_file

GOLD = gold_reports(with_dev=True)


@pytest.mark.parametrize("stem,gold", GOLD, ids=[s for s, _ in GOLD])
def test_every_cell_equals_gold(stem, gold):
    report = parse_file(FIXTURES / gold["file"])
    assert cells_against_gold(report, gold) == []


@pytest.mark.parametrize("stem,gold", GOLD, ids=[s for s, _ in GOLD])
def test_metadata_is_read_from_the_title(stem, gold):
    report = parse_file(FIXTURES / gold["file"])
    assert (report.agency, report.year, report.format) == (gold["agency"], gold["year"], gold["format"])


@pytest.mark.parametrize("stem,gold", GOLD, ids=[s for s, _ in GOLD])
def test_the_documents_totals_add_up(stem, gold):
    """Like pdfplumber's own tests: the report's arithmetic must hold on what we parsed, except
    where the fixture's author made it fail on purpose."""
    report = parse_file(FIXTURES / gold["file"])
    expected_failures = {m["address"] for m in gold.get("narrative_mismatch", [])}
    failed = [c for c in report.checks if not c.passed]
    assert all(set(c.cells) & expected_failures for c in failed), [c.detail for c in failed]
    for addr in expected_failures:
        assert any(addr in c.cells and not c.passed for c in report.checks), f"mismatch on {addr} not flagged"


def test_panyu_rows_the_report_does_not_print_are_missing_not_zero():
    report = parse_file(FIXTURES / "reports/seed_panyu_2023.txt")
    for addr in ("t3.unavailable.unclear.total", "t3.not_processed.repeated.natural_person",
                 "t3.total_handled.total", "t3.carried_forward.total"):
        cell = report.cell(addr)
        assert (cell.status, cell.value) == ("missing", None)
    # The table-4 figures are still found although the 「四、」 heading is missing.
    assert report.cell("t4.review.total").status == "ok"


def test_a_cell_knows_where_it_was_printed():
    report = parse_file(FIXTURES / "reports/seed_guangdong_2023.txt")
    cell = report.cell("t3.partial.total")
    assert cell.value == 4 and cell.table == "三" and cell.col_label == "总计"
    assert "部分公开" in cell.row_label
    lines = (FIXTURES / "reports/seed_guangdong_2023.txt").read_text(encoding="utf-8").splitlines()
    assert "部分公开" in lines[cell.line - 1] and "4" in cell.source_text


def test_sections_are_found_with_their_variant_headings():
    report = parse_file(FIXTURES / "reports/seed_guangdong_2023.txt")
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.sections[4].heading == "五、存在问题及改进思路"


def test_passages_are_whole_sentences_that_point_back_into_the_text():
    report = parse_file(FIXTURES / "reports/seed_guangdong_2023.txt")
    narrative = [p for p in report.passages if p.section_number in (1, 5, 6)]
    assert narrative
    for p in narrative:
        assert p.text[-1] in "。！？；”" or p is narrative[-1] or len(p.text) > 300, p.text
        assert 10 <= len(p.text) <= 400
        # offsets point at the passage's first and last characters in the document's text
        assert report.text[p.start] == p.text[0] and report.text[p.end - 1] == p.text[-1]
    fans = [p for p in narrative if "3514" in p.text]
    assert fans and fans[0].section == "一、总体情况"
    # a sentence cut by a page break is whole again
    assert any("粤省心" in p.text for p in narrative)


def test_figures_restated_in_the_narrative_are_checked():
    report = parse_file(FIXTURES / "reports/seed_guangdong_2023.txt")
    partial = [c for c in report.checks if c.check == "narrative.部分公开"]
    assert partial and partial[0].passed and "t3.partial.total" in partial[0].cells


def test_gbk_text_is_read(tmp_path):
    src = (FIXTURES / "reports/seed_guangdong_2023.txt").read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(src.encode("gb18030"))
    report = parse_file(path)
    assert report.agency == "广东省政务服务和数据管理局" and report.cell("t3.new.total").value == 122


LINED = [(s, g) for s, g in GOLD if not s.startswith("pingtan")]


@pytest.mark.parametrize("stem,gold", LINED, ids=[s for s, _ in LINED])
def test_the_line_and_the_stream_reader_give_the_same_cells(stem, gold):
    """Where lines exist both table readers run; each alone must read every cell the same."""
    from config import Settings
    from ingest.parse import document_to_report, path_to_document

    doc = path_to_document(FIXTURES / gold["file"], Settings())
    by_lines = document_to_report(doc, readers=("lines",))
    by_stream = document_to_report(doc, readers=("stream",))
    differ = [(a.address, a.status, a.value, b.status, b.value) for a, b in zip(by_lines.cells, by_stream.cells)
              if (a.status, a.value) != (b.status, b.value)]
    assert differ == []
    assert cells_against_gold(by_stream, gold) == []


@pytest.mark.parametrize("stem", ["pingtan_zone_2023", "pingtan_zone_2025"])
def test_a_crawler_text_on_one_line_reads_its_body_year_and_sections(stem):
    gold = dict(GOLD)[stem]
    report = parse_file(FIXTURES / gold["file"])
    assert (report.agency, report.year) == ("平潭综合实验区", gold["year"])
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    # The archive's header block is not the report: no passage quotes it.
    assert not any("本地目录" in p.text or "原文链接" in p.text for p in report.passages)
    assert report.warnings == ()
