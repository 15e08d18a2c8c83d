"""China's places, from a maintained list: the national administrative divisions down to the counties.

A question or a text may name a place whose reports are not loaded (「洪泽23 复议后起诉」 where only
淮安市 is): the answer must say that place is not loaded, never give another body's figure. Places
with their suffix (「洪泽区」) are read from the shape of a name (``names``); places written without
it (「洪泽」, as terse look-ups and journalists write them) are known from this list: the division
names that ``cpca`` ships (its ``adcodes.csv``, the national list of provinces, cities and counties
with their codes), read as data — the package's own matcher is not used.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Tuple

#: Suffixes of a division's name, longest first: what is left is the place's core (「洪泽」).
_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|林区|新区|省|市|区|县|州|盟|旗)$")


@lru_cache(maxsize=1)
def divisions() -> Tuple[FrozenSet[str], Dict[str, Tuple[str, ...]]]:
    """Every division's full name (「洪泽区」), and its full names by core (「洪泽」: 洪泽区). Empty when
    the list is not installed (places are then known by their suffix only)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.origin:
        return frozenset(), {}
    path = Path(spec.origin).parent / "resources" / "adcodes.csv"
    if not path.exists():
        return frozenset(), {}
    full = set()
    by_core: Dict[str, list] = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = (row.get("name") or "").strip()
            if len(name) < 2:
                continue
            full.add(name)
            core = _SUFFIX.sub("", name)
            if len(core) >= 2 and core != name:
                by_core.setdefault(core, []).append(name)
    return frozenset(full), {k: tuple(v) for k, v in by_core.items()}


def is_division(name: str) -> bool:
    """Whether a name (「洪泽区」, 「广东省」) is a division of the national list."""
    return name in divisions()[0]


def core_divisions(core: str) -> Tuple[str, ...]:
    """The divisions a place's core names (「洪泽」: 洪泽区; 「朝阳」: several), () when none."""
    return divisions()[1].get(core, ())


def division_ending(run: str) -> str:
    """The longest division name a run of characters ends with (「正文中广东省」: 广东省), or ""."""
    full = divisions()[0]
    for start in range(len(run) - 1):
        if run[start:] in full:
            return run[start:]
    return ""
