"""Units of money and exact conversion between them: 元, 万元 (10,000 yuan) and 亿元 (100 million).

An amount is shown in the unit its report prints (``model.Cell.unit``); a question or a text may
use another. A conversion is exact (``Decimal``: 251000元 is 25.1万元, never 25.099999…) and is
always said beside the printed figure, never in its place.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Dict, Optional, Union

#: Units of money, and how many 元 each is.
YUAN: Dict[str, int] = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


def convert(value: Union[int, Decimal, float], unit: str, to: str) -> Optional[Decimal]:
    """Given an amount, its unit and another unit of money, return it in that unit, exactly (None
    when either is not a unit of money). A float (a figure read from prose) is taken by its
    shortest decimal form."""
    if unit not in YUAN or to not in YUAN:
        return None
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    out = exact * YUAN[unit] / YUAN[to]
    return out.quantize(Decimal(1)) if out == out.to_integral_value() else out.normalize()
