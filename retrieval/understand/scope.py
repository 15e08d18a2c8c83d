"""Which reports a question is about: bodies named the way people name them, and years.

A body's printed name (「广州市番禺区政务服务数据管理局」) is split into its places (广州市, 番禺区) and
its department (政务服务数据管理局). A question names the body by a place (「番禺」, "Panyu" — place
names are matched in pinyin too), by the department in full, by a short form that keeps the name's
characters in order (「政数局」, 「发改局」, 「住建局」), or by a common alias (「环保局」). Nothing here
knows any particular body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, List, Sequence, Tuple

from ingest import BodyName, agency_to_name, body_key, pinyin, pinyin_readings, pinyin_syllables
from model import CatalogEntry
from retrieval.lexicon import DEPT_ALIASES, DEPT_EN, PLACE_SUFFIX_EN
from retrieval.query import Mention
from retrieval.understand.places import a_place_of_its_own, core_divisions, within

_DEPT_ENDS = "局委办厅室府处院会部所站中心"
#: A place's own government: named by its place, never by these words alone.
_GOVERNMENT_DEPTS = ("", "人民政府", "政府", "管委会", "管理委员会")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年度?|(?=\D|$))")


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


#: A level word just before a department's short form says which level of body it is (「省政数局」,
#: 「区政府」): a body at another level is not named there.
_LEVELS = "省市区县镇乡"


def _level(name: BodyName) -> str:
    """The level of a body: the suffix of its most local place (省, 市, 区 …), or ""."""
    last = name.places[-1] if name.places else ""
    return last[-1] if last and last[-1] in _LEVELS else ""


def _dept_occurrences(question: str, q_lower: str, name: BodyName) -> List[int]:
    """Every place the question names the body's department (in full, short or English), in order.
    An occurrence right after a level word of another level (「省政数局」 for a district's bureau)
    does not name it."""
    return list(_dept_places(question, q_lower, name.dept, _level(name))) if name.dept else []


@lru_cache(maxsize=4096)
def _dept_places(question: str, q_lower: str, dept: str, level: str) -> Tuple[int, ...]:
    """``_dept_occurrences`` for one department and level, kept: a thousand bodies share a few
    dozen departments."""
    found = set()
    if dept in question:
        found |= {m.start() for m in re.finditer(re.escape(dept), question)}
    for full, aliases in DEPT_ALIASES.items():
        if dept.endswith(full) or dept == full:
            for a in aliases:
                found |= {m.start() for m in re.finditer(re.escape(a), question)}
    # Short forms: a run of the question ending in the department's last character whose
    # characters stand in the department's name in order, starting with its first.
    last = dept[-1]
    if last in _DEPT_ENDS:
        for m in re.finditer(re.escape(last), question):
            for length in range(2, 7):
                start = m.end() - length
                if start < 0:
                    break
                cand = question[start:m.end()]
                if cand[0] == dept[0] and _is_subsequence(cand, dept):
                    found.add(start)
                    break
    if not found and len(dept) >= 3:
        # 「自然资原局」 for 自然资源局: the department with one character of the same sound misspelt.
        at = _homophone_at(question, dept)
        if at >= 0:
            found.add(at)
    kept = [p for p in sorted(found) if not (p > 0 and question[p - 1] in _LEVELS and level and question[p - 1] != level)]
    # "government" names a government, not its general office (人民政府办公室) nor a bureau of it:
    # "government information" is in every English sentence about these reports.
    kept += [q_lower.index(w) for w, zh in _english_dept_words(q_lower)
             if zh in dept and not (zh in ("政府", "人民政府") and dept not in ("政府", "人民政府"))]
    return tuple(sorted(set(kept)))


def _homophone_at(question: str, word: str) -> int:
    """Where the question writes a word with one character of the same sound misspelt, or -1."""
    pos, _ = homophone_of(question, word)
    return pos


def _leveled(question: str, pos: int, name: BodyName) -> bool:
    """Whether the department named at ``pos`` follows a level word that is the body's own (「省政数局」)."""
    return pos > 0 and question[pos - 1] in _LEVELS and question[pos - 1] == _level(name)


@lru_cache(maxsize=64)
def _english_dept_words(q_lower: str) -> Tuple[Tuple[str, str], ...]:
    """The DEPT_EN words a question names, with their Chinese, in DEPT_EN's order: looked for once a
    question, not once a loaded report (30 regexes × 1,000 reports was most of a figure answer's time)."""
    return tuple((w, zh) for w, zh in DEPT_EN.items() if re.search(rf"\b{re.escape(w)}\b", q_lower))


def _core_position(question: str, core: str, place: str) -> int:
    """Where the question names a place by its core, or -1. A core that begins with a suffix
    character (「市南」 of 「市南区」) counts only in full, or 「襄阳市南漳县」 would name it."""
    if core[0] in "省市区县镇乡州旗盟":
        return question.find(place)
    return question.find(core)


@lru_cache(maxsize=65536)  # a core a body: at 4,096 it thrashed past 2,000 reports
def _pinyin_pattern(core: str) -> "re.Pattern[str]":
    """A place in pinyin as an English question writes it: whole, its syllables run together or
    apart by an apostrophe, a hyphen or a space, possessive or not ("Huai'an's", "Huaian", "Pan Yu")."""
    syllables = [s for s in pinyin_syllables(core) if s]
    sep = r"['’\- ]?"
    return re.compile(r"(?<![a-z])" + sep.join(map(re.escape, syllables)) + r"(?:['’]s)?(?![a-z])")


@lru_cache(maxsize=256)
def _sounds(question: str, length: int) -> Dict[str, Tuple[int, str]]:
    """Every run of ``length`` Chinese characters in the question, by each toneless pinyin it can be
    read as (the first run of each sound): looked up once a question, so a homophone costs a few
    dict lookups a report."""
    out: Dict[str, Tuple[int, str]] = {}
    for m in re.finditer(r"[\u4e00-\u9fff]+", question):
        run = m.group(0)
        for i in range(len(run) - length + 1):
            window = run[i:i + length]
            for sound in pinyin_readings(window):
                out.setdefault(sound, (m.start() + i, window))
    return out


def homophone_of(question: str, core: str) -> Tuple[int, str]:
    """Where the question writes a place with the same sound but another character (「番禹」 for
    番禺, 「淮按」 for 淮安): (position, as written), or (-1, "") — a typo read as the place it sounds
    like. One character may differ, not all: 「番禹」 is 番禺 misspelt, 「凡雨」 is something else."""
    if len(core) < 2 or core in question:
        return -1, ""
    if sum(1 for ch in core if ch in question) < len(core) - 1:
        # No run of the question can hold all but one of its characters: no sound need be read
        # (reading every run of a new text in pinyin was most of a first check's time).
        return -1, ""
    sounds = _sounds(question, len(core))
    for sound in pinyin_readings(core):
        hit = sounds.get(sound)
        if hit is not None and hit[1] != core and sum(1 for a, b in zip(hit[1], core) if a == b) >= len(core) - 1 \
                and not a_place_of_its_own(hit[1]):
            return hit
    return -1, ""


def _place_mentioned(question: str, q_lower: str, name: BodyName) -> Tuple[float, int]:
    """How well the question names the body's places (10 a place, 3 more when named with its suffix,
    so that 「南昌县」 prefers the county to 南昌市), and where the first is (-1 if none)."""
    found, first = 0.0, -1
    for core, py, place in zip(name.cores, name.pinyin, name.places):
        pos = _core_position(question, core, place)
        if pos >= 0 and place in question:
            found += 0.3
        elif pos >= 0 and _other_level(question, pos + len(core), place[len(core):]):
            # 「淮安区」 is not 淮安市: the same core with another level word is another place.
            return 0.0, -1
        if pos < 0 and py and py[:3] in q_lower:  # (a substring first: a regex per report is slow)
            m = _pinyin_pattern(core).search(q_lower)
            pos = m.start() if m else -1
        if pos < 0:
            pos, _ = homophone_of(question, core)
        if pos >= 0:
            found += 1
            first = pos if first < 0 else min(first, pos)
    return found, first


_PLACE_LEVELS = ("自治区", "省", "市", "区", "县", "镇", "乡", "州", "旗", "街道")


def _other_level(question: str, after_core: int, own_suffix: str) -> bool:
    """Whether the question writes a place's core with a level word other than the body's own
    (「淮安区」 where the body is 淮安市)."""
    rest = question[after_core:after_core + 3]
    written = next((lv for lv in _PLACE_LEVELS if rest.startswith(lv)), "")
    return bool(written) and bool(own_suffix) and not own_suffix.startswith(written) and written != own_suffix


def _named(question: str, q_lower: str, core: str, place: str) -> bool:
    """Whether the question names one place: by its characters, its pinyin or a homophone."""
    if _core_position(question, core, place) >= 0:
        return True
    py = pinyin(core)
    if py and py[:3] in q_lower and _pinyin_pattern(core).search(q_lower):
        return True
    return homophone_of(question, core)[0] >= 0


def _local_named(question: str, q_lower: str, name: BodyName) -> bool:
    """Whether the question names the body's most local place (a county, not only its city)."""
    return bool(name.cores) and _named(question, q_lower, name.cores[-1], name.places[-1])


def upper_places_named(question: str, catalog: Sequence[CatalogEntry]) -> List[str]:
    """Places the question names that are only the city or province around a loaded body
    ("Guangzhou" around 番禺区政数局): not a loaded body themselves, so a question about them
    cannot be answered from the body inside."""
    q_lower = question.lower()
    locals_ = set()
    uppers: Dict[str, Tuple[str, str]] = {}
    for e in catalog:
        if not e.agency:
            continue
        name = agency_to_name(e.agency)
        if not name.cores:
            continue
        locals_.add(name.places[-1])
        for core, place in zip(name.cores[:-1], name.places[:-1]):
            uppers[place] = (core, place)
    out = []
    for place, (core, _) in uppers.items():
        if place in locals_:
            continue
        if _named(question, q_lower, core, place) and not any(
                _local_named(question, q_lower, agency_to_name(e.agency)) for e in catalog
                if e.agency and place in agency_to_name(e.agency).places):
            out.append(place)
    return out


@dataclass(frozen=True)
class _Bodies:
    """What a catalog's bodies are looked up by, worked out once a catalog (the store keeps one list
    until a report is added, replaced or deleted): each printed name, in the catalog's order; the
    names by a character of their places' cores and by department and level; the reports of each
    body. A question then looks only at the bodies it could name."""

    catalog: Sequence[CatalogEntry]
    agencies: Tuple[str, ...]
    by_char: Dict[str, FrozenSet[str]]
    by_dept: Dict[Tuple[str, str], Tuple[str, ...]]
    by_body: Dict[str, List[CatalogEntry]]
    body_of: Dict[str, str]


_KEPT: List[_Bodies] = []


def _bodies(catalog: Sequence[CatalogEntry]) -> _Bodies:
    kept = _KEPT[0] if _KEPT else None
    if kept is not None and kept.catalog is catalog:
        return kept
    agencies = tuple(dict.fromkeys(e.agency for e in catalog if e.agency))
    by_char: Dict[str, set] = {}
    by_dept: Dict[Tuple[str, str], List[str]] = {}
    for a in agencies:
        name = agency_to_name(a)
        # A body with no place (「国家统计局」) is found by its department, or by its name's first character.
        for ch in {ch for core in name.cores for ch in core} or {a[0]}:
            by_char.setdefault(ch, set()).add(a)
        by_dept.setdefault((name.dept, _level(name)), []).append(a)
    by_body: Dict[str, List[CatalogEntry]] = {}
    body_of: Dict[str, str] = {}
    for e in catalog:
        by_body.setdefault(e.body, []).append(e)
        if e.agency:
            body_of[e.agency] = e.body
    built = _Bodies(catalog, agencies, {ch: frozenset(v) for ch, v in by_char.items()},
                    {k: tuple(v) for k, v in by_dept.items()}, by_body, body_of)
    _KEPT[:] = [built]
    return built


def _candidates(question: str, q_lower: str, bodies: _Bodies) -> Sequence[str]:
    """The bodies a question could name: every one for a question with Latin letters (a place in
    pinyin), else those with a character of a place in the question (a homophone keeps all but one)
    or whose department it names."""
    if re.search(r"[A-Za-z]", question):
        return bodies.agencies
    found = _placed(question, bodies)
    for (dept, level), agencies in bodies.by_dept.items():
        if dept and _dept_places(question, q_lower, dept, level):
            found.update(agencies)
    return [a for a in bodies.agencies if a in found]


def agencies_placed_in(question: str, catalog: Sequence[CatalogEntry]) -> Sequence[str]:
    """The printed names of the bodies whose places a question could name (all of them for a
    question with Latin letters: a place in pinyin), in the catalog's order."""
    bodies = _bodies(catalog)
    if re.search(r"[A-Za-z]", question):
        return bodies.agencies
    found = _placed(question, bodies)
    return [a for a in bodies.agencies if a in found]


def _placed(question: str, bodies: _Bodies) -> set:
    """The bodies with a character of one of their places in the question (unordered)."""
    return {a for ch in set(question) for a in bodies.by_char.get(ch, ())}


def question_to_mentions(question: str, catalog: Sequence[CatalogEntry]) -> List[Mention]:
    """Given a question and the loaded reports, return the bodies it names, in the order named.

    A body is named by its place, by its department, or both; where several bodies share what the
    question says, those that match more of it are kept (「广州市番禺区政数局」 beats 「广州市发改局」).
    """
    q_lower = question.lower()
    scored: Dict[str, Tuple[float, int]] = {}
    leveled: Dict[str, int] = {}  # bodies named by a department after their own level word, and where
    used: set = set()  # where departments named with a place stand
    bodies = _bodies(catalog)
    for agency in _candidates(question, q_lower, bodies):
        name = agency_to_name(agency)
        places, ppos = _place_mentioned(question, q_lower, name)
        depts = _dept_occurrences(question, q_lower, name)
        if agency in question:
            at = question.index(agency)
            scored[agency] = (100, at)
            # Its department is this body's, not another's named by its level word (「绵阳市统计局」
            # is not every 市统计局 loaded).
            used.update(p for p in depts if at <= p < at + len(agency))
            continue
        if places > 0 and not _local_named(question, q_lower, name):
            # 「广州」 names the city, not the district bureau within it (番禺区政数局).
            places = 0
        if places == 0 and name.dept in _GOVERNMENT_DEPTS:
            # 「政府」 alone names no body: it is in 「政府信息」, 「县政府门户网站」 and every question.
            continue
        if places == 0 and not (depts and not name.cores):
            # A department alone («政数局») names a body only when that is all the body's name has,
            # or below when no body's place is named at all, or after the body's level word (「省政数局」).
            if depts:
                scored.setdefault(agency, (1, depts[0]))
                own = [p for p in depts if _leveled(question, p, name)]
                if own:
                    leveled[agency] = own[0]
            continue
        # The department named with this place: the first occurrence after it.
        after = [p for p in depts if p >= ppos] if ppos >= 0 else depts
        dpos = after[0] if after else -1
        if dpos >= 0:
            used.add(dpos)
        score = 10 * places + (5 if dpos >= 0 else 0)  # places: 1 a place named, 1.3 with its suffix
        scored[agency] = (score, min(p for p in (ppos, dpos) if p >= 0))
    # A name printed in full inside a longer one printed in full (「郑州市二七区人民政府」 in 「…人民政府办公室」)
    # is the longer body's.
    whole = [a for a, v in scored.items() if v[0] == 100]
    for a in whole:
        if any(a != b and a in b and question.index(b) <= scored[a][1] < question.index(b) + len(b) for b in whole):
            del scored[a]
    strong = {a: v for a, v in scored.items() if v[0] >= 10}
    if strong:
        # A department named on its own after its level word names its body beside the places
        # named (「省政数局、番禺区政数局和平潭」), unless it is a place's department already counted.
        strong.update({a: (10.0, p) for a, p in leveled.items() if p not in used and a not in strong})
        scored = strong
    elif leveled:
        scored = {a: (10.0, p) for a, p in leveled.items()}
    if not scored:
        return []
    # Within a place named by several bodies, keep the best matches of that place.
    groups: Dict[str, List[Tuple[str, float, int]]] = {}
    for agency, (score, pos) in scored.items():
        name = agency_to_name(agency)
        key = name.cores[0] if name.cores and score >= 10 else agency
        for core in name.cores:
            if core in question or (pinyin(core) and _pinyin_pattern(core).search(q_lower)) or \
                    homophone_of(question, core)[0] >= 0:
                key = core
                break
        groups.setdefault(key, []).append((agency, score, pos))
    kept = []
    for group, members in groups.items():
        best = max(s for _, s, _ in members)
        # Named by its place alone (no department, not in full): 「广东」 of 「广东的单位」.
        by_place = group if 10 <= best < 15 else ""
        kept += [(a, p, by_place) for a, s, p in members if s == best]
    kept.sort(key=lambda x: x[1])
    # One body, however its name was printed in each year's report, is one mention.
    out: List[Mention] = []
    seen = set()
    for agency, pos, by_place in kept:
        key = bodies.body_of.get(agency) or body_key(agency)
        if key not in seen:
            seen.add(key)
            out.append(Mention(agency, tuple(bodies.by_body.get(key, ())), pos, by_place=by_place))
    return out


def bodies_beneath(mentions: Sequence[Mention], catalog: Sequence[CatalogEntry]) -> Tuple[str, Tuple[Mention, ...]]:
    """Given the bodies a question names and the loaded reports, return — when they are named by one
    place alone (「广东的单位」: every 广东省… body) — that place's division and the loaded bodies inside
    it that its name does not hold (广州市…, 深圳市…); else ("", ())."""
    places = {m.by_place for m in mentions}
    if not mentions or len(places) != 1 or "" in places:
        return "", ()
    named = core_divisions(places.pop())
    if len(named) != 1:
        return "", ()  # 「朝阳」: a city and districts; which is not for us to guess
    division = named[0]
    bodies = _bodies(catalog)
    mentioned = {m.key for m in mentions}
    out = [Mention(entries[0].agency or "", tuple(entries), mentions[0].position)
           for body, entries in bodies.by_body.items()
           if body not in mentioned and entries and entries[0].agency and within(agency_to_name(entries[0].agency).places, division)]
    return (division, tuple(out)) if out else ("", ())


def english_place_suffixes(question: str) -> List[str]:
    q = question.lower()
    return [zh for en, zh in PLACE_SUFFIX_EN.items() if re.search(rf"\b{en}\b", q)]
