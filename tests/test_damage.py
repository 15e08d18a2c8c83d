"""Every gold report through every kind of damage text extraction does, read back by the parser.

``tests/damage.py`` prints each gold report (tests/fixtures/gold, tests/fixtures/heldout/gold and,
when it is there, /work/shared/dev/gold) the way a crawler, a conversion tool, a page break or a
careless typist leaves it, and says for every cell what can still be read in that text. The parser
must read every figure the text determines, never give a figure where the text shows none or
cannot tell it (a mark, a blank, a glued run no reading fits), and may call ambiguous only a cell
whose glued row reads several ways. The body and the year come from the report's own title.
"""

from __future__ import annotations

import functools
import re

import damage
import pytest

from ingest import parse_file

REPORTS = {report.id: report for report in damage.gold_reports()}
SEEDS = (0, 1)
CASES = [(generator, rid, seed) for generator in damage.GENERATORS for rid in REPORTS
         for seed in SEEDS]


@functools.lru_cache(maxsize=None)
def spec(rid: str) -> damage.ReportSpec:
    """The spec of a gold report, built once per session (a PDF source takes pdfplumber a second)."""
    return damage.spec_for(REPORTS[rid])


@functools.lru_cache(maxsize=None)
def damaged(generator: str, rid: str, seed: int) -> damage.Damaged:
    return damage.GENERATORS[generator](spec(rid), seed)


def disagreements(report, text: damage.Damaged, gold: dict) -> list[str]:
    """Given a parsed report, the damaged text it was parsed from and gold, return every way the
    parse differs from what the text lets a reader know, one line each."""
    bad = []
    for address, want in {**text.expect, **text.extra}.items():
        try:
            cell = report.cell(address)
        except KeyError:
            # A variant row's cells exist only where the report prints the row (（六）其他处理 as one
            # row of a 2021 report): a table cut short before it has none, which is no figure.
            variant = address.startswith("t3.other.") and address.count(".") == 2
            if not (variant and want.kind in ("absent", "undetermined")):
                bad.append(f"{address}: expected {want.describe()}, got no such cell "
                           f"(parsed as format {report.format})")
            continue
        if not want.accepts(cell.status, cell.value):
            bad.append(f"{address}: expected {want.describe()} [{want.why}], "
                       f"got {cell.status} {cell.value}")
    if not damage.agency_matches(report.agency, gold["agency"], text.agency_typos):
        bad.append(f"agency: expected {gold['agency']!r} (or one holding "
                   f"{damage.agency_core(gold['agency'])!r}), got {report.agency!r}")
    if report.year != gold["year"]:
        bad.append(f"year: expected {gold['year']}, got {report.year}")
    return bad


@pytest.mark.parametrize("generator,rid,seed", CASES, ids=[f"{g}-{r}-{s}" for g, r, s in CASES])
def test_damaged_text_reads_as_gold(generator, rid, seed, tmp_path):
    text = damaged(generator, rid, seed)
    path = tmp_path / f"{rid.replace(':', '_')}.{generator}.{seed}.txt"
    path.write_text(text.text, encoding="utf-8")
    report = parse_file(path)
    bad = disagreements(report, text, REPORTS[rid].gold)
    notes = "".join(f"\n  ({note})" for note in text.notes)
    assert not bad, f"{len(bad)} disagreements reading {path}:{notes}\n" + "\n".join(bad)


# --------------------------------------------------------------------------------------------------
# The generators themselves: if these fail, the tests above mean nothing
# --------------------------------------------------------------------------------------------------

def test_glued_runs_read_as_template_md_and_the_pingtan_reports_say():
    # template.md: 「713000074」 is 71, 3, 0, 0, 0, 0, 74 and nothing else.
    assert damage.t3_row_readings("713000074") == [(71, 3, 0, 0, 0, 0, 74)]
    # pingtan_zone_2023's notes: 予以公开 and 部分公开 read two ways each, table 4 one way.
    assert sorted(damage.t3_row_readings("220000022")) == [(2, 20, 0, 0, 0, 0, 22),
                                                           (22, 0, 0, 0, 0, 0, 22)]
    assert len(damage.t3_row_readings("191000020")) == 2
    assert damage.t4_row_readings("110024001510102") == [(1, 1, 0, 0, 2, 4, 0, 0, 1, 5,
                                                          1, 0, 1, 0, 2)]
    assert damage.t4_row_readings("25380363300630003") == [(25, 3, 8, 0, 36, 3, 3, 0, 0, 6,
                                                            3, 0, 0, 0, 3)]
    # Table 2 has no row arithmetic: 废止/现行有效 「132470」 reads five ways; 「000」 one.
    two = [damage.column_pattern("t2.normative.repealed")] * 2
    assert len(damage.free_row_readings("132470", two)) == 5
    assert damage.free_row_readings("000", two + two[:1]) == [(0, 0, 0)]
    # A run with fewer digits than cells, or that no sum fits, has no reading.
    assert damage.t3_row_readings("210000") == [] and damage.t3_row_readings("1000000") == []


def test_every_generator_is_deterministic_and_the_seed_matters():
    rid = "seed_guangdong_2023"
    for name, generator in damage.GENERATORS.items():
        first, again = generator(spec(rid), 0), generator(spec(rid), 0)
        assert first.text == again.text and first.expect == again.expect, name
        assert first.text != generator(spec(rid), 1).text, name


@pytest.mark.parametrize("rid", list(REPORTS))
def test_expectations_cover_every_cell_and_never_contradict_gold(rid):
    gold = REPORTS[rid].gold
    for name in damage.GENERATORS:
        for seed in SEEDS:
            text = damaged(name, rid, seed)
            assert set(text.expect) == set(gold["cells"]), (name, seed)
            for address, want in text.expect.items():
                if want.kind != "absent":
                    assert want.value is not None and damage._same_number(want.value,
                                                                          gold["cells"][address]), \
                        (name, seed, address, want, gold["cells"][address])
                if want.why.startswith("printed as"):
                    assert gold["cells"][address] is None, (name, seed, address)
            for address, want in text.extra.items():
                # A variant row the text prints instead of some of gold's: （六）其他处理 as one row,
                # each figure the sum of gold's three sub-rows in its column.
                row, col = address.rsplit(".", 1)
                parts = [gold["cells"][f"{row}.{sub}.{col}"] for sub in ("no_correction", "fee_unpaid", "other")]
                assert row == "t3.other" and want.kind == "exact" and want.value == sum(parts), (name, seed, address)


def test_one_line_glued_is_a_crawler_header_then_one_line():
    for rid in REPORTS:
        lines = damaged("one_line_glued", rid, 0).text.splitlines()
        body = lines.index("==================== 正文 ====================")
        assert lines[0].startswith("标题: ") and len(lines) == body + 2, rid
        # digits glued to labels, rows glued to rows: no tab, and a row label follows digits
        assert "\t" not in lines[-1] and re.search(r"\d二、上年结转", lines[-1]), rid


def test_marks_are_printed_only_where_gold_is_blank():
    text = damaged("marks", "seed_panyu_2023", 0)
    marked = [a for a, want in text.expect.items() if want.why.startswith("printed as")]
    assert marked and all(REPORTS["seed_panyu_2023"].gold["cells"][a] is None for a in marked)
    assert any(mark in text.text.split() for mark in damage.MARKS)
