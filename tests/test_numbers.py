"""The glued-digit splitter, tested on its arithmetic with Hypothesis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.numbers import digit_splits, parse_number, row_sum_fits, tokens_to_readings


def test_the_template_example_splits_one_way():
    assert tokens_to_readings(["713000074"], 7, row_sum_fits) == [(71, 3, 0, 0, 0, 0, 74)]


def test_a_split_that_fits_several_ways_returns_them_all():
    assert sorted(tokens_to_readings(["1120"], 3)) == [(1, 1, 20), (1, 12, 0), (11, 2, 0)]


def test_printed_figures():
    assert parse_number("1,234") == 1234 and parse_number("-2") == -2 and parse_number("0.50") == 0.5
    assert parse_number("１２") == 12 and parse_number("—") is None and parse_number("1.") is None


row = st.lists(st.integers(min_value=0, max_value=300), min_size=6, max_size=6).map(lambda xs: tuple(xs) + (sum(xs),))


@settings(max_examples=300, deadline=None)
@given(row)
def test_gluing_a_row_and_splitting_it_gives_the_row_back_among_the_readings(values):
    glued = "".join(str(v) for v in values)
    readings = tokens_to_readings([glued], 7, row_sum_fits, limit=10_000)
    assert values in readings
    for r in readings:
        assert "".join(map(str, r)) == glued and row_sum_fits(r)


@settings(max_examples=300, deadline=None)
@given(row, st.lists(st.booleans(), min_size=6, max_size=6))
def test_partly_glued_rows_keep_their_separated_figures(values, cuts):
    tokens, cur = [], str(values[0])
    for v, cut in zip(values[1:], cuts):
        if cut:
            tokens.append(cur)
            cur = str(v)
        else:
            cur += str(v)
    tokens.append(cur)
    readings = tokens_to_readings(tokens, 7, row_sum_fits, limit=10_000)
    assert values in readings


@given(st.text(alphabet="0123456789", min_size=1, max_size=12), st.integers(min_value=1, max_value=6))
def test_every_split_reads_back_as_the_digits_without_leading_zeros(digits, parts):
    for split in digit_splits(digits, parts):
        assert len(split) == parts and "".join(map(str, split)) == digits
