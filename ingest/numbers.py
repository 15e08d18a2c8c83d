"""Printed figures: reading them, and splitting digits that extraction glued together.

A table row such as 「一、本年新收政府信息公开申请数量 713000074」 holds seven cells whose separators
were lost. The template's arithmetic (a row's total is the sum of its applicant columns) usually
leaves one way to split the digits; where it leaves several, the cells are ambiguous and we say so.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Callable, Iterator, List, Optional, Sequence, Tuple

from model import Number

#: Printed marks that stand in an empty cell. They are not zero: the cell is missing.
BLANK_MARKS = {"", "-", "--", "—", "——", "－", "/", "／", "\\", "无", "空", "—-", "–"}

_INT = re.compile(r"^[+-]?\d+$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")
_NUM_TOKEN = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")

#: Glued runs longer than this are not split: the candidates explode and no print is that dense.
MAX_GLUED_DIGITS = 40
#: Splits of one row tried at most (a real glued row has well under a hundred; 40 digits into the
#: 15 cells of table 4 would have billions). Past this the row is not split: its cells are ambiguous.
MAX_SPLITS_PER_ROW = 100_000
#: Splits tried at most in one document, so a file of many such rows cannot stall parsing either.
MAX_SPLITS_PER_DOCUMENT = 500_000

_split_budget: ContextVar[Optional[List[int]]] = ContextVar("split_budget", default=None)


@contextmanager
def split_budget(splits: int = MAX_SPLITS_PER_DOCUMENT) -> Iterator[None]:
    """Within the block, ``tokens_to_readings`` tries at most ``splits`` splits in all."""
    token = _split_budget.set([splits])
    try:
        yield
    finally:
        _split_budget.reset(token)


def normalize_number_text(text: str) -> str:
    """Given printed text, return it with full-width digits and signs made ASCII and spaces dropped."""
    t = unicodedata.normalize("NFKC", text).strip()
    return t.replace("＋", "+").replace("−", "-").replace("－", "-")


def is_blank(text: str) -> bool:
    """Given a cell's printed text, return whether it marks an empty cell."""
    return normalize_number_text(text).replace(" ", "") in BLANK_MARKS


def is_number_token(token: str) -> bool:
    """Given one whitespace-free token, return whether it is a printed figure."""
    t = normalize_number_text(token)
    return bool(_NUM_TOKEN.match(t)) and (
        _INT.match(t) is not None or _GROUPED.match(t) is not None or _DECIMAL.match(t) is not None
    )


def parse_number(token: str) -> Optional[Number]:
    """Given a printed figure (「122」, 「1,234」, 「0.00」, 「-2」), return it as an int, or a Decimal
    that keeps its printed digits (「18651.06」), else None."""
    t = normalize_number_text(token)
    if not is_number_token(t):
        return None
    t = t.replace(",", "")
    return Decimal(t) if "." in t else int(t)


#: Letters an OCR engine prints for digits: 「O」/「o」 for 0, 「l」/「I」 for 1. (Not 「|」: it is a
#: markdown table's cell border far more often than a misread 1.)
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
_OCR_TOKEN = re.compile(r"^[0-9OoIl]{1,8}$")


def misread_digits(token: str) -> Optional[str]:
    """Given a whitespace-free token standing where a figure stands, return its digits when it is a
    figure with letters misread for digits (「O」, 「l4」), else None."""
    t = normalize_number_text(token)
    if not _OCR_TOKEN.match(t) or t.isdigit():
        return None
    digits = t.translate(_OCR_DIGITS)
    return digits if len(digits) == 1 or digits[0] != "0" else None


def is_glued(token: str) -> bool:
    """Given a figure token, return whether it could hold several cells: two or more plain digits,
    a sign before them allowed (「-24187」 glued in the print may be -2 and 4187)."""
    t = normalize_number_text(token).lstrip("+-")
    return t.isdigit() and len(t) >= 2


def digit_splits(digits: str, parts: int) -> Iterator[Tuple[int, ...]]:
    """Given a run of digits and a number of parts, yield every way to read it as that many integers.

    No part may have a leading zero (「07」 is not printed), so 「000」 has one reading, (0, 0, 0).
    """
    if parts == 1:
        if digits and (digits == "0" or digits[0] != "0"):
            yield (int(digits),)
        return
    # Each remaining part needs at least one digit.
    for cut in range(1, len(digits) - parts + 2):
        head = digits[:cut]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in digit_splits(digits[cut:], parts - 1):
            yield (int(head),) + rest


def _part_counts(tokens: Sequence[str], total: int) -> Iterator[Tuple[int, ...]]:
    """Yield every way to give each token a number of parts, at least one each, summing to total."""
    if not tokens:
        if total == 0:
            yield ()
        return
    first, rest = tokens[0], tokens[1:]
    max_here = len(first.lstrip("+-")) if is_glued(first) else 1
    for k in range(1, min(max_here, total - len(rest)) + 1):
        for tail in _part_counts(rest, total - k):
            yield (k,) + tail


def tokens_to_readings(
    tokens: Sequence[str],
    width: int,
    fits: Callable[[Tuple[Number, ...]], bool] = lambda values: True,
    limit: int = 50,
) -> List[Tuple[Number, ...]]:
    """Given the figure tokens of one row, return every reading of them as ``width`` values that fits.

    A token that is a plain run of digits may be several glued cells; any other token (a decimal,
    a signed or comma-grouped figure) is one cell. ``fits`` is the template's arithmetic for the
    row. At most ``limit`` readings are returned (more means the row is hopelessly ambiguous).
    """
    tokens = [normalize_number_text(t) for t in tokens]
    if sum(len(t) for t in tokens) > MAX_GLUED_DIGITS:
        return []
    if any(parse_number(t) is None for t in tokens):
        return []  # a token that is no figure (「.5」) has no reading at all
    budget = _split_budget.get()
    cap = MAX_SPLITS_PER_ROW if budget is None else min(MAX_SPLITS_PER_ROW, budget[0])
    # Every split tried counts, yielded or not: a row whose splits all fail deep down would
    # otherwise run through millions of them without yielding one.
    tried = [0]
    out: List[Tuple[Number, ...]] = []
    try:
        for counts in _part_counts(tokens, width):
            tried[0] += 1
            for reading in _readings(tokens, counts, tried, cap):
                if fits(reading):
                    out.append(reading)
                    if len(out) >= limit:
                        return out
        return out
    except _OverBudget:
        return []  # too many ways to split to tell which one is meant
    finally:
        if budget is not None:
            budget[0] = max(0, budget[0] - tried[0])


class _OverBudget(Exception):
    pass


def _readings(tokens: Sequence[str], counts: Sequence[int], tried: List[int], cap: int) -> Iterator[Tuple[Number, ...]]:
    if not tokens:
        yield ()
        return
    tok, k = tokens[0], counts[0]
    heads = _signed_splits(tok, k) if k > 1 else _single(tok)
    for head in heads:
        tried[0] += 1
        if tried[0] > cap:
            raise _OverBudget
        for tail in _readings(tokens[1:], counts[1:], tried, cap):
            yield tuple(head) + tail


def _signed_splits(token: str, parts: int) -> Iterator[Tuple[int, ...]]:
    """Splits of a glued token; a sign before it belongs to its first figure."""
    sign = token[0] if token[0] in "+-" else ""
    for split in digit_splits(token.lstrip("+-"), parts):
        yield ((-split[0] if sign == "-" else split[0]),) + split[1:]


def _single(token: str) -> Iterator[Tuple[Number, ...]]:
    value = parse_number(token)
    if value is not None and (len(token) == 1 or not token.isdigit() or token[0] != "0"):
        yield (value,)


#: A row's figures, one a column; None where a cell holds none.
Values = Sequence[Optional[Number]]


def row_sum_fits(values: Values) -> bool:
    """Table 3's row arithmetic: the six applicant columns add up to the total (last value); a row
    with a cell that holds no figure does not."""
    if not values or any(v is None for v in values):
        return False
    known = [v for v in values if v is not None]
    return sum(known[:-1]) == known[-1]


def groups_sum_fit(values: Values, size: int = 5) -> bool:
    """Table 4's arithmetic: in every group of ``size``, the first ones add up to the last."""
    return all(row_sum_fits(values[i:i + size]) for i in range(0, len(values), size))
