"""Bodies' names: a printed name taken apart into places and department, and a key for one body.

「广州市番禺区政务服务数据管理局」 is the places 广州市, 番禺区 and the department 政务服务数据管理局.
One body may print its name differently from year to year (「河西市临江区人民政府望湖街道办事处」,
「临江区望湖街道办事处」); its key — its most local place, suffix and all, and its department — stays
the same, so its years can be compared and checked against each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, List, Sequence, Tuple

# At least two characters before the suffix (「广州市」, not 「广州」 read as 广 + 州), except the
# one-character counties and districts (「沛县」).
_PLACE = re.compile(r"(.{2,6}?(?:综合实验区|综合试验区|经济技术开发区|高新技术产业开发区|高新技术开发区|经济开发区|开发区|高新区)"
                    r"|.{2,8}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|区|县|旗|镇|乡|街道)|.(?:县|区))")
_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|地区|街道|新区|省|市|州|盟|区|县|旗|镇|乡)$")
_DEPT_WORDS = re.compile(r"和|与|及|委员|政府|人民|建设|管理|服务|发展|改革|保障|资源|监督|卫生|交通|教育|公安|财政|局|厅|办")
_ZONE = re.compile(r"(综合实验区|综合试验区|经济技术开发区|高新技术产业开发区|高新技术开发区|经济开发区|开发区|高新区|"
                   r"实验区|试验区|示范区|管理区|保税区|自贸区|合作区|新区)$")
_ETHNIC = re.compile(r"(壮族|回族|维吾尔|藏族|蒙古族|朝鲜族|土家族|苗族|彝族|哈尼族|傣族|侗族|瑶族|白族|羌族|黎族|畲族)+$")


@dataclass(frozen=True)
class BodyName:
    """A body's printed name taken apart: its places (with and without suffix, in pinyin) and department."""

    agency: str
    places: Tuple[str, ...]
    cores: Tuple[str, ...]
    pinyin: Tuple[str, ...]
    dept: str


@lru_cache(maxsize=None)  # one a body loaded: a question looks at many bodies, and a bounded cache thrashes past it
def agency_to_name(agency: str) -> BodyName:
    """Given a body's printed name, return its parts."""
    rest, places = agency, []  # type: Tuple[str, List[str]]
    while True:
        # 「…区人民政府望湖街道办事处」: the district government is where the street office sits.
        sub = re.match(r"^人民政府(?=.{2,8}?(?:街道|镇|乡))", rest)
        if sub and places:
            rest = rest[sub.end():]
        m = _PLACE.match(rest)
        # A department name can hold a suffix character (「市场监督管理局」, 「住房和城乡建设局」): a
        # "place" that reads like a department is where the department starts.
        if not m or _DEPT_WORDS.search(m.group(1)) or re.match(r"^(人民|市场|区域|县域)", m.group(1)):
            break
        places.append(m.group(1))
        rest = rest[len(m.group(1)):]
    cores = []
    for p in places:
        # A zone is named by its place: 「平潭综合实验区」 is 平潭, 「湘潭高新技术产业开发区」 湘潭.
        zone = _ZONE.sub("", p)
        core = zone if zone != p and len(zone) >= 2 else _ETHNIC.sub("", _SUFFIX.sub("", p)) or _SUFFIX.sub("", p)
        # 「沛县」 is named whole: one character alone would match anything.
        cores.append(core if len(core) >= 2 else p)
    return BodyName(agency, tuple(places), tuple(cores), tuple(pinyin(c) for c in cores), rest)


def pinyin_syllables(text: str) -> List[str]:
    """Given Chinese text, return its syllables in toneless pinyin, lower case (「淮安」 → huai, an)."""
    try:
        from pypinyin import lazy_pinyin

        return [s.lower() for s in lazy_pinyin(text)]
    except ImportError:  # pinyin only helps English questions; Chinese ones work without it
        return []


@lru_cache(maxsize=8192)
def pinyin(text: str) -> str:
    """Given Chinese text, return it in toneless pinyin, lower case (「番禺」 → 「panyu」); kept, as the
    places of the loaded bodies are read in pinyin for every clause of a checked text."""
    try:
        from pypinyin import lazy_pinyin

        return "".join(lazy_pinyin(text)).lower()
    except ImportError:  # pinyin only helps English questions; Chinese ones work without it
        return ""


@lru_cache(maxsize=65536)
def pinyin_readings(text: str) -> FrozenSet[str]:
    """Given a few Chinese characters, return every toneless pinyin they can be read as (「番禺」:
    panyu and fanyu), so a misspelling by sound (「番禹」) can be matched; at most 64 readings."""
    try:
        from pypinyin import Style
        from pypinyin import pinyin as _readings
    except ImportError:
        return frozenset()
    out = [""]
    for options in _readings(text, style=Style.NORMAL, heteronym=True):
        out = [o + r.lower() for o in out for r in dict.fromkeys(options)][:64]
    return frozenset(out)


_DEPT_SAME = (("街道办事处", "办事处"), ("街道办", "办事处"), ("人民政府办公室", "政府办公室"))


def body_key(agency: str) -> str:
    """Given a body's printed name, return a key that is the same for every printing of that body."""
    name = agency_to_name(agency)
    dept = name.dept
    for a, b in _DEPT_SAME:
        if dept == a:
            dept = b
    # The most local place with its suffix: 南昌市 and 南昌县 are different bodies' homes.
    place = name.places[-1] if name.places else ""
    return f"{place}|{dept}" if place or dept else agency


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether two strings differ by at most one character substituted, dropped or added."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def same_body(a: str, b: str) -> bool:
    """Given two printed names, return whether they name one body: the same most local place and
    department (「番禺区政务服务数据管理局」 and 「广州市番禺区政务服务数据管理局」), a misprinted
    character allowed in a department of four characters or more (「…数据管理局」 / 「…数局管理局」)."""
    return a == b or same_body_keys(body_key(a), body_key(b))


def bodies_to_keys(agencies: Sequence[str]) -> Dict[str, str]:
    """Given printed names (one per report), return for each the key of its body: names of one body
    (``same_body``) share the key of the name printed most often (the longest, where as often).

    Names are grouped by their place first, so only the departments printed under one place are
    compared for misprints: a catalog of thousands of bodies is grouped in one pass.
    """
    counts: Dict[str, int] = {}
    for a in agencies:
        if a:
            counts[a] = counts.get(a, 0) + 1
    names = sorted(counts, key=lambda n: (-counts[n], -len(n), n))
    by_place: Dict[str, List[str]] = {}
    out: Dict[str, str] = {}
    for name in names:
        key = body_key(name)
        place = key.split("|", 1)[0] if "|" in key else key
        reps = by_place.setdefault(place, [])
        match = next((rep for rep in reps if rep == key or same_body_keys(rep, key)), None)
        if match is None:
            reps.append(key)
            match = key
        out[name] = match
    return out


def same_body_keys(a: str, b: str) -> bool:
    """Whether two body keys (``body_key``) are one body's: equal, or one department misprinted."""
    if a == b:
        return True
    ka, kb = a.split("|", 1), b.split("|", 1)
    if len(ka) != 2 or len(kb) != 2 or ka[0] != kb[0] or not ka[0]:
        return False
    return min(len(ka[1]), len(kb[1])) >= 4 and _one_edit_apart(ka[1], kb[1])
