"""The parsers never crash and never hang, whatever they are fed (issue 6): a short Hypothesis run
over the text parser, the HTML reader, the glued-digit splitter and the PDF reader (bench/fuzz.py
runs the same targets for an hour), and the hostile shapes the fuzzing found, each pinned.

An input passes when the parse returns, or raises ``errors.ReportError`` (one sentence for the
user). Any other exception fails, and so does a parse running past fuzzkit.LIMIT_S seconds: that
is a hang guard, far above what any of these takes, not a measure of speed (bench/ measures speed).
"""

from __future__ import annotations

import time

import pytest
from fuzzkit import (
    LIMIT_S,
    base_pdfs,
    html_target,
    mutated_pdf,
    pdf_target,
    readings_case,
    readings_target,
    report_html,
    report_text,
    run_guarded,
    text_target,
    time_limit,
)
from hypothesis import HealthCheck, given, settings

from errors import UnreadableFile
from ingest.html import html_to_document
from ingest.numbers import MAX_SPLITS_PER_ROW, groups_sum_fit, row_sum_fits, tokens_to_readings
from ingest.parse import document_to_report
from ingest.text import text_to_document

#: Stop drawing new inputs once a test has run this long (a slow machine still finishes).
BUDGET_S = 60.0
FUZZ = settings(max_examples=200, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
_started: dict = {}


def within_budget(name: str) -> bool:
    """Whether the named test may still take another input (its wall-clock guard)."""
    start = _started.setdefault(name, time.monotonic())
    return time.monotonic() - start < BUDGET_S


@FUZZ
@given(report_text)
def test_the_text_parser_never_crashes_or_hangs(text):
    if within_budget("text"):
        run_guarded(text_target, text)


@FUZZ
@given(report_html)
def test_the_html_reader_never_crashes_or_hangs(html):
    if within_budget("html"):
        run_guarded(html_target, html)


@FUZZ
@given(readings_case)
def test_the_glued_digit_splitter_never_crashes_or_hangs(case):
    if within_budget("numbers"):
        run_guarded(readings_target, *case)


@pytest.mark.skipif(not base_pdfs(), reason="needs the WenQuanYi CJK font to print the PDFs")
@settings(FUZZ, max_examples=60)
@given(mutated_pdf())
def test_the_pdf_reader_never_crashes_or_hangs_on_damaged_bytes(tmp_path_factory, data):
    if within_budget("pdf"):
        run_guarded(pdf_target, data, tmp_path_factory.getbasetemp())


# ---------------------------------------------------------------- hostile shapes, pinned


def test_long_glued_rows_are_left_ambiguous_instead_of_split_for_hours():
    # 25 glued digits into table 4's 15 cells can be split 2 million ways, 40 into 7 cells 3 million:
    # the splitter tried every one (12 s for one row; a file of them took hours). Past
    # MAX_SPLITS_PER_ROW it now gives up on the row, and on the document past its own budget.
    assert tokens_to_readings(["1234567891234567891234567"], 15, groups_sum_fit) == []
    assert tokens_to_readings(["1" * 40], 7, row_sum_fits) == []
    assert tokens_to_readings(["713000074"], 7, row_sum_fits) == [(71, 3, 0, 0, 0, 0, 74)]  # a real one still splits
    rows = (["三、收到和处理政府信息公开申请情况"]
            + ["一、本年新收政府信息公开申请数量\t" + "1234567891" * 4 for _ in range(200)]
            + ["四、政府信息公开行政复议、行政诉讼情况"] + ["1" * (20 + i % 20) for i in range(200)])
    with time_limit(LIMIT_S):
        report = document_to_report(text_to_document("\n".join(rows)))
    assert all(c.status != "ok" for c in report.cells)  # nothing made up from digits no one can split
    assert MAX_SPLITS_PER_ROW >= 54_264  # test_numbers.py glues rows of 7 values up to 300: C(21, 6) splits


def test_a_row_whose_splits_all_fail_deep_down_is_given_up_not_enumerated():
    # Found by bench/fuzz.py: a token that is no figure (「.5」) after a 30-digit run left every split
    # of the run failing without one reading yielded, so the per-row cap never counted them (hours).
    with time_limit(LIMIT_S):
        assert tokens_to_readings(["４８０", "9" * 30, ".5", "0.00", "0"], 15, groups_sum_fit, limit=1) == []
        assert tokens_to_readings(["480", "9" * 30, "77", "0.00", "0"], 15, groups_sum_fit, limit=1) == []


def test_a_text_of_many_lines_without_a_full_stop_parses_in_linear_time():
    # One paragraph of 100,000 lines: joining it by appending to a string, and scanning its rows for
    # each passage, took a quarter of an hour; a 20 MB file took a day.
    text = "\n".join(f"第{i}行没有句号的短行" for i in range(100_000))
    with time_limit(LIMIT_S):
        report = document_to_report(text_to_document(text))
    assert len(report.passages) > 1000 and report.passages[-1].text.endswith("第99999行没有句号的短行")


def test_an_html_table_whose_spans_ask_for_millions_of_positions_is_read_unmerged():
    # 3,600 cells of rowspan=100 colspan=100: 36 million grid positions (minutes and gigabytes).
    html = "<table>" + "".join("<tr>" + "<td rowspan=100 colspan=100>1</td>" * 60 + "</tr>" for _ in range(60)) + "</table>"
    with time_limit(LIMIT_S):
        doc = html_to_document(html)
    assert len(doc.rows) == 60 and all(len(r.fields) == 60 for r in doc.rows)
    wide = "<table><tr>" + "<td>b</td>" * 20_000 + "</tr>" + "<tr><td>c</td></tr>" * 20_000 + "</table>"
    with time_limit(LIMIT_S):
        doc = html_to_document(wide)  # 20,000 × 20,000 once padded
    assert len(doc.rows) == 20_001


def test_an_html_page_nested_thousands_deep_is_refused_in_one_sentence_or_read():
    flat_deep = "<div>" * 5000 + "一、总体情况" + "</div>" * 5000  # read (the content is at the bottom)
    with time_limit(LIMIT_S):
        assert html_to_document(flat_deep).rows[0].text == "一、总体情况"
    for html in ("<div>a" * 5000, "<span>" * 3000 + "<p>x</p>"):
        with time_limit(LIMIT_S), pytest.raises(UnreadableFile) as e:
            html_to_document(html)
        assert str(e.value) == "this web page is nested too deeply to read: it is broken, or built to stall readers."


def test_a_hostile_title_gives_its_words_only():
    for title in ("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;滨河区发展和改革局2024年政府信息公开工作年度报告",
                  "&lt;img src=x onerror=alert(1)&gt;滨河区发展和改革局2024年政府信息公开工作年度报告\u202e",
                  "滨河区&lt;b&gt;发展&lt;/b&gt;和改革局2024年政府信息公开工作年度报告"):
        doc = html_to_document(f"<html><head><title>{title}</title></head><body><p>正文</p></body></html>")
        assert doc.title == "滨河区发展和改革局2024年政府信息公开工作年度报告"
