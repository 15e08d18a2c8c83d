"""Bodies' names: a printed name taken apart into places and department, and a key for one body.

「广州市番禺区政务服务数据管理局」 is the places 广州市, 番禺区 and the department 政务服务数据管理局.
One body may print its name differently from year to year (「河西市临江区人民政府望湖街道办事处」,
「临江区望湖街道办事处」); its key — its most local place and its department — stays the same, so its
years can be compared and checked against each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Tuple

# At least two characters before the suffix (「广州市」, not 「广州」 read as 广 + 州), except the
# one-character counties and districts (「沛县」).
_PLACE = re.compile(r"(.{2,8}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|区|县|旗|镇|乡|街道)|.(?:县|区))")
_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|地区|街道|省|市|州|盟|区|县|旗|镇|乡)$")


@dataclass(frozen=True)
class BodyName:
    """A body's printed name taken apart: its places (with and without suffix, in pinyin) and department."""

    agency: str
    places: Tuple[str, ...]
    cores: Tuple[str, ...]
    pinyin: Tuple[str, ...]
    dept: str


@lru_cache(maxsize=4096)
def agency_to_name(agency: str) -> BodyName:
    """Given a body's printed name, return its parts."""
    rest, places = agency, []
    while True:
        # 「…区人民政府望湖街道办事处」: the district government is where the street office sits.
        sub = re.match(r"^人民政府(?=.{2,8}?(?:街道|镇|乡))", rest)
        if sub and places:
            rest = rest[sub.end():]
        m = _PLACE.match(rest)
        # A department name can start with a suffix character (「市场监督管理局」): stop at departments.
        if not m or any(m.group(1).endswith(w) for w in ("委员会", "政府")) or re.match(r"^(人民|市场|区域|县域)", m.group(1)):
            break
        places.append(m.group(1))
        rest = rest[len(m.group(1)):]
    cores = []
    for p in places:
        core = _SUFFIX.sub("", p)
        # 「沛县」 is named whole: one character alone would match anything.
        cores.append(core if len(core) >= 2 else p)
    return BodyName(agency, tuple(places), tuple(cores), tuple(_pinyin(c) for c in cores), rest)


def _pinyin(text: str) -> str:
    try:
        from pypinyin import lazy_pinyin

        return "".join(lazy_pinyin(text)).lower()
    except ImportError:  # pinyin only helps English questions; Chinese ones work without it
        return ""


_DEPT_SAME = (("街道办事处", "办事处"), ("街道办", "办事处"), ("人民政府办公室", "政府办公室"))


def body_key(agency: str) -> str:
    """Given a body's printed name, return a key that is the same for every printing of that body."""
    name = agency_to_name(agency)
    dept = name.dept
    for a, b in _DEPT_SAME:
        if dept == a:
            dept = b
    place = name.cores[-1] if name.cores else ""
    return f"{place}|{dept}" if place or dept else agency
