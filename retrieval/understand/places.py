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
from typing import Dict, FrozenSet, List, Sequence, Tuple

#: Suffixes of a division's name, longest first: what is left is the place's core (「洪泽」).
_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|林区|新区|省|市|区|县|州|盟|旗)$")


@lru_cache(maxsize=1)
def _rows() -> Tuple[Dict[str, str], ...]:
    """The national list's rows (adcode, name …), read once; () when it is not installed."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.origin:
        return ()
    path = Path(spec.origin).parent / "resources" / "adcodes.csv"
    if not path.exists():
        return ()
    with open(path, encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


@lru_cache(maxsize=1)
def divisions() -> Tuple[FrozenSet[str], Dict[str, Tuple[str, ...]]]:
    """Every division's full name (「洪泽区」), and its full names by core (「洪泽」: 洪泽区). Empty when
    the list is not installed (places are then known by their suffix only)."""
    full = set()
    by_core: Dict[str, list] = {}
    for row in _rows():
        name = (row.get("name") or "").strip()
        if len(name) < 2:
            continue
        full.add(name)
        core = _SUFFIX.sub("", name)
        if len(core) >= 2 and core != name:
            by_core.setdefault(core, []).append(name)
    return frozenset(full), {k: tuple(v) for k, v in by_core.items()}


@lru_cache(maxsize=1)
def _codes() -> Dict[str, Tuple[str, ...]]:
    """Each division's full name and the codes of the divisions of that name (「白云区」: two)."""
    out: Dict[str, List[str]] = {}
    for row in _rows():
        name, code = (row.get("name") or "").strip(), (row.get("adcode") or "").strip()
        if len(name) >= 2 and code.isdigit():
            out.setdefault(name, []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def _prefix(code: str) -> str:
    """The leading digits every division inside this one shares: 44 for 广东省 (440000000000), 4401
    for 广州市, 440111 for its 白云区."""
    if set(code[2:]) <= {"0"}:
        return code[:2]
    if set(code[4:]) <= {"0"}:
        return code[:4]
    return code[:6]


def within(places: Sequence[str], division: str) -> bool:
    """Given a body's chain of places (广州市, 白云区) and a division (广东省, or 广州市), return whether
    the body lies inside the division and is not the division itself, by the national list's codes.
    A place the list does not hold, or a name it holds twice (「白云区」) that the chain does not
    settle, is not inside: nothing is counted in by a guess."""
    outer = _codes().get(division, ())
    if len(outer) != 1:
        return False
    chain = list(places)
    while chain and (chain[0] == division or any(c != outer[0] and outer[0].startswith(_prefix(c))
                                                 for c in _codes().get(chain[0], ()))):
        chain.pop(0)  # 广东省广州市白云区 inside 广州市: what lies below the division
    if not chain:
        return False
    first = list(_codes().get(chain[0], ()))
    if len(chain) < len(places):
        first = [c for c in first if c.startswith(_prefix(outer[0]))]  # 北京市朝阳区: the one in 北京市
    if len(first) > 1 and len(chain) > 1:
        # 「朝阳区」 twice on the list: the next place down settles which.
        first = [c for c in first if any(d.startswith(_prefix(c)) for d in _codes().get(chain[1], ()))]
    return len(first) == 1 and first[0] != outer[0] and first[0].startswith(_prefix(outer[0]))


def a_place_of_its_own(name: str) -> bool:
    """Whether a name is a place of the national list, whole (「平潭县」) or by its core (「平潭」): such a
    name is never read as another place misspelt by sound (a rare reading of 潭 sounds as 平阴)."""
    return bool(core_divisions(name)) or is_division(name)


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
